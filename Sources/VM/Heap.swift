#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The objects of one VM, and the collector that frees those no root reaches.
///
/// Values are plain bits (`Value`), so nothing counts references to an object from values.
/// Instead the heap holds the one counted reference to each of its objects, and a mark-and-sweep
/// collection drops the references to objects that no root reaches. The roots are what the
/// VM lists (registers, globals, constants, builtins) plus every object something in Swift
/// still holds a strong reference to: such an object is not uniquely referenced by the heap.
/// Objects refer to each other only through values (never strong references), so cycles of
/// records and closures are collected like anything else.
///
/// A collection runs only at the VM's safe points: between instructions, when no native call
/// is in progress (`VM.entryDepth == 1`), so values a builtin holds in Swift locals are never
/// swept under it. An object made while no VM runs on the thread (a builtin's default
/// argument, a value made by a test) is immortal: it lives until the process ends.
public final class Heap {
    /// The objects this heap owns, each holding the reference that keeps it alive.
    var objects: ContiguousArray<HeapObject> = []
    /// `retainedBytes` summed over `objects` (as of their registration).
    var bytes = 0
    /// A collection is due when either count passes its threshold.
    var collectAtCount = Heap.minimumCount
    var collectAtBytes = Heap.minimumBytes
    private var epoch: UInt32 = 0
    /// Gray objects: marked, their references not yet visited.
    private var gray: [Unmanaged<HeapObject>] = []
    /// How many collections have run (for tests and `:heap`-style diagnostics).
    public private(set) var collections = 0

    /// The object count below which no collection runs. `LATHE_HEAP_MIN_OBJECTS` lowers it
    /// (to 1, say) so tests can make the collector run at nearly every safe point.
    static let minimumCount: Int = {
        if let text = getenv("LATHE_HEAP_MIN_OBJECTS").map({ String(cString: $0) }), let count = Int(text), count > 0 { return count }
        return 100_000
    }()
    /// The library-value bytes below which no collection runs. Lower than the memory a
    /// 10M-row frame holds, so a loop that filters or derives large frames reuses the freed
    /// buffers (malloc keeps them) instead of faulting in fresh zeroed pages each time, which
    /// cost more than the work itself at 256 MB.
    static let minimumBytes = 64 << 20

    public init() {}

    /// Whether enough was allocated since the last collection to run another.
    @inline(__always) var wantsCollection: Bool { objects.count >= collectAtCount || bytes >= collectAtBytes }

    /// Whether the library values made since the last collection hold enough memory to run
    /// another (checked after each builtin call, not only at the periodic poll).
    @inline(__always) var isOverByteBudget: Bool { bytes >= collectAtBytes }

    /// The number of objects the heap holds (live, or garbage not yet swept).
    public var objectCount: Int { objects.count }

    func register(_ object: HeapObject) {
        object.heapState = HeapObject.inHeap
        objects.append(object)
        let size = object.retainedBytes
        if size > 0 { bytes += size }
    }

    /// Marks from `roots` (and from every object Swift code holds), then frees the rest.
    func collect(roots: ((Value) -> Void) -> Void) {
        epoch &+= 1
        if epoch == 0 { epoch = 1 }
        collections += 1
        var immortalsSeen = Set<ObjectIdentifier>()
        let mark: (Value) -> Void = { [self] value in
            guard value.isObject else { return }
            let unmanaged = value.unmanagedObject
            unmanaged._withUnsafeGuaranteedRef { object in
                if object.heapState == HeapObject.immortal {
                    // Immortal objects may be shared by VMs on other threads: their marks are
                    // kept here, not in the object.
                    if immortalsSeen.insert(ObjectIdentifier(object)).inserted { gray.append(unmanaged) }
                } else if object.markedEpoch != epoch {
                    object.markedEpoch = epoch
                    gray.append(unmanaged)
                }
            }
        }
        for index in objects.indices where !isKnownUniquelyReferenced(&objects[index]) {
            mark(Value(unregistered: objects[index]))
        }
        roots(mark)
        while let next = gray.popLast() {
            next._withUnsafeGuaranteedRef { $0.forEachReference(mark) }
        }
        var kept = 0, keptBytes = 0
        for index in objects.indices where objects[index].markedEpoch == epoch {
            objects.swapAt(kept, index)
            keptBytes += objects[kept].retainedBytes
            kept += 1
        }
        // Dropping the heap's references frees the unmarked objects. None of them holds a
        // strong reference to another heap object, so this never recurses deeply.
        objects.removeSubrange(kept...)
        bytes = keptBytes
        collectAtCount = max(Heap.minimumCount, kept * 2)
        collectAtBytes = max(Heap.minimumBytes, keptBytes * 2)
    }

    /// Gives the heap's objects to the process: called when its VM goes away, because values
    /// handed out (a test's result, a REPL's last value) may still point at them.
    func abandon() {
        for object in objects { object.heapState = HeapObject.immortal }
        _ = Unmanaged.passRetained(self)
    }

    // MARK: - The heap of the running VM

    /// The heap of the VM running on this thread, if any.
    @usableFromInline static var current: Heap? {
        guard let raw = pthread_getspecific(key) else { return nil }
        return Unmanaged<Heap>.fromOpaque(raw).takeUnretainedValue()
    }

    /// Runs `body` with `heap` as this thread's current heap (nil: objects made are immortal).
    static func with<T>(_ heap: Heap?, _ body: () throws -> T) rethrows -> T {
        let previous = pthread_getspecific(key)
        pthread_setspecific(key, heap.map { Unmanaged.passUnretained($0).toOpaque() })
        defer { pthread_setspecific(key, previous) }
        return try body()
    }

    /// Runs `body` with no current heap, so that the objects its values refer to live for the
    /// rest of the process (values kept in Swift statics, such as builtins' defaults).
    public static func immortal<T>(_ body: () throws -> T) rethrows -> T {
        try with(nil, body)
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// Puts `object` in the current heap, the first time a value refers to it.
    @inlinable @inline(__always) static func adopt(_ object: HeapObject) {
        if object.heapState == HeapObject.unowned { adoptSlowly(object) }
    }

    @usableFromInline static func adoptSlowly(_ object: HeapObject) {
        if let heap = current {
            heap.register(object)
        } else {
            object.heapState = HeapObject.immortal
            _ = Unmanaged.passRetained(object)
        }
    }
}
