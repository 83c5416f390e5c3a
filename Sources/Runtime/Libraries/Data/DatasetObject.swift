import Check
import Data
import IR
import VM

/// A dataset as a language value: a `Frame` plus the name of its target column, if any.
/// `ds.col` and `ds["col name"]` give columns, `ds[mask]` filters rows, and `ds.shape`
/// is `[rows, columns]`.
public final class DatasetObject: HandleObject {
    public let frame: Frame
    public let target: String?

    /// The dataset kind. Its declared fields win over columns of the same name; a column
    /// named like one is read by subscript (`ds["target"]`), and the checker warns at `.target`.
    public static let kind = ValueKind(
        "dataset", doc: "a table of typed columns, with an optional target column",
        fields: [
            FieldDeclaration("shape", .list, doc: "[rows, columns]"),
            FieldDeclaration("columns", .list, doc: "the column names, in order"),
            FieldDeclaration("target", .string, doc: "the target column's name, or null"),
            FieldDeclaration("rows", .number, doc: "the number of rows"),
        ],
        dataFields: (noun: "column", type: .column))

    public init(_ frame: Frame, target: String?) {
        self.frame = frame
        self.target = target.flatMap { frame.columnIndex(named: $0) == nil ? nil : $0 }
        super.init()
    }

    /// A derived dataset that keeps this one's target when the column survives.
    func derived(_ frame: Frame) -> DatasetObject { DatasetObject(frame, target: target) }

    public override var valueKind: ValueKind { DatasetObject.kind }
    public override var length: Int? { frame.rowCount }
    /// About 8 bytes a cell; derived frames may share columns, so this errs high.
    public override var retainedBytes: Int { frame.rowCount * frame.columns.count * 8 }

    public override var summary: String {
        // Like pandas: short frames print whole, long ones as head and tail.
        var text = FrameFormatter.render(frame, maxRows: frame.rowCount <= 60 ? 60 : 10)
        if let target { text += "\ntarget: \(target)" }
        return text
    }

    public override func field(_ name: String, symbols: SymbolTable) throws -> Value? {
        switch name {
        case "shape": return .list([.number(Double(frame.rowCount)), .number(Double(frame.columnCount))])
        case "columns": return .list(frame.columnNames.map { .string($0) })
        case "target": return target.map { .string($0) } ?? .null
        case "rows": return .number(Double(frame.rowCount))
        default: return nil
        }
    }

    public override func dataField(_ name: String) throws -> Value {
        .object(ColumnObject(try library { try frame.column(named: name) }))
    }

    public override func subscripted(_ index: Value, symbols: SymbolTable) throws -> Value {
        if let name = index.stringValue {
            return .object(ColumnObject(try library { try frame.column(named: name) }))
        }
        if let mask = index.handle as? ColumnObject {
            let bits = try mask.maskBits(expectedCount: frame.rowCount)
            return .object(derived(try library { try frame.filter(bits) }))
        }
        if case .object(let object) = index.decoded, object.kind == .list {
            let names = try unsafeDowncast(object, to: ListObject.self).items.map { item -> String in
                guard let name = item.stringValue else {
                    throw RuntimeError("column names must be strings, found \(item.typeName)", code: RuntimeErrorCodes.cannotIndex)
                }
                return name
            }
            return .object(derived(try library { try frame.select(names) }))
        }
        if case .number = index.decoded {
            let row = try Operators.position(index, count: frame.rowCount, what: "dataset")
            return record(at: row, symbols: symbols)
        }
        throw RuntimeError("cannot index a dataset with a \(index.typeName)",
                           hint: "use a column name, a list of names, a row number or a mask such as ds[ds.age > 30]",
                           code: RuntimeErrorCodes.cannotIndex)
    }

    /// One row as a record of column name → value.
    func record(at row: Int, symbols: SymbolTable) -> Value {
        var keys: [Int32] = []
        var values: [Value] = []
        for column in frame.columns {
            keys.append(symbols.intern(column.name))
            values.append(ColumnObject(column).value(at: row))
        }
        return .object(RecordObject(keys: keys, values: values))
    }
}

extension ValueType {
    /// A dataset (`DatasetObject.kind`).
    public static let dataset = ValueType.kind("dataset")
    /// A column (`ColumnObject.kind`).
    public static let column = ValueType.kind("column")
}

/// `for row in ds`: each row as a record, the keys interned once for the loop.
extension DatasetObject: IterableHandle {
    public var iterationCount: Int { frame.rowCount }

    public func iterationItems(symbols: SymbolTable) -> (Int) -> Value {
        let keys = frame.columns.map { symbols.intern($0.name) }
        let columns = frame.columns.map(ColumnObject.init)
        return { row in .object(RecordObject(keys: keys, values: columns.map { $0.value(at: row) })) }
    }
}
