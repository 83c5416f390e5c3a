#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Interns field and parameter names as small integers. Each program owns one, shared by the
/// compiler and the VM that runs it (the VM adds its builtins' parameter names when it is
/// created, and names when builtins build records), so two programs never share symbols.
///
/// Records used as maps intern every key they are indexed with, so `intern` is on the path of
/// each `m[k]`. It is an open-addressed table hashing the name's UTF-8 bytes, which measured
/// about three times faster than `[String: Int32]` (whose SipHash and probing dominated a
/// million map insertions and lookups). Names are compared by their bytes, as Python compares
/// dictionary keys by code points: "é" and "e\u{301}" are two keys.
public final class SymbolTable: @unchecked Sendable {
    public private(set) var names: [String] = []
    /// Each name's hash, parallel to `names`, for growing the table.
    private var hashes: [UInt64] = []
    /// Per slot, the name's hash in the high 32 bits and its symbol + 1 in the low 32 bits, so
    /// a probe reads one entry before it touches a name; 0 is an empty slot. The count is a
    /// power of two.
    private var slots: [UInt64] = Array(repeating: 0, count: 64)

    public init() {}

    public func intern(_ name: String) -> Int32 {
        var name = name
        return name.withUTF8 { bytes in
            let hash = SymbolTable.hash(bytes)
            let (found, slot) = find(bytes, hash: hash)
            if let found { return found }
            let id = Int32(names.count)
            names.append(String(decoding: bytes, as: UTF8.self))
            hashes.append(hash)
            slots[slot] = SymbolTable.entry(hash: hash, id: id)
            if names.count * 2 > slots.count { grow() }
            return id
        }
    }

    public func lookup(_ name: String) -> Int32? {
        var name = name
        return name.withUTF8 { bytes in find(bytes, hash: SymbolTable.hash(bytes)).found }
    }

    public func name(_ id: Int32) -> String {
        id >= 0 && Int(id) < names.count ? names[Int(id)] : "#\(id)"
    }

    /// The symbol of `bytes` if interned, and the slot where it is or would go.
    private func find(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> (found: Int32?, slot: Int) {
        let mask = slots.count - 1
        let tag = hash >> 32
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return (nil, slot) }
            if entry >> 32 == tag {
                let id = Int(entry & 0xFFFF_FFFF) - 1
                if SymbolTable.equal(names[id], bytes) { return (Int32(id), slot) }
            }
            slot = (slot + 1) & mask
        }
    }

    @inline(__always) private static func entry(hash: UInt64, id: Int32) -> UInt64 {
        (hash >> 32) << 32 | UInt64(id + 1)
    }

    private func grow() {
        var table = [UInt64](repeating: 0, count: slots.count * 2)
        let mask = table.count - 1
        for (id, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while table[slot] != 0 { slot = (slot + 1) & mask }
            table[slot] = SymbolTable.entry(hash: hash, id: Int32(id))
        }
        slots = table
    }

    private static func equal(_ name: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var name = name
        return name.withUTF8 { stored in
            guard stored.count == bytes.count else { return false }
            guard let left = stored.baseAddress, let right = bytes.baseAddress else { return true }
            return memcmp(left, right, bytes.count) == 0
        }
    }

    /// A fast non-cryptographic hash (8 bytes at a time, multiply-xorshift mixing). Keys come
    /// from the program's own data, so flooding resistance is not a concern here.
    ///
    /// The low 32 bits choose the slot and the high 32 bits are the tag a probe compares. The
    /// slot hashes every byte but the last, and keeps the last byte's low four bits in order:
    /// keys that differ only in their last character ("k120" … "k129", "day1" … "day9") land in
    /// neighbouring slots, so a program that reads keys in the order it made them walks the
    /// table instead of missing the cache at every key, as Python's int hash keeps consecutive
    /// ints together. The tag hashes every byte, so such neighbours rarely share one.
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        guard let base = bytes.baseAddress, bytes.count > 0 else { return multiplier }
        let prefixCount = bytes.count - 1
        var state = UInt64(bytes.count) &* multiplier
        let raw = UnsafeRawPointer(base)
        var offset = 0
        while offset + 8 <= prefixCount {
            state = (state ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* multiplier
            state ^= state >> 29
            offset += 8
        }
        if offset < prefixCount {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while offset < prefixCount {
                tail |= UInt64(base[offset]) << shift
                shift += 8
                offset += 1
            }
            state = (state ^ tail) &* multiplier
            state ^= state >> 29
        }
        state = (state ^ (state >> 32)) &* multiplier
        let prefix = state ^ (state >> 29)
        let last = UInt64(base[prefixCount])
        var full = (prefix ^ last) &* multiplier
        full ^= full >> 29
        let slot = (prefix >> 32) << 4 | last & 15
        return full & 0xFFFF_FFFF_0000_0000 | slot & 0xFFFF_FFFF
    }
}
