import Data
#if canImport(Glibc)
import Glibc
#endif

/// One column's reference and current values, cleaned as Evidently cleans them (missing
/// values, NaN and ±inf dropped) and in the shape the tests need: sorted values for a
/// numeric column, aligned counts per key for a categorical (string or bool) one.
enum ColumnSample {
    case numeric(reference: [Double], current: [Double], integer: Bool)
    case categorical(keys: [String], reference: [Double], current: [Double])

    /// The sample, or why the column cannot be tested.
    static func make(reference: Column, current: Column) -> Result<ColumnSample, ColumnProblem> {
        if reference.type == .datetime || current.type == .datetime {
            return .failure(.init("datetime columns are not tested for drift: derive numbers from them first (year, month, days_between)"))
        }
        let refNumeric = reference.isNumeric, curNumeric = current.isNumeric
        if refNumeric != curNumeric {
            return .failure(.init("the reference column is \(kind(reference)) but the current one is \(kind(current))"))
        }
        if refNumeric {
            let a = finiteSorted(reference), b = finiteSorted(current)
            if let problem = emptiness(reference: reference, current: current, refCount: a.count, curCount: b.count) {
                return .failure(problem)
            }
            return .success(.numeric(reference: a, current: b, integer: isWholeInt(reference) && isWholeInt(current)))
        }
        var keys: [String] = []
        var index: [String: Int] = [:]
        let refCodes = codes(reference, keys: &keys, index: &index)
        let curCodes = codes(current, keys: &keys, index: &index)
        var r = [Double](repeating: 0, count: keys.count), c = [Double](repeating: 0, count: keys.count)
        refCodes.count(into: &r)
        curCodes.count(into: &c)
        let refTotal = Int(r.reduce(0, +)), curTotal = Int(c.reduce(0, +))
        if let problem = emptiness(reference: reference, current: current, refCount: refTotal, curCount: curTotal) {
            return .failure(problem)
        }
        // Keep the keys seen in either sample, in first-seen order.
        var k: [String] = [], rr: [Double] = [], cc: [Double] = []
        for i in keys.indices where r[i] > 0 || c[i] > 0 {
            k.append(keys[i]); rr.append(r[i]); cc.append(c[i])
        }
        return .success(.categorical(keys: k, reference: rr, current: cc))
    }

    var isNumeric: Bool { if case .numeric = self { return true } else { return false } }

    var counts: (reference: Int, current: Int) {
        switch self {
        case .numeric(let a, let b, _): return (a.count, b.count)
        case .categorical(_, let r, let c): return (Int(r.reduce(0, +)), Int(c.reduce(0, +)))
        }
    }

    /// Distinct values across both samples (Evidently's `pd.concat([ref, cur]).nunique()`).
    var uniqueCount: Int {
        switch self {
        case .numeric(let a, let b, _): return CountTable.distinctCount(a, b)
        case .categorical(let keys, _, _): return keys.count
        }
    }

    /// Distinct values in the reference sample.
    var referenceUniqueCount: Int {
        switch self {
        case .numeric(let a, _, _): return distinctCount(a)
        case .categorical(_, let r, _): return r.filter { $0 > 0 }.count
        }
    }

    /// Aligned counts per distinct value (numeric, ascending) or per key (categorical).
    var countTable: CountTable {
        switch self {
        case .numeric(let a, let b, _): return CountTable.distinct(a, b)
        case .categorical(_, let r, let c): return CountTable(reference: r, current: c)
        }
    }

    // MARK: - Cleaning

    private static func kind(_ column: Column) -> String {
        switch column.type {
        case .float64, .int64: return "numeric"
        case .bool: return "bool"
        case .string: return "text"
        case .datetime: return "datetime"
        }
    }

    private static func emptiness(reference: Column, current: Column, refCount: Int, curCount: Int) -> ColumnProblem? {
        if reference.count == 0 { return .init("the reference column is empty") }
        if current.count == 0 { return .init("the current column is empty") }
        if refCount == 0 { return .init("the reference column has only missing or infinite values") }
        if curCount == 0 { return .init("the current column has only missing or infinite values") }
        return nil
    }

    static func finiteSorted(_ column: Column) -> [Double] {
        var out: [Double]
        switch column.storage {
        case .float64(let v):
            out = v.filter { $0.isFinite }
        case .int64(let v, let valid):
            if let valid {
                out = []
                out.reserveCapacity(v.count)
                for i in v.indices where valid[i] { out.append(Double(v[i])) }
            } else {
                out = v.map { Double($0) }
            }
        default:
            out = column.asDoubles()?.filter { $0.isFinite } ?? []
        }
        RadixSort.sort(&out)
        return out
    }

    /// An int64 column with nothing missing: pandas keeps it an integer dtype, which changes
    /// numpy's Sturges bin width (at least 1).
    private static func isWholeInt(_ column: Column) -> Bool {
        if case .int64(_, let valid) = column.storage { return valid?.allSatisfy { $0 } ?? true }
        return false
    }

    private struct Codes {
        var codes: [Int32]
        var mapping: [Int]   // local code -> key index
        var boolValues: [Bool]?
        var valid: [Bool]?

        func count(into counts: inout [Double]) {
            if let boolValues {
                var f = 0, t = 0
                for i in boolValues.indices where valid?[i] ?? true { if boolValues[i] { t += 1 } else { f += 1 } }
                counts[mapping[0]] += Double(f)
                counts[mapping[1]] += Double(t)
                return
            }
            var local = [Int](repeating: 0, count: mapping.count)
            for code in codes where code >= 0 { local[Int(code)] += 1 }
            for i in local.indices { counts[mapping[i]] += Double(local[i]) }
        }
    }

    private static func codes(_ column: Column, keys: inout [String], index: inout [String: Int]) -> Codes {
        func key(_ s: String) -> Int {
            if let i = index[s] { return i }
            index[s] = keys.count
            keys.append(s)
            return keys.count - 1
        }
        switch column.storage {
        case .categorical(let codes, let categories):
            return Codes(codes: codes, mapping: categories.map(key), boolValues: nil, valid: nil)
        case .bool(let values, let valid):
            return Codes(codes: [], mapping: [key("false"), key("true")], boolValues: values, valid: valid)
        default:
            return Codes(codes: [], mapping: [], boolValues: nil, valid: nil)
        }
    }

    private func distinctCount(_ a: [Double]) -> Int {
        guard !a.isEmpty else { return 0 }
        var n = 1
        for i in 1..<a.count where a[i] != a[i - 1] { n += 1 }
        return n
    }
}

/// Why one column could not be tested.
struct ColumnProblem: Error {
    var text: String
    init(_ text: String) { self.text = text }
}

/// LSD radix sort of doubles by their IEEE bits (NaN-free input), O(n) and allocation-light;
/// gives the same order as `sort()` except that -0.0 sorts before 0.0 (equal values either way).
enum RadixSort {
    /// Sorts finite doubles ascending: an LSD radix sort on order-preserving 64-bit keys,
    /// 11-bit digits in 6 passes. All six digit histograms come from one read of the keys,
    /// and a pass whose digit is the same for every key is skipped. Pointers, not arrays,
    /// in the loops: array accesses there cost a uniqueness check each.
    static func sort(_ values: inout [Double]) {
        let n = values.count
        if n < 2048 { values.sort(); return }
        let radix = 2048, passes = 6
        let keys = UnsafeMutablePointer<UInt64>.allocate(capacity: n)
        let scratch = UnsafeMutablePointer<UInt64>.allocate(capacity: n)
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: radix * passes)
        defer {
            keys.deallocate()
            scratch.deallocate()
            counts.deallocate()
        }
        counts.initialize(repeating: 0, count: radix * passes)
        values.withUnsafeBufferPointer { v in
            for i in 0..<n {
                let bits = v[i].bitPattern
                let key = bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
                keys[i] = key
                for pass in 0..<passes {
                    counts[pass * radix + Int((key >> UInt64(pass * 11)) & 2047)] += 1
                }
            }
        }
        var src = keys, dst = scratch
        for pass in 0..<passes {
            let histogram = counts + pass * radix
            let shift = UInt64(pass * 11)
            // Every key has the same digit here: the pass would not move anything.
            if histogram[Int((src[0] >> shift) & 2047)] == n { continue }
            var total = 0
            for d in 0..<radix {
                let c = histogram[d]
                histogram[d] = total
                total += c
            }
            for i in 0..<n {
                let key = src[i]
                let d = Int((key >> shift) & 2047)
                dst[histogram[d]] = key
                histogram[d] += 1
            }
            swap(&src, &dst)
        }
        values.withUnsafeMutableBufferPointer { v in
            for i in 0..<n {
                let key = src[i]
                let bits = key & (1 << 63) != 0 ? key & ~(1 << 63) : ~key
                v[i] = Double(bitPattern: bits)
            }
        }
    }
}
