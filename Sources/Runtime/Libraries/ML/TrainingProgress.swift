import Foundation
import ML
import _LatheSignals

/// The fit context the runtime hands to training: Ctrl-C stops the fit, and on a terminal a
/// progress bar is drawn on stderr (never when stderr is a file or pipe).
enum TrainingProgress {
    static func context(label: String) -> FitContext {
        let bar = isatty(2) == 1 ? ProgressBar(label: label) : nil
        return FitContext(
            shouldStop: { lathe_interrupt_pending() != 0 },
            progress: { fraction, message in bar?.draw(fraction, message) })
    }

    /// Clears a drawn bar once training ends.
    static func finish(_ context: FitContext) {
        if isatty(2) == 1 { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}

/// A one-line progress bar, redrawn at most every 100 ms.
final class ProgressBar: @unchecked Sendable {
    let label: String
    var lastDraw: TimeInterval = 0
    let lock = NSLock()

    init(label: String) { self.label = label }

    func draw(_ fraction: Double, _ message: String) {
        lock.lock()
        defer { lock.unlock() }
        let now = Date().timeIntervalSince1970
        guard now - lastDraw >= 0.1 else { return }
        lastDraw = now
        let width = 24
        let done = Int((max(0, min(1, fraction)) * Double(width)).rounded())
        let bar = String(repeating: "#", count: done) + String(repeating: " ", count: width - done)
        let line = "\r\u{1B}[K\(label) [\(bar)] \(Int(fraction * 100))% \(message)"
        FileHandle.standardError.write(Data(line.utf8))
    }
}
