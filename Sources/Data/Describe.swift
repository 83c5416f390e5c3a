/// Summary statistics of every column, like pandas' `describe(include="all")`.
public enum Describe {
    public static let numericStats = ["count", "mean", "std", "min", "25%", "50%", "75%", "max"]
    public static let categoricalStats = ["count", "unique", "top", "freq"]
    /// pandas' row order when both kinds of column are present.
    public static let allStats = ["count", "unique", "top", "freq", "mean", "std", "min", "25%", "50%", "75%", "max"]
    /// The row `describe` adds after pandas' rows: missing values per column (pandas'
    /// `isna().sum()`), which pandas' describe leaves out.
    public static let missingStat = "missing"

    /// A frame whose first column `stat` names the statistic and whose other columns follow
    /// the input's columns.
    ///
    /// - A float64 or int64 column gives a float64 column: count (present values), mean,
    ///   std (ddof = 1), min, the 25/50/75% quantiles (numpy's linear method) and max, all
    ///   skipping missing values; NaN where a statistic does not apply or has no data.
    /// - A string or bool column gives a string column: count, unique, top (the most
    ///   frequent value; ties go to the value that appears first) and freq, written as
    ///   text; missing where a statistic does not apply.
    /// - The rows are `numericStats`, `categoricalStats` or, with both kinds, `allStats`,
    ///   then `missing`: the missing values of each column.
    /// - Complexity: O(n log n) per numeric column (sorting for the quantiles), O(n) per
    ///   categorical column. The mean is a compensated sum, independent of row order up to
    ///   rounding.
    public static func describe(_ frame: Frame) -> Frame {
        let hasNumeric = frame.columns.contains { $0.isNumeric }
        let hasCategorical = frame.columns.contains { !$0.isNumeric }
        let stats = hasNumeric && hasCategorical ? allStats
            : hasCategorical ? categoricalStats : numericStats
        var columns = [Column.strings("stat", stats + [missingStat])]
        for column in frame.columns {
            let missing = column.missingCount
            if column.isNumeric {
                let summary = numericSummary(column.asDoubles() ?? [])
                columns.append(.numeric(column.name, stats.map { summary[$0] ?? .nan } + [Double(missing)]))
            } else {
                // A datetime column is summarised as its ISO texts (pandas < 2's describe).
                let summary = categoricalSummary(column.type == .datetime
                    ? .strings(column.name, (0..<column.count).map { column.isMissing($0) ? nil : column.formatted(at: $0) }) : column)
                columns.append(.strings(column.name, stats.map { summary[$0] } + [String(missing)]))
            }
        }
        // Names are unique in the input; "stat" could clash with an input column.
        if frame.columnIndex(named: "stat") != nil { columns[0] = columns[0].renamed("statistic") }
        return (try? Frame(columns: columns)) ?? Frame()
    }

    /// count, mean, std, min, quartiles and max of the non-NaN values.
    public static func numericSummary(_ values: [Double]) -> [String: Double] {
        let present = values.filter { !$0.isNaN }.sorted()
        let n = present.count
        var result: [String: Double] = ["count": Double(n)]
        guard n > 0 else { return result }
        let mean = compensatedSum(present) / Double(n)
        result["mean"] = mean
        if n > 1 {
            let squares = compensatedSum(present.map { ($0 - mean) * ($0 - mean) })
            result["std"] = (squares / Double(n - 1)).squareRoot()
        }
        result["min"] = present[0]
        result["max"] = present[n - 1]
        result["25%"] = quantile(sorted: present, 0.25)
        result["50%"] = quantile(sorted: present, 0.5)
        result["75%"] = quantile(sorted: present, 0.75)
        return result
    }

    /// numpy's default ("linear") quantile of sorted, NaN-free values.
    public static func quantile(sorted values: [Double], _ q: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let position = Double(values.count - 1) * q
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, values.count - 1)
        let fraction = position - Double(lower)
        let a = values[lower], b = values[upper]
        // numpy's lerp: a + (b - a) * t, computed from the nearer end for accuracy.
        let diff = b - a
        return fraction >= 0.5 ? b - diff * (1 - fraction) : a + diff * fraction
    }

    /// Kahan–Babuška (Neumaier) summation.
    static func compensatedSum(_ values: [Double]) -> Double {
        var sum = 0.0
        var compensation = 0.0
        for x in values {
            let t = sum + x
            if abs(sum) >= abs(x) { compensation += (sum - t) + x } else { compensation += (x - t) + sum }
            sum = t
        }
        return sum + compensation
    }

    /// count, unique, top and freq as text; ties for top go to the first-appearing value.
    public static func categoricalSummary(_ column: Column) -> [String: String] {
        // Count by code (bools: 0/1) and remember where each value first appears.
        let labels: [String]
        var counts: [Int]
        var firstRow: [Int]
        switch column.storage {
        case .categorical(let codes, let categories):
            labels = categories
            counts = [Int](repeating: 0, count: categories.count)
            firstRow = [Int](repeating: Int.max, count: categories.count)
            for (row, code) in codes.enumerated() where code >= 0 {
                let k = Int(code)
                if counts[k] == 0 { firstRow[k] = row }
                counts[k] += 1
            }
        default:
            labels = ["false", "true"]
            counts = [0, 0]
            firstRow = [Int.max, Int.max]
            for row in 0..<column.count where !column.isMissing(row) {
                let k = column.formatted(at: row) == "true" ? 1 : 0
                if counts[k] == 0 { firstRow[k] = row }
                counts[k] += 1
            }
        }
        let order = counts.indices.filter { counts[$0] > 0 }.sorted { firstRow[$0] < firstRow[$1] }
        let present = counts.reduce(0, +)
        var result: [String: String] = ["count": String(present), "unique": String(order.count)]
        var top: Int?
        for k in order where top == nil || counts[k] > counts[top!] { top = k }
        if let top {
            result["top"] = labels[top]
            result["freq"] = String(counts[top])
        }
        return result
    }
}
