import Foundation
import Testing
@testable import Data

@Suite struct DateParsingTests {
    static let day = DateParsing.microsPerDay
    static let second = DateParsing.microsPerSecond

    @Test func civilDaysRoundTripAcrossCenturies() {
        // Day by day from 1600-01-01 for 400 years (a full Gregorian cycle), checked against
        // a naive calendar walk.
        var (y, m, d): (Int64, Int64, Int64) = (1600, 1, 1)
        var days = DateParsing.days(year: 1600, month: 1, day: 1)
        #expect(days == -135_140)
        for _ in 0..<146_097 {
            #expect(DateParsing.days(year: y, month: m, day: d) == days)
            let civil = DateParsing.civil(days: days)
            #expect(civil == (y, m, d))
            d += 1
            if d > DateParsing.daysInMonth(year: y, month: m) { d = 1; m += 1 }
            if m > 12 { m = 1; y += 1 }
            days += 1
        }
        #expect(DateParsing.weekday(days: 0) == 3)  // 1970-01-01 was a Thursday
        #expect(DateParsing.weekday(days: -1) == 2)
    }

    @Test func isoForms() {
        #expect(DateParsing.iso("1970-01-01") == 0)
        #expect(DateParsing.iso("2024-02-29") == 19782 * Self.day)
        #expect(DateParsing.iso("1969-12-31T23:59:59") == -Self.second)
        #expect(DateParsing.iso("1970-01-01 00:00:01.5") == Self.second * 3 / 2)
        #expect(DateParsing.iso("1970-01-01T00:00:00.1234567") == 123_456)  // truncated to µs
        #expect(DateParsing.iso("1970-01-01T01:00Z") == 3600 * Self.second)
        #expect(DateParsing.iso("1970-01-01T01:00:00+01:00") == 0)
        #expect(DateParsing.iso("1970-01-01T00:00:00-0130") == 5400 * Self.second)
        #expect(DateParsing.iso("1970-01-01T00:00:00+02") == -7200 * Self.second)
        #expect(DateParsing.iso("  2024-01-05 ") == DateParsing.iso("2024-01-05"))
        for bad in ["2024-13-01", "2023-02-29", "2024-1-05", "2024-01-05x", "2024-01-05T25:00", "2024-01-05T10",
                    "2024-01-05T10:00:60", "2024/01/05", "", "20240105", "2024-01-05T10:00:00.", "2024-01-05T10:00:00+2",
                    "2024-01-05T10:00:00.1234567890", "2024-00-10", "2024-01-00"] {
            #expect(DateParsing.iso(bad) == nil, "\(bad)")
        }
    }

    @Test func isoText() {
        #expect(DateParsing.isoText(0) == "1970-01-01")
        #expect(DateParsing.isoText(-Self.second) == "1969-12-31 23:59:59")
        #expect(DateParsing.isoText(Self.second * 3 / 2) == "1970-01-01 00:00:01.500")
        #expect(DateParsing.isoText(123_456) == "1970-01-01 00:00:00.123456")
        #expect(DateParsing.isoText(DateParsing.days(year: 1, month: 1, day: 1) * Self.day) == "0001-01-01")
        for text in ["2024-02-29", "1900-03-01 06:07:08", "2031-07-15 18:45:00.250"] {
            #expect(DateParsing.iso(text).map(DateParsing.isoText) == text)
        }
    }

    @Test func strftimeFormats() throws {
        let dmy = try DateFormat("%d/%m/%Y")
        #expect(dmy.parse("05/01/2024") == DateParsing.iso("2024-01-05"))
        #expect(dmy.parse("5/1/2024") == DateParsing.iso("2024-01-05"))
        #expect(dmy.parse("31/02/2024") == nil)
        #expect(dmy.parse("05/01/2024 extra") == nil)
        #expect(try DateFormat("%b %d, %Y").parse("Mar 09, 2021") == DateParsing.iso("2021-03-09"))
        #expect(try DateFormat("%B %d %Y").parse("september 1 1999") == DateParsing.iso("1999-09-01"))
        #expect(try DateFormat("%Y-%m-%d %I:%M %p").parse("2024-01-05 12:30 AM") == DateParsing.iso("2024-01-05T00:30"))
        #expect(try DateFormat("%Y-%m-%d %I:%M %p").parse("2024-01-05 01:30 pm") == DateParsing.iso("2024-01-05T13:30"))
        #expect(try DateFormat("%y%m%d").parse("991231") == DateParsing.iso("1999-12-31"))
        #expect(try DateFormat("%y%m%d").parse("240101") == DateParsing.iso("2024-01-01"))
        #expect(try DateFormat("%Y.%j").parse("2024.060") == DateParsing.iso("2024-02-29"))
        #expect(try DateFormat("%FT%T.%f%z").parse("2024-01-05T10:00:00.5+01:00") == DateParsing.iso("2024-01-05T09:00:00.5"))
        #expect(try DateFormat("%a %d %b %Y").parse("Fri 05 Jan 2024") == DateParsing.iso("2024-01-05"))
        #expect(throws: DataError.self) { try DateFormat("%d/%m/%Q") }
        #expect(throws: DataError.self) { try DateFormat("%Y%") }
    }

    // MARK: Columns

    @Test func csvInfersISODatesAndKeepsMissing() throws {
        for chunks in 1...3 {
            let text = "d,t,mixed,numberish\n2024-01-05,2024-01-05T10:00:00Z,2024-01-01,2024-01-01\n,2024-01-06 11:00,x,\n2024-03-01,NA,2024-01-02,5\n"
            let frame = try CSVReader.read(data: Array(text.utf8), path: "d.csv", options: CSVOptions(), chunks: chunks)
            #expect(frame.columns.map(\.type) == [.datetime, .datetime, .string, .string])
            let d = try frame.column(named: "d")
            #expect(d.isMissing(1) && !d.isMissing(0))
            #expect(d.formatted(at: 2) == "2024-03-01")
            #expect(try frame.column(named: "t").formatted(at: 1) == "2024-01-06 11:00:00")
            #expect(frame.texts("mixed") == ["2024-01-01", "x", "2024-01-02"])
        }
        // Dates past the first chunk, then one text cell: the column is re-read as text.
        var long = "d\n"
        for i in 0..<400 { long += "2024-01-\(String(format: "%02d", i % 28 + 1))\n" }
        long += "soon\n"
        for chunks in 1...3 {
            let frame = try CSVReader.read(data: Array(long.utf8), path: "d.csv", options: CSVOptions(), chunks: chunks)
            #expect(try frame.column(named: "d").type == .string)
        }
    }

    @Test func csvForcedDatesAndFormats() throws {
        var options = CSVOptions()
        options.types = ["d": .datetime]
        let error = DataTestFiles.csvError("d\n2024-01-05\n05/01/2024\n", options: options)
        guard case .badTypedCell(_, 3, 1, "d", "datetime", "05/01/2024") = error else {
            Issue.record("expected a bad typed cell, got \(String(describing: error))")
            return
        }
        options.types = [:]
        options.dateFormats = ["d": try DateFormat("%d/%m/%Y")]
        let frame = try CSVReader.read(data: Array("d,n\n05/01/2024,1\n,2\n29/02/2000,3\n".utf8), options: options)
        #expect(try frame.column(named: "d").storage == .datetime(
            [DateParsing.iso("2024-01-05")!, 0, DateParsing.iso("2000-02-29")!], valid: [true, false, true]))
        options.dateFormats = ["nope": try DateFormat("%Y")]
        #expect(DataTestFiles.csvError("d\n1\n", options: options) == .unknownColumn(name: "nope", available: ["d"]))
    }

    @Test func datetimeColumnsSurviveCodecWriterAndRowSelection() throws {
        let column = Column.datetimes("when", [DateParsing.iso("2024-01-05T10:30:00.25"), nil, DateParsing.iso("1969-07-20")])
        let frame = try Frame(columns: [column, .numeric("x", [1, 2, 3])])
        #expect(try FrameCodec.decode(FrameCodec.encode(frame)) == frame)
        let path = DataTestFiles.temporaryPath("dates.csv")
        try CSVWriter.write(frame, to: path)
        #expect(try CSVReader.read(path: path) == frame)
        #expect(column.take([2, 0]).formatted(at: 0) == "1969-07-20")
        #expect(column.filter([false, true, true]).missingCount == 1)
        #expect(column.slice(0..<1).storage == .datetime([DateParsing.iso("2024-01-05T10:30:00.25")!], valid: nil))
        #expect(FrameFormatter.cellTexts(column, rows: [0, 1]) == ["2024-01-05 10:30:00.250", "NaT"])
        let order = try Sorting(by: ["when"], descending: [false]).order(frame)
        #expect(order == [2, 0, 1])
    }

    @Test func columnOperationsKeepMissingAndRefuseOtherTypes() throws {
        let column = Column.datetimes("d", [DateParsing.iso("2024-03-10T23:30:00"), nil, DateParsing.iso("1969-12-31T23:59:59")])
        #expect(try DateColumn.component(.hour, of: column).storage == .int64([23, 0, 23], valid: [true, false, true]))
        #expect(try DateColumn.component(.second, of: column).storage == .int64([0, 0, 59], valid: [true, false, true]))
        #expect(try DateColumn.component(.dayofyear, of: column).storage == .int64([70, 0, 365], valid: [true, false, true]))
        #expect(try DateColumn.truncate(column, to: .year).formatted(at: 2) == "1969-01-01")
        #expect(try DateColumn.truncate(column, to: .hour).formatted(at: 0) == "2024-03-10 23:00:00")
        let shifted = try DateColumn.adding(column, amounts: [1, 2, .nan], unitMicros: DateParsing.microsPerDay)
        #expect(shifted.formatted(at: 0) == "2024-03-11 23:30:00")
        #expect(shifted.isMissing(1) && shifted.isMissing(2))
        #expect(throws: DataError.self) { try DateColumn.component(.year, of: .numeric("x", [1])) }
        #expect(throws: DataError.self) { try DateColumn.adding(column, amounts: [1, 2], unitMicros: 1) }
        let parsed = try DateColumn.parse(.strings("s", ["2024-01-05", nil, "1999-12-31T12:00"]), format: nil)
        #expect(parsed.formatted(at: 2) == "1999-12-31 12:00:00" && parsed.isMissing(1))
        #expect(throws: DataError.self) { try DateColumn.parse(.strings("s", ["2024-01-05", "soon"]), format: nil) }
        #expect(try DateColumn.parse(.strings("s", ["soon"]), format: nil, invalidAsMissing: true).missingCount == 1)
    }

    /// Components inside the 1900…2099 lookup table and outside it (both edges, years
    /// before 1 and far ahead) agree with the calendar arithmetic.
    @Test func componentsAgreeInsideAndOutsideTheTable() throws {
        let days: [Int64] = [-25_568, -25_567, -25_566, 0, 47_481, 47_482, 47_483, -800_000, -719_529, 3_000_000]
        let column = Column.datetimes("d", days.map { $0 * DateParsing.microsPerDay + 3_600_000_000 })
        let parts: [(DateComponent, (Int64) -> Int64)] = [
            (.year, { DateParsing.civil(days: $0).year }), (.month, { DateParsing.civil(days: $0).month }),
            (.day, { DateParsing.civil(days: $0).day }),
            (.dayofyear, { $0 - DateParsing.days(year: DateParsing.civil(days: $0).year, month: 1, day: 1) + 1 }),
        ]
        for (part, expected) in parts {
            #expect(try DateColumn.component(part, of: column).storage == .int64(days.map(expected), valid: nil), "\(part)")
        }
        #expect(try DateColumn.component(.year, of: column).formatted(at: 0) == "1899")
        #expect(try DateColumn.component(.year, of: column).formatted(at: 5) == "2100")
    }

    /// A column long enough to run in several parallel chunks gives the serial answer.
    @Test func parallelChunksAgreeWithOneByOne() throws {
        let n = 300_000
        let values = (0..<n).map { Int64($0) * 7_777_777_777 - 1_000_000_000_000_000 }
        let column = Column.datetimes("d", values)
        let months = try DateColumn.component(.month, of: column)
        guard case .int64(let got, nil) = months.storage else { Issue.record("not int64"); return }
        for i in stride(from: 0, to: n, by: 997) {
            #expect(got[i] == DateParsing.civil(days: DateParsing.floorDivide(values[i], DateParsing.microsPerDay)).month)
        }
    }
}
