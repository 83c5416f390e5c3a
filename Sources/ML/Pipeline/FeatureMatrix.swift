import Data
import Numeric

extension TrainedModel {
    /// `transform(m, data)`: the matrix the algorithm sees for `frame` (the training columns
    /// after the fitted preprocessing and one-hot encoding), as a frame of float64 columns named
    /// as `m.coefficients` names them (one-hot columns `column=value`).
    public func featureFrame(_ frame: Frame) throws -> Frame {
        let matrix = try features(frame)
        let names = encoder.explainedNames
        var columns: [Column] = []
        columns.reserveCapacity(names.count)
        for (j, name) in names.enumerated() {
            var values = [Double](repeating: 0, count: matrix.rows)
            matrix.storage.withUnsafeBufferPointer { x in
                for i in 0..<matrix.rows { values[i] = x[i * names.count + j] }
            }
            columns.append(.numeric(name, values))
        }
        return try Frame(columns: columns)
    }
}
