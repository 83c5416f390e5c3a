import Foundation
import VM

/// `lathe notebook` end to end: runs the notebook, writes the requested files and prints the
/// cache summary to stderr. The exit status says whether every cell ran.
public struct NotebookCommandRunner {
    public var file: String
    public var html: String?
    public var ipynb: String?
    public var settings: [String]
    public var useCache: Bool
    public var errorStream: (String) -> Void = { StandardError.write($0) }

    public init(file: String, html: String?, ipynb: String?, settings: [String], useCache: Bool) {
        self.file = file
        self.html = html
        self.ipynb = ipynb
        self.settings = settings
        self.useCache = useCache
    }

    public func run() -> ExitStatus {
        let runner = NotebookRunner(path: file)
        runner.settings = settings
        runner.useCache = useCache
        runner.errorStream = errorStream
        let (finished, status) = runner.run()
        guard let run = finished else { return status }
        for result in run.results where result.failed {
            let name = "[\(result.executionCount ?? result.cell.number)]" + (result.cell.title.map { " '\($0)'" } ?? "")
            errorStream("notebook: cell \(name) at line \(result.cell.line) failed\n")
        }
        errorStream(run.summary + "\n")
        var outcome = status
        for (path, text) in [(html, { NotebookHTML.render(run) }), (ipynb, { NotebookIPYNB.render(run) })] as [(String?, () -> String)] {
            guard let path else { continue }
            do {
                try text().write(toFile: path, atomically: true, encoding: .utf8)
            } catch {
                errorStream("error: cannot write '\(path)': \(error.localizedDescription)\n")
                if outcome == .success { outcome = .ioError }
            }
        }
        return outcome
    }
}
