import Numeric

/// Clustering metrics.
///
/// - `inertia`: the given value (k-means reports its own), or else the sum of squared
///   euclidean distances from each row to the mean of its cluster — what scikit-learn's
///   `KMeans.inertia_` is for converged labels.
/// - `silhouette`: `sklearn.metrics.silhouette_score` with the euclidean metric: for each
///   row, a = mean distance to the other rows of its cluster, b = the smallest mean distance
///   to another cluster's rows, s = (b − a) / max(a, b), and 0 for a row alone in its
///   cluster; the score is the mean of s. NaN unless there are between 2 and n − 1 clusters
///   (scikit-learn raises there).
///
///   Exact for up to `silhouetteExactLimit` (10,000) rows: all n² distances, computed in row
///   blocks from BLAS products of the centered data (‖x‖² + ‖y‖² − 2x·y), with the pairs
///   where that formula cancels badly recomputed directly. Above the limit it is computed
///   exactly on a sample of 10,000 rows drawn without replacement by `RandomGenerator`
///   with the fixed seed `silhouetteSampleSeed` (0) — like `silhouette_score(sample_size:
///   10000)`, but scikit-learn's sample is drawn differently, so there the two agree only
///   statistically. Labels are arbitrary integers; each distinct value is one cluster.
public struct ClusteringMetrics {
    public static let silhouetteExactLimit = 10_000
    public static let silhouetteSampleSeed: UInt64 = 0

    /// `features` is n × p with no missing values; `labels` has one cluster per row.
    public static func compute(features: Tensor, labels: [Int], inertia: Double?) -> EvaluationReport {
        precondition(features.rows == labels.count, "features and labels differ in length")
        let value = inertia ?? Self.inertia(features: features, labels: labels)
        return EvaluationReport(task: .clustering, metrics: [
            ("inertia", value), ("silhouette", silhouette(features: features, labels: labels)),
        ])
    }

    /// Σ ‖xᵢ − mean of xᵢ's cluster‖².
    public static func inertia(features: Tensor, labels: [Int]) -> Double {
        let (codes, clusterCount) = encode(labels)
        let n = features.rows, p = features.rank == 2 ? features.columns : 1
        var centroids = [Double](repeating: 0, count: clusterCount * p)
        var sizes = [Int](repeating: 0, count: clusterCount)
        features.storage.withUnsafeBufferPointer { x in
            for i in 0..<n {
                let c = codes[i]
                sizes[c] += 1
                for j in 0..<p { centroids[c * p + j] += x[i * p + j] }
            }
            for c in 0..<clusterCount where sizes[c] > 0 {
                for j in 0..<p { centroids[c * p + j] /= Double(sizes[c]) }
            }
        }
        var perRow = [Double](repeating: 0, count: n)
        features.storage.withUnsafeBufferPointer { x in
            for i in 0..<n {
                var sum = 0.0
                let c = codes[i]
                for j in 0..<p {
                    let d = x[i * p + j] - centroids[c * p + j]
                    sum += d * d
                }
                perRow[i] = sum
            }
        }
        return MetricMath.pairwiseSum(perRow)
    }

    /// The mean silhouette coefficient (see the type's documentation).
    public static func silhouette(features: Tensor, labels: [Int]) -> Double {
        let n = features.rows
        guard n == labels.count else { return .nan }
        if n > silhouetteExactLimit {
            var generator = RandomGenerator(seed: silhouetteSampleSeed)
            let sample = Array(generator.permutation(n).prefix(silhouetteExactLimit)).sorted()
            return exactSilhouette(features: features.take(sample), labels: sample.map { labels[$0] })
        }
        return exactSilhouette(features: features, labels: labels)
    }

    static func exactSilhouette(features: Tensor, labels: [Int]) -> Double {
        let n = features.rows, p = features.rank == 2 ? features.columns : 1
        let (codes, clusterCount) = encode(labels)
        guard clusterCount >= 2, clusterCount <= n - 1 else { return .nan }
        var sizes = [Int](repeating: 0, count: clusterCount)
        for c in codes { sizes[c] += 1 }

        // Center the data: distances are unchanged and ‖x‖² + ‖y‖² − 2x·y cancels less.
        var centered = features.storage
        for j in 0..<p {
            var sum = 0.0
            for i in 0..<n { sum += centered[i * p + j] }
            let m = sum / Double(n)
            for i in 0..<n { centered[i * p + j] -= m }
        }
        var norms = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var s = 0.0
            for j in 0..<p { s += centered[i * p + j] * centered[i * p + j] }
            norms[i] = s
        }
        // The shape matches the storage by construction; if it ever did not, report no score.
        guard let x = try? Tensor(shape: [n, p], storage: centered) else { return .nan }
        let xt = x.transposed()
        let blockRows = max(1, min(n, 4_000_000 / max(n, 1)))
        var scores = [Double](repeating: 0, count: n)
        var clusterSums = [Double](repeating: 0, count: clusterCount)

        var start = 0
        while start < n {
            let end = min(n, start + blockRows)
            // p ≥ 1 and the shapes agree, so the product cannot fail; if it did, report no score.
            guard let products = try? x.take(Array(start..<end)).matmul(xt) else { return .nan }
            products.storage.withUnsafeBufferPointer { g in
            centered.withUnsafeBufferPointer { data in
            norms.withUnsafeBufferPointer { norms in
            codes.withUnsafeBufferPointer { codes in
            sizes.withUnsafeBufferPointer { sizes in
            clusterSums.withUnsafeMutableBufferPointer { sums in
                for i in start..<end {
                    for c in 0..<clusterCount { sums[c] = 0 }
                    let row = g.baseAddress! + (i - start) * n
                    let normI = norms[i]
                    for j in 0..<n where j != i {
                        var d2 = normI + norms[j] - 2 * row[j]
                        if d2 < 1e-4 * (normI + norms[j]) {
                            // Cancellation: recompute this pair directly.
                            d2 = 0
                            for f in 0..<p {
                                let d = data[i * p + f] - data[j * p + f]
                                d2 += d * d
                            }
                        }
                        sums[codes[j]] += max(d2, 0).squareRoot()
                    }
                    let own = codes[i]
                    if sizes[own] <= 1 { scores[i] = 0; continue }
                    let a = sums[own] / Double(sizes[own] - 1)
                    var b = Double.infinity
                    for c in 0..<clusterCount where c != own { b = min(b, sums[c] / Double(sizes[c])) }
                    let denominator = max(a, b)
                    scores[i] = denominator > 0 ? (b - a) / denominator : 0
                }
            }
            }
            }
            }
            }
            }
            start = end
        }
        return MetricMath.pairwiseSum(scores) / Double(n)
    }

    /// Dense codes 0..<count for arbitrary integer labels, in increasing label order.
    static func encode(_ labels: [Int]) -> (codes: [Int], count: Int) {
        let distinct = Array(Set(labels)).sorted()
        var index: [Int: Int] = [:]
        for (code, label) in distinct.enumerated() { index[label] = code }
        return (labels.map { index[$0]! }, distinct.count)
    }
}
