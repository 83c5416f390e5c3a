import Data
import Dispatch
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
    public static let fittedModelType: any FittedModel.Type = Fitted.self

    public let parameters: Parameters
    public init(parameters: Parameters) { self.parameters = parameters }

    public func fit(_ data: TrainingData, context: FitContext) throws -> FittedModel {
        let k = parameters.integer("k")
        guard k <= data.rowCount else {
            throw MLError.invalidData("knn(k: \(k)) needs at least \(k) training rows, got \(data.rowCount)",
                                      hint: "lower k")
        }
        try context.checkpoint(1, "knn")
        return Fitted(points: data.features, targets: data.target, k: k,
                      distanceWeighted: parameters.string("weights") == "distance",
                      classes: data.task.isClassification ? data.classes.count : 0)
    }

    public struct Fitted: FittedModel {
        public static let kind = "knn"
        /// Training rows, n × p.
        public let points: Tensor
        /// Class indices (classification) or values (regression).
        public let targets: [Double]
        public let k: Int
        public let distanceWeighted: Bool
        /// 0 for a regressor.
        public let classes: Int
        /// p × n, for the distance products; ‖xⱼ‖².
        let pointsTransposed: Tensor
        let pointNorms: [Double]

        public init(points: Tensor, targets: [Double], k: Int, distanceWeighted: Bool, classes: Int) {
            self.points = points
            self.targets = targets
            self.k = k
            self.distanceWeighted = distanceWeighted
            self.classes = classes
            self.pointsTransposed = points.transposed()
            self.pointNorms = Fitted.rowNorms(points)
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
            let p = points.columns, n = points.rows, m = queries.rows
            guard queries.columns == p || m == 0 else {
                throw MLError.invalidData("the model expects \(p) features, got \(queries.columns)", hint: nil)
            }
            guard m > 0 else { return [] }
            let chunk = max(1, min(256, (1 << 22) / max(n, 1)))
            let chunkCount = (m + chunk - 1) / chunk
            var results = [[(index: Int, distance: Double)]](repeating: [], count: m)
            let queryNorms = Fitted.rowNorms(queries)
            let lock = NSLock()
            var failure: Error?
            DispatchQueue.concurrentPerform(iterations: min(2, chunkCount)) { worker in
                var c = worker
                while c < chunkCount {
                    let start = c * chunk, rows = min(chunk, m - start)
                    do {
                        let block = Tensor(uncheckedRows: rows, columns: p, Array(queries.storage[(start * p)..<((start + rows) * p)]))
                        let products = p > 0 ? try block.matmul(pointsTransposed) : Tensor.zeros([rows, n])
                        var local: [[(index: Int, distance: Double)]] = []
                        local.reserveCapacity(rows)
                        products.storage.withUnsafeBufferPointer { dots in
                            for r in 0..<rows {
                                local.append(select(row: dots.baseAddress! + r * n, queryNorm: queryNorms[start + r],
                                                    query: start + r, queries: queries))
                            }
                        }
                        lock.lock()
                        for r in 0..<rows { results[start + r] = local[r] }
                        lock.unlock()
                    } catch {
                        lock.lock(); failure = error; lock.unlock()
                    }
                    c += 2
                }
            }
            if let failure { throw failure }
            return results
        }

        /// The k smallest of ‖q‖² + ‖xⱼ‖² − 2·dotⱼ by a bounded max-heap, then exact distances.
        private func select(row dots: UnsafePointer<Double>, queryNorm: Double, query: Int, queries: Tensor) -> [(index: Int, distance: Double)] {
            let n = points.rows
            // Max-heap on (distance, index) so equal distances keep the smaller training row.
            var heapD = [Double](repeating: 0, count: k), heapI = [Int](repeating: 0, count: k)
            var size = 0
            pointNorms.withUnsafeBufferPointer { norms in
                for j in 0..<n {
                    let d = queryNorm + norms[j] - 2 * dots[j]
                    if size < k {
                        heapD[size] = d; heapI[size] = j
                        var c = size
                        size += 1
                        while c > 0 {
                            let parent = (c - 1) / 2
                            if heapD[parent] < heapD[c] || (heapD[parent] == heapD[c] && heapI[parent] < heapI[c]) {
                                heapD.swapAt(parent, c); heapI.swapAt(parent, c); c = parent
                            } else { break }
                        }
                    } else if d < heapD[0] {
                        heapD[0] = d; heapI[0] = j
                        var c = 0
                        while true {
                            let l = 2 * c + 1, r = l + 1
                            var largest = c
                            if l < k && (heapD[l] > heapD[largest] || (heapD[l] == heapD[largest] && heapI[l] > heapI[largest])) { largest = l }
                            if r < k && (heapD[r] > heapD[largest] || (heapD[r] == heapD[largest] && heapI[r] > heapI[largest])) { largest = r }
                            if largest == c { break }
                            heapD.swapAt(largest, c); heapI.swapAt(largest, c); c = largest
                        }
                    }
                }
            }
            let p = points.columns
            var found: [(index: Int, distance: Double)] = (0..<size).map { slot in
                let j = heapI[slot]
                var sum = 0.0
                for f in 0..<p {
                    let diff = queries.storage[query * p + f] - points.storage[j * p + f]
                    sum += diff * diff
                }
                return (j, sum.squareRoot())
            }
            found.sort { $0.distance < $1.distance || ($0.distance == $1.distance && $0.index < $1.index) }
            return found
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
}
