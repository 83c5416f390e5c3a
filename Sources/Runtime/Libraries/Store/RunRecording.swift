import LatheCore
import ML
import Store
import VM

/// Records `train`, `evaluate`, `cross_validate` and `tune` as child runs of the script's
/// run: `begin` before the work, `end` after it with the metrics, or `fail` with the error.
/// With no workspace context, or once tracking has failed, every call is a no-op.
struct RunRecording {
    let context: WorkspaceContext
    let store: Store
    let id: Int64
    let uuid: String
    let output: OutputSink

    /// Opens a child run of the current run.
    static func begin(_ vm: VM, kind: String, name: String, params: [(String, String)]) -> RunRecording? {
        guard let context = WorkspaceContext.of(vm), let parent = context.currentRun(output: vm.output) else { return nil }
        return context.attempt(output: vm.output) {
            let store = try context.openStore()
            let run = try store.startRun(kind: kind, name: name, parent: parent, params: params)
            context.activeRuns.append(run)
            return RunRecording(context: context, store: store, id: run.id, uuid: run.uuid, output: vm.output)
        }
    }

    /// Adds metrics (a nil step is the next one), tags and datasets to the run while it is open.
    func record(metrics: [(name: String, value: Double, step: Int?)] = [], tags: [(String, String)] = [],
                datasets: [RunDataset] = []) {
        _ = context.attempt(output: output) {
            try store.logMetrics(id, metrics)
            if !tags.isEmpty { try store.setTags(id, tags) }
            if !datasets.isEmpty { try store.recordDatasets(id, datasets) }
        }
    }

    /// A child run of this one (a fold, a candidate), recorded whole at once.
    func child(kind: String, name: String, params: [(String, String)], metrics: [(name: String, value: Double, step: Int?)]) {
        _ = context.attempt(output: output) {
            let run = try store.startRun(kind: kind, name: name, parent: id, params: params)
            try store.logMetrics(run.id, metrics)
            try store.finishRun(run.id, status: .finished)
        }
    }

    /// Closes the run as finished.
    func end() { close(.finished) }

    /// Closes the run after `error`: interrupted for Ctrl-C, failed otherwise.
    func fail(_ error: Error) {
        close((error as? RuntimeError)?.kind == .interrupted ? .interrupted : .failed)
    }

    private func close(_ status: RunStatus) {
        if let index = context.activeRuns.lastIndex(where: { $0.id == id }) { context.activeRuns.remove(at: index) }
        _ = context.attempt(output: output) { try store.finishRun(id, status: status) }
    }

    /// Runs `body` inside a child run; the run fails with it if it throws.
    static func tracking<T>(_ vm: VM, kind: String, name: String, params: [(String, String)],
                            _ body: (RunRecording?) throws -> T) throws -> T {
        let run = begin(vm, kind: kind, name: name, params: params)
        do {
            let result = try body(run)
            run?.end()
            return result
        } catch {
            run?.fail(error)
            throw error
        }
    }

    /// A parameter value as run parameters store it: strings bare, numbers in Lathe's format.
    static func text(_ value: Scalar) -> String {
        if case .string(let text) = value { return text }
        return value.description
    }

    /// A spec's hyperparameters as run parameters, name-sorted, with `model` first.
    static func parameters(of spec: ModelSpec) -> [(String, String)] {
        [("model", spec.name)] + spec.parameters.values.keys.sorted().map { ($0, text(spec.parameters.values[$0] ?? .null)) }
    }
}
