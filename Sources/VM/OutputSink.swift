#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Foundation

/// Where everything a running program shows goes: `print` output, training progress and
/// warnings. A VM is given one when it is created; the CLI passes a `TerminalSink`, and a REPL
/// or notebook passes its own to capture output per cell. Builtins never write to stdout or
/// stderr themselves.
public protocol OutputSink: AnyObject {
    /// Program output (`print`), exactly as written, newlines included.
    func write(_ text: String)
    /// Training progress: `fraction` (0…1) of the fit named `label` is done. Called at most
    /// every 100 ms per fit, and possibly from a training worker thread.
    func progress(label: String, fraction: Double, message: String)
    /// The fit that reported progress has ended (finished, failed or interrupted).
    func progressFinished()
    /// A warning for the person running the program; not part of its output.
    func warning(_ message: String)
    /// Pushes out buffered program output, e.g. before an error is shown.
    func flush()
}

extension OutputSink {
    public func flush() {}
}

/// The command line's sink: program output to stdout through stdio's buffer (flushed before an
/// error is shown and at exit), progress and warnings to stderr. The progress bar is drawn only
/// when stderr is a terminal, never into a file or pipe.
public final class TerminalSink: OutputSink, @unchecked Sendable {
    /// Whether stderr was a terminal when the sink was made.
    let drawsProgress: Bool

    public init() {
        drawsProgress = isatty(2) == 1
    }

    public func write(_ text: String) {
        fputs(text, stdout)
    }

    public func flush() {
        fflush(stdout)
    }

    public func progress(label: String, fraction: Double, message: String) {
        guard drawsProgress else { return }
        let width = 24
        let done = Int((max(0, min(1, fraction)) * Double(width)).rounded())
        let bar = String(repeating: "#", count: done) + String(repeating: " ", count: width - done)
        FileHandle.standardError.write(Data("\r\u{1B}[K\(label) [\(bar)] \(Int(fraction * 100))% \(message)".utf8))
    }

    public func progressFinished() {
        if drawsProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    public func warning(_ message: String) {
        // Program output printed so far comes first, as it would on a line-buffered terminal.
        fflush(stdout)
        FileHandle.standardError.write(Data("warning: \(message)\n".utf8))
    }
}
