/// "Did you mean" support: the closest candidate by edit distance, if it is close enough.
public enum NameSuggestion {
    /// Returns the best candidate within a distance that scales with the name's length.
    /// With `ignoringCase`, `City` finds `city` (column names are often cased loosely).
    public static func closest(to name: String, in candidates: some Sequence<String>, ignoringCase: Bool = false) -> String? {
        // One- and two-letter names are too short for a typo guess to mean anything.
        guard name.count > 2 else { return nil }
        let limit = max(1, min(3, name.count / 3 + 1))
        let needle = ignoringCase ? name.lowercased() : name
        var best: (name: String, distance: Int)?
        for candidate in candidates where candidate != name {
            let distance = editDistance(needle, ignoringCase ? candidate.lowercased() : candidate, limit: limit)
            if distance <= limit, best == nil || distance < best!.distance
                || (distance == best!.distance && candidate < best!.name) {
                best = (candidate, distance)
            }
        }
        return best?.name
    }

    /// Damerau–Levenshtein (optimal string alignment) distance, stopping early past `limit`.
    /// - Complexity: O(m·n) for strings of m and n characters.
    public static func editDistance(_ a: String, _ b: String, limit: Int = .max) -> Int {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        if abs(x.count - y.count) > limit { return limit + 1 }
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous2 = [Int](repeating: 0, count: y.count + 1)
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    value = min(value, previous2[j - 2] + 1)
                }
                current[j] = value
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[y.count]
    }
}
