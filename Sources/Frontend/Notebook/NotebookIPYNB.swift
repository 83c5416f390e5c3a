import Foundation

/// An executed notebook in Jupyter's format (nbformat 4.5): a markdown cell for each cell's
/// prose, a code cell with its execution count and outputs (`stream`, `execute_result` with
/// `text/plain` and `text/html`, `error`), and kernel metadata naming Lathe.
public enum NotebookIPYNB {
    public static func render(_ run: NotebookRun) -> String {
        var cells: [[String: Any]] = []
        for result in run.results {
            if !result.cell.prose.isEmpty {
                cells.append(["cell_type": "markdown", "id": "prose-\(result.cell.number)", "metadata": [String: Any](),
                              "source": lines(result.cell.prose)])
            }
            guard result.cell.hasCode else { continue }
            var metadata: [String: Any] = [:]
            if let title = result.cell.title { metadata["title"] = title }
            if result.fromCache { metadata["lathe"] = ["from_cache": true] }
            cells.append(["cell_type": "code", "id": "cell-\(result.cell.number)", "metadata": metadata,
                          "execution_count": result.executionCount ?? NSNull(), "source": lines(result.cell.code),
                          "outputs": result.outputs.map { output(from: $0, count: result.executionCount) }])
        }
        let notebook: [String: Any] = [
            "nbformat": 4, "nbformat_minor": 5,
            "metadata": [
                "kernelspec": ["name": "lathe", "display_name": "Lathe", "language": "lathe"],
                "language_info": ["name": "lathe", "version": LatheVersion.current, "file_extension": ".mlx",
                                  "mimetype": "text/x-lathe"],
                "title": run.title,
            ] as [String: Any],
            "cells": cells,
        ]
        guard let data = try? JSONSerialization.data(withJSONObject: notebook, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]),
              let text = String(data: data, encoding: .utf8) else { return "{}" }
        return text + "\n"
    }

    static func output(from output: NotebookOutput, count: Int?) -> [String: Any] {
        switch output {
        case .stream(let name, let text):
            return ["output_type": "stream", "name": name, "text": lines(text)]
        case .value(let text, let html):
            return ["output_type": "execute_result", "execution_count": count ?? NSNull(), "metadata": [String: Any](),
                    "data": ["text/plain": lines(text), "text/html": lines(html)]]
        case .error(let text):
            // The headline's message, without the `path:line:col: error:` before it.
            let first = text.split(separator: "\n").first.map(String.init) ?? "error"
            let message = first.range(of: "error: ").map { String(first[$0.upperBound...]) } ?? first
            return ["output_type": "error", "ename": "LatheError", "evalue": message,
                    "traceback": text.split(separator: "\n").map(String.init)]
        }
    }

    /// Jupyter's multiline string: a list of lines, each but the last keeping its newline.
    static func lines(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        for character in text {
            current.append(character)
            if character == "\n" {
                out.append(current)
                current = ""
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }
}
