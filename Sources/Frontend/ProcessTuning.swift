/// Process-wide settings for running Lathe programs.
public enum ProcessTuning {
    /// Keeps large freed buffers in the heap for reuse instead of returning them to the kernel.
    /// Column and tensor arithmetic allocates tens of megabytes per result; with glibc's default
    /// every such buffer is a fresh mmap whose pages fault in one by one (measured here: a*x + y
    /// over 10M doubles took 47 ms instead of 30 ms). Memory freed by a script is reused by it.
    public static func configure() {
        // glibc's <malloc.h> values; the header is not part of Swift's Glibc module.
        let mmapThreshold: Int32 = -3, trimThreshold: Int32 = -1
        _ = glibcMallopt(mmapThreshold, 1 << 30)
        _ = glibcMallopt(trimThreshold, Int32.max)
    }
}

@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
