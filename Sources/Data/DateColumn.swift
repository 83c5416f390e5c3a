import Numeric

/// A part of a date-time, as pandas' `Series.dt` names it.
public enum DateComponent: String, Sendable, CaseIterable {
    case year, month, day
    /// Monday 0 … Sunday 6 (pandas' `dayofweek`/`weekday`).
    case weekday
    case hour, minute, second
    /// Day of the year, 1…366 (pandas' `dayofyear`).
    case dayofyear
}

/// What `truncate` rounds a date-time down to.
public enum DateUnit: String, Sendable, CaseIterable {
    case year, month
    /// The Monday starting the week (pandas' `to_period("W").start_time`).
    case week
    case day, hour, minute, second
}

/// Vectorised work on datetime columns (microseconds since the Unix epoch, UTC): components,
/// differences, shifts, truncation, and parsing text into dates. Every function keeps
/// missing values missing, writes into one contiguous buffer, and splits long columns into
/// fixed chunks run in parallel (results do not depend on the thread count).
public enum DateColumn {
    static let chunkSize = 1 << 16

    /// The column's values and validity; a typed error unless it is a datetime column.
    public static func micros(_ column: Column, for verb: String) throws -> ([Int64], [Bool]?) {
        guard case .datetime(let values, let valid) = column.storage else {
            throw DataError.typeMismatch(
                "\(verb) needs a datetime column, but '\(column.name)' is \(column.type.rawValue)")
        }
        return (values, valid)
    }

    /// `body(i)` for every row, into a new buffer, in parallel chunks.
    @inline(__always)
    static func map<T>(_ count: Int, _ body: (Int) -> T) -> [T] {
        [T](unsafeUninitializedCapacity: count) { out, initialized in
            let base = out.baseAddress
            let chunks = FixedChunks(count: count, size: chunkSize)
            Parallelism.forEach(chunks.count) { c in
                guard let base else { return }
                for i in chunks[c] { (base + i).initialize(to: body(i)) }
            }
            initialized = count
        }
    }

    /// One component of every date, as an int64 column named like the input.
    public static func component(_ part: DateComponent, of column: Column) throws -> Column {
        let (values, valid) = try micros(column, for: part.rawValue)
        let result: [Int64] = values.withUnsafeBufferPointer { v in
            switch part {
            case .hour: return map(v.count) { positive(DateParsing.floorDivide(v[$0], 3_600_000_000), 24) }
            case .minute: return map(v.count) { positive(DateParsing.floorDivide(v[$0], 60_000_000), 60) }
            case .second: return map(v.count) { positive(DateParsing.floorDivide(v[$0], DateParsing.microsPerSecond), 60) }
            case .weekday: return map(v.count) { DateParsing.weekday(days: DateParsing.floorDivide(v[$0], DateParsing.microsPerDay)) }
            case .year, .month, .day, .dayofyear: return civilMap(v, part)
            }
        }
        return Column(name: column.name, storage: .int64(result, valid: valid))
    }

    /// Days from the epoch of 1900-01-01 and 2100-01-01: the range of `civilTable`.
    static let tableStart: Int64 = -25_567
    static let tableEnd: Int64 = 47_482

    /// year << 9 | month << 5 | day for every day of 1900…2099 (292 KB, built on first use):
    /// a component is one load instead of the calendar's divisions.
    static let civilTable: [UInt32] = (tableStart..<tableEnd).map { day in
        let (y, m, d) = DateParsing.civil(days: day)
        return UInt32(y) << 9 | UInt32(m) << 5 | UInt32(d)
    }

    /// The year, month, day or day of the year of every value: one table load within
    /// 1900…2099, the calendar arithmetic outside it.
    static func civilMap(_ v: UnsafeBufferPointer<Int64>, _ part: DateComponent) -> [Int64] {
        civilTable.withUnsafeBufferPointer { table in
            map(v.count) { i -> Int64 in
                let days = DateParsing.floorDivide(v[i], DateParsing.microsPerDay)
                let k = days &- tableStart
                let y: Int64, m: Int64, d: Int64
                if k >= 0 && k < Int64(table.count) {
                    let packed = table[Int(k)]
                    (y, m, d) = (Int64(packed >> 9), Int64(packed >> 5 & 15), Int64(packed & 31))
                } else {
                    (y, m, d) = DateParsing.civil(days: days)
                }
                switch part {
                case .year: return y
                case .month: return m
                case .day: return d
                default: return days - DateParsing.days(year: y, month: 1, day: 1) + 1
                }
            }
        }
    }

    @inline(__always)
    static func positive(_ a: Int64, _ m: Int64) -> Int64 {
        let r = a % m
        return r < 0 ? r + m : r
    }

    /// `a - b` in `unitMicros` (86 400 000 000 for days, 1 000 000 for seconds), as float64;
    /// missing where either side is. `b` may be one instant for every row.
    public static func difference(_ a: Column, _ b: Column, unitMicros: Int64, name: String) throws -> Column {
        let (x, vx) = try micros(a, for: "a date difference")
        let (y, vy) = try micros(b, for: "a date difference")
        guard y.count == x.count || y.count == 1 else {
            throw DataError.invalidArgument("date columns of \(x.count) and \(y.count) rows cannot be subtracted")
        }
        let scale = Double(unitMicros)
        let broadcast = y.count == 1 && x.count != 1
        let result: [Double] = x.withUnsafeBufferPointer { xs in
            y.withUnsafeBufferPointer { ys in
                map(xs.count) { i -> Double in
                    let j = broadcast ? 0 : i
                    guard (vx?[i] ?? true) && (vy?[j] ?? true) else { return .nan }
                    let (delta, overflow) = xs[i].subtractingReportingOverflow(ys[j])
                    return overflow ? Double(xs[i]) / scale - Double(ys[j]) / scale : Double(delta) / scale
                }
            }
        }
        return Column(name: name, storage: .float64(result))
    }

    /// Each date moved by `amounts[i]` (or one amount for every row) × `unitMicros`;
    /// a NaN amount gives a missing date. Amounts are rounded to the microsecond.
    public static func adding(_ column: Column, amounts: [Double], unitMicros: Int64) throws -> Column {
        let (values, valid) = try micros(column, for: "adding to a date")
        guard amounts.count == values.count || amounts.count == 1 else {
            throw DataError.invalidArgument("cannot add \(amounts.count) amounts to a date column of \(values.count) rows")
        }
        var mask = valid
        let limit = 9.2e18
        for (i, amount) in amounts.enumerated() where !(amount * Double(unitMicros)).isFinite || abs(amount * Double(unitMicros)) > limit {
            if amounts.count == 1 {
                mask = [Bool](repeating: false, count: values.count)
            } else {
                if mask == nil { mask = [Bool](repeating: true, count: values.count) }
                mask?[i] = false
            }
        }
        let shifted: [Int64] = values.withUnsafeBufferPointer { v in
            amounts.withUnsafeBufferPointer { a in
                map(v.count) { i in
                    let step = a[a.count == 1 ? 0 : i] * Double(unitMicros)
                    guard step.isFinite, abs(step) <= limit else { return 0 }
                    let (sum, overflow) = v[i].addingReportingOverflow(Int64(step.rounded()))
                    return overflow ? 0 : sum
                }
            }
        }
        return Column(name: column.name, storage: .datetime(shifted, valid: mask.flatMap(Column.normalized)))
    }

    /// Each date rounded down to the start of its `unit`.
    public static func truncate(_ column: Column, to unit: DateUnit) throws -> Column {
        let (values, valid) = try micros(column, for: "truncate")
        let result: [Int64] = values.withUnsafeBufferPointer { v in
            map(v.count) { i in
                let x = v[i]
                func floor(_ step: Int64) -> Int64 { DateParsing.floorDivide(x, step) * step }
                switch unit {
                case .second: return floor(DateParsing.microsPerSecond)
                case .minute: return floor(60_000_000)
                case .hour: return floor(3_600_000_000)
                case .day: return floor(DateParsing.microsPerDay)
                case .week:
                    let days = DateParsing.floorDivide(x, DateParsing.microsPerDay)
                    return (days - DateParsing.weekday(days: days)) * DateParsing.microsPerDay
                case .month, .year:
                    let (y, m, _) = DateParsing.civil(days: DateParsing.floorDivide(x, DateParsing.microsPerDay))
                    return DateParsing.days(year: y, month: unit == .year ? 1 : m, day: 1) * DateParsing.microsPerDay
                }
            }
        }
        return Column(name: column.name, storage: .datetime(result, valid: valid))
    }

    /// A text column read as dates: ISO 8601, or `format` when given. Missing text stays
    /// missing; text that does not parse is an error naming the row, or missing with
    /// `invalidAsMissing` (pandas' `errors="coerce"`). A datetime column is returned as is.
    public static func parse(_ column: Column, format: DateFormat?, invalidAsMissing: Bool = false) throws -> Column {
        if column.type == .datetime { return column }
        guard case .categorical(let codes, let categories) = column.storage else {
            throw DataError.typeMismatch("to_datetime needs a string column, but '\(column.name)' is \(column.type.rawValue)")
        }
        // Parse each distinct text once.
        var parsed = [Int64?](repeating: nil, count: categories.count)
        for (k, text) in categories.enumerated() {
            var text = text
            parsed[k] = text.withUTF8 { bytes -> Int64? in
                guard let base = bytes.baseAddress else { return nil }
                return format.map { $0.parse(base, 0, bytes.count) } ?? DateParsing.iso(base, 0, bytes.count)
            }
        }
        var values = [Int64](repeating: 0, count: codes.count)
        var valid = [Bool](repeating: true, count: codes.count)
        for (row, code) in codes.enumerated() {
            guard code >= 0 else { valid[row] = false; continue }
            if let micros = parsed[Int(code)] {
                values[row] = micros
            } else if invalidAsMissing {
                valid[row] = false
            } else {
                let expected = format.map { "the format '\($0.pattern)'" } ?? "an ISO 8601 date (YYYY-MM-DD[THH:MM:SS])"
                throw DataError.invalidArgument(
                    "row \(row) of '\(column.name)' is '\(DataError.clip(categories[Int(code)]))', not \(expected)")
            }
        }
        return Column(name: column.name, storage: .datetime(values, valid: Column.normalized(valid)))
    }
}
