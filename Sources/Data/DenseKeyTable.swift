/// An open-addressing hash table that numbers 64-bit keys densely in first-insertion order:
/// `code(of:)` gives a key's code, 0, 1, 2, …, adding it when new. Fibonacci hashing and
/// linear probing over one flat slot array, grown at half load; much cheaper per row than a
/// `Dictionary`, whose hashing is seeded and general. Joins use it for their key codes.
struct DenseKeyTable {
    /// The keys by code.
    private(set) var keys: [UInt64] = []
    /// Per slot, code + 1; 0 marks an empty slot.
    private var slots: [Int32]
    private var shift: UInt64

    /// A table sized for about `expected` distinct keys (it grows past that).
    init(expected: Int) {
        var bits = 4
        while (1 << bits) < Swift.max(expected, 8) * 2 && bits < 62 { bits += 1 }
        slots = [Int32](repeating: 0, count: 1 << bits)
        shift = UInt64(64 - bits)
    }

    var count: Int { keys.count }

    /// The code of `key`, numbering it next when it is new.
    @inline(__always)
    mutating func code(of key: UInt64) -> Int32 {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while true {
            let entry = slots[slot]
            if entry == 0 {
                let code = Int32(keys.count)
                keys.append(key)
                slots[slot] = code + 1
                if keys.count * 2 > slots.count { grow() }
                return code
            }
            if keys[Int(entry) - 1] == key { return entry - 1 }
            slot = (slot + 1) & mask
        }
    }

    /// Doubles the slots and re-places every key.
    private mutating func grow() {
        let bits = 64 - Int(shift) + 1
        shift = UInt64(64 - bits)
        slots = [Int32](repeating: 0, count: 1 << bits)
        let mask = slots.count - 1
        for (code, key) in keys.enumerated() {
            var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(code) + 1
        }
    }
}
