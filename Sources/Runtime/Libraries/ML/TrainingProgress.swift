import Foundation
import ML
import VM
import _LatheSignals

/// The fit context the runtime hands to training: Ctrl-C stops the fit, and progress goes to
/// the VM's output sink (which decides how to show it; the terminal draws a bar on stderr).
enum TrainingProgress {
    static func context(label: String, output: OutputSink) -> FitContext {
        let throttle = ProgressThrottle(label: label, output: output)
        return FitContext(
            shouldStop: { lathe_interrupt_pending() != 0 },
            progress: { fraction, message in throttle.report(fraction, message) })
    }

    /// Tells the sink training has ended, so it can clear a drawn bar.
    static func finish(output: OutputSink) {
        output.progressFinished()
    }
}

/// Passes progress on to the sink at most every 100 ms; fits may report from worker threads.
final class ProgressThrottle: @unchecked Sendable {
    let label: String
    unowned(unsafe) let output: OutputSink
    var lastReport: TimeInterval = 0
    let lock = NSLock()

    /// The sink belongs to the VM, which outlives every fit it starts.
    init(label: String, output: OutputSink) {
        self.label = label
        self.output = output
    }

    func report(_ fraction: Double, _ message: String) {
        lock.lock()
        defer { lock.unlock() }
        let now = Date().timeIntervalSince1970
        guard now - lastReport >= 0.1 else { return }
        lastReport = now
        output.progress(label: label, fraction: fraction, message: message)
    }
}
