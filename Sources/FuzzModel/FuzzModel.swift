// libFuzzer target: `load_model` on arbitrary bytes. A file the decoder accepts must also be
// safe to use, so an accepted model then predicts (labels, values, probabilities) on a few
// rows built from its own feature signature: ordinary values, zeros, negatives, huge values.
// Built only with LATHE_FUZZ=1 and `--sanitize=fuzzer`; see `make fuzz` and Tests/Fuzz/README.md.

import Data
import ML

/// Rows every accepted model predicts on, per numeric feature.
let sampleNumbers: [Double] = [0, 1, -1, 2.5, 1e6, -3e5]
let sampleStrings: [String?] = ["a", "b", "setosa", "", "x", "yes"]

func sampleFrame(for model: TrainedModel) -> Frame? {
    var columns: [Column] = []
    for (name, typeName) in zip(model.featureNames, model.featureTypes) {
        switch ColumnType(rawValue: typeName) {
        case .float64: columns.append(.numeric(name, sampleNumbers))
        case .int64: columns.append(.integers(name, sampleNumbers.map { Int64($0) }))
        case .bool: columns.append(.bools(name, [true, false, true, false, true, false]))
        case .string: columns.append(.strings(name, sampleStrings))
        case .datetime, nil: return nil  // training refuses date features, so no model has one
        }
    }
    return try? Frame(columns: columns)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzModel(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let model = try? ModelCodec.decode(bytes, registry: EstimatorRegistry.all) else { return 0 }
    _ = try? ModelCodec.encode(model)
    guard let frame = sampleFrame(for: model) else { return 0 }
    _ = try? model.predict(frame)
    _ = try? model.predictValues(frame)
    _ = try? model.predictProbabilities(frame)
    return 0
}
