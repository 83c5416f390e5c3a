extension Value {
    /// Structural equality: numbers by value (NaN is unequal to itself), strings by content,
    /// lists element by element, records field by field regardless of order; functions,
    /// modules and library values by identity.
    ///
    /// Nested lists and records are compared with an explicit work list, so any depth works
    /// without recursion, and each pair of containers is compared once, so lists that contain
    /// themselves compare (as equal when their shapes match) instead of looping.
    /// - Complexity: O(n) in the number of values reachable from both sides.
    public func isEqual(to other: Value) -> Bool {
        var pending: [(Value, Value)] = []
        var compared: Set<ContainerPair> = []
        var left = self, right = other
        while true {
            switch Value.compareShallow(left, right) {
            case .unequal:
                return false
            case .equal:
                break
            case .containers(let a, let b):
                if compared.insert(ContainerPair(a, b)).inserted {
                    guard Value.pushChildren(of: a, and: b, onto: &pending) else { return false }
                }
            }
            guard let next = pending.popLast() else { return true }
            (left, right) = next
        }
    }

    /// What one step of the comparison found.
    private enum ShallowComparison {
        case equal, unequal
        /// Two distinct lists or records of the same kind, whose items decide.
        case containers(HeapObject, HeapObject)
    }

    private static func compareShallow(_ x: Value, _ y: Value) -> ShallowComparison {
        switch (x.decoded, y.decoded) {
        case (.null, .null), (.undefined, .undefined): return .equal
        case (.bool(let a), .bool(let b)): return a == b ? .equal : .unequal
        case (.number(let a), .number(let b)): return a == b ? .equal : .unequal
        case (.object(let a), .object(let b)):
            if a === b { return .equal }
            guard a.kind == b.kind else { return .unequal }
            switch a.kind {
            case .string:
                return unsafeDowncast(a, to: StringObject.self).value == unsafeDowncast(b, to: StringObject.self).value
                    ? .equal : .unequal
            case .range:
                let r = unsafeDowncast(a, to: RangeObject.self), s = unsafeDowncast(b, to: RangeObject.self)
                return r.start == s.start && r.end == s.end ? .equal : .unequal
            case .list, .record:
                return .containers(a, b)
            default:
                return .unequal
            }
        default:
            return .unequal
        }
    }

    /// Queues the item pairs of two lists or records; false when their shapes differ.
    private static func pushChildren(of a: HeapObject, and b: HeapObject, onto pending: inout [(Value, Value)]) -> Bool {
        if a.kind == .list {
            let x = unsafeDowncast(a, to: ListObject.self).items, y = unsafeDowncast(b, to: ListObject.self).items
            guard x.count == y.count else { return false }
            for index in x.indices.reversed() { pending.append((x[index], y[index])) }
            return true
        }
        let x = unsafeDowncast(a, to: RecordObject.self), y = unsafeDowncast(b, to: RecordObject.self)
        guard x.keys.count == y.keys.count else { return false }
        for (index, key) in x.keys.enumerated().reversed() {
            guard let other = y.index(of: key) else { return false }
            pending.append((x.values[index], y.values[other]))
        }
        return true
    }
}

/// Two containers being compared, by identity.
private struct ContainerPair: Hashable {
    let left: ObjectIdentifier
    let right: ObjectIdentifier
    init(_ left: HeapObject, _ right: HeapObject) {
        self.left = ObjectIdentifier(left)
        self.right = ObjectIdentifier(right)
    }
}
