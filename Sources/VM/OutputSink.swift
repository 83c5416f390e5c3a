#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Foundation
import Synchronization

#if canImport(Glibc)
private let systemWrite = Glibc.write
#elseif canImport(Musl)
private let systemWrite = Musl.write
#endif

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
    /// Why program output could not be written, once it could not; nil while all is well.
    /// Checked after the final flush so that lost output is never a silent success.
    var writeError: OutputWriteError? { get }
}

extension OutputSink {
    public func flush() {}
    public var writeError: OutputWriteError? { nil }
}

/// Program output could not be written, e.g. stdout is a full disk or a closed pipe.
public struct OutputWriteError: Error, Equatable, CustomStringConvertible {
    /// The `errno` of the failed write.
    public let code: Int32

    public init(code: Int32) { self.code = code }

    /// "no space left on device": strerror's text with a lowercase start, as our messages have.
    public var reason: String {
        let text = String(cString: strerror(code))
        return text.prefix(1).lowercased() + text.dropFirst()
    }

    public var description: String { "cannot write output: \(reason)" }
}

/// The process's standard output, written only through here so that a failed write is never
/// silent: the first failure is remembered and the command line turns it into exit 74.
/// Writes go through stdio's buffer (flushed before an error is shown, and at exit).
public enum StandardOutput {
    public static func write(_ text: String) {
        // fwrite with the byte count, not fputs: a string may hold NUL bytes, and fputs would
        // stop at the first one.
        var text = text
        text.withUTF8 { bytes in
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
            if fwrite(base, 1, bytes.count, stdout) < bytes.count { record(errno, in: outputFailureCode) }
        }
    }

    /// Pushes buffered output out. A full disk or closed pipe shows only in fflush's result
    /// and the stream's error flag; without checking them the output is lost and the run "succeeds".
    public static func flush() {
        if fflush(stdout) != 0 || ferror(stdout) != 0 { record(errno, in: outputFailureCode) }
    }

    /// Why output could not be written, once it could not; nil while all is well.
    public static var failure: OutputWriteError? { recordedFailure(in: outputFailureCode) }
}

/// Writes to stderr unbuffered, without ever trapping. `FileHandle.standardError.write` traps
/// when stderr is closed or full; a diagnostic that cannot be shown must not turn into a crash,
/// so a failure is only remembered (`failure`), and the exit status says what went wrong.
public enum StandardError {
    public static func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            guard var pointer = bytes.baseAddress else { return }
            var remaining = bytes.count
            while remaining > 0 {
                let written = systemWrite(2, pointer, remaining)
                if written < 0 {
                    if errno == EINTR { continue }
                    record(errno, in: errorFailureCode)
                    return
                }
                pointer += written
                remaining -= written
            }
        }
    }

    /// Why stderr could not be written, once it could not; nil while all is well.
    public static var failure: OutputWriteError? { recordedFailure(in: errorFailureCode) }
}

/// The first failed write to each standard stream, as its `errno` (0 while all is well).
/// Progress is drawn from training worker threads, so these are atomics, not class state.
private let outputFailureCode = Atomic<Int32>(0)
private let errorFailureCode = Atomic<Int32>(0)

private func record(_ code: Int32, in slot: borrowing Atomic<Int32>) {
    _ = slot.compareExchange(expected: 0, desired: code == 0 ? EIO : code, ordering: .relaxed)
}

private func recordedFailure(in slot: borrowing Atomic<Int32>) -> OutputWriteError? {
    let code = slot.load(ordering: .relaxed)
    return code == 0 ? nil : OutputWriteError(code: code)
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
        StandardOutput.write(text)
    }

    public func flush() {
        StandardOutput.flush()
    }

    /// The first failure writing stdout; later writes are still attempted (stdio drops them).
    public var writeError: OutputWriteError? { StandardOutput.failure }

    public func progress(label: String, fraction: Double, message: String) {
        guard drawsProgress else { return }
        let width = 24
        let done = Int((max(0, min(1, fraction)) * Double(width)).rounded())
        let bar = String(repeating: "#", count: done) + String(repeating: " ", count: width - done)
        StandardError.write("\r\u{1B}[K\(label) [\(bar)] \(Int(fraction * 100))% \(message)")
    }

    public func progressFinished() {
        if drawsProgress { StandardError.write("\r\u{1B}[K") }
    }

    public func warning(_ message: String) {
        // Program output printed so far comes first, as it would on a line-buffered terminal.
        flush()
        StandardError.write("warning: \(message)\n")
    }
}
