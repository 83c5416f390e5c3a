import ArgumentParser
import Frontend

/// `lathe doc [FOLDER] [--check] [--out DIR]`: a package's API docs from its `##` comments.
struct DocCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doc", abstract: "Write a package's docs (Markdown and HTML) from its ## doc comments.",
        discussion: """
            Documents each exported function (a top-level fn whose name does not start with _) \
            of the .mlx files in FOLDER outside tests/ and docs/: its signature with named \
            parameters and defaults, and the ## comment lines right above it. Writes \
            FOLDER/docs/NAME.md and NAME.html. --check writes nothing and exits 1 if an exported \
            function has no doc line.
            """)

    @Argument(help: "The package folder (default: the current folder).")
    var folder: String = "."

    @Flag(help: "Only check that every exported function has a doc comment.")
    var check = false

    @Option(help: ArgumentHelp("Where to write the docs (default: FOLDER/docs).", valueName: "dir"))
    var out: String?

    func run() throws {
        let status = DocGenerator().run(folder: folder, check: check, out: out)
        if status != .success { throw ExitCode(status.rawValue) }
    }
}
