import LatheCore
import Check
import NameMatching
import Foundation
import Runtime
import Store
import VM
import _LatheSignals

/// The interactive prompt (`lathe`, `lathe repl`): reads inputs, runs each as a cell of one
/// `REPLSession`, shows values and errors, and runs meta-commands. On a terminal it edits
/// lines with libedit; otherwise it reads plain lines with no prompt, so pipes and tests work.
public final class REPL {
    public static let prompt = "lathe> "
    public static let continuationPrompt = "...    "

    let session: REPLSession
    /// The def/use graph and the saved copy of the session.
    let tracker: SessionTracker
    let reader: LineReader
    let interactive: Bool
    let output: (String) -> Void
    let errorOutput: (String) -> Void

    init(session: REPLSession, tracker: SessionTracker? = nil, reader: LineReader, interactive: Bool,
         output: @escaping (String) -> Void, errorOutput: @escaping (String) -> Void) {
        self.session = session
        self.tracker = tracker ?? SessionTracker(session: session, store: nil, directory: FileManager.default.currentDirectoryPath)
        self.reader = reader
        self.interactive = interactive
        self.output = output
        self.errorOutput = errorOutput
        session.willRun = { [unowned self] reads in
            let warnings = self.tracker.warnings(reading: reads)
            if !warnings.isEmpty { self.errorOutput(warnings) }
        }
    }

    /// The REPL on this process's standard streams, in the workspace found from the current
    /// folder (else `.lathe` there, made on the first write). Returns when input ends or on `:quit`.
    public static func runOnStandardStreams() -> ExitStatus {
        let cwd = FileManager.default.currentDirectoryPath
        let found = Workspace.find(from: cwd)
        let workspace = found ?? Workspace(root: (cwd as NSString).appendingPathComponent(Workspace.folderName))
        let interactive = isatty(0) == 1 && isatty(1) == 1
        ProcessTuning.configure()
        let session = REPLSession(output: TerminalSink(), workspace: workspace, directory: cwd,
                                  colored: ScriptRunner.stderrWantsColor())
        let reader: LineReader
        if interactive {
            let historyPath = found.map { $0.root + "/repl_history" }
                ?? (ProcessEnvironment.variables["HOME"].map { $0 + "/.lathe_history" })
            let completer = REPLCompleter(session: session)
            reader = EditLineReader(historyPath: historyPath) { completer.completions(line: $0, word: $1) }
        } else {
            reader = PlainLineReader()
        }
        // On a terminal the session is saved, making `.lathe` here if need be; through a pipe
        // only into a workspace that exists, so scripts and tests leave nothing behind.
        let store = SessionStore(context: session.context, directory: cwd, enabled: interactive || found != nil,
                                 warn: { StandardError.write($0) })
        let tracker = SessionTracker(session: session, store: store, directory: cwd)
        let repl = REPL(session: session, tracker: tracker, reader: reader, interactive: interactive,
                        output: { StandardOutput.write($0); StandardOutput.flush() }, errorOutput: { StandardError.write($0) })
        lathe_install_interrupt_handler()
        let restored = tracker.restore()
        if interactive {
            repl.output("Lathe \(LatheVersion.current). :help for commands, Ctrl-D to leave.\n")
            if let restored { repl.output(restored.banner + "\n") }
        } else if let restored, restored.stale > 0 {
            // Pipes stay clean: only a stale binding is worth a word, and on stderr.
            repl.errorOutput("note: " + restored.banner + "\n")
        }
        repl.loop()
        session.context.finish(status: .finished)
        return .success
    }

    /// Reads and runs inputs until the input ends or `:quit`.
    func loop() {
        var buffer: [String] = []
        var lastWasBlank = false
        while true {
            let prompt = interactive ? (buffer.isEmpty ? currentPrompt : Self.continuationPrompt) : ""
            switch reader.read(prompt: prompt) {
            case .end:
                if interactive { output("\n") }
                if !buffer.isEmpty { submit(buffer.joined(separator: "\n")) }
                return
            case .interrupted:
                // Ctrl-C at the prompt drops what was typed; the session goes on.
                if interactive { output("\n") }
                buffer.removeAll()
                lastWasBlank = false
            case .line(let line):
                let blank = line.trimmingBlanks().isEmpty
                if buffer.isEmpty {
                    if blank { continue }
                    if MetaCommand.isMetaCommand(line) {
                        let goesOn = runMetaCommand(line)
                        reader.remember(line)
                        if !goesOn { return }
                        continue
                    }
                }
                buffer.append(line)
                let text = buffer.joined(separator: "\n")
                // Two blank lines end an input that is still open, to show its error.
                if InputCompleteness.needsMoreInput(text), !(blank && lastWasBlank) {
                    lastWasBlank = blank
                    continue
                }
                lastWasBlank = false
                buffer.removeAll()
                reader.remember(text)
                submit(text)
            }
        }
    }

    /// The prompt, with the number of stale bindings when there are any: `lathe [2 stale]> `.
    var currentPrompt: String {
        let stale = tracker.staleNames.count
        return stale == 0 ? Self.prompt : "lathe [\(stale) stale]> "
    }

    /// Runs one input and shows its value or its error, then records and saves what it made.
    @discardableResult
    func submit(_ text: String, path: String? = nil, keepsResult: Bool = true) -> REPLSession.Outcome {
        lathe_clear_interrupt()
        let (outcome, _) = session.evaluate(text, path: path, keepsResult: keepsResult)
        show(outcome)
        if case .compileError = outcome {
            let hints = tracker.hints(forUnrestoredNamesIn: text)
            if !hints.isEmpty { errorOutput(hints) }
        }
        tracker.recordNewCells()
        return outcome
    }

    func show(_ outcome: REPLSession.Outcome) {
        switch outcome {
        case .ran(let shown?): output(shown + "\n")
        case .ran(nil): break
        case .compileError(let text), .runtimeError(let text, _): errorOutput(text)
        }
    }

    func fail(_ message: String, hint: String? = nil) {
        var text = "error: \(message)\n"
        if let hint { text += "  hint: \(hint)\n" }
        errorOutput(text)
    }

    // MARK: - Meta-commands

    /// Runs a meta-command line; false means leave.
    func runMetaCommand(_ line: String) -> Bool {
        let command: MetaCommand
        do {
            command = try MetaCommand.parse(line)
        } catch let error as MetaCommand.ParseError {
            fail(error.description, hint: error.hint)
            return true
        } catch {
            fail("\(error)")
            return true
        }
        switch command {
        case .quit: return false
        case .help(let name): help(name)
        case .who: who()
        case .type(let expression): type(of: expression)
        case .ir(let text): showIR(text)
        case .save(let path): save(to: path)
        case .rerun(let name): rerun(name)
        case .time(let expression):
            let start = DispatchTime.now().uptimeNanoseconds
            submit(expression)
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            output("time: \(Self.format(seconds: elapsed))\n")
        case .history(let pattern):
            let entries = reader.history.enumerated().filter { pattern == nil || $0.element.contains(pattern!) }
            for (index, entry) in entries {
                output("\(String(index + 1).leftPadded(to: 5))  \(entry.replacingOccurrences(of: "\n", with: "\n       "))\n")
            }
        case .load(let path): load(path)
        case .reset:
            session.reset()
            tracker.reset()
            output("all bindings cleared\n")
        case .models: models()
        case .runs: runs()
        }
        return true
    }

    func help(_ name: String?) {
        guard let name else {
            var lines = ["Commands:"]
            for entry in MetaCommand.catalogue {
                lines.append("  " + entry.usage.padding(toLength: 22, withPad: " ", startingAt: 0) + entry.doc)
            }
            lines.append("")
            lines.append("Type Lathe code to run it; a bare expression shows its value, and _ holds the last one.")
            lines.append("An input with open brackets continues on a '...' prompt. Tab completes names and fields,")
            lines.append("Ctrl-R searches the history, Ctrl-C cancels the input or stops a running step, Ctrl-D leaves.")
            lines.append(":help NAME shows a builtin or a kind of value; `lathe builtins` lists them all.")
            output(lines.joined(separator: "\n") + "\n")
            return
        }
        let key = name.hasPrefix(":") ? String(name.dropFirst()) : name
        if let entry = MetaCommand.catalogue.first(where: { $0.name == key }) {
            output("\(entry.usage)  \(entry.doc)\n")
            return
        }
        var sections: [String] = []
        if let signature = Builtins.signatures[key] {
            var text = "\(signature.synopsis)\n  \(signature.doc)"
            // Each parameter as declared: its accepted types and its doc, where it has them.
            for parameter in signature.parameters where !parameter.types.isEmpty || !parameter.doc.isEmpty || parameter.constraint != nil {
                let types = parameter.types.map(\.rawValue).joined(separator: " or ")
                let valid = parameter.constraint.map { "valid: \($0.validDescription)" }
                let doc = [parameter.doc, valid ?? ""].filter { !$0.isEmpty }.joined(separator: "; ")
                text += "\n    " + (parameter.name.padding(toLength: max(14, parameter.name.count), withPad: " ", startingAt: 0) + " "
                    + types.padding(toLength: max(22, types.count), withPad: " ", startingAt: 0) + " " + doc).trimmingBlanks()
            }
            if let returns = signature.returns {
                text += "\n  returns: \(returns.rawValue)" + (signature.columnwise != nil ? ", or a column for a column" : "")
            }
            sections.append(text)
        }
        // A kind of value may share its name with the builtin that makes it (dataset).
        if let kind = Builtins.kinds[key] {
            var lines = ["\(kind.name): \(kind.doc)"]
            for field in kind.fields {
                lines.append("  ." + field.name.padding(toLength: 20, withPad: " ", startingAt: 0) + " "
                             + field.type.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0) + " " + field.doc)
            }
            if let data = kind.dataFields { lines.append("  .NAME                 \(data.type.rawValue)  the \(data.noun) of that name") }
            sections.append(lines.joined(separator: "\n"))
        }
        if !sections.isEmpty {
            output(sections.joined(separator: "\n\n") + "\n")
            return
        }
        let candidates = Array(Builtins.signatures.keys) + Array(Builtins.kinds.keys) + MetaCommand.catalogue.map(\.name)
        let suggestion = NameSuggestion.closest(to: key, in: candidates)
        fail("no help for '\(key)'", hint: suggestion.map { "did you mean '\($0)'?" } ?? "`lathe builtins` lists every builtin")
    }

    func type(of expression: String) {
        let trimmed = expression.trimmingBlanks()
        if let binding = session.binding(trimmed), let value = binding.value {
            output(value.typeName + "\n")
            return
        }
        let (outcome, value) = session.evaluate(trimmed, keepsResult: false)
        tracker.recordNewCells()
        switch outcome {
        case .ran: output((value?.typeName ?? "null") + "\n")
        default: show(outcome)
        }
    }

    func load(_ path: String) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            fail("cannot read '\(path)': \(error.localizedDescription)",
                 hint: "the path is relative to \(FileManager.default.currentDirectoryPath)")
            return
        }
        let before = Set(session.bindings.map(\.name))
        guard case .ran = submit(text, path: path, keepsResult: false) else { return }
        let added = session.bindings.filter { !before.contains($0.name) }.count
        output("loaded \(path)" + (added > 0 ? ": \(added) new binding\(added == 1 ? "" : "s")" : "") + "\n")
    }

    func models() {
        do {
            guard let store = try session.context.existingStore() else {
                output("no registered models (no workspace yet)\n")
                return
            }
            let models = try store.registeredModels()
            if models.isEmpty { output("no registered models\n") }
            for model in models {
                let aliases = model.aliases.map { "@\($0.0)→v\($0.1)" }.joined(separator: " ")
                output("\(model.name)  v\(model.latestVersion)  (\(model.versionCount) version\(model.versionCount == 1 ? "" : "s"))"
                       + (aliases.isEmpty ? "" : "  " + aliases) + "\n")
            }
        } catch {
            fail((error as? StoreError)?.message ?? "\(error)")
        }
    }

    func runs() {
        do {
            guard let store = try session.context.existingStore() else {
                output("no runs (no workspace yet)\n")
                return
            }
            let runs = try store.searchRuns(where: nil, order: nil, limit: 10)
            if runs.isEmpty { output("no runs\n") }
            for run in runs {
                let metrics = run.metrics.prefix(3).map { "\($0.name)=\(Self.format(metric: $0.value))" }.joined(separator: " ")
                output("\(run.id)  \(run.kind)  \(run.name)  \(run.status.rawValue)" + (metrics.isEmpty ? "" : "  " + metrics) + "\n")
            }
        } catch {
            fail((error as? StoreError)?.message ?? "\(error)")
        }
    }

    static func format(seconds: Double) -> String {
        seconds < 1 ? String(format: "%.1f ms", seconds * 1000) : String(format: "%.2f s", seconds)
    }

    static func format(metric: Double) -> String { String(format: "%.4g", metric) }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
