// train(weights:, class_weight:): how the per-row weights are built and checked.

import Data
import LatheCore
import Testing
@testable import ML

@Suite("ML: sample and class weights")
struct TrainingWeightsTests {
    @Test func balancedIsRowsOverClassesTimesCount() throws {
        // 3 rows of class 0, 1 of class 1: 4 / (2·3) and 4 / (2·1).
        let weights = try TrainingWeights.classWeights(.balanced, classes: ["a", "b"], classIndices: [0, 0, 0, 1])
        #expect(weights == [4.0 / 6.0, 2.0])
    }

    @Test func balancedCountsSampleWeightsWhenAsked() throws {
        let weights = try TrainingWeights.classWeights(.balanced, classes: ["a", "b"], classIndices: [0, 0, 1],
                                                       sampleWeights: [1, 1, 2])
        #expect(weights == [1.0, 1.0])
    }

    @Test func givenWeightsDefaultToOneAndRefuseUnknownLabels() throws {
        let weights = try TrainingWeights.classWeights(.given(["b": 5]), classes: ["a", "b"], classIndices: [0, 1])
        #expect(weights == [1, 5])
        #expect(throws: MLError.self) {
            try TrainingWeights.classWeights(.given(["c": 5]), classes: ["a", "b"], classIndices: [0, 1])
        }
        #expect(throws: MLError.self) {
            try TrainingWeights.classWeights(.given(["a": -1]), classes: ["a", "b"], classIndices: [0, 1])
        }
    }

    @Test func sampleAndClassWeightsMultiply() throws {
        let frame = try Frame(columns: [Column(name: "w", storage: .float64([2, 1, 3, 1]))])
        let combined = try TrainingWeights.combine(
            column: "w", data: frame, classWeight: .given(["b": 10]), task: .binary, classes: ["a", "b"],
            classIndices: [0, 1, 0, 1], model: DecisionTree.self, registry: EstimatorRegistry.all)
        #expect(combined == [2, 10, 3, 10])
    }

    @Test func unsupportedModelsAreRefusedWithTheModelsThatTakeWeights() throws {
        let frame = try Frame(columns: [Column(name: "w", storage: .float64([1, 1]))])
        #expect(throws: MLError.unsupportedWeights(model: "knn", option: "weights",
                                                   supported: TrainingWeights.supporting("weights", in: EstimatorRegistry.all))) {
            try TrainingWeights.combine(column: "w", data: frame, classWeight: nil, task: .binary, classes: ["a", "b"],
                                        classIndices: [0, 1], model: KNearestNeighbors.self, registry: EstimatorRegistry.all)
        }
    }

    @Test func allZeroWeightsAreRefused() throws {
        let frame = try Frame(columns: [Column(name: "w", storage: .float64([0, 0]))])
        #expect(throws: MLError.self) { try TrainingWeights.sampleWeights("w", data: frame) }
    }
}
