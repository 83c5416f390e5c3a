#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import VM

/// The command line's standard streams at start and at exit. Everything `lathe` shows goes
/// through `StandardOutput` and `StandardError` (VM/OutputSink.swift), which remember a failed
/// write; `finish` turns a lost write into exit 74, so output is never lost silently.
///
/// SIGPIPE keeps its default action: when the reader of a pipe goes away (`lathe run x | head`),
/// `lathe` ends at once and quietly, as `cat` and `grep` do, instead of running on (a script may
/// print in an endless loop) to report a broken pipe nobody asked about. Every file `lathe`
/// writes is replaced atomically, so ending mid-run loses nothing. Should the signal be blocked
/// nonetheless, EPIPE is an output error like any other (exit 74).
public enum CommandStreams {
    /// Call first. Resets SIGPIPE to its default (a parent may have left it ignored) and puts
    /// `/dev/null`, opened read-only, on any standard stream the parent closed: a file opened
    /// later would otherwise take descriptor 1 or 2 and receive the program's output, while now
    /// a write there fails with EBADF and is reported.
    public static func prepare() {
        signal(SIGPIPE, SIG_DFL)
        // Past a file-size limit (ulimit -f) a write fails with EFBIG instead of killing the
        // process, so the store can roll back and say so in one line.
        signal(SIGXFSZ, SIG_IGN)
        for descriptor: Int32 in 0...2 where fcntl(descriptor, F_GETFD) == -1 && errno == EBADF {
            let opened = open("/dev/null", O_RDONLY)
            if opened >= 0, opened != descriptor {
                dup2(opened, descriptor)
                close(opened)
            }
        }
    }

    /// Writes to stdout (buffered), remembering a failure.
    public static func output(_ text: String) { StandardOutput.write(text) }

    /// Writes to stderr, remembering a failure.
    public static func error(_ text: String) { StandardError.write(text) }

    /// Flushes stdout and chooses the exit status. A command that failed keeps its own, more
    /// specific status (65, 70, …) even when its message could not be written; one that would
    /// succeed but lost output on stdout or stderr exits 74, saying so on stderr if it still can.
    /// Takes and returns a raw code, since argument-parsing errors bring their own.
    public static func finish(_ status: Int32) -> Int32 {
        StandardOutput.flush()
        guard status == ExitStatus.success.rawValue else { return status }
        if let failure = StandardOutput.failure {
            StandardError.write("error: \(failure)\n")
            return ExitStatus.ioError.rawValue
        }
        if StandardError.failure != nil { return ExitStatus.ioError.rawValue }
        return status
    }
}
