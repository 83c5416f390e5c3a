import LatheCore
import Check
import Foundation
import IR
import Runtime
import Store
import Syntax
import VM
import _LatheSignals

/// Runs the CLI's script commands end to end and turns every outcome into an exit status,
/// printing diagnostics once, to stderr.
public struct ScriptRunner {
    public var errorStream: (String) -> Void
    public var colored: Bool
    /// Where the script's output, training progress and warnings go.
    public var output: OutputSink

    public init(errorStream: @escaping (String) -> Void = { StandardError.write($0) },
                colored: Bool = ScriptRunner.stderrWantsColor(), output: OutputSink = TerminalSink()) {
        self.errorStream = errorStream
        self.colored = colored
        self.output = output
    }

    /// Colour only on a terminal, and never when `NO_COLOR` is set.
    public static func stderrWantsColor() -> Bool {
        if let noColor = ProcessEnvironment.variables["NO_COLOR"], !noColor.isEmpty { return false }
        return isatty(2) == 1
    }

    func fail(_ message: String, hint: String? = nil) {
        output.flush()
        let label = colored ? "\u{1B}[1;31merror:\u{1B}[0m" : "error:"
        var text = "\(label) \(message)\n"
        if let hint { text += "  hint: \(hint)\n" }
        errorStream(text)
    }

    /// Compiles `path`, reporting unreadable files and diagnostics. Nil means stop with `status`.
    public func compile(_ path: String) -> (Compilation?, ExitStatus) {
        let compilation: Compilation
        do {
            compilation = try Compiler.compile(path: path)
        } catch let error as ModuleGraph.SourceReadError {
            fail("cannot read '\(path)': \(error.localizedDescription)",
                 hint: error.isMissing ? "check the path; it is relative to \(FileManager.default.currentDirectoryPath)" : nil)
            return (nil, .noInput)
        } catch {
            fail("cannot read '\(path)': \(error.localizedDescription)")
            return (nil, .noInput)
        }
        let renderer = DiagnosticRenderer(sources: compilation.sources, colored: colored)
        let diagnostics = compilation.diagnostics.sorted { lhs, rhs in
            (lhs.span.file, lhs.span.start) < (rhs.span.file, rhs.span.start)
        }
        if !diagnostics.isEmpty {
            // At most `DiagnosticRenderer.shownLimit` are shown: a data file checked by mistake
            // has a million errors, and the first few say what is wrong.
            errorStream(renderer.render(diagnostics))
        }
        if compilation.hasErrors {
            let count = diagnostics.filter(\.isError).count
            errorStream("\(count) error\(count == 1 ? "" : "s") found; nothing was run\n")
            return (nil, .compileError)
        }
        return (compilation, .success)
    }

    public func check(_ path: String) -> ExitStatus {
        compile(path).1
    }

    public func printIR(_ path: String, write: (String) -> Void) -> ExitStatus {
        let (compilation, status) = compile(path)
        guard let compilation, let program = compilation.program else { return status }
        let printer = IRPrinter(program: program, sources: compilation.sources)
        write(program.modules.map { printer.render(module: $0) }.joined(separator: "\n"))
        return .success
    }

    /// Runs the script at `path`. With `tracking`, the run and its `train`/`evaluate`/…
    /// calls are recorded in the workspace's store (see `WorkspaceContext`).
    public func run(_ path: String, settings: [String], tracking: Bool = true) -> ExitStatus {
        var overrides: [ParameterOverride] = []
        for setting in settings {
            do {
                overrides.append(try ParameterOverride.parse(setting))
            } catch {
                fail("\(error)", hint: (error as? ParameterOverride.Problem)?.hint)
                return .usage
            }
        }
        let (compilation, status) = compile(path)
        guard let compilation, let program = compilation.program else { return status }
        let parameters: ParameterSettings
        do {
            parameters = try ParameterSettings(overrides, for: compilation)
        } catch {
            fail("\(error)", hint: (error as? ParameterOverride.Problem)?.hint)
            return .usage
        }
        ProcessTuning.configure()
        let vm = VM(program: program, output: output)
        parameters.install(on: vm)
        let source = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        let context = WorkspaceContext.forScript(
            at: path, source: source, settings: overrides.map { ($0.name, $0.raw) }, tracking: tracking)
        vm.host = context
        lathe_install_interrupt_handler()
        do {
            _ = try vm.runEntry()
            context.finish(status: .finished)
            output.flush()
            if let failure = output.writeError {
                fail("\(failure)")
                return .ioError
            }
            return .success
        } catch let error as RuntimeError {
            context.finish(status: error.kind == .interrupted ? .interrupted : .failed)
            output.flush()
            errorStream(DiagnosticRenderer(sources: compilation.sources, colored: colored).render(error))
            return error.kind == .interrupted ? .interrupted : .runtimeError
        } catch {
            context.finish(status: .failed)
            fail("\(error)")
            return .runtimeError
        }
    }
}

extension ModuleGraph.SourceReadError {
    var isMissing: Bool {
        if case .missing = self { return true }
        return false
    }
}
