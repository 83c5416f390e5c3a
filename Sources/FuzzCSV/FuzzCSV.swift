// libFuzzer target: the CSV reader on arbitrary bytes, as `dataset("file.csv")` would read them.
// Each input is read with several option sets (header or not, latin-1, `;` and tab
// delimiters), and differentially: split into 2, 3 and 4 concurrent chunks it must give
// exactly the frame, or exactly the error, that one chunk gives. A difference is a crash.
// Built only with LATHE_FUZZ=1 and `--sanitize=fuzzer`; see `make fuzz` and Tests/Fuzz/README.md.

@testable import Data
#if canImport(Glibc)
import Glibc
#endif

let variants: [CSVOptions] = [
    CSVOptions(),
    CSVOptions(hasHeader: false),
    CSVOptions(encoding: "latin-1"),
    CSVOptions(delimiter: UInt8(ascii: ";")),
    CSVOptions(delimiter: UInt8(ascii: "\t"), missingMarkers: []),
]

/// The frame, or the error, one read gives; compared across chunk counts.
enum Outcome: Equatable {
    case frame(Frame)
    case failure(DataError)
    case other(String)

    init(_ read: () throws -> Frame) {
        do { self = .frame(try read()) } catch let error as DataError { self = .failure(error) } catch { self = .other("\(error)") }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for options in variants {
        let serial = Outcome { try CSVReader.read(data: bytes, path: "fuzz.csv", options: options, chunks: 1) }
        if case .frame(let frame) = serial { _ = FrameFormatter.render(frame) }
        _ = bytes.withUnsafeBufferPointer { try? CSVReader.readHeader($0, path: "fuzz.csv", options: options) }
        for chunks in 2...4 {
            let parallel = Outcome { try CSVReader.read(data: bytes, path: "fuzz.csv", options: options, chunks: chunks) }
            if parallel != serial {
                fputs("FuzzCSV: options \(options.delimiter) \(options.hasHeader) \(options.encoding): \(chunks) chunks read \(parallel)\n  but 1 chunk read \(serial)\n", stderr)
                abort()
            }
        }
    }
    return 0
}
