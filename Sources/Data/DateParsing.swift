/// Dates and times as microseconds since 1970-01-01T00:00:00 UTC, on the proleptic Gregorian
/// calendar: fixed-format parsing straight from bytes (no Foundation formatter, no String),
/// the calendar arithmetic (Howard Hinnant's `days_from_civil` / `civil_from_days`), and the
/// ISO text dates display as.
public enum DateParsing {
    public static let microsPerSecond: Int64 = 1_000_000
    public static let microsPerDay: Int64 = 86_400_000_000

    // MARK: Calendar

    /// ⌊a / b⌋ for b > 0.
    @inline(__always)
    public static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && a < 0) ? q - 1 : q
    }

    /// Days from 1970-01-01 to year-month-day (month 1...12).
    @inline(__always)
    public static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The year, month (1...12) and day (1...31) of a day count from 1970-01-01.
    @inline(__always)
    public static func civil(days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// Monday 0 … Sunday 6 (pandas' `dayofweek`); 1970-01-01 was a Thursday.
    @inline(__always)
    public static func weekday(days: Int64) -> Int64 {
        let w = (days + 3) % 7
        return w < 0 ? w + 7 : w
    }

    public static func isLeap(_ year: Int64) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    public static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // MARK: ISO 8601

    @inline(__always)
    static func digit(_ q: UnsafePointer<UInt8>, _ i: Int) -> Int64? {
        let d = q[i] &- 48
        return d < 10 ? Int64(d) : nil
    }

    @inline(__always)
    static func twoDigits(_ q: UnsafePointer<UInt8>, _ i: Int) -> Int64? {
        let a = q[i] &- 48, b = q[i + 1] &- 48
        return a < 10 && b < 10 ? Int64(a) * 10 + Int64(b) : nil
    }

    /// Whether `q[s..<e]` could start an ISO date (`dddd-dd-dd`): a cheap test before `iso`.
    @inline(__always)
    public static func looksLikeISODate(_ q: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        e - s >= 10 && q[s + 4] == UInt8(ascii: "-") && q[s + 7] == UInt8(ascii: "-") && q[s] &- 48 < 10
    }

    /// An ISO 8601 date or date-time: `YYYY-MM-DD`, then optionally `T` (or a space) and
    /// `HH:MM`, `:SS`, a fraction of 1–9 digits (`.` or `,`; kept to the microsecond,
    /// truncated) and a zone (`Z`, `±HH:MM`, `±HHMM` or `±HH`), which converts the time to
    /// UTC. Spaces and tabs around the text are allowed. Nil unless the whole text is one.
    public static func iso(_ q: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int64? {
        var s = start, e = end
        while s < e && (q[s] == 0x20 || q[s] == 0x09) { s += 1 }
        while e > s && (q[e - 1] == 0x20 || q[e - 1] == 0x09) { e -= 1 }
        guard looksLikeISODate(q, s, e),
              let y1 = twoDigits(q, s), let y2 = twoDigits(q, s + 2),
              let month = twoDigits(q, s + 5), let day = twoDigits(q, s + 8),
              month >= 1, month <= 12, day >= 1 else { return nil }
        let year = y1 * 100 + y2
        guard day <= daysInMonth(year: year, month: month) else { return nil }
        let date = days(year: year, month: month, day: day) * microsPerDay
        var i = s + 10
        if i == e { return date }
        let separator = q[i]
        guard separator == UInt8(ascii: "T") || separator == UInt8(ascii: " ") || separator == UInt8(ascii: "t"),
              e - i >= 6, q[i + 3] == UInt8(ascii: ":"),
              let hour = twoDigits(q, i + 1), let minute = twoDigits(q, i + 4), hour < 24, minute < 60 else { return nil }
        i += 6
        var second: Int64 = 0
        var fraction: Int64 = 0
        if i < e && q[i] == UInt8(ascii: ":") {
            guard e - i >= 3, let ss = twoDigits(q, i + 1), ss < 60 else { return nil }
            second = ss
            i += 3
            if i < e && (q[i] == UInt8(ascii: ".") || q[i] == UInt8(ascii: ",")) {
                i += 1
                var digits = 0
                while i < e, let d = digit(q, i) {
                    if digits < 6 { fraction = fraction * 10 + d }
                    digits += 1
                    i += 1
                }
                guard digits >= 1 && digits <= 9 else { return nil }
                for _ in min(digits, 6)..<6 { fraction *= 10 }
            }
        }
        var offset: Int64 = 0
        if i < e {
            let c = q[i]
            if (c == UInt8(ascii: "Z") || c == UInt8(ascii: "z")) && i + 1 == e {
                i += 1
            } else if c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
                guard let minutes = zoneMinutes(q, i + 1, e) else { return nil }
                offset = (c == UInt8(ascii: "-") ? -minutes : minutes) * 60 * microsPerSecond
                i = e
            } else {
                return nil
            }
        }
        guard i == e else { return nil }
        return date + ((hour * 60 + minute) * 60 + second) * microsPerSecond + fraction - offset
    }

    /// `HH:MM`, `HHMM` or `HH` at `q[s..<e]` as minutes.
    static func zoneMinutes(_ q: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Int64? {
        guard e - s >= 2, let h = twoDigits(q, s), h <= 23 else { return nil }
        switch e - s {
        case 2: return h * 60
        case 4: guard let m = twoDigits(q, s + 2), m < 60 else { return nil }; return h * 60 + m
        case 5:
            guard q[s + 2] == UInt8(ascii: ":"), let m = twoDigits(q, s + 3), m < 60 else { return nil }
            return h * 60 + m
        default: return nil
        }
    }

    /// `iso` on a Swift string (tests, literals in scripts).
    public static func iso(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { bytes in bytes.baseAddress.flatMap { iso($0, 0, bytes.count) } }
    }

    // MARK: Display

    /// ISO text as pandas shows a timestamp: `2024-03-01` at midnight, else
    /// `2024-03-01 14:05:09`, with `.123` or `.123456` when there is a fraction.
    public static func isoText(_ micros: Int64) -> String {
        let day = floorDivide(micros, microsPerDay)
        let within = micros - day * microsPerDay
        let (year, month, dayOfMonth) = civil(days: day)
        var out = [UInt8]()
        out.reserveCapacity(26)
        func put(_ value: Int64, width: Int) {
            var digits = [UInt8](repeating: 48, count: width)
            var v = value
            for k in stride(from: width - 1, through: 0, by: -1) {
                digits[k] = 48 + UInt8(v % 10)
                v /= 10
            }
            out.append(contentsOf: digits)
        }
        if year < 0 { out.append(UInt8(ascii: "-")) }
        put(abs(year), width: abs(year) > 9999 ? String(abs(year)).count : 4)
        out.append(UInt8(ascii: "-")); put(month, width: 2)
        out.append(UInt8(ascii: "-")); put(dayOfMonth, width: 2)
        if within != 0 {
            let seconds = within / microsPerSecond, fraction = within % microsPerSecond
            out.append(UInt8(ascii: " ")); put(seconds / 3600, width: 2)
            out.append(UInt8(ascii: ":")); put(seconds / 60 % 60, width: 2)
            out.append(UInt8(ascii: ":")); put(seconds % 60, width: 2)
            if fraction != 0 {
                out.append(UInt8(ascii: "."))
                if fraction % 1000 == 0 { put(fraction / 1000, width: 3) } else { put(fraction, width: 6) }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// A strftime-style pattern for reading dates that are not ISO 8601, e.g. `%d/%m/%Y`.
///
/// Directives: `%Y` (year, 1–4 digits), `%y` (two digits: 69–99 → 19xx, else 20xx, as
/// POSIX), `%m`, `%d`, `%H`, `%I` (12-hour, with `%p` AM/PM), `%M`, `%S` (1–2 digits each),
/// `%f` (1–9 fraction digits, kept to the microsecond), `%b`/`%B`/`%h` (English month
/// names, any case, abbreviated or full), `%a`/`%A` (a weekday name, read and ignored),
/// `%z` (`Z` or `±HH[:]MM`), `%j` (day of the year), `%F` (`%Y-%m-%d`), `%T` (`%H:%M:%S`)
/// and `%%`. A space in the pattern matches any run of spaces; other characters match
/// themselves. As Python's `strptime`, the whole text must match.
public struct DateFormat: Sendable, Equatable {
    enum Piece: Equatable, Sendable {
        case literal(UInt8)
        case space
        case year4, year2, month, day, hour24, hour12, minute, second, fraction, monthName, weekdayName, ampm, zone, dayOfYear
    }

    let pieces: [Piece]
    public let pattern: String

    public init(_ pattern: String) throws {
        self.pattern = pattern
        var pieces = [Piece]()
        var bytes = Array(pattern.utf8)[...]
        func expand(_ text: String) { bytes = Array(text.utf8)[...] + bytes }
        while let b = bytes.popFirst() {
            if b != UInt8(ascii: "%") {
                pieces.append(b == 0x20 ? .space : .literal(b))
                continue
            }
            guard let d = bytes.popFirst() else {
                throw DataError.invalidArgument("date format '\(pattern)' ends with a lone '%'")
            }
            switch d {
            case UInt8(ascii: "Y"): pieces.append(.year4)
            case UInt8(ascii: "y"): pieces.append(.year2)
            case UInt8(ascii: "m"): pieces.append(.month)
            case UInt8(ascii: "d"), UInt8(ascii: "e"): pieces.append(.day)
            case UInt8(ascii: "H"): pieces.append(.hour24)
            case UInt8(ascii: "I"): pieces.append(.hour12)
            case UInt8(ascii: "M"): pieces.append(.minute)
            case UInt8(ascii: "S"): pieces.append(.second)
            case UInt8(ascii: "f"): pieces.append(.fraction)
            case UInt8(ascii: "b"), UInt8(ascii: "B"), UInt8(ascii: "h"): pieces.append(.monthName)
            case UInt8(ascii: "a"), UInt8(ascii: "A"): pieces.append(.weekdayName)
            case UInt8(ascii: "p"): pieces.append(.ampm)
            case UInt8(ascii: "z"): pieces.append(.zone)
            case UInt8(ascii: "j"): pieces.append(.dayOfYear)
            case UInt8(ascii: "F"): expand("%Y-%m-%d")
            case UInt8(ascii: "T"): expand("%H:%M:%S")
            case UInt8(ascii: "%"): pieces.append(.literal(d))
            default:
                throw DataError.invalidArgument(
                    "date format '\(pattern)' has an unsupported directive '%\(String(UnicodeScalar(d)))'; use %Y %y %m %d %H %I %p %M %S %f %b %a %z %j %F %T or %%")
            }
        }
        self.pieces = pieces
    }

    static let monthNames = ["january", "february", "march", "april", "may", "june", "july", "august",
                             "september", "october", "november", "december"].map { Array($0.utf8) }
    static let weekdayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        .map { Array($0.utf8) }

    /// The date in `q[start..<end]` (surrounding spaces allowed), or nil if it does not match.
    public func parse(_ q: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int64? {
        var i = start, e = end
        while i < e && (q[i] == 0x20 || q[i] == 0x09) { i += 1 }
        while e > i && (q[e - 1] == 0x20 || q[e - 1] == 0x09) { e -= 1 }
        var year: Int64 = 1900, month: Int64 = 1, day: Int64 = 1, dayOfYear: Int64?
        var hour: Int64 = 0, minute: Int64 = 0, second: Int64 = 0, fraction: Int64 = 0
        var pm: Bool?
        var offset: Int64 = 0
        func number(_ maxDigits: Int) -> Int64? {
            var value: Int64 = 0
            var n = 0
            while n < maxDigits && i < e, let d = DateParsing.digit(q, i) {
                value = value * 10 + d
                n += 1
                i += 1
            }
            return n > 0 ? value : nil
        }
        func name(_ names: [[UInt8]]) -> Int? {
            for (index, full) in names.enumerated() {
                for length in [full.count, 3] where e - i >= length {
                    var same = true
                    for k in 0..<length where q[i + k] | 0x20 != full[k] { same = false; break }
                    if same { i += length; return index }
                }
            }
            return nil
        }
        for piece in pieces {
            switch piece {
            case .literal(let b):
                guard i < e, q[i] == b else { return nil }
                i += 1
            case .space:
                while i < e && q[i] == 0x20 { i += 1 }
            case .year4: guard let v = number(4) else { return nil }; year = v
            case .year2: guard let v = number(2) else { return nil }; year = v < 69 ? 2000 + v : 1900 + v
            case .month: guard let v = number(2) else { return nil }; month = v
            case .day: guard let v = number(2) else { return nil }; day = v
            case .hour24: guard let v = number(2), v < 24 else { return nil }; hour = v
            case .hour12: guard let v = number(2), v >= 1, v <= 12 else { return nil }; hour = v
            case .minute: guard let v = number(2), v < 60 else { return nil }; minute = v
            case .second: guard let v = number(2), v < 60 else { return nil }; second = v
            case .dayOfYear: guard let v = number(3), v >= 1 else { return nil }; dayOfYear = v
            case .fraction:
                var digits = 0
                fraction = 0
                while i < e, let d = DateParsing.digit(q, i), digits < 9 {
                    if digits < 6 { fraction = fraction * 10 + d }
                    digits += 1
                    i += 1
                }
                guard digits > 0 else { return nil }
                for _ in min(digits, 6)..<6 { fraction *= 10 }
            case .monthName:
                guard let index = name(DateFormat.monthNames) else { return nil }
                month = Int64(index + 1)
            case .weekdayName:
                guard name(DateFormat.weekdayNames) != nil else { return nil }
            case .ampm:
                guard e - i >= 2, q[i + 1] | 0x20 == UInt8(ascii: "m") else { return nil }
                switch q[i] | 0x20 {
                case UInt8(ascii: "a"): pm = false
                case UInt8(ascii: "p"): pm = true
                default: return nil
                }
                i += 2
            case .zone:
                guard i < e else { return nil }
                let c = q[i]
                if c == UInt8(ascii: "Z") || c == UInt8(ascii: "z") {
                    i += 1
                } else if c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
                    var k = i + 1
                    while k < e && (DateParsing.digit(q, k) != nil || q[k] == UInt8(ascii: ":")) { k += 1 }
                    guard let minutes = DateParsing.zoneMinutes(q, i + 1, k) else { return nil }
                    offset = (c == UInt8(ascii: "-") ? -minutes : minutes) * 60 * DateParsing.microsPerSecond
                    i = k
                } else {
                    return nil
                }
            }
        }
        guard i == e else { return nil }
        if let pm { hour = hour % 12 + (pm ? 12 : 0) }
        var days: Int64
        if let dayOfYear {
            guard dayOfYear <= (DateParsing.isLeap(year) ? 366 : 365) else { return nil }
            days = DateParsing.days(year: year, month: 1, day: 1) + dayOfYear - 1
        } else {
            guard month >= 1, month <= 12, day >= 1, day <= DateParsing.daysInMonth(year: year, month: month) else { return nil }
            days = DateParsing.days(year: year, month: month, day: day)
        }
        days = days * DateParsing.microsPerDay
        return days + ((hour * 60 + minute) * 60 + second) * DateParsing.microsPerSecond + fraction - offset
    }

    /// `parse` on a Swift string.
    public func parse(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { bytes in bytes.baseAddress.flatMap { parse($0, 0, bytes.count) } }
    }
}
