extension Value {
    /// Structural equality: numbers by value (NaN is unequal to itself), strings by content,
    /// lists element by element, records field by field regardless of order; functions,
    /// modules and handles by identity.
    public func isEqual(to other: Value, depth: Int = 0) -> Bool {
        switch (self, other) {
        case (.null, .null), (.undefined, .undefined): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.object(let a), .object(let b)):
            if a === b { return true }
            guard a.kind == b.kind, depth < 64 else { return false }
            switch a.kind {
            case .string:
                return unsafeDowncast(a, to: StringObject.self).value == unsafeDowncast(b, to: StringObject.self).value
            case .list:
                let x = unsafeDowncast(a, to: ListObject.self).items, y = unsafeDowncast(b, to: ListObject.self).items
                guard x.count == y.count else { return false }
                for index in x.indices where !x[index].isEqual(to: y[index], depth: depth + 1) { return false }
                return true
            case .record:
                let x = unsafeDowncast(a, to: RecordObject.self), y = unsafeDowncast(b, to: RecordObject.self)
                guard x.keys.count == y.keys.count else { return false }
                for (index, key) in x.keys.enumerated() {
                    guard let other = y.index(of: key), x.values[index].isEqual(to: y.values[other], depth: depth + 1) else {
                        return false
                    }
                }
                return true
            case .range:
                let x = unsafeDowncast(a, to: RangeObject.self), y = unsafeDowncast(b, to: RangeObject.self)
                return x.start == y.start && x.end == y.end
            default:
                return false
            }
        default:
            return false
        }
    }
}
