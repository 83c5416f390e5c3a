// Output errors (issue 8, part 7): every subcommand exits 74 when stdout cannot be written,
// and a failing stderr never traps. The streams are redirected by /bin/sh, as a user would.

import Foundation
import Testing

/// A scratch directory with scripts, running `lathe` through `sh -c` so a test can redirect
/// or close its standard streams.
private final class ShellScratch {
    let dir = makeTemporaryDirectory(prefix: "lathe-output")

    deinit { try? FileManager.default.removeItem(at: dir) }

    func write(_ name: String, _ source: String) {
        try? source.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    /// Runs `lathe ARGS REDIRECTIONS`; `arguments` is shell text after the binary's path.
    func shell(_ arguments: String) -> LatheResult {
        LatheBinary.run(executable: URL(fileURLWithPath: "/bin/sh"),
                        arguments: ["-c", "\"$0\" \(arguments)", LatheBinary.url.path],
                        environment: ["LATHE_HOME": dir.appendingPathComponent(".lathe-home").path], cwd: dir)
    }
}

@Suite("lathe output errors")
struct OutputErrorTests {
    /// Every command that prints to stdout, with stdout a full disk: 74 and one line on stderr.
    /// They used Swift's `print`, which drops a failed write, and exited 0.
    @Test(arguments: ["--version", "--help", "help run", "builtins", "builtins zeros", "explain E0163",
                      "ir hello.mlx", "run hello.mlx"])
    func fullStdoutExits74(_ command: String) {
        let s = ShellScratch()
        s.write("hello.mlx", "print(\"hello\")\n")
        let r = s.shell("\(command) > /dev/full")
        #expect(r.signal == nil, "\(r)")
        #expect(r.exitCode == 74, "\(r)")
        #expect(r.stderr == "error: cannot write output: no space left on device\n", "\(r)")
    }

    @Test(arguments: ["--version", "builtins", "run hello.mlx"])
    func closedStdoutExits74(_ command: String) {
        let s = ShellScratch()
        s.write("hello.mlx", "print(\"hello\")\n")
        let r = s.shell("\(command) >&-")
        #expect(r.exitCode == 74, "\(r)")
        #expect(r.stderr == "error: cannot write output: bad file descriptor\n", "\(r)")
    }

    /// `check` prints nothing on stdout; a full stdout does not matter to it.
    @Test func checkOfAGoodFileIgnoresAFullStdout() {
        let s = ShellScratch()
        s.write("hello.mlx", "print(\"hello\")\n")
        let r = s.shell("check hello.mlx > /dev/full")
        #expect(r.exitCode == 0, "\(r)")
    }

    /// A failing command keeps its own status when its message cannot be written to stderr:
    /// the failure is the more specific fact. It never traps (that was exit 132).
    @Test(arguments: [("run boom.mlx", Int32(70)), ("check bad.mlx", 65), ("run missing.mlx", 66),
                      ("explain E163", 64), ("nosuch", 64)])
    func failingCommandWithFullStderrKeepsItsStatus(_ command: String, _ status: Int32) {
        let s = ShellScratch()
        s.write("boom.mlx", "fail(\"boom\")\n")
        s.write("bad.mlx", "let x = \n")
        for redirect in ["2> /dev/full", "2>&-"] {
            let r = s.shell("\(command) \(redirect)")
            #expect(r.signal == nil, "\(redirect): \(r)")
            #expect(r.exitCode == status, "\(redirect): \(r)")
        }
    }

    /// A run that succeeds but whose warning is lost on a full stderr is not a success: 74.
    @Test func lostWarningExits74() {
        let s = ShellScratch()
        s.write("warn.mlx", "let ds = make_classification(n: 20, seed: 1)\nprint(ds.target)\n")
        for command in ["run warn.mlx 2> /dev/full", "check warn.mlx 2> /dev/full", "run warn.mlx 2>&-"] {
            let r = s.shell(command)
            #expect(r.signal == nil, "\(command): \(r)")
            #expect(r.exitCode == 74, "\(command): \(r)")
        }
        let ok = s.shell("run warn.mlx")
        #expect(ok.exitCode == 0, "\(ok)")
        #expect(ok.stdout == "target\n", "\(ok)")
    }

    /// SIGPIPE keeps its default action (see CommandStreams): a reader that stops ends lathe,
    /// even a script that prints forever.
    @Test func closedPipeEndsAnEndlessPrinter() {
        let s = ShellScratch()
        s.write("forever.mlx", "var i = 0\nwhile true { print(i); i += 1 }\n")
        let r = s.shell("run forever.mlx | head -n 2")
        #expect(!r.timedOut, "\(r)")
        #expect(r.stdout == "0\n1\n", "\(r)")
    }
}
