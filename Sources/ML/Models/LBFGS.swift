/// Limited-memory BFGS for smooth unconstrained minimization, following SciPy's
/// `L-BFGS-B` (Byrd, Lu, Nocedal and Zhu, v3.0) on problems without bounds, so that models
/// fitted with it stop where scikit-learn's `lbfgs` solver stops:
///
/// - the direction is −H·g from the two-loop recursion over the last `memory` pairs with
///   H₀ = sᵀy/yᵀy (the same step as L-BFGS-B's compact form with θ = yᵀy/sᵀy); the first
///   iteration, and one after a reset, steps along −g with length 1/‖g‖₂;
/// - the step length comes from Moré and Thuente's line search (MINPACK-2 `dcsrch`,
///   ftol 1e-3, gtol 0.9, xtol 0.1), trial step 1;
/// - it stops when ‖g‖∞ ≤ `gradientTolerance`, when the relative decrease
///   (f₀ − f₁)/max(|f₀|, |f₁|, 1) ≤ `functionTolerance`, or after `maxIterations`;
/// - a pair with sᵀy ≤ ε·(−gᵀs) is not stored; a failed line search restarts from −g once.
///
/// Results depend on the order of floating-point operations in the objective.
/// - Complexity: O(memory·n) per iteration besides the objective.
public struct LBFGS {
    public var memory = 10
    public var maxIterations = 100
    public var gradientTolerance = 1e-4
    public var functionTolerance = 64 * Double.ulpOfOne
    public var maxLineSearchSteps = 50
    public var maxEvaluations = 15000

    public init() {}

    public enum Stop: String, Sendable {
        case gradient = "projected gradient below tolerance"
        case function = "relative reduction of the objective below tolerance"
        case iterations = "iteration limit reached"
        case evaluations = "evaluation limit reached"
        case lineSearch = "line search could not find a lower point"
    }

    public struct Result: Sendable {
        public var x: [Double]
        public var value: Double
        public var gradient: [Double]
        public var iterations: Int
        public var evaluations: Int
        public var stop: Stop
        public var converged: Bool { stop == .gradient || stop == .function }
    }

    /// Minimizes `objective`, which returns f(x) and writes ∇f(x) into its second argument.
    /// `afterIteration(iteration, x, f)` runs after each iteration and may throw to stop.
    public func minimize(_ x0: [Double],
                         objective: (_ x: [Double], _ gradient: inout [Double]) throws -> Double,
                         afterIteration: (_ iteration: Int, _ x: [Double], _ value: Double) throws -> Void = { _, _, _ in }) throws -> Result {
        let n = x0.count
        var x = x0
        var g = [Double](repeating: 0, count: n)
        var f = try objective(x, &g)
        var evaluations = 1
        var iterations = 0
        var sList: [[Double]] = [], yList: [[Double]] = [], rhoList: [Double] = []
        func result(_ stop: Stop) -> Result {
            Result(x: x, value: f, gradient: g, iterations: iterations, evaluations: evaluations, stop: stop)
        }
        if infinityNorm(g) <= gradientTolerance { return result(.gradient) }

        var d = [Double](repeating: 0, count: n)
        var xNew = x, gNew = g
        while true {
            // Search direction.
            let hasPairs = !sList.isEmpty
            if hasPairs {
                twoLoop(g, sList, yList, rhoList, into: &d)
            } else {
                for i in 0..<n { d[i] = -g[i] }
            }
            var gd = dot(g, d)
            if !(gd < 0) {
                // Not a descent direction (rounding): restart from steepest descent once.
                if hasPairs {
                    sList.removeAll(); yList.removeAll(); rhoList.removeAll()
                    continue
                }
                return result(.lineSearch)
            }
            let dnorm = dot(d, d).squareRoot()
            var step = !hasPairs && iterations == 0 ? min(1 / dnorm, 1e10) : 1.0

            // Line search.
            var search = MoreThuente(value: f, slope: gd, step: step, maxStep: 1e10)
            var fNew = f
            var tries = 0
            var accepted = false
            while tries < maxLineSearchSteps && evaluations < maxEvaluations {
                step = search.step
                if step == 1 {
                    for i in 0..<n { xNew[i] = x[i] + d[i] }
                } else {
                    for i in 0..<n { xNew[i] = step * d[i] + x[i] }
                }
                fNew = try objective(xNew, &gNew)
                evaluations += 1
                tries += 1
                let slope = dot(gNew, d)
                if !fNew.isFinite {
                    // Step into overflow: shrink like a failed sufficient-decrease test.
                    search.shrink()
                    continue
                }
                if search.next(value: fNew, slope: slope) {
                    accepted = true
                    gd = slope
                    break
                }
            }
            if !accepted || !fNew.isFinite {
                if hasPairs {
                    sList.removeAll(); yList.removeAll(); rhoList.removeAll()
                    if evaluations < maxEvaluations { continue }
                }
                return result(evaluations >= maxEvaluations ? .evaluations : .lineSearch)
            }

            // Accept the step.
            var s = [Double](repeating: 0, count: n), y = [Double](repeating: 0, count: n)
            for i in 0..<n {
                s[i] = xNew[i] - x[i]
                y[i] = gNew[i] - g[i]
            }
            let fOld = f
            let gdOld = dot(g, d)
            swap(&x, &xNew)
            swap(&g, &gNew)
            f = fNew
            iterations += 1
            try afterIteration(iterations, x, f)

            if infinityNorm(g) <= gradientTolerance { return result(.gradient) }
            let scale = max(abs(fOld), abs(f), 1)
            if fOld - f <= functionTolerance * scale { return result(.function) }
            if iterations >= maxIterations { return result(.iterations) }
            if evaluations >= maxEvaluations { return result(.evaluations) }

            // Store the pair unless the curvature is too small (L-BFGS-B's skip rule).
            let sy = (gd - gdOld) * step
            if sy > Double.ulpOfOne * (-gdOld * step) {
                if sList.count == memory {
                    sList.removeFirst(); yList.removeFirst(); rhoList.removeFirst()
                }
                sList.append(s)
                yList.append(y)
                rhoList.append(1 / dot(y, s))
            }
        }
    }

    /// d = −H·g by the two-loop recursion, H₀ = sᵀy/yᵀy of the newest pair.
    private func twoLoop(_ g: [Double], _ s: [[Double]], _ y: [[Double]], _ rho: [Double], into d: inout [Double]) {
        let n = g.count, m = s.count
        var q = g
        var alpha = [Double](repeating: 0, count: m)
        for k in stride(from: m - 1, through: 0, by: -1) {
            let a = rho[k] * dot(s[k], q)
            alpha[k] = a
            y[k].withUnsafeBufferPointer { yk in
                for i in 0..<n { q[i] -= a * yk[i] }
            }
        }
        let gamma = dot(s[m - 1], y[m - 1]) / dot(y[m - 1], y[m - 1])
        for i in 0..<n { q[i] *= gamma }
        for k in 0..<m {
            let b = rho[k] * dot(y[k], q)
            let c = alpha[k] - b
            s[k].withUnsafeBufferPointer { sk in
                for i in 0..<n { q[i] += c * sk[i] }
            }
        }
        for i in 0..<n { d[i] = -q[i] }
    }

    @inline(__always) func dot(_ a: [Double], _ b: [Double]) -> Double {
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                var s = 0.0
                for i in 0..<pa.count { s += pa[i] * pb[i] }
                return s
            }
        }
    }

    @inline(__always) func infinityNorm(_ a: [Double]) -> Double {
        var m = 0.0
        for v in a { m = max(m, abs(v)) }
        return a.contains(where: \.isNaN) ? .nan : m
    }
}

/// Moré–Thuente line search (MINPACK-2 `dcsrch` and `dcstep`): finds a step satisfying the
/// strong Wolfe conditions f(t) ≤ f(0) + ftol·t·f'(0) and |f'(t)| ≤ gtol·|f'(0)|.
struct MoreThuente {
    let ftol = 1e-3, gtol = 0.9, xtol = 0.1
    let xtrapl = 1.1, xtrapu = 4.0
    let stpmin = 0.0, stpmax: Double
    let finit: Double, ginit: Double, gtest: Double
    var step: Double
    var bracketed = false
    var stage = 1
    var width: Double, width1: Double
    var stx = 0.0, fx: Double, gx: Double
    var sty = 0.0, fy: Double, gy: Double
    var stmin = 0.0, stmax: Double

    init(value: Double, slope: Double, step: Double, maxStep: Double) {
        stpmax = maxStep
        finit = value
        ginit = slope
        gtest = ftol * slope
        self.step = step
        width = maxStep - 0
        width1 = width / 0.5
        fx = value; gx = slope
        fy = value; gy = slope
        stmax = step + xtrapu * step
    }

    /// After a non-finite value: try a much shorter step, inside the current bracket.
    mutating func shrink() {
        sty = step
        fy = .infinity
        gy = .infinity
        bracketed = true
        step = stx + 0.1 * (step - stx)
        stmin = min(stx, sty)
        stmax = max(stx, sty)
    }

    /// Takes f and f' at `step`; true when the step is accepted (converged or a MINPACK
    /// warning, which L-BFGS-B also accepts), else sets the next trial `step`.
    mutating func next(value f: Double, slope g: Double) -> Bool {
        let ftest = finit + step * gtest
        if stage == 1 && f <= ftest && g >= 0 { stage = 2 }
        if bracketed && (step <= stmin || step >= stmax) { return true }
        if bracketed && stmax - stmin <= xtol * stmax { return true }
        if step == stpmax && f <= ftest && g <= gtest { return true }
        if step == stpmin && (f > ftest || g >= gtest) { return true }
        if f <= ftest && abs(g) <= gtol * (-ginit) { return true }

        if stage == 1 && f <= fx && f > ftest {
            let fm = f - step * gtest
            var fxm = fx - stx * gtest, fym = fy - sty * gtest
            let gm = g - gtest
            var gxm = gx - gtest, gym = gy - gtest
            MoreThuente.dcstep(&stx, &fxm, &gxm, &sty, &fym, &gym, &step, fm, gm, &bracketed, stmin, stmax)
            fx = fxm + stx * gtest
            fy = fym + sty * gtest
            gx = gxm + gtest
            gy = gym + gtest
        } else {
            MoreThuente.dcstep(&stx, &fx, &gx, &sty, &fy, &gy, &step, f, g, &bracketed, stmin, stmax)
        }
        if bracketed {
            if abs(sty - stx) >= 0.66 * width1 { step = stx + 0.5 * (sty - stx) }
            width1 = width
            width = abs(sty - stx)
            stmin = min(stx, sty)
            stmax = max(stx, sty)
        } else {
            stmin = step + xtrapl * (step - stx)
            stmax = step + xtrapu * (step - stx)
        }
        step = min(max(step, stpmin), stpmax)
        if (bracketed && (step <= stmin || step >= stmax)) || (bracketed && stmax - stmin <= xtol * stmax) {
            step = stx
        }
        return false
    }

    // swiftlint:disable:next function_parameter_count
    static func dcstep(_ stx: inout Double, _ fx: inout Double, _ dx: inout Double,
                       _ sty: inout Double, _ fy: inout Double, _ dy: inout Double,
                       _ stp: inout Double, _ fp: Double, _ dp: Double,
                       _ brackt: inout Bool, _ stpmin: Double, _ stpmax: Double) {
        let sgnd = dp * (dx / abs(dx))
        var stpf: Double
        if fp > fx {
            let theta = 3 * (fx - fp) / (stp - stx) + dx + dp
            let s = max(abs(theta), abs(dx), abs(dp))
            var gamma = s * ((theta / s) * (theta / s) - (dx / s) * (dp / s)).squareRoot()
            if stp < stx { gamma = -gamma }
            let p = (gamma - dx) + theta
            let q = ((gamma - dx) + gamma) + dp
            let r = p / q
            let stpc = stx + r * (stp - stx)
            let stpq = stx + ((dx / ((fx - fp) / (stp - stx) + dx)) / 2) * (stp - stx)
            if abs(stpc - stx) < abs(stpq - stx) {
                stpf = stpc
            } else {
                stpf = stpc + (stpq - stpc) / 2
            }
            brackt = true
        } else if sgnd < 0 {
            let theta = 3 * (fx - fp) / (stp - stx) + dx + dp
            let s = max(abs(theta), abs(dx), abs(dp))
            var gamma = s * ((theta / s) * (theta / s) - (dx / s) * (dp / s)).squareRoot()
            if stp > stx { gamma = -gamma }
            let p = (gamma - dp) + theta
            let q = ((gamma - dp) + gamma) + dx
            let r = p / q
            let stpc = stp + r * (stx - stp)
            let stpq = stp + (dp / (dp - dx)) * (stx - stp)
            stpf = abs(stpc - stp) > abs(stpq - stp) ? stpc : stpq
            brackt = true
        } else if abs(dp) < abs(dx) {
            let theta = 3 * (fx - fp) / (stp - stx) + dx + dp
            let s = max(abs(theta), abs(dx), abs(dp))
            var gamma = s * max(0, (theta / s) * (theta / s) - (dx / s) * (dp / s)).squareRoot()
            if stp > stx { gamma = -gamma }
            let p = (gamma - dp) + theta
            let q = (gamma + (dx - dp)) + gamma
            let r = p / q
            let stpc: Double
            if r < 0 && gamma != 0 {
                stpc = stp + r * (stx - stp)
            } else if stp > stx {
                stpc = stpmax
            } else {
                stpc = stpmin
            }
            let stpq = stp + (dp / (dp - dx)) * (stx - stp)
            if brackt {
                stpf = abs(stpc - stp) < abs(stpq - stp) ? stpc : stpq
                if stp > stx {
                    stpf = min(stp + 0.66 * (sty - stp), stpf)
                } else {
                    stpf = max(stp + 0.66 * (sty - stp), stpf)
                }
            } else {
                stpf = abs(stpc - stp) > abs(stpq - stp) ? stpc : stpq
                stpf = min(stpmax, stpf)
                stpf = max(stpmin, stpf)
            }
        } else {
            if brackt {
                let theta = 3 * (fp - fy) / (sty - stp) + dy + dp
                let s = max(abs(theta), abs(dy), abs(dp))
                var gamma = s * ((theta / s) * (theta / s) - (dy / s) * (dp / s)).squareRoot()
                if stp > sty { gamma = -gamma }
                let p = (gamma - dp) + theta
                let q = ((gamma - dp) + gamma) + dy
                let r = p / q
                stpf = stp + r * (sty - stp)
            } else if stp > stx {
                stpf = stpmax
            } else {
                stpf = stpmin
            }
        }
        if fp > fx {
            sty = stp; fy = fp; dy = dp
        } else {
            if sgnd < 0 {
                sty = stx; fy = fx; dy = dx
            }
            stx = stp; fx = fp; dx = dp
        }
        stp = stpf
    }
}
