/// The `lathe` command's exit codes, part of its contract (tests assert them).
public enum ExitStatus: Int32 {
    case success = 0
    /// `lathe test` ran, and at least one test failed.
    case testsFailed = 1
    /// Bad command-line usage, including a `--set` that names no param.
    case usage = 64
    /// The program has compile errors (nothing ran).
    case compileError = 65
    /// The script file could not be read.
    case noInput = 66
    /// A package could not be fetched: git failed or the repository cannot be reached
    /// (sysexits EX_UNAVAILABLE).
    case unavailable = 69
    /// The program failed while running.
    case runtimeError = 70
    /// Output could not be written (sysexits EX_IOERR), e.g. stdout is a full disk, or a command
    /// that would succeed lost a warning to a failing stderr (see `CommandStreams`).
    case ioError = 74
    /// Stopped by Ctrl-C (SIGINT).
    case interrupted = 130
}
