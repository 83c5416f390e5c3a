/// "Nice" axis ticks: multiples of 1, 2 or 5 times a power of ten that cover a range.
enum ChartScale {
    /// About `count` evenly spaced round values from at or below `low` to at or above
    /// `high`. A range that is empty or not finite gets a unit range around it.
    static func ticks(low: Double, high: Double, count: Int = 5) -> [Double] {
        var low = low.isFinite ? low : 0
        var high = high.isFinite ? high : 1
        if high < low { swap(&low, &high) }
        if high == low {
            let pad = low == 0 ? 1 : Swift.abs(low) * 0.5
            low -= pad
            high += pad
        }
        let step = niceStep((high - low) / Double(Swift.max(1, count - 1)))
        guard step.isFinite, step > 0 else { return [low, high] }
        let first = (low / step).rounded(.down)
        let last = (high / step).rounded(.up)
        let intervals = Swift.min(50, Swift.max(1, Int(last - first)))
        return (0...intervals).map { (first + Double($0)) * step }
    }

    /// The round step at or above `raw`: 1, 2, 5 or 10 times a power of ten.
    static func niceStep(_ raw: Double) -> Double {
        guard raw.isFinite, raw > 0 else { return 1 }
        var magnitude = 1.0
        while raw / magnitude >= 10 { magnitude *= 10 }
        while raw / magnitude < 1 { magnitude /= 10 }
        let fraction = raw / magnitude
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        return nice * magnitude
    }
}
