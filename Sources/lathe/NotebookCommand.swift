import ArgumentParser
import Foundation
import Frontend

/// `lathe notebook`: runs a `.mlx` notebook's cells with the cell cache and writes the
/// executed notebook as HTML and/or Jupyter's format.
struct NotebookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notebook", abstract: "Run a .mlx notebook and write it as HTML or .ipynb.",
        discussion: """
            Cells are separated by `# %%` lines (`# %% title` names one) and `#'` lines are Markdown \
            prose; the file is also an ordinary script for `lathe run`. Each cell's results are cached \
            in the workspace's store, keyed by its code, the cells it reads from, the runtime version \
            and the --set values it reads, so a second run re-executes only edited cells and the cells \
            that depend on them. A failing cell shows its error and the rest still run. Exit status: 0, \
            or 70 when a cell failed, 64 bad arguments, 66 no such file, 74 an output file could not be written.
            """)

    @Argument(help: "The notebook (.mlx) to run.") var file: String
    @Option(help: "Write the executed notebook as a self-contained HTML page to this file.") var html: String?
    @Option(help: "Write the executed notebook in Jupyter's format (nbformat 4) to this file.") var ipynb: String?
    @Option(name: .customLong("set"), help: ArgumentHelp("Override a top-level param.", valueName: "name=value"))
    var settings: [String] = []
    @Flag(name: .customLong("no-cache"), help: "Run every cell; do not read or write the cell cache.")
    var noCache = false

    func run() throws {
        let status = NotebookCommandRunner(file: file, html: html, ipynb: ipynb, settings: settings, useCache: !noCache).run()
        if status != .success { throw ExitCode(status.rawValue) }
    }
}
