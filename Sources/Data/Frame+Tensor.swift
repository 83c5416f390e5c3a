import Numeric

/// Moving between frames and Numeric's tensors and masks (for models and vector
/// arithmetic). Missing values become NaN; bools become 0/1.
extension Column {
    /// The values as a 1-D tensor. Throws `typeMismatch` for a string column.
    public func tensor() throws -> Tensor {
        guard let values = asDoubles() else {
            throw DataError.typeMismatch("column '\(name)' holds text; a tensor needs a float64, int64 or bool column")
        }
        return Tensor(values)
    }

    /// A float64 column from the elements of a tensor (row-major for a 2-D tensor).
    public static func numeric(_ name: String, _ tensor: Tensor) -> Column {
        .numeric(name, tensor.storage)
    }
}

extension Frame {
    /// The named columns (all columns if nil) as a rows × columns tensor, row-major.
    /// Throws `unknownColumn` or, for a string column, `typeMismatch`.
    /// - Complexity: O(rows × columns).
    public func matrix(_ names: [String]? = nil) throws -> Tensor {
        let picked = try names.map { try $0.map { try column(named: $0) } } ?? columns
        let width = picked.count
        var storage = [Double](repeating: 0, count: rowCount * width)
        for (j, column) in picked.enumerated() {
            let values = try column.tensor().storage
            for i in 0..<rowCount { storage[i * width + j] = values[i] }
        }
        return try Tensor(shape: [rowCount, width], storage: storage)
    }

    /// The rows where `mask` is set.
    public func filter(_ mask: Mask) throws -> Frame {
        try filter(mask.bits)
    }
}
