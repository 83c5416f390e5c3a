import ArgumentParser
import Frontend

/// `lathe test [PATH ...] [--filter TEXT]`: runs a package's or project's tests.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test", abstract: "Run the tests of a package or project.",
        discussion: """
            Runs the .mlx files under each folder's tests/ (the current folder by default), or \
            the files named. In a test file, each top-level fn named test_… is a test; a file \
            without one is a single test. skip(reason) skips a test. Prints one line a test with \
            its time, then "N passed, N failed". Exits 1 when a test failed.
            """)

    @Argument(help: "Test files or package folders (default: the current folder).")
    var paths: [String] = []

    @Option(help: ArgumentHelp("Run only the tests whose name (file::function) contains this text.", valueName: "text"))
    var filter: String?

    func run() throws {
        let status = TestRunner().run(paths: paths, filter: filter)
        if status != .success { throw ExitCode(status.rawValue) }
    }
}
