import Testing
@testable import Data

/// `RowKeyCodes` (distinct, pivot, unique, value_counts, the mode) against `GroupBy`, which
/// numbers the same keys through dictionaries; and the selection median and neighbour fills
/// against the sort and gather they replaced.
@Suite struct RowKeyCodesTests {
    /// A deterministic generator (SplitMix64), so failures reproduce.
    struct Numbers {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    /// Columns of every kind with missing values, few or many distinct values, -0.0 and 0.0,
    /// and integers spread too wide for an offset code.
    static func columns(rows: Int, seed: UInt64) -> [Column] {
        var r = Numbers(state: seed)
        let missing = { (r: inout Numbers) in r.below(7) == 0 }
        return [
            .strings("s", (0..<rows).map { _ in missing(&r) ? nil : "v\(r.below(5))" }),
            .integers("i", (0..<rows).map { _ in missing(&r) ? nil : Int64(r.below(4)) - 2 }),
            .integers("wide", (0..<rows).map { _ in missing(&r) ? nil : [Int64.min, Int64.max, 0, 1 << 40][r.below(4)] }),
            .numeric("x", (0..<rows).map { _ in missing(&r) ? .nan : [0.0, -0.0, 1.5, -2.25, .infinity][r.below(5)] }),
            .bools("b", (0..<rows).map { _ in missing(&r) ? nil : r.below(2) == 0 }),
            .datetimes("d", (0..<rows).map { _ in missing(&r) ? nil : Int64(r.below(3)) * 86_400_000_000 }),
            .numeric("many", (0..<rows).map { _ in Double(r.below(rows)) / 7 }),
        ]
    }

    @Test(arguments: [0, 1, 2, 17, 300])
    func codesMatchGroupByInFirstAppearanceOrder(rows: Int) throws {
        let columns = Self.columns(rows: rows, seed: UInt64(rows) + 1)
        let frame = try Frame(columns: columns)
        // Single columns, pairs and all of them (whose radix product overflows 64 bits).
        var keySets = columns.map { [$0.name] }
        keySets += [["s", "i"], ["x", "b", "d"], ["wide", "many", "s"], columns.map(\.name)]
        for keys in keySets {
            for dropMissing in [false, true] {
                let chosen = try keys.map { try frame.column(named: $0) }
                let codes = RowKeyCodes(chosen, rowCount: rows, dropMissing: dropMissing)
                let groups = try GroupBy(frame, keys: keys, sort: false, dropMissing: dropMissing)
                #expect(codes.codes == groups.groupOfRow, "keys \(keys), dropMissing \(dropMissing)")
                #expect(codes.firstRows == groups.firstRows, "keys \(keys), dropMissing \(dropMissing)")
            }
        }
    }

    @Test func sortedKeysRankLikeASortedGroupBy() throws {
        let columns = Self.columns(rows: 200, seed: 9)
        let frame = try Frame(columns: columns)
        for keys in [["s"], ["x"], ["i", "s"], ["b", "d", "wide"]] {
            let sorted = SortedKeys(try keys.map { try frame.column(named: $0) }, rowCount: 200)
            let groups = try GroupBy(frame, keys: keys, sort: true, dropMissing: true)
            #expect(sorted.rankOfRow == groups.groupOfRow, "keys \(keys)")
            #expect(sorted.sortedFirstRows == groups.firstRows, "keys \(keys)")
        }
    }

    @Test(arguments: [1, 2, 3, 4, 10, 11, 257])
    func selectionMedianEqualsTheSortedQuantile(count: Int) {
        var r = Numbers(state: UInt64(count))
        for pool in [3, 1000] {
            var values = (0..<count).map { _ in Double(r.below(pool)) - Double(pool / 2) + (r.below(2) == 0 ? 0.5 : 0) }
            let expected = Describe.quantile(sorted: values.sorted(), 0.5)
            #expect(Column.median(selectingIn: &values) == expected)
        }
        var infinite = [Double](repeating: 1, count: count) + [.infinity]
        let expected = Describe.quantile(sorted: infinite.sorted(), 0.5)
        let found = Column.median(selectingIn: &infinite)
        #expect(found == expected || (found.isNaN && expected.isNaN))
    }

    @Test func neighbourFillsEqualTheGatherOfTheLastPresentRow() throws {
        for column in Self.columns(rows: 120, seed: 4) {
            let missing = column.missingMask
            for forward in [true, false] {
                var rows = Array(0..<column.count), last = -1
                let order = forward ? Array(0..<column.count) : Array((0..<column.count).reversed())
                for row in order {
                    if missing[row] { if last >= 0 { rows[row] = last } } else { last = row }
                }
                #expect(column.fillingFromNeighbours(forward: forward) == column.take(rows), "\(column.name) forward \(forward)")
            }
        }
    }
}

extension RowKeyCodesTests {
    @Test func meanFillIsTheCompensatedMeanOfThePresentValues() throws {
        var r = Numbers(state: 77)
        for pool in [[-0.0], [0.0, -0.0, .nan], [1e308, 1e308, -1e308, .nan], [0.1, -0.3, 2.5, .nan, 1e-12, -0.0]] {
            let values = (0..<101).map { _ in pool[r.below(pool.count)] }
            let present = values.filter { !$0.isNaN }
            let filled = try Column.numeric("x", values + [.nan]).fillingMissing(strategy: .mean)
            let expected = present.isEmpty ? Double.nan : Describe.compensatedSum(present) / Double(present.count)
            guard case .float64(let out) = filled.storage, let last = out.last else { Issue.record("not float64"); continue }
            #expect(last.bitPattern == expected.bitPattern || (last.isNaN && expected.isNaN), "pool \(pool)")
        }
    }
}
