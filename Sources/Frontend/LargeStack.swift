#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Runs the compile passes on a thread with a large stack.
///
/// The parser, checker and lowering recurse over the syntax tree, and a generated script's
/// chain of 100,000 `+` is a tree 100,000 deep. The main thread's 8 MB (and a test runner's
/// threads) cannot hold that, so every compile runs on a thread whose stack is the largest of
/// `fallbackSizes` the system grants. The memory is only reserved: pages are touched only as deep as the recursion goes. The
/// parser refuses trees deeper than `Parser.maxTreeDepth`, which every pass handles within
/// this stack even in a debug build.
enum LargeStack {
    /// Stack sizes tried in turn, largest first: 4 GiB of address space, because a debug
    /// build's checker takes about 12 KB a level for a chain of `|>`, so a tree
    /// `Parser.maxTreeDepth` deep needs almost 2 GiB there. Smaller ones serve a machine that
    /// refuses to reserve that much.
    static let fallbackSizes = [1 << 32, 1 << 30, 1 << 28]

    /// Runs `body` on a fresh thread with a large stack and waits for it. If the thread
    /// cannot be made (address space limited by `ulimit -v`), runs `body` on this thread.
    static func run<T>(_ body: @escaping () throws -> T) throws -> T {
        var result: Result<T, Error>?
        guard Job({ result = Result { try body() } }).runOnLargeStack(), let result else { return try body() }
        return try result.get()
    }

    static func run<T>(_ body: @escaping () -> T) -> T {
        var result: T?
        guard Job({ result = body() }).runOnLargeStack(), let result else { return body() }
        return result
    }
}

/// One call on the large-stack thread.
private final class Job {
    let work: () -> Void
    init(_ work: @escaping () -> Void) { self.work = work }

    /// Runs `work` on a new thread and joins it; false if the thread could not be created.
    func runOnLargeStack() -> Bool {
        var attributes = pthread_attr_t()
        guard pthread_attr_init(&attributes) == 0 else { return false }
        defer { pthread_attr_destroy(&attributes) }
        for size in LargeStack.fallbackSizes {
            guard pthread_attr_setstacksize(&attributes, size) == 0 else { continue }
            var thread = pthread_t()
            let context = Unmanaged.passRetained(self).toOpaque()
            let created = pthread_create(&thread, &attributes, { raw in
                guard let raw else { return nil }
                Unmanaged<Job>.fromOpaque(raw).takeRetainedValue().work()
                return nil
            }, context)
            guard created == 0 else {
                Unmanaged<Job>.fromOpaque(context).release()
                continue
            }
            pthread_join(thread, nil)
            return true
        }
        return false
    }
}
