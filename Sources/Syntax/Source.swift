/// Identifies one loaded source file inside a `SourceManager`.
public typealias SourceFileID = Int32

/// A half-open byte range `[start, end)` in one source file. Offsets are UTF-8 byte offsets.
public struct SourceSpan: Hashable, Sendable {
    public var file: SourceFileID
    public var start: Int32
    public var end: Int32

    public init(file: SourceFileID, start: Int, end: Int) {
        self.file = file
        self.start = Int32(truncatingIfNeeded: start)
        self.end = Int32(truncatingIfNeeded: max(start, end))
    }

    /// A span for code that has no place in a file (builtins, synthesized nodes).
    public static let unknown = SourceSpan(file: -1, start: 0, end: 0)

    /// The smallest span covering both.
    public func merged(with other: SourceSpan) -> SourceSpan {
        guard file == other.file else { return self }
        return SourceSpan(file: file, start: Int(min(start, other.start)), end: Int(max(end, other.end)))
    }
}

/// A 1-based line and column, with the column counted in characters.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
    public var description: String { "\(line):\(column)" }
}

/// The text of one `.mlx` file (or REPL entry) with a line index for locating offsets.
public final class SourceFile: @unchecked Sendable {
    public let id: SourceFileID
    /// The path as the user named it (used in diagnostics), or a label such as `<repl>`.
    public let path: String
    public let text: String
    /// The UTF-8 bytes of `text`; the lexer works on these.
    public let bytes: [UInt8]
    /// Byte offset of the first byte of each line.
    public let lineStarts: [Int]

    public init(id: SourceFileID, path: String, text: String) {
        self.id = id
        self.path = path
        self.text = text
        self.bytes = Array(text.utf8)
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(offset + 1)
        }
        self.lineStarts = starts
    }

    /// The 0-based index of the line holding `offset`.
    public func lineIndex(of offset: Int) -> Int {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// Line and column (1-based, column in Unicode scalars) of a byte offset.
    public func location(of offset: Int) -> SourceLocation {
        let clamped = max(0, min(offset, bytes.count))
        let line = lineIndex(of: clamped)
        let start = lineStarts[line]
        var column = 1
        var index = start
        while index < clamped {
            // Count only the first byte of each UTF-8 scalar.
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        // A continuation byte at the very start shouldn't happen, but keep columns positive.
        return SourceLocation(line: line + 1, column: max(1, column))
    }

    /// The text of a 1-based line, without its line terminator.
    public func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] : bytes.count
        while end > start, bytes[end - 1] == UInt8(ascii: "\n") || bytes[end - 1] == UInt8(ascii: "\r") {
            end -= 1
        }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// The source text a span covers.
    public func text(of span: SourceSpan) -> String {
        let start = max(0, min(Int(span.start), bytes.count))
        let end = max(start, min(Int(span.end), bytes.count))
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}

/// Owns every source file of one compilation (or REPL session) so spans can be resolved later.
public final class SourceManager: @unchecked Sendable {
    public private(set) var files: [SourceFile] = []

    public init() {}

    @discardableResult
    public func add(path: String, text: String) -> SourceFile {
        let file = SourceFile(id: SourceFileID(files.count), path: path, text: text)
        files.append(file)
        return file
    }

    public func file(_ id: SourceFileID) -> SourceFile? {
        guard id >= 0, Int(id) < files.count else { return nil }
        return files[Int(id)]
    }

    /// `path:line:col` for a span, or `<unknown>`.
    public func describe(_ span: SourceSpan) -> String {
        guard let file = file(span.file) else { return "<unknown>" }
        return "\(file.path):\(file.location(of: Int(span.start)))"
    }
}
