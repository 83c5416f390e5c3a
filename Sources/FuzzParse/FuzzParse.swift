// libFuzzer target: the lexer and parser over arbitrary bytes (read as UTF-8, invalid
// sequences replaced, as a script file would be after the CLI's UTF-8 check).
// Built only with LATHE_FUZZ=1 and `--sanitize=fuzzer`; see `make fuzz` and Tests/Fuzz/README.md.
// There is no `main`: libFuzzer supplies it and calls this function once per input.

import Syntax

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzParse(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let file = SourceFile(id: 0, path: "fuzz.mlx", text: text)
    var lexer = Lexer(file: file)
    _ = lexer.tokenize()
    _ = Parser.parse(file: file)
    return 0
}
