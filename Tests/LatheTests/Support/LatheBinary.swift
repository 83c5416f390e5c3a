// Locating and running the built `lathe` executable from tests.
//
// The golden script runner and the CLI tests both drive the real binary, so
// they see exactly what a user sees: exit code, stdout and stderr.

import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// What one run of `lathe` produced.
struct LatheResult: Sendable, CustomStringConvertible {
    /// The exit status. A process killed by an uncaught signal reports
    /// `128 + signal`, as a shell would; `signal` says so explicitly.
    var exitCode: Int32
    var stdout: String
    var stderr: String
    /// The signal that killed the process, if it did not exit normally.
    var signal: Int32?
    /// True if the run hit its timeout and was killed by the harness.
    var timedOut: Bool

    /// A readable report for failure messages; long streams are cut to their head and tail.
    var description: String {
        var text = "exit code: \(exitCode)"
        if let signal { text += " (killed by signal \(signal))" }
        if timedOut { text += " (timed out, killed by the test harness)" }
        text += "\n--- stdout ---\n" + Self.abbreviated(stdout)
        text += "--- stderr ---\n" + Self.abbreviated(stderr)
        text += "--------------"
        return text
    }

    private static func abbreviated(_ stream: String, limit: Int = 3000) -> String {
        var text = stream
        if text.count > limit {
            text = text.prefix(limit / 2) + "\n[… \(text.count - limit) characters omitted …]\n" + text.suffix(limit / 2)
        }
        if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
        return text
    }
}

enum LatheBinary {
    /// The package root: this file is `<root>/Tests/LatheTests/Support/LatheBinary.swift`.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // LatheTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // root

    /// The `lathe` executable to test.
    ///
    /// Order: `$LATHE_BINARY` if set; the directory of the running test
    /// bundle or one of its parents (SwiftPM puts the bundle and `lathe` side
    /// by side in `.build/<triple>/debug`); then `<root>/.build/debug/lathe`.
    static let url: URL = locate()

    private static func locate() -> URL {
        let fm = FileManager.default
        if let explicit = ProcessInfo.processInfo.environment["LATHE_BINARY"], !explicit.isEmpty {
            return URL(fileURLWithPath: explicit, relativeTo: packageRoot).standardizedFileURL
        }
        var starts: [String] = []
        if let exe = try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe") { starts.append(exe) }
        if let arg0 = CommandLine.arguments.first, !arg0.isEmpty { starts.append(arg0) }
        for start in starts {
            var dir = URL(fileURLWithPath: start).standardizedFileURL.deletingLastPathComponent()
            // Stop at the package root: above `.build` there is only `Sources/lathe/`, a folder.
            for _ in 0..<6 {
                let candidate = dir.appendingPathComponent("lathe")
                if isExecutableFile(candidate.path) { return candidate }
                if dir.path == "/" || dir.standardizedFileURL == packageRoot.standardizedFileURL { break }
                dir = dir.deletingLastPathComponent()
            }
        }
        return packageRoot.appendingPathComponent(".build/debug/lathe")
    }

    private static func isExecutableFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            return false
        }
        return FileManager.default.isExecutableFile(atPath: path)
    }

    /// Runs `lathe` with `arguments` and collects its exit code and output.
    ///
    /// - Parameters:
    ///   - stdin: text fed to standard input; with `nil` stdin is `/dev/null`.
    ///   - environment: overrides on top of the inherited environment; a `nil`
    ///     value removes the variable. `NO_COLOR=1` is always set first, and
    ///     `LATHE_HOME` is a fresh temporary store unless given here.
    ///   - cwd: working directory, the package root by default.
    ///   - interruptAfter: if set, send SIGINT (via `kill`) after this many seconds.
    ///   - timeout: kill the process with SIGKILL after this many seconds.
    static func run(
        arguments: [String],
        stdin: String? = nil,
        environment: [String: String?] = [:],
        cwd: URL = LatheBinary.packageRoot,
        interruptAfter: Double? = nil,
        timeout: Double = 60
    ) -> LatheResult {
        run(executable: url, arguments: arguments, stdin: stdin, environment: environment,
            cwd: cwd, interruptAfter: interruptAfter, timeout: timeout)
    }

    /// Runs any executable the same way; `run(arguments:)` calls this for `lathe`.
    static func run(
        executable: URL,
        arguments: [String],
        stdin: String? = nil,
        environment: [String: String?] = [:],
        cwd: URL = LatheBinary.packageRoot,
        interruptAfter: Double? = nil,
        timeout: Double = 60
    ) -> LatheResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = cwd

        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        // Each run records into its own fresh store unless the test names one (a nil
        // LATHE_HOME removes the variable, for tests of workspace discovery).
        var scratchHome: URL? = nil
        if environment.keys.contains("LATHE_HOME") == false {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lathe-home-\(UUID().uuidString)")
            scratchHome = folder
            env["LATHE_HOME"] = folder.appendingPathComponent(".lathe").path
        }
        defer { if let scratchHome { try? FileManager.default.removeItem(at: scratchHome) } }
        for (key, value) in environment {
            if let value { env[key] = value } else { env.removeValue(forKey: key) }
        }
        process.environment = env

        let outPipe = Pipe()
        let errPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        // Stdin comes from a file, not a pipe: a child that never reads it
        // can then neither block us nor raise SIGPIPE in the test process.
        var stdinFile: URL? = nil
        defer { if let stdinFile { try? FileManager.default.removeItem(at: stdinFile) } }
        if let stdin {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("lathe-stdin-\(UUID().uuidString)")
            try? Data(stdin.utf8).write(to: file)
            stdinFile = file
            process.standardInput = FileHandle(forReadingAtPath: file.path) ?? FileHandle.nullDevice
        } else {
            process.standardInput = FileHandle.nullDevice
        }

        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }

        // The child inherits this thread's signal mask, and test-runner
        // threads block nearly every signal: SIGINT sent to the child would
        // then never arrive. Spawn with an empty mask, then restore ours.
        var empty = sigset_t()
        var saved = sigset_t()
        sigemptyset(&empty)
        pthread_sigmask(SIG_SETMASK, &empty, &saved)
        do {
            try process.run()
            pthread_sigmask(SIG_SETMASK, &saved, nil)
        } catch {
            pthread_sigmask(SIG_SETMASK, &saved, nil)
            return LatheResult(
                exitCode: -1, stdout: "",
                stderr: "test harness: cannot launch \(executable.path): \(error)",
                signal: nil, timedOut: false)
        }

        // Drain both pipes concurrently, so a child that
        // fills one pipe's buffer never blocks while we wait on the other.
        let group = DispatchGroup()
        let out = DataBox()
        let err = DataBox()
        let outHandle = outPipe.fileHandleForReading
        let errHandle = errPipe.fileHandleForReading
        DispatchQueue.global().async(group: group) { out.data = outHandle.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { err.data = errHandle.readDataToEndOfFile() }

        let pid = process.processIdentifier
        var timedOut = false
        if let interruptAfter {
            if exited.wait(timeout: .now() + interruptAfter) == .timedOut {
                kill(pid, SIGINT)
            } else {
                exited.signal()  // already exited; leave the semaphore as it was
            }
        }
        if exited.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            kill(pid, SIGKILL)
            exited.wait()
        }
        process.waitUntilExit()
        // A grandchild could keep the pipes open; don't hang on it forever.
        _ = group.wait(timeout: .now() + 10)

        var code = process.terminationStatus
        var signal: Int32? = nil
        if process.terminationReason == .uncaughtSignal {
            signal = code
            code = 128 + code
        }
        return LatheResult(
            exitCode: code,
            stdout: String(decoding: out.data, as: UTF8.self),
            stderr: String(decoding: err.data, as: UTF8.self),
            signal: signal,
            timedOut: timedOut)
    }
}

/// A result slot written by exactly one reader thread and read only after
/// `DispatchGroup.wait`, which orders the accesses.
private final class DataBox: @unchecked Sendable {
    var data = Data()
}

/// A fresh directory under the system temporary folder, for scratch files.
func makeTemporaryDirectory(prefix: String = "lathe-test") -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
