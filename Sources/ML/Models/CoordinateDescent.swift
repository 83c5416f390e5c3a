import Numeric

/// Cyclic coordinate descent for the elastic net, step for step as scikit-learn's
/// `enet_coordinate_descent` (1.9): it minimizes ½‖y − Xw‖² + l1·‖w‖₁ + (l2/2)·‖w‖² over
/// centred data, sweeps the coordinates in order, and when the largest update of a sweep is
/// at most `tol` times the largest coefficient (or at the last sweep) checks the duality gap
/// against `tol`·‖y‖², dropping features the gap-safe screening rule proves zero. Following
/// the same steps matters: both stop at the same sweep, so the coefficients agree far below
/// the tolerance.
/// - Complexity: O(n·p) per sweep; O(n·p) extra memory for the column-major copy of X.
struct CoordinateDescent {
    /// What the solver ended with.
    struct Result {
        var coefficients: [Double]
        /// Sweeps run.
        var iterations: Int
        var gap: Double
        /// `tol`·‖y‖², what the gap was held to.
        var tolerance: Double
        var converged: Bool
    }

    /// Columns of X, each contiguous (p × n, row-major), already centred.
    let columns: [Double]
    let rows: Int
    let features: Int
    /// The centred target.
    let y: [Double]

    func solve(l1: Double, l2: Double, maxIterations: Int, tol: Double,
               afterSweep: (Int) throws -> Void) rethrows -> Result {
        let n = rows, p = features
        var w = [Double](repeating: 0, count: p)
        var residual = y
        var xta = [Double](repeating: 0, count: p)
        var norms = [Double](repeating: 0, count: p)
        columns.withUnsafeBufferPointer { x in
            for j in 0..<p { norms[j] = Self.dot(x, j * n, x, j * n, n) }
        }
        let tolerance = tol * y.withUnsafeBufferPointer { Self.dot($0, 0, $0, 0, n) }
        var (gap, dualNorm) = dualityGap(w, residual, &xta, l1: l1, l2: l2)
        if gap <= tolerance {
            return Result(coefficients: w, iterations: 0, gap: gap, tolerance: tolerance, converged: true)
        }
        let screening = l1 != 0
        var active = Array(0..<p)
        var excluded = [Bool](repeating: false, count: p)
        if screening {
            screen(&w, &residual, &active, &excluded, xta: xta, norms: norms, l1: l1, l2: l2, gap: gap,
                   dualNorm: dualNorm, all: true)
        }
        var iterations = 0
        var converged = false
        for sweep in 0..<maxIterations {
            iterations = sweep + 1
            var wMax = 0.0, dwMax = 0.0
            columns.withUnsafeBufferPointer { x in
                residual.withUnsafeMutableBufferPointer { r in
                    for j in active {
                        let normJ = norms[j]
                        if normJ == 0 { continue }
                        let wj = w[j]
                        var tmp = 0.0
                        let base = j * n
                        for i in 0..<n { tmp += x[base + i] * r[i] }
                        tmp += wj * normJ
                        let updated = (tmp < 0 ? -1.0 : tmp > 0 ? 1.0 : 0.0) * max(abs(tmp) - l1, 0) / (normJ + l2)
                        w[j] = updated
                        if updated != wj {
                            let step = wj - updated
                            for i in 0..<n { r[i] += step * x[base + i] }
                        }
                        dwMax = max(dwMax, abs(updated - wj))
                        wMax = max(wMax, abs(updated))
                    }
                }
            }
            try afterSweep(iterations)
            if wMax == 0 || dwMax / wMax <= tol || sweep == maxIterations - 1 {
                (gap, dualNorm) = dualityGap(w, residual, &xta, l1: l1, l2: l2)
                if gap <= tolerance {
                    converged = true
                    break
                }
                if screening {
                    screen(&w, &residual, &active, &excluded, xta: xta, norms: norms, l1: l1, l2: l2, gap: gap,
                           dualNorm: dualNorm, all: false)
                }
            }
        }
        return Result(coefficients: w, iterations: iterations, gap: gap, tolerance: tolerance, converged: converged)
    }

    /// Gap-safe screening (Ndiaye et al. 2017, eq. 11): keeps feature j active unless
    /// (1 − |X_jᵀθ|)/√(‖X_j‖² + l2) > √(2·gap)/l1, which proves w_j = 0 at the optimum.
    private func screen(_ w: inout [Double], _ residual: inout [Double], _ active: inout [Int], _ excluded: inout [Bool],
                        xta: [Double], norms: [Double], l1: Double, l2: Double, gap: Double, dualNorm: Double, all: Bool) {
        let n = rows
        active.removeAll(keepingCapacity: true)
        let radius = (2 * gap).squareRoot() / l1
        for j in 0..<features {
            if all && norms[j] == 0 {
                w[j] = 0
                excluded[j] = true
                continue
            }
            if !all && excluded[j] { continue }
            let theta = xta[j] / max(l1, dualNorm)
            let distance = (1 - abs(theta)) / (norms[j] + l2).squareRoot()
            if distance <= radius {
                active.append(j)
                excluded[j] = false
            } else {
                if w[j] != 0 {
                    let wj = w[j]
                    columns.withUnsafeBufferPointer { x in
                        residual.withUnsafeMutableBufferPointer { r in
                            for i in 0..<n { r[i] += wj * x[j * n + i] }
                        }
                    }
                    w[j] = 0
                }
                excluded[j] = true
            }
        }
    }

    /// The duality gap and ‖Xᵀr − l2·w‖∞ (formulation A for l1 > 0, B for a pure ridge
    /// penalty, the squared gradient for none), filling `xta` with Xᵀr − l2·w.
    private func dualityGap(_ w: [Double], _ residual: [Double], _ xta: inout [Double],
                            l1: Double, l2: Double) -> (gap: Double, dualNorm: Double) {
        let n = rows, p = features
        return columns.withUnsafeBufferPointer { x in
            residual.withUnsafeBufferPointer { r in
                y.withUnsafeBufferPointer { yb in
                    w.withUnsafeBufferPointer { wb in
                        let wNorm2 = l2 > 0 ? Self.dot(wb, 0, wb, 0, p) : 0
                        let rNorm2 = Self.dot(r, 0, r, 0, n)
                        let ry = Self.dot(r, 0, yb, 0, n)
                        for j in 0..<p { xta[j] = Self.dot(x, j * n, r, 0, n) - (l1 == 0 ? 0 : l2 * wb[j]) }
                        if l1 == 0 {
                            let squared = xta.reduce(0) { $0 + $1 * $1 }
                            if l2 == 0 { return (squared, squared) }
                            return (rNorm2 + 0.5 * l2 * wNorm2 - ry + squared / (2 * l2), squared)
                        }
                        let dualNorm = xta.reduce(0) { max($0, abs($1)) }
                        let l1Norm = wb.reduce(0) { $0 + abs($1) }
                        let primal = 0.5 * (rNorm2 + l2 * wNorm2) + l1 * l1Norm
                        let scale = dualNorm > l1 ? l1 / dualNorm : 1
                        let dual = -0.5 * scale * scale * (rNorm2 + l2 * wNorm2) + scale * ry
                        return (primal - dual, dualNorm)
                    }
                }
            }
        }
    }

    private static func dot(_ a: UnsafeBufferPointer<Double>, _ aStart: Int,
                            _ b: UnsafeBufferPointer<Double>, _ bStart: Int, _ count: Int) -> Double {
        var sum = 0.0
        for i in 0..<count { sum += a[aStart + i] * b[bStart + i] }
        return sum
    }
}
