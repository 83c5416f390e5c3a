import Data
import Foundation
import LatheCore
import ML
import Monitor
import Runtime
import Store
import _LatheSignals

/// `lathe monitor NAME@alias DATA`: monitors a registered model on a CSV file, or on every
/// CSV file of a folder in name order (one batch each, a trend across them), stores each
/// result, prints a report (text or JSON), optionally writes an HTML report, and exits
/// 0 (no alert), 3 (drift in data or predictions, or a metric outside its tolerance, in any
/// batch), 64 (bad arguments), 65 (unreadable data), 66 (no workspace or no such file) or
/// 70 (anything else).
public struct MonitorRunner {
    public static let alertStatus: Int32 = 3

    public var reference: String
    public var data: String
    public var json = false
    public var html: String?
    public var method: String?
    public var threshold: Double?
    public var driftShare: Double?

    public init(reference: String, data: String) {
        self.reference = reference
        self.data = data
    }

    struct Failure: Error {
        let status: ExitStatus
        let message: String
        let hint: String?
    }

    public func run() -> Int32 {
        do {
            return try monitor()
        } catch let failure as Failure {
            report(failure.message, hint: failure.hint)
            return failure.status.rawValue
        } catch let error as StoreError {
            report(error.message, hint: error.hint)
            switch error {
            case .noWorkspace: return ExitStatus.noInput.rawValue
            case .malformedReference, .invalidName, .badQuery: return ExitStatus.usage.rawValue
            default: return ExitStatus.runtimeError.rawValue
            }
        } catch let error as DataError {
            report(error.message, hint: error.hint)
            if case .fileNotFound = error { return ExitStatus.noInput.rawValue }
            return 65
        } catch let error as any LibraryError {
            report(error.message, hint: error.hint)
            return ExitStatus.runtimeError.rawValue
        } catch {
            report("\(error)", hint: nil)
            return ExitStatus.runtimeError.rawValue
        }
    }

    private func report(_ message: String, hint: String?) {
        var text = "error: \(message)\n"
        if let hint { text += "  hint: \(hint)\n" }
        CommandStreams.error(text)
    }

    private func monitor() throws -> Int32 {
        let cwd = FileManager.default.currentDirectoryPath
        guard let workspace = Workspace.find(from: cwd), workspace.exists else { throw StoreError.noWorkspace(start: cwd) }
        let store = try Store(workspace: workspace, create: false)
        let record = try store.resolve(try ModelReference.parse(reference))
        let model = try ModelCodec.load(try store.artifactBytes(record), path: record.reference, registry: EstimatorRegistry.all)
        let object = ModelObject(model, registration: record)

        var options = DriftOptions()
        if let method { options.method = try DriftMethod.parse(method) }
        options.threshold = threshold
        if let driftShare { options.driftShare = driftShare }

        let files = try batchFiles()
        var outcomes: [MonitorOutcome] = []
        for file in files {
            var csv = CSVOptions()
            csv.shouldStop = { lathe_interrupt_pending() != 0 }
            let frame = try CSVReader.read(path: file, options: csv)
            let outcome = try MonitorService.run(model: object, data: frame, reference: nil, options: options, tolerance: nil,
                                                 store: store, source: file)
            try MonitorService.record(outcome, model: object, store: store)
            outcomes.append(outcome)
        }

        if json {
            if outcomes.count == 1 {
                CommandStreams.output(MonitorJSON.text(outcomes[0], pretty: true) + "\n")
            } else {
                let object: [String: Any] = ["model": record.reference, "alert": outcomes.contains(where: \.alert),
                                             "batches": outcomes.map(MonitorJSON.object)]
                let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])) ?? Data()
                CommandStreams.output(String(decoding: data, as: UTF8.self) + "\n")
            }
        } else if outcomes.count == 1 {
            CommandStreams.output("\(record.reference) on \(files[0])\n" + MonitorText.render(outcomes[0]) + "\n")
        } else {
            CommandStreams.output(MonitorRunner.trend(outcomes, model: record.reference))
        }
        if let html {
            let history = try store.monitorHistory(name: record.name)
            let page = MonitorPage.render(outcomes: outcomes, model: record.reference, history: history,
                                          reference: try MonitorService.referenceFrame(object, store: store),
                                          batches: try files.map { try CSVReader.read(path: $0, options: CSVOptions()) })
            do {
                try AtomicFile.write(to: html) { emit in try emit(Array(page.utf8)) }
            } catch let error as DataError {
                throw Failure(status: .ioError, message: error.message, hint: error.hint)
            }
        }
        return outcomes.contains(where: \.alert) ? MonitorRunner.alertStatus : ExitStatus.success.rawValue
    }

    /// The CSV files to monitor: the one given, or a folder's `*.csv` in name order.
    func batchFiles() throws -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: data, isDirectory: &isFolder) else { throw DataError.fileNotFound(path: data) }
        guard isFolder.boolValue else { return [data] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: data)) ?? []
        let files = names.filter { $0.lowercased().hasSuffix(".csv") }.sorted().map { (data as NSString).appendingPathComponent($0) }
        guard !files.isEmpty else {
            throw Failure(status: .noInput, message: "the folder '\(data)' has no .csv files", hint: "put one CSV file per batch in it")
        }
        return files
    }

    /// One line a batch: the trend across a folder.
    static func trend(_ outcomes: [MonitorOutcome], model: String) -> String {
        var lines = ["\(model): \(outcomes.count) batches"]
        var rows = [["batch", "rows", "drift share", "drifted", "prediction", "performance"]]
        for outcome in outcomes {
            let name = outcome.source.map { ($0 as NSString).lastPathComponent } ?? "-"
            rows.append([name, String(outcome.rows), String(format: "%.3f", outcome.drift.share), outcome.drift.drifted ? "yes" : "no",
                         outcome.prediction.map { $0.drifted ? "drifted" : "stable" } ?? "-",
                         outcome.performance.map { $0.ok ? "ok" : "dropped" } ?? "-"])
        }
        let widths = (0..<rows[0].count).map { index in rows.map { $0[index].count }.max() ?? 0 }
        for row in rows {
            lines.append(row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  "))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
