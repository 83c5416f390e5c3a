/// Converting a column to another type, as pandas' `astype` and Polars' strict `cast`, with
/// missing values kept missing in every direction (pandas turns NaN into the text "nan"
/// and refuses NaN to int64; an int64 column here has its own missing entries).
///
/// - float64 → int64 truncates toward zero, as pandas and Polars; infinities and values
///   beyond int64 throw.
/// - Numbers → bool: zero is false, anything else true.
/// - Text → numbers or bool parses each distinct category once (surrounding spaces
///   ignored); bools read `true`/`false`/`1`/`0` in any case. A cell that does not parse
///   throws `typeMismatch` naming the column and the cell.
/// - Anything → string: the cell's text (`1.5`, `2`, `true`).
extension Column {
    /// This column converted to `type`; the same column when it already has that type.
    /// - Complexity: O(rows), plus one parse per category for text.
    public func cast(to type: ColumnType) throws -> Column {
        if type == self.type { return self }
        switch (storage, type) {
        case (.categorical(let codes, let categories), _):
            return try castText(codes, categories, to: type)
        case (_, .string):
            var texts = [String?](repeating: nil, count: count)
            for row in 0..<count where !isMissing(row) { texts[row] = formatted(at: row) }
            return Column.strings(name, texts)
        case (.float64(let values), .int64):
            var out = [Int64](repeating: 0, count: values.count), valid = [Bool](repeating: true, count: values.count)
            for (row, x) in values.enumerated() {
                if x.isNaN { valid[row] = false; continue }
                guard let integer = Column.truncated(x) else {
                    throw DataError.typeMismatch("cannot cast column '\(name)' to int64: \(Column.format(x)) does not fit an int64")
                }
                out[row] = integer
            }
            return Column(name: name, storage: .int64(out, valid: Column.normalized(valid)))
        case (.bool(let values, let valid), .int64):
            return Column(name: name, storage: .int64(values.map { $0 ? 1 : 0 }, valid: valid))
        case (.datetime, _), (_, .datetime):
            // Text → datetime is handled above (ISO 8601); dates are not numbers.
            throw DataError.typeMismatch("cannot cast column '\(name)' from \(self.type.rawValue) to \(type.rawValue): use year(), days_between() or to_datetime()")
        case (_, .float64):
            guard let doubles = asDoubles() else { break }
            return Column(name: name, storage: .float64(doubles))
        case (.float64(let values), .bool):
            return Column(name: name, storage: .bool(values.map { $0 != 0 }, valid: Column.normalized(values.map { !$0.isNaN })))
        case (.int64(let values, let valid), .bool):
            return Column(name: name, storage: .bool(values.map { $0 != 0 }, valid: valid))
        default:
            break
        }
        throw DataError.typeMismatch("cannot cast column '\(name)' from \(self.type.rawValue) to \(type.rawValue)")
    }

    /// `x` truncated toward zero, if the result fits an int64.
    static func truncated(_ x: Double) -> Int64? {
        let whole = x.rounded(.towardZero)
        // 2^63 is exactly representable; every double below it in magnitude fits.
        guard whole.isFinite, whole >= -9_223_372_036_854_775_808.0, whole < 9_223_372_036_854_775_808.0 else { return nil }
        return Int64(whole)
    }

    /// Text parsed as `type`, one parse per category.
    private func castText(_ codes: [Int32], _ categories: [String], to type: ColumnType) throws -> Column {
        func failure(_ text: String, _ expected: String) -> DataError {
            .typeMismatch("cannot cast column '\(name)' to \(type.rawValue): '\(DataError.clip(text))' is not \(expected)")
        }
        // Only categories some row uses are parsed: an unused one cannot fail the cast.
        var used = [Bool](repeating: false, count: categories.count)
        for code in codes where code >= 0 { used[Int(code)] = true }
        switch type {
        case .datetime:
            return try DateColumn.parse(self, format: nil)
        case .float64:
            var parsed = [Double](repeating: .nan, count: categories.count)
            for (k, text) in categories.enumerated() where used[k] {
                guard let x = Double(text.trimmingSpaces) else { throw failure(text, "a number") }
                parsed[k] = x
            }
            return Column(name: name, storage: .float64(codes.map { $0 < 0 ? .nan : parsed[Int($0)] }))
        case .int64:
            var parsed = [Int64](repeating: 0, count: categories.count)
            for (k, text) in categories.enumerated() where used[k] {
                guard let x = Int64(text.trimmingSpaces) else { throw failure(text, "an integer") }
                parsed[k] = x
            }
            return Column(name: name, storage: .int64(codes.map { $0 < 0 ? 0 : parsed[Int($0)] },
                                                      valid: Column.normalized(codes.map { $0 >= 0 })))
        case .bool:
            var parsed = [Bool](repeating: false, count: categories.count)
            for (k, text) in categories.enumerated() where used[k] {
                switch text.trimmingSpaces.lowercased() {
                case "true", "1": parsed[k] = true
                case "false", "0": parsed[k] = false
                default: throw failure(text, "true, false, 1 or 0")
                }
            }
            return Column(name: name, storage: .bool(codes.map { $0 >= 0 && parsed[Int($0)] },
                                                     valid: Column.normalized(codes.map { $0 >= 0 })))
        default:
            throw DataError.typeMismatch("cannot cast column '\(name)' from string to \(type.rawValue)")
        }
    }
}

extension Frame {
    /// The named columns converted to the given types, in place; other columns unchanged.
    public func cast(_ types: [(column: String, type: ColumnType)]) throws -> Frame {
        var result = self
        for (name, type) in types {
            guard let index = columnIndex(named: name) else {
                throw DataError.unknownColumn(name: name, available: columnNames)
            }
            result = try result.with(try columns[index].cast(to: type))
        }
        return result
    }
}

extension String {
    /// The text without leading and trailing spaces, tabs and line breaks.
    fileprivate var trimmingSpaces: Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return self[start...end]
    }
}
