import Numeric

/// `kmeans(k:, n_init:, max_iter:, tol:, seed:)`: k-means clustering, as scikit-learn's
/// `KMeans(init="k-means++", algorithm="lloyd")`.
///
/// Each of `n_init` runs seeds its centers with greedy k-means++ (2 + ⌊ln k⌋ candidates per
/// center, the one lowering the potential most is kept), then runs Lloyd iterations until
/// the labels stop changing or the centers move less than `tol` × the mean feature
/// variance (squared shift summed over centers). The run with the lowest inertia wins.
/// An empty cluster takes the point farthest from its center, as scikit-learn.
///
/// Distances use BLAS (`‖x‖² − 2x·c + ‖c‖²` on data centered by its column means) over
/// fixed 1,024-row chunks run on `Parallelism.workers` threads; partial sums are combined
/// in chunk order, so a seed gives the same model on any core count and machine load. Inertia is recomputed exactly at the end.
/// - Complexity: O(n_init × iterations × n × k × p).
public struct KMeans: Estimator {
    public static let name = "kmeans"
    public static let summary = "k-means clustering with k-means++ seeding (Lloyd iterations)"
    public static let tasks: Set<Task> = [.clustering]
    public static let handlesMissingValues = false
    public static let supportsSampleWeights = true

    public static let parameters: [ParameterSpec] = [
        ParameterSpec("k", .integer(1...100_000), default: .number(8), doc: "number of clusters"),
        ParameterSpec("n_init", .integer(1...10_000), default: .number(10), doc: "runs from different seeds; the lowest inertia wins"),
        ParameterSpec("max_iter", .integer(1...1_000_000), default: .number(300), doc: "most Lloyd iterations per run"),
        ParameterSpec("tol", .number(0...1e12), default: .number(1e-4),
                      doc: "stop when the centers move less than this, relative to the mean feature variance"),
        ParameterSpec("seed", .integer(0...(1 << 53)), default: .number(0), doc: "random seed (k-means++ draws)"),
    ]

    public let parameters: Parameters

    public init(parameters: Parameters) { self.parameters = parameters }

    public func fit(_ data: TrainingData, context: FitContext) throws -> FittedModel {
        try TreeSupport.check(data, model: Self.name, tasks: Self.tasks, allowNaN: false)
        let k = parameters.integer("k"), n = data.rowCount, p = data.featureCount
        guard k <= n else {
            throw MLError.invalidData("kmeans(k: \(k)) needs at least \(k) rows, found \(n)", hint: "lower k")
        }
        try context.checkpoint(0, "kmeans")
        var problem = try KMeansProblem(data.features)
        problem.weights = data.weights
        let runs = parameters.integer("n_init"), seed = parameters.integer("seed")
        let maxIterations = parameters.integer("max_iter")
        let tolerance = problem.meanVariance * parameters.number("tol")
        var best: (centers: [Double], inertia: Double)?
        for run in 0..<runs {
            var random = RandomGenerator(seed: TreeSupport.derivedSeed(seed, run))
            let initial = try problem.plusPlus(k: k, random: &random)
            let result = try problem.lloyd(centers: initial, k: k, maxIterations: maxIterations, tolerance: tolerance) {
                try context.checkpoint((Double(run) + Double($0) / Double(maxIterations)) / Double(runs), "kmeans: run \(run + 1)/\(runs)")
            }
            if best == nil || result.inertia < best!.inertia { best = result }
            context.recordLoss(result.inertia)
            try context.checkpoint(Double(run + 1) / Double(runs), "kmeans: run \(run + 1)/\(runs)")
        }
        var centers = best!.centers
        for j in 0..<k { for f in 0..<p { centers[j * p + f] += problem.means[f] } }
        return KMeansModel(centers: try Tensor(shape: [k, p], storage: centers), inertia: best!.inertia)
    }
}

/// The centered data in fixed row chunks, with the squared row norms.
struct KMeansProblem {
    static let chunkRows = 1024

    let n: Int
    let p: Int
    /// Row chunks of the centered data (each small enough for single-threaded BLAS).
    let chunks: [Tensor]
    let squaredNorms: [Double]
    let means: [Double]
    let meanVariance: Double
    /// scikit-learn's `sample_weight`: weighted k-means++ draws, centers and inertia; nil for none.
    var weights: [Double]? = nil

    init(_ features: Tensor) throws {
        let n = features.rows, p = features.columns
        self.n = n
        self.p = p
        var means = [Double](repeating: 0, count: p)
        features.storage.withUnsafeBufferPointer { x in
            for i in 0..<n { for j in 0..<p { means[j] += x[i * p + j] } }
        }
        for j in 0..<p { means[j] /= Double(n) }
        var variance = 0.0
        var chunks = [Tensor](), norms = [Double](repeating: 0, count: n)
        var start = 0
        while start < n {
            let rows = Swift.min(KMeansProblem.chunkRows, n - start)
            var storage = [Double](repeating: 0, count: rows * p)
            features.storage.withUnsafeBufferPointer { x in
                for i in 0..<rows {
                    var norm = 0.0
                    for j in 0..<p {
                        let v = x[(start + i) * p + j] - means[j]
                        storage[i * p + j] = v
                        norm += v * v
                    }
                    norms[start + i] = norm
                    variance += norm
                }
            }
            chunks.append(try Tensor(shape: [rows, p], storage: storage))
            start += rows
        }
        self.chunks = chunks
        squaredNorms = norms
        self.means = means
        meanVariance = variance / Double(n) / Double(p)
    }

    private func row(_ i: Int) -> ArraySlice<Double> {
        let c = i / KMeansProblem.chunkRows, r = i % KMeansProblem.chunkRows
        return chunks[c].storage[(r * p)..<(r * p + p)]
    }

    /// Squared distances from every row to each of `m` rows `points` (m × p, row-major):
    /// `out[i * m + t]`. Chunks run concurrently.
    private func distances(to points: [Double], m: Int, into out: UnsafeMutablePointer<Double>) throws {
        let transposed = try Tensor(shape: [m, p], storage: points).transposed()
        var pointNorms = [Double](repeating: 0, count: m)
        for t in 0..<m { for j in 0..<p { pointNorms[t] += points[t * p + j] * points[t * p + j] } }
        try Parallelism.forEach(chunks.count) { (c: Int) throws in
            let products = try chunks[c].matmul(transposed)
            let start = c * KMeansProblem.chunkRows
            products.storage.withUnsafeBufferPointer { d in
                for i in 0..<chunks[c].rows {
                    for t in 0..<m {
                        out[(start + i) * m + t] = Swift.max(0, squaredNorms[start + i] + pointNorms[t] - 2 * d[i * m + t])
                    }
                }
            }
        }
    }

    /// Greedy k-means++ (scikit-learn's `_kmeans_plusplus`): k centers, row-major k × p.
    func plusPlus(k: Int, random: inout RandomGenerator) throws -> [Double] {
        let trials = 2 + Int(log(Double(k)))
        var centers = [Double]()
        centers.reserveCapacity(k * p)
        let first = weights.map { w in
            // The first center drawn with probability proportional to its weight.
            var cumulative = [Double](repeating: 0, count: n)
            var running = 0.0
            for i in 0..<n { running += w[i]; cumulative[i] = running }
            let target = random.uniform() * running
            var lo = 0, hi = n
            while lo < hi { let mid = (lo + hi) >> 1; if cumulative[mid] <= target { lo = mid + 1 } else { hi = mid } }
            return Swift.min(lo, n - 1)
        } ?? random.integer(below: n)
        centers += row(first)
        var closest = [Double](repeating: 0, count: n)
        try closest.withUnsafeMutableBufferPointer { try distances(to: Array(row(first)), m: 1, into: $0.baseAddress!) }
        var potential = weights.map { w in (0..<n).reduce(0.0) { $0 + w[$1] * closest[$1] } } ?? KMeansProblem.orderedSum(closest)
        var candidateDistances = [Double](repeating: 0, count: n * trials)
        var cumulative = [Double](repeating: 0, count: n)
        for _ in 1..<k {
            var running = 0.0
            if let w = weights {
                for i in 0..<n { running += w[i] * closest[i]; cumulative[i] = running }
            } else {
                for i in 0..<n { running += closest[i]; cumulative[i] = running }
            }
            var candidates = [Int]()
            for _ in 0..<trials {
                let target = random.uniform() * potential
                // np.searchsorted(cumulative, target): the first index with cumulative ≥ target.
                var lo = 0, hi = n
                while lo < hi { let mid = (lo + hi) >> 1; if cumulative[mid] < target { lo = mid + 1 } else { hi = mid } }
                candidates.append(Swift.min(lo, n - 1))
            }
            var points = [Double]()
            for c in candidates { points += row(c) }
            try candidateDistances.withUnsafeMutableBufferPointer { try distances(to: points, m: trials, into: $0.baseAddress!) }
            var bestTrial = 0, bestPotential = Double.infinity
            for t in 0..<trials {
                var total = 0.0
                if let w = weights {
                    for i in 0..<n { total += w[i] * Swift.min(closest[i], candidateDistances[i * trials + t]) }
                } else {
                    for i in 0..<n { total += Swift.min(closest[i], candidateDistances[i * trials + t]) }
                }
                if total < bestPotential { bestPotential = total; bestTrial = t }
            }
            for i in 0..<n { closest[i] = Swift.min(closest[i], candidateDistances[i * trials + bestTrial]) }
            potential = bestPotential
            centers += row(candidates[bestTrial])
        }
        return centers
    }

    static func orderedSum(_ values: [Double]) -> Double {
        values.withUnsafeBufferPointer { Kernels.sum($0) }
    }

    /// Lloyd iterations from `centers`; returns the final centers and exact inertia.
    /// `progress` is called with the iteration number (it throws on interruption).
    func lloyd(centers initial: [Double], k: Int, maxIterations: Int, tolerance: Double,
               progress: (Int) throws -> Void) throws -> (centers: [Double], inertia: Double) {
        var centers = initial
        var labels = [Int32](repeating: -1, count: n)
        var previous = labels
        var nearest = [Double](repeating: 0, count: n)
        let chunkCount = chunks.count
        // Two lanes per chunk (even and odd rows) so that consecutive rows of one cluster do
        // not wait on each other's stores.
        var partialSums = [Double](repeating: 0, count: chunkCount * 2 * k * p)
        var partialCounts = [Double](repeating: 0, count: chunkCount * 2 * k)
        var converged = false
        for iteration in 0..<maxIterations {
            try progress(iteration)
            try assign(centers: centers, k: k, labels: &labels, nearest: &nearest,
                       partialSums: &partialSums, partialCounts: &partialCounts)
            // Combine the chunks in order: deterministic whatever the scheduling.
            var sums = [Double](repeating: 0, count: k * p), counts = [Double](repeating: 0, count: k)
            for lane in 0..<(2 * chunkCount) {
                for j in 0..<k { counts[j] += partialCounts[lane * k + j] }
                for q in 0..<(k * p) { sums[q] += partialSums[lane * k * p + q] }
            }
            relocateEmpty(k: k, labels: &labels, nearest: nearest, sums: &sums, counts: &counts)
            var shift = 0.0
            for j in 0..<k {
                for f in 0..<p {
                    let value = counts[j] > 0 ? sums[j * p + f] / counts[j] : centers[j * p + f]
                    let d = value - centers[j * p + f]
                    shift += d * d
                    centers[j * p + f] = value
                }
            }
            if labels == previous { converged = true; break }
            if shift <= tolerance { break }
            previous = labels
        }
        if !converged {
            // Labels for the final centers.
            try assign(centers: centers, k: k, labels: &labels, nearest: &nearest,
                       partialSums: &partialSums, partialCounts: &partialCounts)
        }
        return (centers, exactInertia(centers: centers, labels: labels))
    }

    /// Labels each row with its nearest center (the first on ties) and writes per-chunk sums.
    private func assign(centers: [Double], k: Int, labels: inout [Int32], nearest: inout [Double],
                        partialSums: inout [Double], partialCounts: inout [Double]) throws {
        let transposed = try Tensor(shape: [k, p], storage: centers).transposed()
        var centerNorms = [Double](repeating: 0, count: k)
        for j in 0..<k { for f in 0..<p { centerNorms[j] += centers[j * p + f] * centers[j * p + f] } }
        let p = self.p
        try labels.withUnsafeMutableBufferPointer { lb in
        try nearest.withUnsafeMutableBufferPointer { nb in
        try partialSums.withUnsafeMutableBufferPointer { sb in
        try partialCounts.withUnsafeMutableBufferPointer { cb in
            let labelOut = lb.baseAddress!, nearestOut = nb.baseAddress!, sumOut = sb.baseAddress!, countOut = cb.baseAddress!
            try Parallelism.forEach(chunks.count) { (c: Int) throws in
                let chunk = chunks[c]
                let products = try chunk.matmul(transposed)
                let start = c * KMeansProblem.chunkRows
                let sums = sumOut + c * 2 * k * p, counts = countOut + c * 2 * k
                sums.update(repeating: 0, count: 2 * k * p)
                counts.update(repeating: 0, count: 2 * k)
                let rows = chunk.rows
                centerNorms.withUnsafeBufferPointer { nb in
                squaredNorms.withUnsafeBufferPointer { qb in
                let norms = nb.baseAddress!, rowNorms = qb.baseAddress! + start
                chunk.storage.withUnsafeBufferPointer { x in
                products.storage.withUnsafeBufferPointer { d in
                    let labels = labelOut + start
                    for i in 0..<rows {
                        // Branch-free argmin (the first minimum): the comparisons are unpredictable.
                        let row = d.baseAddress! + i * k
                        var best = 0, bestValue = norms[0] - 2 * row[0]
                        for j in 1..<k {
                            let value = norms[j] - 2 * row[j]
                            let better = value < bestValue
                            bestValue = better ? value : bestValue
                            best = better ? j : best
                        }
                        labels[i] = Int32(best)
                        nearestOut[start + i] = Swift.max(0, bestValue + rowNorms[i])
                    }
                    if let w = weights {
                        for i in 0..<rows {
                            let best = Int(labels[i]), lane = i & 1, wi = w[start + i]
                            counts[lane * k + best] += wi
                            let target = sums + (lane * k + best) * p, source = x.baseAddress! + i * p
                            for f in 0..<p { target[f] += wi * source[f] }
                        }
                    } else {
                        for i in 0..<rows {
                            let best = Int(labels[i]), lane = i & 1
                            counts[lane * k + best] += 1
                            let target = sums + (lane * k + best) * p, source = x.baseAddress! + i * p
                            for f in 0..<p { target[f] += source[f] }
                        }
                    }
                }}}}
            }
        }}}}
    }

    /// scikit-learn's `_relocate_empty_clusters_dense`: each empty cluster takes one of the
    /// points farthest from their centers (farthest first), which leaves its old cluster.
    private func relocateEmpty(k: Int, labels: inout [Int32], nearest: [Double], sums: inout [Double], counts: inout [Double]) {
        let empty = (0..<k).filter { counts[$0] == 0 }
        guard !empty.isEmpty else { return }
        // The farthest points, farthest first (ties by index).
        let far = (0..<n).sorted { nearest[$0] != nearest[$1] ? nearest[$0] > nearest[$1] : $0 < $1 }.prefix(empty.count)
        for (cluster, point) in zip(empty, far) {
            let old = Int(labels[point])
            let values = row(point)
            let w = weights?[point] ?? 1
            for (f, v) in values.enumerated() {
                sums[old * p + f] -= w * v
                sums[cluster * p + f] = w * v
            }
            counts[old] -= w
            counts[cluster] = w
            labels[point] = Int32(cluster)
        }
    }

    /// Σ ‖x − c(x)‖² computed directly (no cancellation), chunk sums added in order.
    private func exactInertia(centers: [Double], labels: [Int32]) -> Double {
        var partial = [Double](repeating: 0, count: chunks.count)
        partial.withUnsafeMutableBufferPointer { out in
            let o = out.baseAddress!
            Parallelism.forEach(chunks.count) { c in
                let chunk = chunks[c], start = c * KMeansProblem.chunkRows
                var sum = 0.0
                chunk.storage.withUnsafeBufferPointer { x in
                    for i in 0..<chunk.rows {
                        let j = Int(labels[start + i])
                        if let w = weights {
                            var row = 0.0
                            for f in 0..<p { let d = x[i * p + f] - centers[j * p + f]; row += d * d }
                            sum += w[start + i] * row
                        } else {
                            for f in 0..<p { let d = x[i * p + f] - centers[j * p + f]; sum += d * d }
                        }
                    }
                }
                o[c] = sum
            }
        }
        return partial.reduce(0, +)
    }
}

/// A fitted `kmeans`: cluster centers; predictions are the nearest center's index.
public struct KMeansModel: FittedModel {
    public static let kind = "kmeans"
    /// k × p.
    public let centers: Tensor
    /// Sum of squared distances of the training rows to their nearest center.
    public var inertia: Double

    init(centers: Tensor, inertia: Double) {
        self.centers = centers
        self.inertia = inertia
    }

    public var k: Int { centers.rows }

    /// The nearest center of each row (the first on ties), by direct squared distances.
    public func predict(_ features: Tensor) throws -> [Double] {
        let p = centers.columns, k = centers.rows
        try TreeSupport.checkColumns(features, p, model: Self.kind)
        let n = features.rows
        var out = [Double](repeating: 0, count: n)
        features.storage.withUnsafeBufferPointer { x in
            centers.storage.withUnsafeBufferPointer { c in
                for i in 0..<n {
                    var best = 0, bestDistance = Double.infinity
                    for j in 0..<k {
                        var d = 0.0
                        for f in 0..<p { let t = x[i * p + f] - c[j * p + f]; d += t * t }
                        if d < bestDistance { bestDistance = d; best = j }
                    }
                    out[i] = Double(best)
                }
            }
        }
        return out
    }

    public func predictProbabilities(_ features: Tensor) throws -> Tensor? { nil }

    public func encodeState() throws -> ModelState {
        var state = ModelState()
        state.integers["shape"] = [centers.rows, centers.columns]
        state.arrays["centers"] = centers.storage
        state.arrays["inertia"] = [inertia]
        return state
    }

    public init(state: ModelState) throws {
        let shape = try state.integerArray("shape")
        guard shape.count == 2, shape[0] >= 1, shape[1] >= 1 else { throw MLError.corruptModel("kmeans centers have a bad shape") }
        do {
            centers = try Tensor(shape: shape, storage: try state.array("centers"))
        } catch let error as MLError {
            throw error
        } catch {
            throw MLError.corruptModel("kmeans centers do not match their shape")
        }
        inertia = try state.scalar("inertia")
    }
}

#if canImport(Glibc)
import Glibc
#endif
