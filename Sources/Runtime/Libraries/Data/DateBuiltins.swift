import Check
import Data
import LatheCore
import IR
import Numeric
import VM

/// Dates on columns: `year(ds.when)` … `second`, `weekday` (Monday 0, as pandas),
/// `days_between(a, b)` / `seconds_between(a, b)` (a − b as float64), `add_days(d, n)` /
/// `add_seconds(d, n)`, `truncate(d, "month")`, and `to_datetime(text, format:)`. pandas
/// spells these `d.dt.year`, `(a - b).dt.days`, `d + pd.Timedelta(days=n)`,
/// `d.dt.to_period("M").dt.start_time` and `pd.to_datetime`; Polars `dt.year()`,
/// `dt.truncate("1mo")`. Lathe has no duration type, so a difference is a number of days or
/// seconds and a shift takes one.
extension Builtins {
    static let dates: [Builtin] = DateComponent.allCases.filter { $0 != .dayofyear }.map(component) + [
        Builtin(BuiltinSignature(
            "days_between", [
                BuiltinParameter("a", types: [.column, .string], doc: "datetime column, or an ISO date"),
                BuiltinParameter("b", types: [.column, .string], doc: "datetime column, or an ISO date"),
            ], returns: .column,
            doc: "a − b in days (float64, fractions for times of day): days_between(ds.end, ds.start)")) { args in
            try difference(try args["a"], try args["b"], builtin: "days_between", unitMicros: DateParsing.microsPerDay)
        },
        Builtin(BuiltinSignature(
            "seconds_between", [
                BuiltinParameter("a", types: [.column, .string], doc: "datetime column, or an ISO date-time"),
                BuiltinParameter("b", types: [.column, .string], doc: "datetime column, or an ISO date-time"),
            ], returns: .column,
            doc: "a − b in seconds (float64): seconds_between(ds.end, ds.start)")) { args in
            try difference(try args["a"], try args["b"], builtin: "seconds_between", unitMicros: DateParsing.microsPerSecond)
        },
        Builtin(BuiltinSignature(
            "add_days", [
                BuiltinParameter("dates", types: [.column]),
                BuiltinParameter("days", types: [.number, .column], doc: "a number, or a numeric column (fractions allowed)"),
            ], returns: .column,
            doc: "the dates moved by a number of days: add_days(ds.when, 7)")) { args in
            try shift(try args["dates"], by: try args["days"], builtin: "add_days", unit: "days", unitMicros: DateParsing.microsPerDay)
        },
        Builtin(BuiltinSignature(
            "add_seconds", [
                BuiltinParameter("dates", types: [.column]),
                BuiltinParameter("seconds", types: [.number, .column], doc: "a number, or a numeric column"),
            ], returns: .column,
            doc: "the dates moved by a number of seconds: add_seconds(ds.when, 3600)")) { args in
            try shift(try args["dates"], by: try args["seconds"], builtin: "add_seconds", unit: "seconds", unitMicros: DateParsing.microsPerSecond)
        },
        Builtin(BuiltinSignature(
            "truncate", [
                BuiltinParameter("dates", types: [.column]),
                BuiltinParameter("unit", types: [.string], constraint: ParameterConstraint(.choice(DateUnit.allCases.map(\.rawValue))),
                                 doc: "year, month, week (starting Monday), day, hour, minute or second"),
            ], returns: .column,
            doc: "each date rounded down to the start of its unit: truncate(ds.when, \"month\")")) { args in
            let column = try dateColumn(try args["dates"], builtin: "truncate", parameter: "dates")
            guard let unit = DateUnit(rawValue: try args.string("unit")) else {
                throw RuntimeError("truncate's unit must be one of \(DateUnit.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))")
            }
            return .object(ColumnObject(try library { try DateColumn.truncate(column, to: unit) }))
        },
        Builtin(BuiltinSignature(
            "to_datetime", [
                BuiltinParameter("values", types: [.column]),
                BuiltinParameter("format", default: .null, types: [.string, .null],
                                 doc: "strftime-style, e.g. \"%d/%m/%Y\"; ISO 8601 when absent"),
            ], returns: .column,
            doc: "a string column read as dates: to_datetime(ds.day, format: \"%d/%m/%Y\")")) { args in
            guard let column = try args["values"].handle as? ColumnObject else { throw args.mismatch("values", expected: "a column") }
            let format = try args.isNull("format") ? nil : try library { try DateFormat(try args.string("format")) }
            return .object(ColumnObject(try library { try DateColumn.parse(column.column, format: format) }))
        },
    ]

    /// `year(d)` and the other components: an int64 column, or a number for one ISO date.
    static func component(_ part: DateComponent) -> Builtin {
        Builtin(BuiltinSignature(
            part.rawValue, [BuiltinParameter("dates", types: [.column, .string], doc: "a datetime column, or an ISO date")],
            returns: nil, doc: componentDocs[part] ?? part.rawValue)) { args in
            let dates = try args["dates"]
            if let text = dates.stringValue {
                let column = try library { try DateColumn.component(part, of: try parsedDate(text)) }
                if case .int64(let values, _) = column.storage, let first = values.first { return .number(Double(first)) }
                return .null
            }
            return .object(ColumnObject(try library { try DateColumn.component(part, of: try dateColumn(dates, builtin: part.rawValue, parameter: "dates")) }))
        }
    }

    static let componentDocs: [DateComponent: String] = [
        .year: "the year of each date, as an int64 column: year(ds.when)",
        .month: "the month of each date, 1–12: month(ds.when)",
        .day: "the day of the month of each date, 1–31: day(ds.when)",
        .weekday: "the weekday of each date, Monday 0 to Sunday 6 (as pandas): weekday(ds.when)",
        .hour: "the hour of each date-time, 0–23: hour(ds.when)",
        .minute: "the minute of each date-time, 0–59: minute(ds.when)",
        .second: "the second of each date-time, 0–59: second(ds.when)",
    ]

    /// A datetime column argument; a string column gets a hint towards `to_datetime`.
    static func dateColumn(_ value: Value, builtin: String, parameter: String) throws -> Column {
        guard let column = value.handle as? ColumnObject else {
            throw RuntimeError("'\(builtin)' expects a datetime column for '\(parameter)', found \(value.typeName)",
                               code: RuntimeErrorCodes.wrongArgumentType)
        }
        guard column.column.type == .datetime else {
            let hint = column.column.type == .string
                ? "read text as dates with to_datetime(\(column.column.name.isEmpty ? "col" : "ds." + column.column.name)), or load with types: {\(column.column.name): \"date\"}"
                : "dates come from a CSV (ISO 8601 is recognised) or to_datetime(text)"
            throw RuntimeError("'\(builtin)' needs a datetime column, but '\(column.column.name)' is \(column.column.type.rawValue)", hint: hint)
        }
        return column.column
    }

    /// One ISO date as a one-row datetime column.
    static func parsedDate(_ text: String) throws -> Column {
        guard let micros = DateParsing.iso(text) else {
            throw RuntimeError("'\(text)' is not an ISO 8601 date", hint: "write dates as \"2024-03-01\" or \"2024-03-01T14:30:00\"")
        }
        return .datetimes("", [micros])
    }

    /// A datetime column or an ISO date string (one row, broadcast).
    static func dateOperand(_ value: Value, builtin: String, parameter: String) throws -> Column {
        if let text = value.stringValue { return try parsedDate(text) }
        return try dateColumn(value, builtin: builtin, parameter: parameter)
    }

    static func difference(_ first: Value, _ second: Value, builtin: String, unitMicros: Int64) throws -> Value {
        guard first.stringValue == nil || second.stringValue == nil else {
            throw RuntimeError("'\(builtin)' needs at least one datetime column", hint: "\(builtin)(ds.end, \"2024-01-01\")")
        }
        let a = try dateOperand(first, builtin: builtin, parameter: "a"), b = try dateOperand(second, builtin: builtin, parameter: "b")
        if a.count == 1 && b.count != 1 {
            // date − column: flip the operands and the sign.
            let flipped = try library { try DateColumn.difference(b, a, unitMicros: unitMicros, name: b.name) }
            return .object(ColumnObject(Column.numeric(b.name, (flipped.asDoubles() ?? []).map { -$0 })))
        }
        return .object(ColumnObject(try library { try DateColumn.difference(a, b, unitMicros: unitMicros, name: a.name) }))
    }

    static func shift(_ dates: Value, by amount: Value, builtin: String, unit: String, unitMicros: Int64) throws -> Value {
        let column = try dateColumn(dates, builtin: builtin, parameter: "dates")
        let amounts: [Double]
        if let other = amount.handle as? ColumnObject {
            guard let values = other.column.asDoubles() else {
                throw RuntimeError("'\(builtin)' needs numbers of \(unit), but '\(other.column.name)' is \(other.column.type.rawValue)")
            }
            amounts = values
        } else if let number = amount.numberValue {
            amounts = [number]
        } else {
            throw RuntimeError("'\(builtin)' expects a number or a numeric column for '\(unit)', found \(amount.typeName)",
                               code: RuntimeErrorCodes.wrongArgumentType)
        }
        return .object(ColumnObject(try library { try DateColumn.adding(column, amounts: amounts, unitMicros: unitMicros) }))
    }
}

extension ColumnObject {
    /// Operators on a datetime column: comparisons with another datetime column or an ISO
    /// date string (`ds.when >= "2024-01-01"`; a missing date compares false, and `!=`
    /// true); arithmetic is refused with a pointer to the date functions. Nil when neither
    /// side is a datetime column.
    func dateBinary(_ op: HandleOperator, _ other: Value, handleOnLeft: Bool) throws -> Value? {
        let otherColumn = (other.handle as? ColumnObject)?.column
        guard column.type == .datetime || otherColumn?.type == .datetime else { return nil }
        let comparison: ComparisonOperator
        switch op {
        case .equal: comparison = .equal
        case .notEqual: comparison = .notEqual
        case .less: comparison = .less
        case .lessEqual: comparison = .lessEqual
        case .greater: comparison = .greater
        case .greaterEqual: comparison = .greaterEqual
        default:
            throw RuntimeError("cannot apply '\(op.rawValue)' to a datetime column",
                               hint: "use days_between(a, b), add_days(d, n), truncate(d, \"month\") or year(d)")
        }
        let right: Column
        if let text = other.stringValue {
            guard let micros = DateParsing.iso(text) else {
                throw RuntimeError("cannot compare a datetime column with '\(text)': not an ISO 8601 date",
                                   hint: "write dates as \"2024-03-01\" or \"2024-03-01T14:30:00\"")
            }
            right = .datetimes("", [micros])
        } else if let otherColumn, otherColumn.type == .datetime, column.type == .datetime {
            guard otherColumn.count == column.count else {
                throw RuntimeError("cannot compare columns of \(column.count) and \(otherColumn.count) rows")
            }
            right = otherColumn
        } else {
            throw RuntimeError("cannot compare a datetime column with a \(otherColumn.map { "\($0.type.rawValue) column" } ?? other.typeName)",
                               hint: "compare dates with dates, or with an ISO date string such as \"2024-03-01\"")
        }
        guard case .datetime(let x, let vx) = column.storage, case .datetime(let y, let vy) = right.storage else { return nil }
        let flipped = handleOnLeft ? comparison : comparison.mirrored
        let broadcast = y.count == 1 && x.count != 1
        var bits = [Bool](repeating: false, count: x.count)
        for i in 0..<x.count {
            let j = broadcast ? 0 : i
            guard (vx?[i] ?? true) && (vy?[j] ?? true) else { bits[i] = flipped == .notEqual; continue }
            let a = x[i], b = y[j]
            switch flipped {
            case .less: bits[i] = a < b
            case .lessEqual: bits[i] = a <= b
            case .greater: bits[i] = a > b
            case .greaterEqual: bits[i] = a >= b
            case .equal: bits[i] = a == b
            case .notEqual: bits[i] = a != b
            }
        }
        return ColumnObject.make(column.name, mask: Mask(bits))
    }
}
