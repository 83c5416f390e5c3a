#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LatheCore

/// A binary arithmetic operator applied elementwise.
public enum ElementwiseOperator: Sendable, CaseIterable {
    /// a + b
    case add
    /// a − b
    case subtract
    /// a × b
    case multiply
    /// a ÷ b in IEEE arithmetic: x/0 is ±inf, 0/0 is NaN.
    case divide
    /// Floored remainder, as Python's `%` and numpy's `remainder`: the result has the
    /// sign of b; a % 0 is NaN.
    case remainder
    /// Floored quotient, as Python's `//` and numpy's `floor_divide`.
    case floorDivide
    /// a ** b (C `pow`).
    case power
    /// The smaller of a and b; NaN if either is NaN (numpy `minimum`).
    case minimum
    /// The larger of a and b; NaN if either is NaN (numpy `maximum`).
    case maximum
}

/// A comparison applied elementwise. Comparisons with NaN are false, except
/// `notEqual`, which is true (IEEE, as numpy).
public enum ComparisonOperator: Sendable, CaseIterable {
    case equal, notEqual, less, lessEqual, greater, greaterEqual
}

/// A function applied to every element.
public enum UnaryFunction: Sendable, CaseIterable {
    /// eˣ
    case exp
    /// Natural log: log 0 = −inf, log of a negative is NaN.
    case log
    /// Square root: NaN for negatives.
    case sqrt
    /// |x|
    case abs
    /// −x
    case negate
    /// 1 / (1 + e⁻ˣ), computed without overflow for large |x|.
    case sigmoid
    /// Round toward −inf.
    case floor
    /// Round toward +inf.
    case ceil
    /// Round half to even, as numpy's `round` and Python's `round`.
    case round
}

// MARK: - Output buffers

/// A new `[Double]` of `n` elements filled by `body` (which must write every element),
/// without zeroing it first. Large buffers (≥ 4 MiB) are advised to use transparent huge
/// pages, as numpy does: with THP in "madvise" mode (this Debian's default), a fresh
/// 80 MB result otherwise costs ~20,000 page faults, about as long as the arithmetic.
@inline(__always)
func makeStorage(_ n: Int, _ body: (UnsafeMutablePointer<Double>) -> Void) -> [Double] {
    [Double](unsafeUninitializedCapacity: n) { o, initialized in
        if let q = o.baseAddress, n > 0 {
            adviseHugePages(q, bytes: n * MemoryLayout<Double>.stride)
            body(q)
        }
        initialized = n
    }
}

/// `madvise(MADV_HUGEPAGE)` on the whole pages inside a large buffer; a no-op elsewhere.
func adviseHugePages(_ p: UnsafeMutableRawPointer, bytes: Int) {
    #if os(Linux)
    let threshold = 4 << 20
    guard bytes >= threshold else { return }
    let page = 4096
    let start = (Int(bitPattern: p) + page - 1) & ~(page - 1)
    let end = (Int(bitPattern: p) + bytes) & ~(page - 1)
    guard end > start, let aligned = UnsafeMutableRawPointer(bitPattern: start) else { return }
    _ = madvise(aligned, end - start, MADV_HUGEPAGE)
    #endif
}

// MARK: - Broadcasting

/// How two operands line up: numpy rules on shapes padded on the left to rank 2.
struct Broadcast {
    var shape: [Int]
    var rows: Int, columns: Int
    /// Element steps in each operand per output row / per output column (0 = repeated).
    var aRowStep: Int, aColumnStep: Int
    var bRowStep: Int, bColumnStep: Int

    /// A length-`n` vector against a scalar: always compatible, so this cannot throw.
    init(scalarAgainst n: Int) {
        shape = [n]
        rows = 1
        columns = n
        aRowStep = 0
        aColumnStep = 1
        bRowStep = 0
        bColumnStep = 0
    }

    init(_ a: [Int], _ b: [Int]) throws {
        func padded(_ s: [Int]) -> (Int, Int) { s.count == 2 ? (s[0], s[1]) : (1, s[0]) }
        let (ar, ac) = padded(a), (br, bc) = padded(b)
        func combine(_ x: Int, _ y: Int) -> Int? {
            if x == y { return x }
            if x == 1 { return y }
            if y == 1 { return x }
            return nil
        }
        guard let r = combine(ar, br), let c = combine(ac, bc) else {
            throw NumericError.shapeMismatch(
                "cannot broadcast shapes \(describeShape(a)) and \(describeShape(b))")
        }
        rows = r
        columns = c
        shape = (a.count == 2 || b.count == 2) ? [r, c] : [c]
        aRowStep = ar == 1 ? 0 : ac
        aColumnStep = ac == 1 ? 0 : 1
        bRowStep = br == 1 ? 0 : bc
        bColumnStep = bc == 1 ? 0 : 1
        if c == 1 && r > 1 {
            // One output column: walk it as a single row, so the loop runs over all rows.
            columns = r
            rows = 1
            aColumnStep = aRowStep == 0 ? 0 : 1
            bColumnStep = bRowStep == 0 ? 0 : 1
            aRowStep = 0
            bRowStep = 0
        }
    }

    /// True when each operand is either contiguous over the whole output or a single
    /// repeated value, so one run over `rows × columns` elements covers it.
    var isFlat: Bool {
        func flat(_ rowStep: Int, _ columnStep: Int) -> Bool {
            rows == 1 || (columnStep == 1 ? rowStep == columns : rowStep == 0)
        }
        return flat(aRowStep, aColumnStep) && flat(bRowStep, bColumnStep)
    }
}

// MARK: - Operator kernels (specialized per type: one tight loop per operator)

protocol BinaryKernel { static func apply(_ a: Double, _ b: Double) -> Double }

enum AddKernel: BinaryKernel { @inline(__always) static func apply(_ a: Double, _ b: Double) -> Double { a + b } }
enum SubtractKernel: BinaryKernel { @inline(__always) static func apply(_ a: Double, _ b: Double) -> Double { a - b } }
enum MultiplyKernel: BinaryKernel { @inline(__always) static func apply(_ a: Double, _ b: Double) -> Double { a * b } }
enum DivideKernel: BinaryKernel { @inline(__always) static func apply(_ a: Double, _ b: Double) -> Double { a / b } }
enum RemainderKernel: BinaryKernel {
    @inline(__always) static func apply(_ a: Double, _ b: Double) -> Double { FlooredDivision.remainder(a, b) }
}
enum FloorDivideKernel: BinaryKernel {
    @inline(__always) static func apply(_ a: Double, _ b: Double) -> Double { FlooredDivision.quotient(a, b) }
}
enum PowerKernel: BinaryKernel { @inline(__always) static func apply(_ a: Double, _ b: Double) -> Double { Glibc.pow(a, b) } }
enum MinimumKernel: BinaryKernel { @inline(__always) static func apply(_ a: Double, _ b: Double) -> Double { propagatingMin(a, b) } }
enum MaximumKernel: BinaryKernel { @inline(__always) static func apply(_ a: Double, _ b: Double) -> Double { propagatingMax(a, b) } }


/// out[i] = K(a[i·as], b[i·bs]) for i in 0..<n, with steps 0 or 1.
@inline(__always)
func binaryRun<K: BinaryKernel>(_: K.Type, _ a: UnsafePointer<Double>, _ aStep: Int,
                                _ b: UnsafePointer<Double>, _ bStep: Int,
                                _ out: UnsafeMutablePointer<Double>, _ n: Int) {
    if aStep == 1 && bStep == 1 {
        for i in 0..<n { out[i] = K.apply(a[i], b[i]) }
    } else if aStep == 1 {
        let y = b[0]
        for i in 0..<n { out[i] = K.apply(a[i], y) }
    } else if bStep == 1 {
        let x = a[0]
        for i in 0..<n { out[i] = K.apply(x, b[i]) }
    } else {
        let v = K.apply(a[0], b[0])
        for i in 0..<n { out[i] = v }
    }
}

func binaryBroadcast<K: BinaryKernel>(_ k: K.Type, _ g: Broadcast, _ a: UnsafePointer<Double>,
                                      _ b: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>) {
    // Whole-buffer fast path when rows are laid out back to back in both operands.
    if g.isFlat {
        binaryRun(k, a, g.aColumnStep, b, g.bColumnStep, out, g.rows * g.columns)
        return
    }
    for r in 0..<g.rows {
        binaryRun(k, a + r * g.aRowStep, g.aColumnStep, b + r * g.bRowStep, g.bColumnStep,
                  out + r * g.columns, g.columns)
    }
}

func dispatchBinary(_ op: ElementwiseOperator, _ g: Broadcast, _ a: UnsafePointer<Double>,
                    _ b: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>) {
    switch op {
    case .add: binaryBroadcast(AddKernel.self, g, a, b, out)
    case .subtract: binaryBroadcast(SubtractKernel.self, g, a, b, out)
    case .multiply: binaryBroadcast(MultiplyKernel.self, g, a, b, out)
    case .divide: binaryBroadcast(DivideKernel.self, g, a, b, out)
    case .remainder: binaryBroadcast(RemainderKernel.self, g, a, b, out)
    case .floorDivide: binaryBroadcast(FloorDivideKernel.self, g, a, b, out)
    case .power: binaryBroadcast(PowerKernel.self, g, a, b, out)
    case .minimum: binaryBroadcast(MinimumKernel.self, g, a, b, out)
    case .maximum: binaryBroadcast(MaximumKernel.self, g, a, b, out)
    }
}

protocol UnaryKernel { static func apply(_ x: Double) -> Double }
enum ExpKernel: UnaryKernel { @inline(__always) static func apply(_ x: Double) -> Double { Glibc.exp(x) } }
enum LogKernel: UnaryKernel { @inline(__always) static func apply(_ x: Double) -> Double { Glibc.log(x) } }
enum SqrtKernel: UnaryKernel { @inline(__always) static func apply(_ x: Double) -> Double { x.squareRoot() } }
enum AbsKernel: UnaryKernel { @inline(__always) static func apply(_ x: Double) -> Double { Swift.abs(x) } }
enum NegateKernel: UnaryKernel { @inline(__always) static func apply(_ x: Double) -> Double { -x } }
enum FloorKernel: UnaryKernel { @inline(__always) static func apply(_ x: Double) -> Double { x.rounded(.down) } }
enum CeilKernel: UnaryKernel { @inline(__always) static func apply(_ x: Double) -> Double { x.rounded(.up) } }
enum RoundKernel: UnaryKernel { @inline(__always) static func apply(_ x: Double) -> Double { x.rounded(.toNearestOrEven) } }
enum SquareKernel: UnaryKernel { @inline(__always) static func apply(_ x: Double) -> Double { x * x } }
enum SigmoidKernel: UnaryKernel {
    /// Two branches so e^(±x) never overflows: 1/(1+e^-x) for x ≥ 0, e^x/(1+e^x) below.
    @inline(__always) static func apply(_ x: Double) -> Double {
        if x >= 0 { return 1 / (1 + Glibc.exp(-x)) }
        let e = Glibc.exp(x)
        return e / (1 + e)
    }
}

protocol CompareKernel { static func test(_ a: Double, _ b: Double) -> Bool }
enum EqualKernel: CompareKernel { @inline(__always) static func test(_ a: Double, _ b: Double) -> Bool { a == b } }
enum NotEqualKernel: CompareKernel { @inline(__always) static func test(_ a: Double, _ b: Double) -> Bool { a != b } }
enum LessKernel: CompareKernel { @inline(__always) static func test(_ a: Double, _ b: Double) -> Bool { a < b } }
enum LessEqualKernel: CompareKernel { @inline(__always) static func test(_ a: Double, _ b: Double) -> Bool { a <= b } }
enum GreaterKernel: CompareKernel { @inline(__always) static func test(_ a: Double, _ b: Double) -> Bool { a > b } }
enum GreaterEqualKernel: CompareKernel { @inline(__always) static func test(_ a: Double, _ b: Double) -> Bool { a >= b } }

func compareBroadcast<K: CompareKernel>(_: K.Type, _ g: Broadcast, _ a: UnsafePointer<Double>,
                                        _ b: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Bool>) {
    let flat = g.isFlat
    for r in 0..<(flat ? 1 : g.rows) {
        let ar = a + r * g.aRowStep, br = b + r * g.bRowStep, o = out + r * g.columns
        let n = flat ? g.rows * g.columns : g.columns
        if g.aColumnStep == 1 && g.bColumnStep == 1 {
            for i in 0..<n { o[i] = K.test(ar[i], br[i]) }
        } else if g.aColumnStep == 1 {
            let y = br[0]
            for i in 0..<n { o[i] = K.test(ar[i], y) }
        } else if g.bColumnStep == 1 {
            let x = ar[0]
            for i in 0..<n { o[i] = K.test(x, br[i]) }
        } else {
            let v = K.test(ar[0], br[0])
            for i in 0..<n { o[i] = v }
        }
    }
}

func dispatchCompare(_ op: ComparisonOperator, _ g: Broadcast, _ a: UnsafePointer<Double>,
                     _ b: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Bool>) {
    switch op {
    case .equal: compareBroadcast(EqualKernel.self, g, a, b, out)
    case .notEqual: compareBroadcast(NotEqualKernel.self, g, a, b, out)
    case .less: compareBroadcast(LessKernel.self, g, a, b, out)
    case .lessEqual: compareBroadcast(LessEqualKernel.self, g, a, b, out)
    case .greater: compareBroadcast(GreaterKernel.self, g, a, b, out)
    case .greaterEqual: compareBroadcast(GreaterEqualKernel.self, g, a, b, out)
    }
}

// MARK: - Public API

extension Tensor {
    /// `self op other` elementwise with numpy broadcasting. Shapes are padded on the
    /// left to rank 2 (`[n]` reads as `[1, n]`); each extent pair must be equal or
    /// contain a 1. So `[1]` acts as a scalar, a `[c]` vector applies to every row of
    /// an `[r, c]` matrix, an `[r, 1]` column to every column, and `[r, 1]` against
    /// `[c]` gives the `[r, c]` outer combination. The result is 1-D when both
    /// operands are. Throws `shapeMismatch` naming both shapes otherwise.
    /// - Complexity: O(result count); order-independent (each element is one operation).
    public func elementwise(_ op: ElementwiseOperator, _ other: Tensor) throws -> Tensor {
        let g = try Broadcast(shape, other.shape)
        let n = g.rows * g.columns
        let out = makeStorage(n) { q in
            storage.withUnsafeBufferPointer { a in
                other.storage.withUnsafeBufferPointer { b in
                    dispatchBinary(op, g, a.baseAddress!, b.baseAddress!, q)
                }
            }
        }
        return Tensor(uncheckedShape: g.shape, storage: out)
    }

    /// `self op scalar`, or `scalar op self` when `scalarOnLeft`. - Complexity: O(count).
    public func elementwise(_ op: ElementwiseOperator, scalar: Double, scalarOnLeft: Bool = false) -> Tensor {
        let n = count
        guard n > 0 else { return self }
        let g = Broadcast(scalarAgainst: n)
        var s = scalar
        let out = makeStorage(n) { q in
            storage.withUnsafeBufferPointer { a in
                withUnsafePointer(to: &s) { sp in
                    if scalarOnLeft {
                        var h = g
                        swap(&h.aColumnStep, &h.bColumnStep)
                        dispatchBinary(op, h, sp, a.baseAddress!, q)
                    } else {
                        dispatchBinary(op, g, a.baseAddress!, sp, q)
                    }
                }
            }
        }
        return Tensor(uncheckedShape: shape, storage: out)
    }

    /// Elementwise comparison with numpy broadcasting (as `elementwise`); the mask holds
    /// the broadcast result row-major. Throws `shapeMismatch` for incompatible shapes.
    /// - Complexity: O(result count).
    public func compare(_ op: ComparisonOperator, _ other: Tensor) throws -> Mask {
        let g = try Broadcast(shape, other.shape)
        let n = g.rows * g.columns
        var out = [Bool](repeating: false, count: n)
        if n > 0 {
            storage.withUnsafeBufferPointer { a in
                other.storage.withUnsafeBufferPointer { b in
                    out.withUnsafeMutableBufferPointer { o in
                        dispatchCompare(op, g, a.baseAddress!, b.baseAddress!, o.baseAddress!)
                    }
                }
            }
        }
        return Mask(out)
    }

    /// `self op scalar` elementwise, as a mask of `count` flags. - Complexity: O(count).
    public func compare(_ op: ComparisonOperator, scalar: Double) -> Mask {
        var out = [Bool](repeating: false, count: count)
        guard count > 0 else { return Mask(out) }
        let g = Broadcast(scalarAgainst: count)
        var s = scalar
        storage.withUnsafeBufferPointer { a in
            withUnsafePointer(to: &s) { sp in
                out.withUnsafeMutableBufferPointer { o in
                    dispatchCompare(op, g, a.baseAddress!, sp, o.baseAddress!)
                }
            }
        }
        return Mask(out)
    }

    /// `f` applied to every element. - Complexity: O(count).
    public func apply(_ f: UnaryFunction) -> Tensor {
        switch f {
        case .exp: return mapped(ExpKernel.self)
        case .log: return mapped(LogKernel.self)
        case .sqrt: return mapped(SqrtKernel.self)
        case .abs: return mapped(AbsKernel.self)
        case .negate: return mapped(NegateKernel.self)
        case .sigmoid: return mapped(SigmoidKernel.self)
        case .floor: return mapped(FloorKernel.self)
        case .ceil: return mapped(CeilKernel.self)
        case .round: return mapped(RoundKernel.self)
        }
    }

    /// A new tensor of `K.apply` on each element: one tight loop, written straight into
    /// uninitialized storage. - Complexity: O(count).
    func mapped<K: UnaryKernel>(_: K.Type) -> Tensor {
        let n = count
        let out = makeStorage(n) { q in
            storage.withUnsafeBufferPointer { src in
                let p = src.baseAddress!
                for i in 0..<n { q[i] = K.apply(p[i]) }
            }
        }
        return Tensor(uncheckedShape: shape, storage: out)
    }

    /// Each element limited to [min, max] (numpy `clip`: NaN stays NaN; if min > max
    /// every element becomes max). - Complexity: O(count).
    public func clip(min lower: Double, max upper: Double) -> Tensor {
        let n = count
        let out = makeStorage(n) { q in
            storage.withUnsafeBufferPointer { src in
                let p = src.baseAddress!
                for i in 0..<n {
                    var v = p[i]
                    v = v < lower ? lower : v
                    v = v > upper ? upper : v
                    q[i] = v
                }
            }
        }
        return Tensor(uncheckedShape: shape, storage: out)
    }

    /// Each element raised to `e` (C `pow`; `e == 2` multiplies directly).
    /// - Complexity: O(count).
    public func pow(_ e: Double) -> Tensor {
        if e == 1 { return self }
        guard e == 2 else { return elementwise(.power, scalar: e) }
        return mapped(SquareKernel.self)
    }

    /// The `+`, `-`, `*`, `/` family on tensors, for Swift callers and tests.
    /// Throws `shapeMismatch` as `elementwise`.
    public static func + (a: Tensor, b: Tensor) throws -> Tensor { try a.elementwise(.add, b) }
    public static func - (a: Tensor, b: Tensor) throws -> Tensor { try a.elementwise(.subtract, b) }
    public static func * (a: Tensor, b: Tensor) throws -> Tensor { try a.elementwise(.multiply, b) }
    public static func / (a: Tensor, b: Tensor) throws -> Tensor { try a.elementwise(.divide, b) }
}
