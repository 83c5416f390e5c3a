import Foundation
import Testing

/// Peak memory of the `lathe` binary on workloads that used to leak.
@Suite("Memory")
struct MemoryTests {
    /// Runs `lathe run` on `script`, reading the process's peak resident size (`VmHWM`) from
    /// /proc while it runs; returns the exit status, standard output and the peak in KB.
    private func runMeasuringPeak(_ script: String) throws -> (status: Int32, output: String, peakKB: Int) {
        let directory = makeTemporaryDirectory(prefix: "lathe-memory")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("cycles.mlx")
        try script.write(to: path, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = LatheBinary.url
        process.arguments = ["run", path.path]
        var environment = ProcessInfo.processInfo.environment
        environment["LATHE_HOME"] = directory.path
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        var peak = 0
        while process.isRunning {
            if let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
               let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
               let kb = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") {
                peak = max(peak, kb)
            }
            usleep(5_000)
        }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (process.terminationStatus, output, peak)
    }

    @Test func aMillionCyclicStructuresKeepPeakMemoryFlat() throws {
        // Each iteration drops a record that refers to itself and two closures that capture
        // each other. Without a collector for cycles this reached about 500 MB.
        let script = """
            var count = 0
            for i in 0..<1000000 {
              let r = {id: i}
              r.me = r
              fn a() { return b }
              fn b() { return a }
              count += r.me.id - i + 1
            }
            print(count)
            """
        let result = try runMeasuringPeak(script)
        #expect(result.status == 0)
        #expect(result.output == "1000000\n")
        #expect(result.peakKB > 0, "VmHWM was not readable")
        #expect(result.peakKB < 150_000, "peak RSS \(result.peakKB) KB")
    }
}
