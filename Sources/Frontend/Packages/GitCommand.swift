import Foundation

/// Runs the `git` command line, the one way packages are fetched: `lathe` needs no git
/// library, and `file://`, ssh and https remotes all work as they do for the user's own git.
struct GitCommand {
    /// A git call that failed, with what git said.
    struct Failure: Error {
        var arguments: [String]
        var message: String
    }

    /// Runs `git ARGUMENTS` and returns its standard output, trimmed.
    @discardableResult
    static func run(_ arguments: [String], in directory: String? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var environment = ProcessInfo.processInfo.environment
        // A fetch must fail rather than wait for a password nobody will type.
        environment["GIT_TERMINAL_PROMPT"] = "0"
        process.environment = environment
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw Failure(arguments: arguments, message: "cannot start git: \(error.localizedDescription)")
        }
        // Read both pipes before waiting, so a chatty git cannot block on a full pipe.
        let errorBox = ErrorBytes()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            errorBox.data = errors.fileHandleForReading.readDataToEndOfFile()
            done.signal()
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        done.wait()
        let errorData = errorBox.data
        let text = String(decoding: outputData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard process.terminationStatus == 0 else {
            let said = String(decoding: errorData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw Failure(arguments: arguments, message: said.isEmpty ? "git exited with status \(process.terminationStatus)" : said)
        }
        return text
    }
}

/// git's standard error, filled by the reader thread before the semaphore is signalled.
private final class ErrorBytes: @unchecked Sendable {
    var data = Data()
}
