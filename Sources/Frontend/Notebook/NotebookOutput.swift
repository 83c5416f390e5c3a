import Foundation
import VM

/// One output of an executed cell, in the order it appeared. The cache stores a cell's
/// outputs as this type's JSON, so a cell restored from the cache renders as it did.
public enum NotebookOutput: Codable, Equatable {
    /// Text the cell wrote: `stdout` is `print`, `stderr` warnings.
    case stream(name: String, text: String)
    /// The cell's final expression: as the prompt shows it, and as an HTML fragment.
    case value(text: String, html: String)
    /// Why the cell failed, rendered as the command line renders it.
    case error(text: String)
}

/// What one cell came to in a notebook run.
public struct NotebookCellResult {
    public var cell: NotebookDocument.Cell
    public var outputs: [NotebookOutput]
    /// Whether its results came from the cache instead of running it.
    public var fromCache: Bool
    /// 1-based among the cells with code, as Jupyter numbers executions; nil for prose.
    public var executionCount: Int?

    public var failed: Bool {
        outputs.contains { if case .error = $0 { return true } else { return false } }
    }
}

/// The output sink of a notebook's session: it keeps what each cell writes, in order, so
/// the runner can take one cell's outputs at a time. Training progress is not kept.
final class NotebookCapture: OutputSink, @unchecked Sendable {
    private let lock = NSLock()
    private var chunks: [(name: String, text: String)] = []

    func write(_ text: String) { append("stdout", text) }
    func warning(_ message: String) { append("stderr", message.hasSuffix("\n") ? message : message + "\n") }
    func progress(label: String, fraction: Double, message: String) {}
    func progressFinished() {}

    func append(_ name: String, _ text: String) {
        guard !text.isEmpty else { return }
        lock.lock()
        defer { lock.unlock() }
        if let last = chunks.last, last.name == name {
            chunks[chunks.count - 1].text += text
        } else {
            chunks.append((name, text))
        }
    }

    /// The outputs written since the last call, as stream outputs.
    func take() -> [NotebookOutput] {
        lock.lock()
        defer { lock.unlock() }
        let taken = chunks.map { NotebookOutput.stream(name: $0.name, text: $0.text) }
        chunks = []
        return taken
    }
}
