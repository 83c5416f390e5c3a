/// One or more series drawn in the terminal with braille characters: each character cell
/// holds 2×4 dots, so a chart 30 cells wide has 60 points across. Consecutive points are
/// joined; a NaN or infinite value is a gap.
///
/// ```
/// 3 ┤⠀⠀⡠⠊
///   ┤⡠⠊⠀⠀
/// 0 ┤⠁⠀⠀⠀
///    0    3
/// ```
///
/// The y axis labels the top row with the largest value and the bottom row with the
/// smallest; the x axis labels the first and last x label (the index when none are given).
/// Several series share the axes and are told apart by colour and a legend line.
public struct TerminalLineChart: Sendable {
    /// A named series of values, as the SVG line chart takes it.
    public typealias Series = SVGLineChart.Series

    public var series: [Series]
    /// The first and last label of the x axis; nil prints the first and last index.
    public var xRange: (first: String, last: String)?
    /// Character cells across the plot (the y labels come on top of that) and rows of cells.
    public var width: Int
    public var height: Int

    public init(series: [Series], xRange: (first: String, last: String)? = nil, width: Int = 60, height: Int = 10) {
        self.series = series
        self.xRange = xRange
        self.width = Swift.max(1, width)
        self.height = Swift.max(1, height)
    }

    public func render(colored: Bool = false) -> String {
        let finite = series.flatMap { $0.values.filter(\.isFinite) }
        guard let low = finite.min(), let high = finite.max() else { return "(no data)" }
        let count = series.map(\.values.count).max() ?? 0
        let dotsAcross = width * 2, dotsDown = height * 4
        // The dots of each cell, per series; a cell takes the colour of the first series in it.
        var bits = [[UInt32]](repeating: [UInt32](repeating: 0, count: width), count: height)
        var owner = [[Int]](repeating: [Int](repeating: -1, count: width), count: height)
        func plot(_ x: Int, _ y: Int, _ index: Int) {
            guard x >= 0, x < dotsAcross, y >= 0, y < dotsDown else { return }
            let row = y / 4, column = x / 2
            bits[row][column] |= Self.dot(x: x % 2, y: y % 4)
            if owner[row][column] < 0 { owner[row][column] = index }
        }
        func position(_ index: Int, _ value: Double) -> (Int, Int) {
            let x = count <= 1 ? 0 : Int((Double(index) * Double(dotsAcross - 1) / Double(count - 1)).rounded())
            let share = high > low ? (value - low) / (high - low) : 0.5
            return (x, dotsDown - 1 - Int((share * Double(dotsDown - 1)).rounded()))
        }
        for (seriesIndex, line) in series.enumerated() {
            var previous: (Int, Int)?
            for (index, value) in line.values.enumerated() {
                guard value.isFinite else { previous = nil; continue }
                let point = position(index, value)
                if let previous { Self.segment(from: previous, to: point) { plot($0, $1, seriesIndex) } }
                plot(point.0, point.1, seriesIndex)
                previous = point
            }
        }

        let topLabel = ChartNumber.format(high), bottomLabel = ChartNumber.format(low)
        let labelWidth = Swift.max(topLabel.count, bottomLabel.count)
        var lines: [String] = []
        for row in 0..<height {
            let label = row == 0 ? topLabel : row == height - 1 ? bottomLabel : ""
            var cells = ""
            var trailingBlank = 0
            for column in 0..<width {
                let mask = bits[row][column]
                if mask == 0 { cells += " "; trailingBlank += 1; continue }
                trailingBlank = 0
                let character = String(UnicodeScalar(0x2800 + mask).map(Character.init) ?? " ")
                cells += TerminalStyle.series(character, index: owner[row][column], on: colored)
            }
            if trailingBlank > 0 { cells.removeLast(trailingBlank) }
            lines.append(TerminalStyle.dim(TerminalBlocks.pad(label, labelWidth) + " ┤", on: colored) + cells)
        }
        let first = xRange?.first ?? "0", last = xRange?.last ?? String(Swift.max(0, count - 1))
        let gap = Swift.max(1, width - first.count - last.count)
        lines.append(TerminalStyle.dim(String(repeating: " ", count: labelWidth + 2) + first
                                       + (count > 1 ? String(repeating: " ", count: gap) + last : ""), on: colored))
        if series.count > 1 {
            let legend = series.enumerated().map { index, line in
                TerminalStyle.series("⣿", index: index, on: colored) + " " + line.name
            }
            lines.append(String(repeating: " ", count: labelWidth + 2) + legend.joined(separator: "  "))
        }
        return lines.joined(separator: "\n")
    }

    /// The braille bit of the dot in column `x` (0, 1) and row `y` (0…3, top first).
    static func dot(x: Int, y: Int) -> UInt32 {
        let left: [UInt32] = [0x01, 0x02, 0x04, 0x40], right: [UInt32] = [0x08, 0x10, 0x20, 0x80]
        return x == 0 ? left[y] : right[y]
    }

    /// Calls `plot` for the dots on the straight line between two dots (Bresenham).
    static func segment(from start: (Int, Int), to end: (Int, Int), _ plot: (Int, Int) -> Void) {
        var (x, y) = start
        let dx = Swift.abs(end.0 - x), dy = -Swift.abs(end.1 - y)
        let stepX = x < end.0 ? 1 : -1, stepY = y < end.1 ? 1 : -1
        var error = dx + dy
        while true {
            plot(x, y)
            if x == end.0 && y == end.1 { return }
            let doubled = 2 * error
            if doubled >= dy { error += dy; x += stepX }
            if doubled <= dx { error += dx; y += stepY }
        }
    }
}
