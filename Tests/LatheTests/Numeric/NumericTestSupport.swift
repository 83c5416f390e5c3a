import Numeric

/// Relative closeness for numeric tests (absolute near zero).
func numericClose(_ a: Double, _ b: Double, relative: Double = 1e-12, absolute: Double = 1e-12) -> Bool {
    if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
    if a == b { return true }
    return Swift.abs(a - b) <= Swift.max(absolute, relative * Swift.max(Swift.abs(a), Swift.abs(b)))
}

func numericClose(_ a: [Double], _ b: [Double], relative: Double = 1e-12, absolute: Double = 1e-12) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { numericClose($0, $1, relative: relative, absolute: absolute) }
}

func numericMatrix(_ rows: [[Double]]) -> Tensor {
    // Test helper: the literals below are rectangular.
    (try? Tensor(rows: rows)) ?? Tensor([])
}
