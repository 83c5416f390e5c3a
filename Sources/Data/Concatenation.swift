/// Stacking frames, as pandas' `concat`: by rows (`axis=0`), where every frame has the same
/// column names and each column compatible types, or by columns (`axis=1`), where every frame
/// has the same number of rows and the names do not clash.
///
/// Unlike pandas, a column that one frame lacks is an error rather than a column of NaN, and
/// text never stacks with numbers (pandas makes an `object` column): both usually mean the
/// inputs are not what the script thinks.
public enum Concatenation {
    /// The rows of every frame, one frame after another, with the first frame's column order.
    ///
    /// - Columns are matched by name, in any order; every frame needs exactly the first
    ///   frame's names.
    /// - Types: the same type stays; int64 with float64 gives float64 (as pandas); strings
    ///   stack with strings, bools with bools; anything else throws `typeMismatch` naming
    ///   the column.
    /// - A frame with no columns at all (an empty dataset) adds nothing.
    /// - Complexity: O(total rows × columns).
    public static func rows(_ frames: [Frame]) throws -> Frame {
        // Positions are 1-based and count every frame given, so errors name the argument.
        let numbered = frames.enumerated().filter { $0.element.columnCount > 0 }
        let parts = numbered.map(\.element), positions = numbered.map { $0.offset + 1 }
        guard let first = parts.first else { return Frame() }
        if parts.count == 1 { return Frame(unchecked: first.columns, rowCount: first.rowCount) }
        let names = first.columnNames
        let expected = Set(names)
        for (index, frame) in parts.enumerated().dropFirst() {
            if let missing = names.first(where: { frame.columnIndex(named: $0) == nil }) {
                throw DataError.invalidArgument(
                    "cannot concatenate rows: dataset \(positions[index]) has no column '\(missing)' (dataset \(positions[0]) has \(list(names)))")
            }
            if let extra = frame.columnNames.first(where: { !expected.contains($0) }) {
                throw DataError.invalidArgument(
                    "cannot concatenate rows: dataset \(positions[index]) has a column '\(extra)' that dataset \(positions[0]) lacks")
            }
        }
        var columns = [Column]()
        for name in names {
            let pieces = parts.map { $0.columns[$0.columnIndex(named: name)!] }
            guard let type = Column.stackedType(pieces.map(\.type)) else {
                let other = pieces.firstIndex { $0.type != pieces[0].type }!
                throw DataError.typeMismatch(
                    "cannot concatenate rows: column '\(name)' is \(pieces[0].type.rawValue) in dataset \(positions[0]) but \(pieces[other].type.rawValue) in dataset \(positions[other]); cast one first, e.g. cast(ds, {\(name): \"string\"})")
            }
            columns.append(Column.stacked(pieces, name: name, type: type))
        }
        return Frame(unchecked: columns, rowCount: parts.reduce(0) { $0 + $1.rowCount })
    }

    /// The columns of every frame side by side, in order. Every frame needs the same number
    /// of rows and column names must not repeat across frames.
    /// - Complexity: O(columns); the column storage is shared.
    public static func columns(_ frames: [Frame]) throws -> Frame {
        guard let firstIndex = frames.firstIndex(where: { $0.columnCount > 0 }) else { return Frame() }
        let first = frames[firstIndex]
        var seen = [String: Int]()
        var columns = [Column]()
        for (index, frame) in frames.enumerated() where frame.columnCount > 0 {
            guard frame.rowCount == first.rowCount else {
                throw DataError.invalidArgument(
                    "cannot concatenate columns: dataset \(index + 1) has \(frame.rowCount) rows but dataset \(firstIndex + 1) has \(first.rowCount)")
            }
            for column in frame.columns {
                if let earlier = seen[column.name] {
                    throw DataError.invalidArgument(
                        "cannot concatenate columns: column '\(column.name)' is in dataset \(earlier + 1) and dataset \(index + 1); rename one first, e.g. rename(ds, {\(column.name): \"\(column.name)_2\"})")
                }
                seen[column.name] = index
                columns.append(column)
            }
        }
        return Frame(unchecked: columns, rowCount: first.rowCount)
    }

    static func list(_ names: [String]) -> String {
        names.count > 8 ? names.prefix(8).joined(separator: ", ") + ", …" : names.joined(separator: ", ")
    }
}

extension Column {
    /// The type of a column stacked from columns of `types`: their shared type, or float64
    /// for int64 with float64; nil when they cannot share a column (text with anything else,
    /// bools with numbers).
    public static func stackedType(_ types: [ColumnType]) -> ColumnType? {
        guard let first = types.first else { return nil }
        if types.allSatisfy({ $0 == first }) { return first }
        if types.allSatisfy({ $0 == .int64 || $0 == .float64 }) { return .float64 }
        return nil
    }

    /// The values of `parts` one after another as one column named `name`, of `type` (from
    /// `stackedType`). Missing values stay missing; categories keep first-appearance order.
    /// - Complexity: O(total rows), plus a dictionary lookup per category of each part.
    public static func stacked(_ parts: [Column], name: String, type: ColumnType) -> Column {
        let total = parts.reduce(0) { $0 + $1.count }
        switch type {
        case .int64, .datetime, .bool:
            // Values and validity copied part by part; validity only when some part has a missing value.
            var anyMissing = false
            for part in parts {
                switch part.storage {
                case .int64(_, let valid), .datetime(_, let valid), .bool(_, let valid): anyMissing = anyMissing || valid != nil
                default: break
                }
            }
            let valid: [Bool]? = anyMissing ? Column.joined(parts.map { part in
                switch part.storage {
                case .int64(_, let valid), .datetime(_, let valid), .bool(_, let valid):
                    return valid ?? [Bool](repeating: true, count: part.count)
                default: return []
                }
            }, total: total) : nil
            switch type {
            case .bool:
                let values = Column.joined(parts.map { if case .bool(let v, _) = $0.storage { return v }; return [] }, total: total)
                return Column(name: name, storage: .bool(values, valid: valid.flatMap(normalized)))
            case .datetime:
                let values = Column.joined(parts.map { if case .datetime(let v, _) = $0.storage { return v }; return [] }, total: total)
                return Column(name: name, storage: .datetime(values, valid: valid.flatMap(normalized)))
            default:
                let values = Column.joined(parts.map { if case .int64(let v, _) = $0.storage { return v }; return [] }, total: total)
                return Column(name: name, storage: .int64(values, valid: valid.flatMap(normalized)))
            }
        case .string:
            var categories = [String](), index = [String: Int32]()
            let codes = [Int32](unsafeUninitializedCapacity: total) { out, initialized in
                var offset = 0
                for part in parts {
                    guard case .categorical(let partCodes, let partCategories) = part.storage else { continue }
                    // Each of the part's categories gets its code when first met, keeping
                    // first-appearance order across the stacked rows.
                    var remap = [Int32](repeating: -2, count: partCategories.count)
                    partCodes.withUnsafeBufferPointer { source in
                        remap.withUnsafeMutableBufferPointer { remap in
                            for i in 0..<source.count {
                                let code = source[i]
                                guard code >= 0 else { out[offset + i] = -1; continue }
                                if remap[Int(code)] == -2 {
                                    let category = partCategories[Int(code)]
                                    if let known = index[category] { remap[Int(code)] = known } else {
                                        let next = Int32(categories.count)
                                        index[category] = next
                                        categories.append(category)
                                        remap[Int(code)] = next
                                    }
                                }
                                out[offset + i] = remap[Int(code)]
                            }
                        }
                    }
                    offset += partCodes.count
                }
                initialized = offset
            }
            return Column(name: name, storage: .categorical(codes: codes, categories: categories))
        case .float64:
            let values = Column.joined(parts.map { $0.asDoubles() ?? [Double](repeating: .nan, count: $0.count) }, total: total)
            return Column(name: name, storage: .float64(values))
        }
    }

    /// `pieces` one after another (`total` elements in all), copied into one buffer allocated
    /// once, without zeroing.
    static func joined<T>(_ pieces: [[T]], total: Int) -> [T] {
        [T](unsafeUninitializedCapacity: total) { out, initialized in
            guard let base = out.baseAddress, total > 0 else { initialized = 0; return }
            var offset = 0
            for piece in pieces {
                piece.withUnsafeBufferPointer { source in
                    guard let from = source.baseAddress else { return }
                    (base + offset).initialize(from: from, count: source.count)
                }
                offset += piece.count
            }
            initialized = offset
        }
    }
}
