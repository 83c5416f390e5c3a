import Testing
import Numeric
@testable import ML

@Suite("ML: k-means")
struct KMeansTests {
    /// `perCluster` points around each of `centers`, with standard deviation `spread`.
    static func blobs(_ centers: [[Double]], perCluster: Int, spread: Double, seed: UInt64) -> (TrainingData, [Int]) {
        var g = RandomGenerator(seed: seed)
        var rows: [[Double]] = [], truth: [Int] = []
        for i in 0..<perCluster {
            for (c, center) in centers.enumerated() {
                rows.append(center.map { $0 + spread * g.normal() })
                truth.append(c)
                _ = i
            }
        }
        let data = TrainingData(features: TreeTestData.matrix(rows), featureNames: (0..<centers[0].count).map { "x\($0)" },
                                target: [], classes: [], task: .clustering)
        return (data, truth)
    }

    @Test func recoversWellSeparatedBlobs() throws {
        let truth: [[Double]] = [[0, 0, 0], [10, 0, 0], [0, 10, 0], [0, 0, 10]]
        let (data, labels) = Self.blobs(truth, perCluster: 150, spread: 0.5, seed: 1)
        let model = try KMeans.make(["k": .number(4), "n_init": .number(3)]).fit(data, context: FitContext()) as! KMeansModel
        let predicted = try model.predict(data.features)
        // Each true blob maps to exactly one cluster, and the mapping is a bijection.
        var mapping: [Int: Double] = [:]
        for (i, label) in labels.enumerated() {
            if let seen = mapping[label] { #expect(seen == predicted[i]) } else { mapping[label] = predicted[i] }
        }
        #expect(Set(mapping.values).count == 4)
        // Centers sit near the true ones; inertia ≈ n·p·spread².
        for center in truth {
            let nearest = (0..<4).map { j in (0..<3).map { f in pow(model.centers[j, f] - center[f], 2) }.reduce(0, +) }.min()!
            #expect(nearest < 0.05)
        }
        #expect(abs(model.inertia / (600 * 3 * 0.25) - 1) < 0.15)
        #expect(try model.predictProbabilities(data.features) == nil)
    }

    @Test func inertiaIsTheSumOfSquaredDistances() throws {
        // 3,000 rows: three 1,024-row chunks, combined in order.
        let (data, _) = Self.blobs([[0, 0], [3, 3], [0, 4]], perCluster: 1000, spread: 1, seed: 2)
        let model = try KMeans.make(["k": .number(3)]).fit(data, context: FitContext()) as! KMeansModel
        let labels = try model.predict(data.features)
        var total = 0.0
        for i in 0..<data.rowCount {
            let j = Int(labels[i])
            for f in 0..<2 { total += pow(data.features[i, f] - model.centers[j, f], 2) }
        }
        #expect(abs(total - model.inertia) <= 1e-9 * total)
        // Each center is the mean of its points (Lloyd's fixed point).
        for j in 0..<3 {
            let members = (0..<data.rowCount).filter { Int(labels[$0]) == j }
            for f in 0..<2 {
                let mean = members.map { data.features[$0, f] }.reduce(0, +) / Double(members.count)
                #expect(abs(mean - model.centers[j, f]) < 1e-6)
            }
        }
    }

    @Test func sameSeedSameModelAndMoreRunsNeverWorse() throws {
        let (data, _) = Self.blobs([[0, 0], [2, 2], [4, 0], [2, -2], [6, 3]], perCluster: 60, spread: 1.2, seed: 3)
        let a = try KMeans.make(["k": .number(5), "seed": .number(7)]).fit(data, context: FitContext()) as! KMeansModel
        let b = try KMeans.make(["k": .number(5), "seed": .number(7)]).fit(data, context: FitContext()) as! KMeansModel
        #expect(a.centers == b.centers && a.inertia == b.inertia)
        let context = FitContext()
        let single = try KMeans.make(["k": .number(5), "seed": .number(7), "n_init": .number(1)]).fit(data, context: context) as! KMeansModel
        #expect(a.inertia <= single.inertia)
        #expect(context.lossCurve == [single.inertia])
    }

    @Test func duplicatePointsAndEmptyClustersDoNotBreak() throws {
        let rows: [[Double]] = Array(repeating: [1, 1], count: 10) + Array(repeating: [5, 5], count: 10)
        let data = TrainingData(features: TreeTestData.matrix(rows), featureNames: ["a", "b"], target: [], classes: [], task: .clustering)
        let model = try KMeans.make(["k": .number(3)]).fit(data, context: FitContext()) as! KMeansModel
        #expect(model.inertia == 0)
        let labels = try model.predict(data.features)
        #expect(labels[0] != labels[19])
    }

    @Test func errorsAndRoundTrip() throws {
        let (data, _) = Self.blobs([[0, 0], [5, 5]], perCluster: 20, spread: 0.3, seed: 4)
        #expect(throws: MLError.self) { try KMeans.make(["k": .number(41)]).fit(data, context: FitContext()) }
        #expect(throws: MLError.self) { try KMeans.make(["k": .number(0)]) }
        let labelled = TrainingData(features: data.features, featureNames: data.featureNames, target: Array(repeating: 0, count: 40),
                                    classes: ["a", "b"], task: .binary)
        #expect(throws: MLError.unsupportedTask(model: "kmeans", task: .binary)) { try KMeans.make([:]).fit(labelled, context: FitContext()) }
        #expect(throws: MLError.interrupted) { try KMeans.make(["k": .number(2)]).fit(data, context: FitContext(shouldStop: { true })) }
        let model = try KMeans.make(["k": .number(2)]).fit(data, context: FitContext()) as! KMeansModel
        let restored = try TreeTestData.roundTrip(model, on: data.features)
        #expect(restored.inertia == model.inertia && restored.centers == model.centers)
        #expect(throws: MLError.self) { try model.predict(TreeTestData.matrix([[1, 2, 3]])) }
    }
}

#if canImport(Glibc)
import Glibc
#endif
