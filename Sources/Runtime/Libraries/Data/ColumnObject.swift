import Check
import Data
import IR
import Numeric
import VM

/// A column as a language value: `ds.age`. Arithmetic and comparisons apply elementwise
/// (broadcasting numbers), `and`/`or`/`not` combine bool columns, and reductions such as
/// `mean(ds.age)` skip missing values as pandas does.
public final class ColumnObject: HandleObject {
    public let column: Column

    public init(_ column: Column) {
        self.column = column
        super.init()
    }

    /// The column kind: a mask is a bool column, so comparisons give columns too.
    public static let kind = ValueKind(
        "column", doc: "one typed column; operators apply elementwise and comparisons give masks",
        fields: [
            FieldDeclaration("name", .string, doc: "the column's name"),
            FieldDeclaration("dtype", .string, doc: "float64, int64, bool, string or datetime"),
            FieldDeclaration("missing", .number, doc: "how many values are missing"),
        ],
        operators: .elementwise)

    public override var valueKind: ValueKind { ColumnObject.kind }
    public override var length: Int? { column.count }
    public override var retainedBytes: Int { column.count * 8 }

    public override var summary: String {
        let shown = min(column.count, 8)
        var cells = (0..<shown).map { row in value(at: row).literalRepr }
        if column.count > shown { cells.append("…") }
        let name = column.name.isEmpty ? "" : "'\(column.name)' "
        return "column \(name)(\(column.type.rawValue), \(column.count) rows) [\(cells.joined(separator: ", "))]"
    }

    public override func field(_ name: String, symbols: SymbolTable) throws -> Value? {
        switch name {
        case "name": return .string(column.name)
        case "dtype": return .string(column.type.rawValue)
        case "missing": return .number(Double(column.missingCount))
        default: return nil
        }
    }

    /// The value at `row` as a Lathe value (null when missing).
    public func value(at row: Int) -> Value {
        if column.isMissing(row) { return .null }
        switch column.storage {
        case .float64(let values): return .number(values[row])
        case .int64(let values, _): return .number(Double(values[row]))
        case .bool(let values, _): return .bool(values[row])
        case .categorical: return column.string(at: row).map { .string($0) } ?? .null
        case .datetime(let values, _): return .string(DateParsing.isoText(values[row]))
        }
    }

    public override func subscripted(_ index: Value, symbols: SymbolTable) throws -> Value {
        if let mask = index.handle as? ColumnObject {
            return .object(ColumnObject(column.filter(try mask.maskBits(expectedCount: column.count))))
        }
        let row = try Operators.position(index, count: column.count, what: "column")
        return value(at: row)
    }

    /// The column as a filter mask (missing counts as false).
    func maskBits(expectedCount: Int) throws -> [Bool] {
        guard case .bool(let values, let valid) = column.storage else {
            throw RuntimeError("a row filter needs a bool column, found a \(column.type.rawValue) column",
                               hint: "compare to make a mask, e.g. ds[ds.age > 30]")
        }
        guard values.count == expectedCount else {
            throw RuntimeError("the mask has \(values.count) rows but the data has \(expectedCount)")
        }
        guard let valid else { return values }
        return zip(values, valid).map { $0 && $1 }
    }

    /// Numeric values (NaN for missing), or an error naming the operation.
    func doubles(for operation: String) throws -> [Double] {
        guard let values = column.asDoubles() else {
            if column.type == .datetime {
                throw RuntimeError("cannot apply '\(operation)' to the datetime column '\(column.name)'",
                                   hint: "use days_between(a, b), add_days(d, n), truncate(d, \"month\") or year(d)")
            }
            throw RuntimeError("cannot apply '\(operation)' to the string column '\(column.name)'",
                               hint: "only numeric columns support arithmetic")
        }
        return values
    }

    static func make(_ name: String, _ tensor: Tensor) -> Value {
        .object(ColumnObject(Column.numeric(name, tensor.storage)))
    }

    static func make(_ name: String, mask: Mask) -> Value {
        .object(ColumnObject(Column(name: name, storage: .bool(mask.bits, valid: nil))))
    }

    public override func binary(_ op: HandleOperator, _ other: Value, handleOnLeft: Bool) throws -> Value {
        if let dates = try dateBinary(op, other, handleOnLeft: handleOnLeft) { return dates }
        switch op {
        case .and, .or: return try logical(op, other)
        case .equal, .notEqual:
            if column.type == .string || other.stringValue != nil || (other.handle as? ColumnObject)?.column.type == .string {
                return try stringEquality(op == .equal, other)
            }
            return try numericComparison(op == .equal ? .equal : .notEqual, other, handleOnLeft: handleOnLeft)
        case .less: return try numericOrStringOrder(.less, other, handleOnLeft: handleOnLeft)
        case .lessEqual: return try numericOrStringOrder(.lessEqual, other, handleOnLeft: handleOnLeft)
        case .greater: return try numericOrStringOrder(.greater, other, handleOnLeft: handleOnLeft)
        case .greaterEqual: return try numericOrStringOrder(.greaterEqual, other, handleOnLeft: handleOnLeft)
        case .add, .subtract, .multiply, .divide, .remainder, .floorDivide, .power:
            guard let elementwise = op.elementwise else { return try super.binary(op, other, handleOnLeft: handleOnLeft) }
            let mine = Tensor(try doubles(for: op.rawValue))
            switch other.decoded {
            case .number(let scalar):
                return ColumnObject.make(column.name, mine.elementwise(elementwise, scalar: scalar, scalarOnLeft: !handleOnLeft))
            default:
                guard let otherColumn = other.handle as? ColumnObject else {
                    throw RuntimeError(
                        "cannot apply '\(op.rawValue)' to \(handleOnLeft ? "column" : other.typeName) and \(handleOnLeft ? other.typeName : "column")")
                }
                let theirs = Tensor(try otherColumn.doubles(for: op.rawValue))
                let result = try library {
                    handleOnLeft ? try mine.elementwise(elementwise, theirs) : try theirs.elementwise(elementwise, mine)
                }
                return ColumnObject.make(column.name, result)
            }
        }
    }

    func numericComparison(_ comparison: ComparisonOperator, _ other: Value, handleOnLeft: Bool) throws -> Value {
        let mine = Tensor(try doubles(for: "comparison"))
        switch other.decoded {
        case .number(let scalar):
            // `3 < col` is `col > 3`.
            let flipped = handleOnLeft ? comparison : comparison.mirrored
            return ColumnObject.make(column.name, mask: mine.compare(flipped, scalar: scalar))
        default:
            guard let otherColumn = other.handle as? ColumnObject else {
                throw RuntimeError("cannot compare a column with a \(other.typeName)")
            }
            let theirs = Tensor(try otherColumn.doubles(for: "comparison"))
            let mask = try library {
                handleOnLeft ? try mine.compare(comparison, theirs) : try theirs.compare(comparison, mine)
            }
            return ColumnObject.make(column.name, mask: mask)
        }
    }

    func numericOrStringOrder(_ comparison: ComparisonOperator, _ other: Value, handleOnLeft: Bool) throws -> Value {
        if column.type == .string, let text = other.stringValue {
            let flipped = handleOnLeft ? comparison : comparison.mirrored
            let bits = (0..<column.count).map { row -> Bool in
                guard let value = column.string(at: row) else { return false }
                switch flipped {
                case .less: return value < text
                case .lessEqual: return value <= text
                case .greater: return value > text
                case .greaterEqual: return value >= text
                case .equal: return value == text
                case .notEqual: return value != text
                }
            }
            return ColumnObject.make(column.name, mask: Mask(bits))
        }
        return try numericComparison(comparison, other, handleOnLeft: handleOnLeft)
    }

    /// `col == "Oslo"` on a string column, or string column against string column.
    func stringEquality(_ equal: Bool, _ other: Value) throws -> Value {
        var bits = [Bool](repeating: false, count: column.count)
        if let text = other.stringValue {
            guard case .categorical(let codes, let categories) = column.storage else {
                throw RuntimeError("cannot compare the \(column.type.rawValue) column '\(column.name)' with a string")
            }
            let target = categories.firstIndex(of: text).map(Int32.init) ?? -2
            // A missing cell equals nothing, so it is `!=` every string (as in pandas).
            codes.withUnsafeBufferPointer { codes in
                bits.withUnsafeMutableBufferPointer { bits in
                    for row in 0..<codes.count { bits[row] = (codes[row] == target) == equal }
                }
            }
        } else if let otherColumn = other.handle as? ColumnObject {
            guard otherColumn.column.count == column.count else {
                throw RuntimeError("cannot compare columns of \(column.count) and \(otherColumn.column.count) rows")
            }
            for row in 0..<column.count {
                let same = column.string(at: row) != nil && column.string(at: row) == otherColumn.column.string(at: row)
                bits[row] = same == equal
            }
        } else {
            throw RuntimeError("cannot compare a string column with a \(other.typeName)")
        }
        return ColumnObject.make(column.name, mask: Mask(bits))
    }

    func logical(_ op: HandleOperator, _ other: Value) throws -> Value {
        let mine = try maskBits(expectedCount: column.count)
        let theirs: [Bool]
        switch other.decoded {
        case .bool(let flag): theirs = [Bool](repeating: flag, count: column.count)
        default:
            guard let otherColumn = other.handle as? ColumnObject else {
                throw RuntimeError("'\(op.rawValue)' needs bool operands, found \(other.typeName)")
            }
            theirs = try otherColumn.maskBits(expectedCount: column.count)
        }
        let isAnd = op == .and
        let bits = mine.withUnsafeBufferPointer { a in
            theirs.withUnsafeBufferPointer { b in
                [Bool](unsafeUninitializedCapacity: a.count) { out, initialized in
                    for i in 0..<a.count { out[i] = isAnd ? (a[i] && b[i]) : (a[i] || b[i]) }
                    initialized = a.count
                }
            }
        }
        return ColumnObject.make(column.name, mask: Mask(bits))
    }

    public override func negated() throws -> Value {
        ColumnObject.make(column.name, Tensor(try doubles(for: "-")).apply(.negate))
    }

    public override func logicalNot() throws -> Value {
        ColumnObject.make(column.name, mask: Mask(try maskBits(expectedCount: column.count).map { !$0 }))
    }
}

extension HandleOperator {
    /// The numeric kernel for an arithmetic operator; nil for comparisons and logic.
    var elementwise: ElementwiseOperator? {
        switch self {
        case .add: return .add
        case .subtract: return .subtract
        case .multiply: return .multiply
        case .divide: return .divide
        case .remainder: return .remainder
        case .floorDivide: return .floorDivide
        case .power: return .power
        default: return nil
        }
    }
}

extension ComparisonOperator {
    /// The comparison with its operands swapped: `a < b` is `b > a`.
    var mirrored: ComparisonOperator {
        switch self {
        case .less: return .greater
        case .lessEqual: return .greaterEqual
        case .greater: return .less
        case .greaterEqual: return .lessEqual
        case .equal, .notEqual: return self
        }
    }
}

/// `for x in ds.age`: each value in row order, null where missing.
extension ColumnObject: IterableHandle {
    public var iterationCount: Int { column.count }

    public func iterationItems(symbols: SymbolTable) -> (Int) -> Value {
        { [self] row in value(at: row) }
    }
}
