import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// How many threads Lathe's parallel loops may use, and the loop that uses them.
///
/// The worker count is decided once per process: the CPUs in the process's affinity mask
/// (`sched_getaffinity`, so `taskset` and container cpusets count), lowered to the cgroup
/// CPU quota when one is set (`cpu.max`, or `cpu.cfs_quota_us` on cgroup v1; rounded up),
/// then capped by `LATHE_THREADS` when that holds a positive whole number. Any other
/// non-empty `LATHE_THREADS` is ignored with one warning on stderr (an empty one counts as
/// unset); the warning comes when the process first asks for the count, i.e. at its
/// first parallel step (reading a CSV, training most models, a large matrix product).
///
/// Determinism: the loops here split work into chunks whose boundaries depend only on the
/// problem size, never on the worker count; each chunk runs on one thread, and callers
/// combine chunk results in chunk order. So a seed gives the same bits whatever the
/// number of workers or the scheduling. (OpenBLAS is kept single-threaded for the same
/// reason, see `BLASRuntime`.)
public enum Parallelism {
    /// Threads the parallel loops use (at least 1).
    public static var workers: Int { configuration.workers }

    /// How `workers` was decided, for diagnostics: e.g. "2 (affinity 2, cgroup quota none, LATHE_THREADS unset)".
    public static var note: String { configuration.note }

    private static let configuration: (workers: Int, note: String) = configure()

    private static func configure() -> (workers: Int, note: String) {
        let affinity = affinityCPUCount() ?? ProcessInfoFallback.activeProcessorCount()
        let quota = cgroupQuota()
        var count = Swift.max(1, Swift.min(affinity, quota ?? Int.max))
        var cap = "unset"
        // An empty LATHE_THREADS counts as unset, as an empty OMP_NUM_THREADS does.
        if let raw = getenv("LATHE_THREADS").map({ String(cString: $0) }), !raw.trimmingBlanks.isEmpty {
            switch parseThreadCap(raw) {
            case .some(let limit):
                count = Swift.min(count, limit)
                cap = String(limit)
            case .none:
                cap = "ignored"
                let message = "lathe: warning: ignoring LATHE_THREADS='\(raw)': expected a positive whole number\n"
                fputs(message, stderr)
            }
        }
        let note = "\(count) (affinity \(affinity), cgroup quota \(quota.map(String.init) ?? "none"), LATHE_THREADS \(cap))"
        return (count, note)
    }

    /// A valid `LATHE_THREADS`: a positive whole number (surrounding blanks allowed), or nil.
    public static func parseThreadCap(_ text: String) -> Int? {
        let trimmed = text.trimmingBlanks
        guard !trimmed.isEmpty, trimmed.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        guard let value = Int(trimmed), value >= 1 else { return nil }
        return value
    }

    // MARK: - Loops

    /// Runs `body(task)` once for every task in `0..<tasks` on `min(workers, tasks)`
    /// threads; returns when all have run. Tasks are claimed in increasing order by
    /// whichever thread is free. With one thread, or when called from inside another
    /// parallel loop, the tasks run inline in order, without Dispatch.
    ///
    /// `body` must write only to places no other task writes (e.g. slot `task` of an output
    /// buffer): combine the slots in task order afterwards for a deterministic result.
    public static func forEach(_ tasks: Int, workers: Int = Parallelism.workers, _ body: (Int) -> Void) {
        guard tasks > 0 else { return }
        let threads = Swift.min(workers, tasks)
        if threads <= 1 || insideLoop {
            for task in 0..<tasks { body(task) }
            return
        }
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            let outer = pthread_getspecific(nestingKey)
            pthread_setspecific(nestingKey, nestingMarker)
            defer { pthread_setspecific(nestingKey, outer) }
            while true {
                let task = next.wrappingAdd(1, ordering: .relaxed).oldValue
                if task >= tasks { break }
                body(task)
            }
        }
    }

    /// As `forEach`, for a body that throws. Every task runs; the error of the lowest task
    /// that failed is rethrown, so which error surfaces does not depend on scheduling.
    public static func forEach(_ tasks: Int, workers: Int = Parallelism.workers, throwing body: (Int) throws -> Void) throws {
        let firstFailure = Mutex<(task: Int, error: Error)?>(nil)
        forEach(tasks, workers: workers) { task in
            do {
                try body(task)
            } catch {
                firstFailure.withLock { failure in
                    if failure == nil || task < failure!.task { failure = (task, error) }
                }
            }
        }
        if let failure = firstFailure.withLock({ $0 }) { throw failure.error }
    }

    /// Σ `body(range)` over `count` items cut into `FixedChunks(count:, size: chunkSize)`:
    /// chunks run in parallel and their sums are added in chunk order, so the result is
    /// the same for any worker count.
    public static func sum(_ count: Int, chunkSize: Int, workers: Int = Parallelism.workers,
                           _ body: (Range<Int>) -> Double) -> Double {
        let chunks = FixedChunks(count: count, size: chunkSize)
        if chunks.count <= 1 { return count > 0 ? body(0..<count) : 0 }
        let partial = UnsafeMutablePointer<Double>.allocate(capacity: chunks.count)
        defer { partial.deallocate() }
        forEach(chunks.count, workers: workers) { c in partial[c] = body(chunks[c]) }
        var total = 0.0
        for c in 0..<chunks.count { total += partial[c] }
        return total
    }

    // MARK: - Nesting

    /// Set on a thread while it runs tasks of a parallel loop: a loop started there runs
    /// inline, so nested loops (trees of a forest, each with parallel steps) never start
    /// more threads than `workers`.
    private static let nestingKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()
    private static let nestingMarker = UnsafeRawPointer(bitPattern: 1)

    private static var insideLoop: Bool { pthread_getspecific(nestingKey) != nil }

    // MARK: - CPUs

    /// CPUs in this process's affinity mask, or nil if the kernel would not say.
    static func affinityCPUCount() -> Int? {
        // Room for 8,192 CPUs; the kernel fails with EINVAL when its mask is larger.
        var mask = [UInt64](repeating: 0, count: 128)
        let result = mask.withUnsafeMutableBytes { latheSchedGetAffinity(0, $0.count, $0.baseAddress!) }
        guard result == 0 else { return nil }
        let count = mask.reduce(0) { $0 + $1.nonzeroBitCount }
        return count > 0 ? count : nil
    }

    /// The cgroup CPU quota in whole CPUs (rounded up), or nil when unlimited or unknown.
    static func cgroupQuota() -> Int? {
        // cgroup v2: "max 100000" or "150000 100000" in the process's own group or the root.
        var candidates = ["/sys/fs/cgroup/cpu.max"]
        if let text = readSmallFile("/proc/self/cgroup") {
            for line in text.split(separator: "\n") where line.hasPrefix("0::") {
                let path = line.dropFirst(3)
                if path != "/" { candidates.insert("/sys/fs/cgroup\(path)/cpu.max", at: 0) }
            }
        }
        for path in candidates {
            guard let text = readSmallFile(path) else { continue }
            let fields = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
            guard fields.count == 2 else { continue }
            if fields[0] == "max" { return nil }
            if let quota = Int(fields[0]), let period = Int(fields[1]) { return wholeCPUs(quota: quota, period: period) }
        }
        // cgroup v1.
        if let quota = readSmallFile("/sys/fs/cgroup/cpu/cpu.cfs_quota_us").flatMap({ Int($0.trimmingBlanks) }),
           let period = readSmallFile("/sys/fs/cgroup/cpu/cpu.cfs_period_us").flatMap({ Int($0.trimmingBlanks) }) {
            return wholeCPUs(quota: quota, period: period)
        }
        return nil
    }

    private static func wholeCPUs(quota: Int, period: Int) -> Int? {
        guard quota > 0, period > 0 else { return nil }
        return Swift.max(1, (quota + period - 1) / period)
    }

    private static func readSmallFile(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 4096)
        let read = fread(&buffer, 1, buffer.count - 1, file)
        guard read > 0 else { return nil }
        return String(decoding: buffer[0..<read].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// A split of `0..<count` into chunks of `size` items (the last one shorter). The
/// boundaries depend only on `count` and `size`, never on how many threads run them.
public struct FixedChunks: Sendable, Equatable {
    public let total: Int
    public let size: Int
    /// Number of chunks: 0 for an empty range.
    public let count: Int

    public init(count total: Int, size: Int) {
        self.total = Swift.max(0, total)
        self.size = Swift.max(1, size)
        count = (self.total + self.size - 1) / self.size
    }

    /// The items of chunk `index`.
    public subscript(index: Int) -> Range<Int> {
        let start = index * size
        return start..<Swift.min(total, start + size)
    }
}

/// `ProcessInfo.activeProcessorCount` without importing Foundation into Numeric.
private enum ProcessInfoFallback {
    static func activeProcessorCount() -> Int { Swift.max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}

private extension String {
    var trimmingBlanks: Substring {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else { return "" }
        return self[first...last]
    }
}

// Glibc declares sched_getaffinity only under _GNU_SOURCE, which Swift's Glibc module leaves off.
@_silgen_name("sched_getaffinity")
private func latheSchedGetAffinity(_ pid: Int32, _ size: Int, _ mask: UnsafeMutableRawPointer) -> Int32
