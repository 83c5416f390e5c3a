// libFuzzer target: the whole compile pipeline on a script's text, without running it:
// parse, check (imports included), lower to IR, verify, print the IR (`lathe ir`) and render
// every diagnostic as the CLI would (`lathe check`).
// Built only with LATHE_FUZZ=1 and `--sanitize=fuzzer`; see `make fuzz` and Tests/Fuzz/README.md.

import Foundation
import Frontend
import IR

/// An empty folder to compile in, so a relative `import "x"` finds nothing on the machine.
let scratch: String = {
    let path = NSTemporaryDirectory() + "lathe-fuzz-compile-\(getpid())"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCompile(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let compilation = Compiler.compile(text: text, path: "fuzz.mlx", directory: scratch)
    let renderer = DiagnosticRenderer(sources: compilation.sources, colored: false)
    for diagnostic in compilation.diagnostics { _ = renderer.render(diagnostic) }
    if let program = compilation.program {
        let printer = IRPrinter(program: program, sources: compilation.sources)
        for module in program.modules { _ = printer.render(module: module) }
    }
    return 0
}
