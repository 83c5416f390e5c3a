#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Frees deep object graphs — a long linked list of records, a list nested a million deep,
/// a chain of closures — without deep recursion.
///
/// Swift frees an object's children inside its deinit, so freeing a chain of N containers
/// nests N deinits on the stack and overflows it long before N reaches a million. Each
/// container's deinit therefore frees its children itself, counting how many such frees are
/// nested on this thread; past `maxDepth` it parks the children here instead, and the
/// outermost free drains what was parked, one shallow chain at a time. Ordinary values never
/// come near the limit: they pay a thread-local read and two counter updates per container.
///
/// The state is per thread: tests run VMs on several threads at once.
final class ReleaseQueue {
    /// How many container frees may nest before children are parked. Each level is about ten
    /// runtime frames (well under 1 KB even in a debug build), so this stays far from any
    /// thread's stack size.
    static let maxDepth = 100

    /// Container frees nested on this thread right now.
    var depth = 0
    /// Children whose free was deferred: `[Value]` arrays, single `Value`s and `[BoxObject]`s.
    var parked: [Any] = []

    /// This thread's queue.
    @inline(__always)
    static var current: ReleaseQueue {
        if let raw = pthread_getspecific(key) {
            return Unmanaged<ReleaseQueue>.fromOpaque(raw).takeUnretainedValue()
        }
        return makeCurrent()
    }

    @inline(never)
    private static func makeCurrent() -> ReleaseQueue {
        let queue = ReleaseQueue()
        pthread_setspecific(key, Unmanaged.passRetained(queue).toOpaque())
        return queue
    }

    /// The thread-specific slot; its destructor frees a thread's queue when the thread ends.
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { raw in
            guard let raw else { return }
            Unmanaged<ReleaseQueue>.fromOpaque(raw).release()
        }
        return key
    }()

    /// Whether freeing `value` may free a container, and so nest another free. Strings,
    /// ranges, builtins and library values hold no `Value`s.
    @inline(__always)
    static func mayNest(_ value: Value) -> Bool {
        guard case .object(let object) = value else { return false }
        switch object.kind {
        case .string, .range, .native, .handle: return false
        default: return true
        }
    }

    /// Whether freeing `values` may nest frees. A short array is scanned so that small lists
    /// and records of numbers and strings skip the thread-local queue; a long one is assumed
    /// to, since the queue costs little next to freeing it.
    @inline(__always)
    static func mayNest(_ values: [Value]) -> Bool {
        if values.count > 8 { return true }
        for value in values where mayNest(value) { return true }
        return false
    }

    /// Whether a container being freed must park its children rather than free them now.
    /// When false, the caller frees its children between `enter()` and `leave()`.
    @inline(__always)
    var mustPark: Bool { depth >= ReleaseQueue.maxDepth }

    @inline(__always)
    func enter() { depth += 1 }

    /// Ends one container's free; the outermost one drains whatever deeper frees parked.
    @inline(__always)
    func leave() {
        depth -= 1
        if depth == 0, !parked.isEmpty { drain() }
    }

    /// Frees the parked children. Each may park deeper children in turn; the loop ends when
    /// nothing is left, so the stack never holds more than `maxDepth` nested frees.
    @inline(never)
    private func drain() {
        depth = 1
        while let next = parked.popLast() {
            // `next` is the last reference the queue held; dropping it here frees the chain
            // below it down to `maxDepth` levels.
            _ = next
        }
        depth = 0
    }
}
