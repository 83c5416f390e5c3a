import CBLAS
#if canImport(Glibc)
import Glibc
#endif

/// Makes sure OpenBLAS runs kernels that fit the CPU, once per process.
///
/// Why: Debian's OpenBLAS 0.3.21 (a DYNAMIC_ARCH build) picks its kernels from the CPU
/// model number. Models newer than the library (e.g. Intel family 6 model 207, Emerald
/// Rapids, on our build machines) fall back to "Prescott" SSE3 kernels: measured here,
/// dgemm 2000×2000 ran at 15 GFLOP/s with them and 77 GFLOP/s with the SkylakeX
/// (AVX-512) kernels the CPU supports. OpenBLAS chooses at load time, before any Swift
/// code runs, but it exports `gotoblas_dynamic_quit`/`gotoblas_dynamic_init`, which
/// re-run the choice and honour `OPENBLAS_CORETYPE`.
///
/// What: on the first BLAS or LAPACK call from this module, if the user did not set
/// `OPENBLAS_CORETYPE` and the chosen core is weaker than what `/proc/cpuinfo` reports
/// (avx512f → SkylakeX, avx2+fma → Haswell, avx → Sandybridge), re-run the choice with
/// that core type. Nothing else changes (buffers). Set `OPENBLAS_CORETYPE`
/// (any value OpenBLAS accepts) to keep full control.
///
/// Threads: OpenBLAS runs single-threaded in Lathe, whatever `LATHE_THREADS` says.
/// Measured with this OpenBLAS (0.3.21), `ddot`, `dgemv` and `dgemm` give different bits
/// for 1, 2, 3 and 4 threads, so a threaded BLAS would make results depend on the core
/// count. Lathe's own parallel loops (`Parallelism`) split the work instead, in chunks
/// fixed by the problem size, and call BLAS from their workers. So `LATHE_THREADS=1`
/// leaves exactly one thread computing (OpenBLAS's idle pool threads start when the
/// library loads, before any Swift code, and stay asleep).
public enum BLASRuntime {
    /// The OpenBLAS kernel set in use, e.g. "SkylakeX" (after `prepare()`).
    public static var coreName: String {
        prepare()
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// The number of threads OpenBLAS uses.
    public static var threadCount: Int { Int(openblas_get_num_threads()) }

    /// Caps OpenBLAS's threads. Lathe keeps 1 (see above); anything else makes results
    /// depend on the thread count.
    public static func setThreadCount(_ n: Int) {
        openblas_set_num_threads(Int32(clamping: Swift.max(1, n)))
    }

    /// Runs the one-time kernel check; every BLAS entry point in this module calls it.
    /// Cheap after the first call (a once-token check).
    @inline(__always)
    public static func prepare() { _ = configured }

    /// What the check did, for diagnostics: e.g. "Prescott → SkylakeX", or "SkylakeX (kept)".
    public static var configurationNote: String {
        prepare()
        return configured
    }

    private static let configured: String = configure()

    private static func rank(_ core: String) -> Int {
        switch core.lowercased() {
        case "skylakex", "cooperlake", "sapphirerapids": return 3
        case "haswell", "zen": return 2
        case "sandybridge", "bulldozer", "piledriver", "steamroller", "excavator": return 1
        default: return 0
        }
    }

    private static func configure() -> String {
        // Deterministic BLAS: one thread (see the type's comment).
        openblas_set_num_threads(1)
        let current = openblas_get_corename().map { String(cString: $0) } ?? "unknown"
        if getenv("OPENBLAS_CORETYPE") != nil { return "\(current) (OPENBLAS_CORETYPE set)" }
        let flags = cpuFlags()
        let target: String
        if flags.contains("avx512f") && flags.contains("avx512dq") && flags.contains("avx512vl") {
            target = "SkylakeX"
        } else if flags.contains("avx2") && flags.contains("fma") {
            target = "Haswell"
        } else if flags.contains("avx") {
            target = "Sandybridge"
        } else {
            return "\(current) (kept)"
        }
        guard rank(target) > rank(current) else { return "\(current) (kept)" }
        typealias Hook = @convention(c) () -> Void
        guard let quitSymbol = dlsym(nil, "gotoblas_dynamic_quit"),
              let initSymbol = dlsym(nil, "gotoblas_dynamic_init") else {
            return "\(current) (kept: not a dynamic-arch OpenBLAS)"
        }
        setenv("OPENBLAS_CORETYPE", target, 1)
        unsafeBitCast(quitSymbol, to: Hook.self)()
        unsafeBitCast(initSymbol, to: Hook.self)()
        unsetenv("OPENBLAS_CORETYPE")
        openblas_set_num_threads(1)
        let now = openblas_get_corename().map { String(cString: $0) } ?? "unknown"
        return "\(current) → \(now)"
    }

    /// The CPU feature flags the kernel reports (first "flags" line of /proc/cpuinfo).
    private static func cpuFlags() -> Set<Substring> {
        guard let file = fopen("/proc/cpuinfo", "r") else { return [] }
        defer { fclose(file) }
        var line: UnsafeMutablePointer<CChar>? = nil
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, file) > 0 {
            guard let l = line else { break }
            let text = String(cString: l)
            if text.hasPrefix("flags") {
                guard let colon = text.firstIndex(of: ":") else { return [] }
                return Set(text[text.index(after: colon)...].split(whereSeparator: { $0 == " " || $0 == "\n" }))
            }
        }
        return []
    }
}
