import Foundation

/// A `.mlx` notebook split into cells. The file is an ordinary script: `# %%` lines separate
/// cells (`# %% title` names one) and `#'` lines are Markdown prose; both are comments, so
/// `lathe run` runs the file unchanged.
public struct NotebookDocument: Equatable {
    /// One cell: its prose, its code and where it sits in the file.
    public struct Cell: Equatable {
        /// 1-based, in file order.
        public var number: Int
        /// The text after `# %%`, if any.
        public var title: String?
        /// The Markdown of its `#'` lines, without the `#'` and one following space.
        public var prose: String
        /// The code lines, prose lines dropped, without leading and trailing blank lines.
        public var code: String
        /// The code as the compiler sees it: padded with blank lines (prose lines blank too)
        /// so that diagnostics name the line of the notebook file.
        public var positionedCode: String
        /// The 1-based file line of the cell's first line (its `# %%` line, if it has one).
        public var line: Int

        /// Whether the cell has code to run (a prose-only cell has none).
        public var hasCode: Bool { !code.isEmpty }
    }

    public var cells: [Cell]

    /// The marker that starts a cell.
    static let cellMarker = "# %%"
    /// The marker of a prose line.
    static let proseMarker = "#'"

    /// Splits `text` into cells. Lines before the first `# %%` form a cell of their own when
    /// they hold anything but blank lines; a file without markers is one cell.
    public init(text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            line.hasSuffix("\r") ? line.dropLast() : line
        }
        // Each section starts at a marker line (its title, "" when untitled), or at line 0 without one.
        var sections: [(start: Int, title: String?)] = [(0, nil)]
        for (index, line) in lines.enumerated() {
            guard let name = Self.marker(line) else { continue }
            if index == 0 { sections[0] = (0, name) } else { sections.append((index, name)) }
        }
        var cells: [Cell] = []
        for (position, section) in sections.enumerated() {
            let end = position + 1 < sections.count ? sections[position + 1].start : lines.count
            let contentStart = section.title == nil ? section.start : section.start + 1
            var prose: [String] = []
            var code: [String] = []
            var positioned = [String](repeating: "", count: contentStart)
            for line in lines[min(contentStart, end)..<end] {
                if let text = Self.prose(line) {
                    prose.append(text)
                    positioned.append("")
                } else {
                    code.append(String(line))
                    positioned.append(String(line))
                }
            }
            let trimmedCode = Self.trimBlankLines(code).joined(separator: "\n")
            let trimmedProse = Self.trimBlankLines(prose).joined(separator: "\n")
            if section.title == nil && trimmedCode.isEmpty && trimmedProse.isEmpty { continue }
            cells.append(Cell(number: cells.count + 1, title: section.title?.isEmpty == false ? section.title : nil,
                              prose: trimmedProse, code: trimmedCode, positionedCode: positioned.joined(separator: "\n"),
                              line: section.start + 1))
        }
        self.cells = cells
    }

    /// The title after a `# %%` marker ("" for none), or nil when the line is not a marker.
    static func marker(_ line: Substring) -> String? {
        guard line.hasPrefix(cellMarker) else { return nil }
        let rest = line.dropFirst(cellMarker.count)
        guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
        return rest.trimmingCharacters(in: .whitespaces)
    }

    /// The Markdown of a `#'` line, or nil for any other line.
    static func prose(_ line: Substring) -> String? {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        guard trimmed.hasPrefix(proseMarker) else { return nil }
        var text = trimmed.dropFirst(proseMarker.count)
        if text.first == " " { text = text.dropFirst() }
        return String(text)
    }

    static func trimBlankLines<S: StringProtocol>(_ lines: [S]) -> [S] {
        let isBlank: (S) -> Bool = { $0.allSatisfy(\.isWhitespace) }
        guard let first = lines.firstIndex(where: { !isBlank($0) }), let last = lines.lastIndex(where: { !isBlank($0) }) else { return [] }
        return Array(lines[first...last])
    }

    /// The notebook's title: the first level-1 heading of its prose, else the first cell's
    /// title, else `fallback` (the file name).
    public func title(fallback: String) -> String {
        for cell in cells {
            for line in cell.prose.split(separator: "\n") where line.hasPrefix("# ") {
                return line.dropFirst(2).trimmingCharacters(in: .whitespaces)
            }
        }
        return cells.first?.title ?? fallback
    }
}
