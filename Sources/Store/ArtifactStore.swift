import Crypto
import Data
import Foundation

/// Content-addressed files under `.lathe/artifacts/`: each is named by the sha256 of its
/// bytes (`ab/abcdef…`), written atomically, and checked against its name on every load.
struct ArtifactStore {
    let folder: String

    /// The lowercase hex sha256 of `bytes`.
    static func hash(_ bytes: [UInt8]) -> String {
        // Hex by hand: `String(format:)` per byte cost a millisecond of every start-up.
        let digits = Array("0123456789abcdef".utf8)
        var hex = [UInt8]()
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: bytes) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    func path(for hash: String) -> String {
        "\(folder)/\(hash.prefix(2))/\(hash)"
    }

    /// Stores `bytes` unless an intact copy is there already; returns their hash.
    @discardableResult
    func put(_ bytes: [UInt8]) throws -> String {
        let hash = ArtifactStore.hash(bytes)
        let target = path(for: hash)
        if let existing = try? load(hash), existing == bytes { return hash }
        do {
            try FileManager.default.createDirectory(atPath: "\(folder)/\(hash.prefix(2))", withIntermediateDirectories: true)
            try AtomicFile.write(to: target) { emit in try emit(bytes) }
        } catch let error as DataError {
            if case .unwritable(_, let reason) = error,
               reason.contains("No space") || reason.contains("too large") || reason.contains("quota") {
                throw StoreError.diskFull(path: target)
            }
            throw StoreError.readOnly(path: target)
        } catch {
            throw StoreError.readOnly(path: target)
        }
        return hash
    }

    /// The artifact's bytes, after checking they still hash to its name.
    func load(_ hash: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path(for: hash)) else {
            throw StoreError.damagedArtifact(hash: hash, problem: "its file \(path(for: hash)) is missing")
        }
        let bytes = [UInt8](data)
        guard ArtifactStore.hash(bytes) == hash else {
            throw StoreError.damagedArtifact(hash: hash, problem: "its bytes no longer match their sha256 (\(path(for: hash)))")
        }
        return bytes
    }

    /// Every stored artifact's hash with its file's modification time.
    func all() -> [(hash: String, modified: Date, size: Int)] {
        let manager = FileManager.default
        guard let shards = try? manager.contentsOfDirectory(atPath: folder) else { return [] }
        var found: [(String, Date, Int)] = []
        for shard in shards where shard.count == 2 {
            guard let names = try? manager.contentsOfDirectory(atPath: "\(folder)/\(shard)") else { continue }
            for name in names where name.count == 64 && name.hasPrefix(shard) {
                let attributes = try? manager.attributesOfItem(atPath: "\(folder)/\(shard)/\(name)")
                found.append((name, attributes?[.modificationDate] as? Date ?? Date(),
                              (attributes?[.size] as? NSNumber)?.intValue ?? 0))
            }
        }
        return found
    }

    func remove(_ hash: String) {
        unlink(path(for: hash))
    }
}
