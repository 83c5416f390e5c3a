#if canImport(Glibc)
import Glibc
#endif

/// Writes frames as RFC 4180 CSV that `CSVReader` reads back to an equal frame.
///
/// A header row of the column names; floats as their shortest round-tripping decimal
/// (`inf`/`-inf` for infinities), ints as digits, bools as `true`/`false`, missing cells
/// empty (`""` in a one-column frame, where an empty line would be skipped). A field is quoted when it holds the delimiter, a quote, a line break, or leading
/// or trailing spaces or tabs, and quotes inside are doubled. Lines end in LF.
///
/// Round-trip limits (as with any CSV): a string cell that reads as a number, a bool or a
/// missing marker (`"12"`, `"true"`, `"NA"`, `""`) comes back as that; a column with no
/// present value comes back as float64.
public enum CSVWriter {
    public static func write(_ frame: Frame, to path: String, delimiter: UInt8 = UInt8(ascii: ",")) throws {
        // Atomic: a failed or killed write leaves the previous file, never a truncated one.
        try AtomicFile.write(to: path) { emitBytes in
            var failure: Error?
            emit(frame, delimiter: delimiter) { chunk in
                guard failure == nil else { return }
                do { try emitBytes(chunk) } catch { failure = error }
            }
            if let failure { throw failure }
        }
    }

    /// The CSV text of `frame`.
    public static func render(_ frame: Frame, delimiter: UInt8 = UInt8(ascii: ",")) -> String {
        var all = [UInt8]()
        emit(frame, delimiter: delimiter) { all.append(contentsOf: $0) }
        return String(decoding: all, as: UTF8.self)
    }

    /// Produces the CSV bytes in pieces of about 1 MB.
    static func emit(_ frame: Frame, delimiter: UInt8, _ sink: ([UInt8]) -> Void) {
        var buffer = [UInt8]()
        buffer.reserveCapacity(1 << 20)
        for (index, name) in frame.columnNames.enumerated() {
            if index > 0 { buffer.append(delimiter) }
            appendText(name, to: &buffer, delimiter: delimiter)
        }
        buffer.append(0x0A)
        // With one column a missing cell would leave a blank line, which readers skip.
        let singleColumn = frame.columnCount == 1
        for row in 0..<frame.rowCount {
            for (index, column) in frame.columns.enumerated() {
                if index > 0 { buffer.append(delimiter) }
                if singleColumn && column.isMissing(row) {
                    buffer.append(UInt8(ascii: "\""))
                    buffer.append(UInt8(ascii: "\""))
                    continue
                }
                appendCell(column, row, to: &buffer, delimiter: delimiter)
            }
            buffer.append(0x0A)
            if buffer.count >= 1 << 20 {
                sink(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        if !buffer.isEmpty { sink(buffer) }
    }

    @inline(__always)
    static func appendCell(_ column: Column, _ row: Int, to buffer: inout [UInt8], delimiter: UInt8) {
        switch column.storage {
        case .float64(let values):
            let x = values[row]
            if !x.isNaN { buffer.append(contentsOf: Column.format(x).utf8) }
        case .int64(let values, let valid):
            if valid?[row] ?? true { buffer.append(contentsOf: String(values[row]).utf8) }
        case .datetime(let values, let valid):
            if valid?[row] ?? true { buffer.append(contentsOf: DateParsing.isoText(values[row]).utf8) }
        case .bool(let values, let valid):
            if valid?[row] ?? true { buffer.append(contentsOf: (values[row] ? "true" : "false").utf8) }
        case .categorical(let codes, let categories):
            let code = codes[row]
            if code >= 0 { appendText(categories[Int(code)], to: &buffer, delimiter: delimiter) }
        }
    }

    /// Appends `text`, quoted if it needs to be.
    static func appendText(_ text: String, to buffer: inout [UInt8], delimiter: UInt8) {
        let bytes = text.utf8
        // Leading or trailing blanks: a line of only blanks would be skipped on reading.
        var needsQuotes = bytes.first == 0x20 || bytes.last == 0x20 || bytes.first == 0x09 || bytes.last == 0x09
        if !needsQuotes {
            for b in bytes where b == delimiter || b == UInt8(ascii: "\"") || b == 0x0A || b == 0x0D {
                needsQuotes = true
                break
            }
        }
        guard needsQuotes else {
            buffer.append(contentsOf: bytes)
            return
        }
        buffer.append(UInt8(ascii: "\""))
        for b in bytes {
            if b == UInt8(ascii: "\"") { buffer.append(b) }
            buffer.append(b)
        }
        buffer.append(UInt8(ascii: "\""))
    }
}
