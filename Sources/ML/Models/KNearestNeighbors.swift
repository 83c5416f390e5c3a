import Data
import Foundation
import Numeric

/// `knn(k:, weights:)`: k-nearest neighbours by Euclidean distance, a classifier (majority
/// or distance-weighted vote, ties to the smallest class index as scikit-learn's
/// `KNeighborsClassifier`) or a regressor (mean or distance-weighted mean, as
/// `KNeighborsRegressor`). With `weights: "distance"` a query that coincides with training
/// rows takes only those rows, as scikit-learn does.
///
/// Fitting stores the training rows. Prediction is brute force: squared distances
/// ‖q‖² + ‖x‖² − 2·q·xᵀ come from BLAS `dgemm` over chunks of queries (split over both
/// cores), the k smallest are kept, and their distances recomputed exactly. Equal distances
/// are ordered by training row.
/// - Complexity: O(m·n·p) for m queries against n rows, O(chunk·n) extra memory.
public struct KNearestNeighbors: LoadableEstimator {
    public static let name = "knn"
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("k", .integer(1...1_000_000), default: .number(5), doc: "how many neighbours vote"),
        ParameterSpec("weights", .choice(["uniform", "distance"]), default: .string("uniform"),
                      doc: "uniform votes, or votes weighted by 1/distance"),
    ]
    public static let tasks: Set<Task> = [.binary, .multiclass, .regression]
    public static let handlesMissingValues = false
    public static let summary = "k-nearest neighbours classifier and regressor (Euclidean, brute force with BLAS)"
    public static let fittedModelType: any FittedModel.Type = KNearestNeighborsModel.self

    public let parameters: Parameters
    public init(parameters: Parameters) { self.parameters = parameters }

    public func fit(_ data: TrainingData, context: FitContext) throws -> FittedModel {
        let k = parameters.integer("k")
        guard k <= data.rowCount else {
            throw MLError.invalidData("knn(k: \(k)) needs at least \(k) training rows, got \(data.rowCount)",
                                      hint: "lower k")
        }
        try context.checkpoint(1, "knn")
        return KNearestNeighborsModel(points: data.features, targets: data.target, k: k,
                                      distanceWeighted: parameters.string("weights") == "distance",
                                      classes: data.task.isClassification ? data.classes.count : 0)
    }
}

/// A fitted `knn`: the training rows themselves, searched at prediction time.
public struct KNearestNeighborsModel: FittedModel {
    public static let kind = "knn"
    /// Training rows, n × p.
    public let points: Tensor
    /// Class indices (classification) or values (regression).
    public let targets: [Double]
    public let k: Int
    public let distanceWeighted: Bool
    /// 0 for a regressor.
    public let classes: Int
    /// The training rows in blocks of `pointBlock`, each transposed to p × block for
    /// `dgemm`, and ‖xⱼ‖².
    let pointBlocks: [Tensor]
    let pointNorms: [Double]
    static let pointBlock = 2048

    public init(points: Tensor, targets: [Double], k: Int, distanceWeighted: Bool, classes: Int) {
        self.points = points
        self.targets = targets
        self.k = k
        self.distanceWeighted = distanceWeighted
        self.classes = classes
        self.pointNorms = KNearestNeighborsModel.rowNorms(points)
        let n = points.rows, p = points.columns
        self.pointBlocks = stride(from: 0, to: n, by: KNearestNeighborsModel.pointBlock).map { start in
            let rows = min(KNearestNeighborsModel.pointBlock, n - start)
            var t = [Double](repeating: 0, count: p * rows)
            for i in 0..<rows {
                for f in 0..<p { t[f * rows + i] = points.storage[(start + i) * p + f] }
            }
            return Tensor(uncheckedRows: p, columns: rows, t)
        }
    }

    static func rowNorms(_ x: Tensor) -> [Double] {
        let p = x.columns
        return x.storage.withUnsafeBufferPointer { s in
            (0..<x.rows).map { i in
                var sum = 0.0
                for j in 0..<p { sum += s[i * p + j] * s[i * p + j] }
                return sum
            }
        }
    }

    /// For each query, its k neighbours (training row, exact Euclidean distance), nearest first.
    public func neighbours(_ queries: Tensor) throws -> [[(index: Int, distance: Double)]] {
        let p = points.columns, m = queries.rows
        guard queries.columns == p || m == 0 else {
            throw MLError.invalidData("the model expects \(p) features, got \(queries.columns)", hint: nil)
        }
        guard m > 0 else { return [] }
        let chunk = min(256, max(8, (m + 1) / 2))
        let chunkCount = (m + chunk - 1) / chunk
        var results = [[(index: Int, distance: Double)]](repeating: [], count: m)
        let queryNorms = KNearestNeighborsModel.rowNorms(queries)
        let lock = NSLock()
        // Chunks fixed by the query count; each query's search is independent of the others.
        try Parallelism.forEach(chunkCount) { (c: Int) throws in
            let start = c * chunk, rows = min(chunk, m - start)
            let local = try search(queries, rows: start..<(start + rows), queryNorms: queryNorms)
            lock.lock()
            for r in 0..<rows { results[start + r] = local[r] }
            lock.unlock()
        }
        return results
    }

    /// The k nearest training rows of each query in `range`: squared distances
    /// ‖q‖² + ‖x‖² − 2·q·x block by block (`dgemm` on a block that stays in cache), each
    /// query keeping a bounded max-heap; then exact distances for the k found.
    private func search(_ queries: Tensor, rows range: Range<Int>, queryNorms: [Double]) throws -> [[(index: Int, distance: Double)]] {
        let p = points.columns, rows = range.count, k = self.k
        let block = Tensor(uncheckedRows: rows, columns: p,
                           Array(queries.storage[(range.lowerBound * p)..<(range.upperBound * p)]))
        var heapD = [Double](repeating: .infinity, count: rows * k)
        var heapI = [Int](repeating: Int.max, count: rows * k)
        for (b, pointBlock) in pointBlocks.enumerated() {
            let offset = b * KNearestNeighborsModel.pointBlock, width = pointBlock.columns
            let dots = p > 0 ? try block.matmul(pointBlock) : Tensor.zeros([rows, width])
            dots.storage.withUnsafeBufferPointer { dots in
                pointNorms.withUnsafeBufferPointer { norms in
                    heapD.withUnsafeMutableBufferPointer { hd in
                        heapI.withUnsafeMutableBufferPointer { hi in
                            for r in 0..<rows {
                                let qn = queryNorms[range.lowerBound + r]
                                let d0 = hd.baseAddress! + r * k, i0 = hi.baseAddress! + r * k
                                var worst = d0[0]
                                let row = dots.baseAddress! + r * width
                                for j in 0..<width {
                                    let d = qn + norms[offset + j] - 2 * row[j]
                                    if d < worst {
                                        KNearestNeighborsModel.replaceTop(d0, i0, k, d, offset + j)
                                        worst = d0[0]
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (0..<rows).map { r in
            let q = range.lowerBound + r
            var found: [(index: Int, distance: Double)] = []
            found.reserveCapacity(k)
            for slot in 0..<k where heapI[r * k + slot] != Int.max {
                let j = heapI[r * k + slot]
                var sum = 0.0
                for f in 0..<p {
                    let diff = queries.storage[q * p + f] - points.storage[j * p + f]
                    sum += diff * diff
                }
                found.append((j, sum.squareRoot()))
            }
            found.sort { $0.distance < $1.distance || ($0.distance == $1.distance && $0.index < $1.index) }
            return found
        }
    }

    /// Replaces the root of a max-heap (ordered by distance, then index) and sifts down.
    @inline(__always)
    static func replaceTop(_ d: UnsafeMutablePointer<Double>, _ idx: UnsafeMutablePointer<Int>, _ k: Int, _ value: Double, _ index: Int) {
        var c = 0
        while true {
            let l = 2 * c + 1, r = l + 1
            var largest = -1
            var largestD = value, largestI = index
            if l < k && (d[l] > largestD || (d[l] == largestD && idx[l] > largestI)) {
                largest = l; largestD = d[l]; largestI = idx[l]
            }
            if r < k && (d[r] > largestD || (d[r] == largestD && idx[r] > largestI)) {
                largest = r
            }
            if largest < 0 { break }
            d[c] = d[largest]; idx[c] = idx[largest]
            c = largest
        }
        d[c] = value
        idx[c] = index
    }

    /// Each neighbour's vote weight: 1, or 1/distance (only the exact matches if any).
    private func weights(_ neighbours: [(index: Int, distance: Double)]) -> [Double] {
        guard distanceWeighted else { return [Double](repeating: 1, count: neighbours.count) }
        if neighbours.contains(where: { $0.distance == 0 }) {
            return neighbours.map { $0.distance == 0 ? 1 : 0 }
        }
        return neighbours.map { 1 / $0.distance }
    }

    public func predict(_ features: Tensor) throws -> [Double] {
        let all = try neighbours(features)
        if classes == 0 {
            return all.map { found in
                let w = weights(found)
                var num = 0.0, den = 0.0
                for (t, neighbour) in found.enumerated() {
                    num += w[t] * targets[neighbour.index]
                    den += w[t]
                }
                return distanceWeighted ? num / den : num / Double(found.count)
            }
        }
        return all.map { found in
            let votes = tally(found)
            var best = 0
            for c in 1..<classes where votes[c] > votes[best] { best = c }
            return Double(best)
        }
    }

    private func tally(_ found: [(index: Int, distance: Double)]) -> [Double] {
        let w = weights(found)
        var votes = [Double](repeating: 0, count: classes)
        for (t, neighbour) in found.enumerated() { votes[Int(targets[neighbour.index])] += w[t] }
        return votes
    }

    public func predictProbabilities(_ features: Tensor) throws -> Tensor? {
        guard classes > 0 else { return nil }
        let all = try neighbours(features)
        var out = [Double](repeating: 0, count: all.count * classes)
        for (i, found) in all.enumerated() {
            let votes = tally(found)
            let total = votes.reduce(0, +)
            for c in 0..<classes { out[i * classes + c] = votes[c] / total }
        }
        return Tensor(uncheckedRows: all.count, columns: classes, out)
    }

    public func encodeState() throws -> ModelState {
        var state = ModelState()
        state.arrays["points"] = points.storage
        state.arrays["targets"] = targets
        state.integers["shape"] = [points.rows, points.columns]
        state.integers["k"] = [k]
        state.integers["classes"] = [classes]
        state.strings["weights"] = [distanceWeighted ? "distance" : "uniform"]
        return state
    }

    public init(state: ModelState) throws {
        let shape = try state.integerArray("shape")
        let storage = try state.array("points")
        guard shape.count == 2, shape[0] * shape[1] == storage.count else { throw MLError.corruptModel("knn points shape") }
        let targets = try state.array("targets")
        guard targets.count == shape[0] else { throw MLError.corruptModel("knn targets") }
        self.init(points: Tensor(uncheckedRows: shape[0], columns: shape[1], storage), targets: targets,
                  k: try state.integer("k"), distanceWeighted: state.strings["weights"] == ["distance"],
                  classes: try state.integer("classes"))
    }
}
