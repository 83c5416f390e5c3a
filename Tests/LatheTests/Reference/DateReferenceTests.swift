// Datetime columns against pandas 3.1.1 `Series.dt` (Tests/Fixtures/data/dates/, written by
// tools/reference/ref_dates.py): the CSV reader's ISO 8601 inference and `format:`, the
// components, truncation to day/week/month, differences and shifts in days. Instants are
// compared as integer microseconds, fractions of days bit for bit.

import Foundation
import Testing
@testable import Data

@Suite("Reference: dates vs pandas")
struct DateReferenceTests {
    static let fixture = ReferenceFixtures.json("data/dates/dates.pandas.json")

    static func frame(chunks: Int = 1) throws -> Frame {
        var options = CSVOptions()
        options.dateFormats = ["dmy": try DateFormat("%d/%m/%Y")]
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: ReferenceFixtures.fixture("data/dates/dates.csv"))))
        return try CSVReader.read(data: bytes, path: "dates.csv", options: options, chunks: chunks)
    }

    static func micros(_ column: Column) -> [Int64?] {
        guard case .datetime(let values, let valid) = column.storage else { return [] }
        return values.indices.map { (valid?[$0] ?? true) ? values[$0] : nil }
    }

    static func expectedMicros(_ result: RefJSON) -> [Int64?] {
        result["micros"].array.map { $0.isNull ? nil : $0.int64 }
    }

    static func numbers(_ column: Column) -> [Double?] {
        (column.asDoubles() ?? []).map { $0.isNaN ? nil : $0 }
    }

    static func expectedNumbers(_ result: RefJSON) -> [Double?] {
        result["values"].array.map { $0.isNull ? nil : $0.double }
    }

    @Test func everyOperationMatchesPandas() throws {
        let results = Self.fixture["results"].array
        #expect(results.count > 30)
        for chunks in [1, 3] {
            let frame = try Self.frame(chunks: chunks)
            #expect(frame.columns.map(\.type) == [.int64, .datetime, .datetime, .datetime])
            let origin = Column.datetimes("origin", [DateParsing.iso(Self.fixture["origin"].string ?? "")])
            for result in results {
                let name = result["name"].string ?? "", op = result["op"].string ?? ""
                let label = Comment(rawValue: "\(name) \(op) (chunks \(chunks))")
                if name == "stamp-day" {
                    let unit = op == "days_between" ? DateParsing.microsPerDay : DateParsing.microsPerSecond
                    let got = try DateColumn.difference(try frame.column(named: "stamp"), try frame.column(named: "day"), unitMicros: unit, name: "d")
                    #expect(Self.numbers(got) == Self.expectedNumbers(result), label)
                    continue
                }
                let column = try frame.column(named: name)
                if let part = DateComponent(rawValue: op) {
                    let got = try DateColumn.component(part, of: column)
                    #expect(got.type == .int64, label)
                    #expect(Self.numbers(got) == Self.expectedNumbers(result), label)
                    continue
                }
                switch op {
                case "values":
                    #expect(Self.micros(column) == Self.expectedMicros(result), label)
                case "truncate_day", "truncate_week", "truncate_month":
                    let unit = DateUnit(rawValue: String(op.dropFirst("truncate_".count)))!
                    #expect(Self.micros(try DateColumn.truncate(column, to: unit)) == Self.expectedMicros(result), label)
                case "days_since_origin":
                    let got = try DateColumn.difference(column, origin, unitMicros: DateParsing.microsPerDay, name: name)
                    #expect(Self.numbers(got) == Self.expectedNumbers(result), label)
                case let shift where shift.hasPrefix("add_days "):
                    let days = Double(shift.dropFirst("add_days ".count)) ?? .nan
                    let got = try DateColumn.adding(column, amounts: [days], unitMicros: DateParsing.microsPerDay)
                    #expect(Self.micros(got) == Self.expectedMicros(result), label)
                default:
                    Issue.record("unknown operation \(op)")
                }
            }
        }
    }
}
