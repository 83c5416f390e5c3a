import Numeric

/// Least squares with per-row weights, as scikit-learn's `LinearRegression` and `Ridge` with
/// `sample_weight`: X and y are centred on their weighted means, each row is scaled by √wᵢ,
/// and the scaled problem is solved as the unweighted one (`lstsq`, or Cholesky for ridge).
/// The intercept is ȳ_w − x̄_w·β.
struct WeightedLeastSquares {
    let xMean: [Double]
    let yMean: Double
    /// √wᵢ·(xᵢ − x̄_w), n × p.
    let design: Tensor
    /// √wᵢ·(yᵢ − ȳ_w).
    let response: [Double]

    init(_ x: Tensor, _ y: [Double], weights w: [Double]) {
        let n = x.rows, p = x.columns
        let total = w.reduce(0, +)
        var mean = [Double](repeating: 0, count: p)
        var scaled = [Double](repeating: 0, count: n * p)
        var yMean = 0.0
        x.storage.withUnsafeBufferPointer { xs in
            for i in 0..<n {
                let wi = w[i]
                for j in 0..<p { mean[j] += wi * xs[i * p + j] }
                yMean += wi * y[i]
            }
            for j in 0..<p { mean[j] /= total }
            yMean /= total
            for i in 0..<n {
                let root = w[i].squareRoot()
                for j in 0..<p { scaled[i * p + j] = root * (xs[i * p + j] - mean[j]) }
            }
        }
        xMean = mean
        self.yMean = yMean
        design = Tensor(uncheckedRows: n, columns: p, scaled)
        response = (0..<n).map { w[$0].squareRoot() * (y[$0] - yMean) }
    }

    /// The minimum-norm least-squares β (LAPACK `dgelsd`, as scipy's `lstsq`).
    func leastSquares() throws -> [Double] {
        try LinearAlgebra.leastSquares(design, Tensor(response)).storage
    }

    /// (XsᵀXs + αI)β = Xsᵀys by Cholesky (the dual when p > n); the least-squares solution
    /// when the system is singular.
    func ridge(alpha: Double) throws -> [Double] {
        let n = design.rows, p = design.columns
        do {
            if p > n {
                var kernel = try design.matmul(design.transposed())
                for i in 0..<n { kernel.storage[i * n + i] += alpha }
                let dual = try LinearAlgebra.choleskySolve(kernel, Tensor(response))
                return try dual.matmul(design).storage
            }
            let xt = design.transposed()
            var gram = try xt.matmul(design)
            for j in 0..<p { gram.storage[j * p + j] += alpha }
            let xty = try xt.matmul(Tensor(response))
            return try LinearAlgebra.choleskySolve(gram, xty).storage
        } catch NumericError.singularMatrix {
            return try leastSquares()
        }
    }
}
