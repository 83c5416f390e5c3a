#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LatheCore
import Runtime
import VM
import _LatheSignals

/// `lathe test`: runs the test files of a package or project and reports one line a test
/// with its time, then `N passed, N failed` (with `, N skipped` when any were skipped).
///
/// A test file is a `.mlx` file under the folder's `tests/` (any depth), or one named on the
/// command line. Its top level runs first; then each top-level function whose name starts
/// with `test_` is a test, called with no arguments, in the order the file defines them. A
/// file without such functions is one test that passes when it runs through. `skip(reason)`
/// marks a test skipped; any other error fails it and is shown under its line. Each file
/// runs in a VM of its own and records nothing in the store.
public struct TestRunner {
    /// Script output, diagnostics and errors go where a `lathe run` would send them.
    public var scripts: ScriptRunner
    /// Where the report lines go (standard output).
    public var report: (String) -> Void

    public init(scripts: ScriptRunner = ScriptRunner(), report: @escaping (String) -> Void = { CommandStreams.output($0) }) {
        self.scripts = scripts
        self.report = report
    }

    /// One test's outcome.
    enum Outcome {
        case passed, failed(String), skipped(String)
    }

    struct Tally {
        var passed = 0, failed = 0, skipped = 0
        var summary: String {
            "\(passed) passed, \(failed) failed" + (skipped > 0 ? ", \(skipped) skipped" : "")
        }
    }

    /// Runs the tests found under `paths` (the current folder when empty) whose names contain
    /// `filter`. Exit status: success, `.testsFailed` when any failed, `.noInput` when a path
    /// is missing or holds no test file.
    public func run(paths: [String], filter: String?) -> ExitStatus {
        let files: [String]
        do {
            files = try TestRunner.testFiles(in: paths.isEmpty ? ["."] : paths)
        } catch let problem as DiscoveryProblem {
            scripts.fail(problem.message, hint: problem.hint)
            return .noInput
        } catch {
            scripts.fail("\(error)")
            return .noInput
        }
        lathe_install_interrupt_handler()
        var tally = Tally()
        for file in files {
            if runFile(file, filter: filter, tally: &tally) == .interrupted {
                report(tally.summary + "\n")
                return .interrupted
            }
        }
        report(tally.summary + "\n")
        scripts.output.flush()
        return tally.failed > 0 ? .testsFailed : .success
    }

    /// Runs one file's tests into `tally`; `.interrupted` when Ctrl-C stopped it.
    private func runFile(_ path: String, filter: String?, tally: inout Tally) -> ExitStatus {
        let (compilation, _) = scripts.compile(path)
        guard let compilation, let program = compilation.program else {
            if filter.map(path.contains) ?? true { record(path, .failed("compile errors (shown above)"), seconds: 0, into: &tally) }
            return .success
        }
        let vm = VM(program: program, output: scripts.output)
        let source = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        vm.host = WorkspaceContext.forScript(at: path, source: source, settings: [], tracking: false)
        let renderer = DiagnosticRenderer(sources: compilation.sources, colored: scripts.colored)

        var start = TestRunner.now()
        let instance: ModuleInstance?
        do {
            instance = try vm.runEntry()
        } catch {
            let outcome = TestRunner.outcome(of: error, renderer: renderer)
            if case .failed = outcome, (error as? RuntimeError)?.kind == .interrupted { return .interrupted }
            if filter.map(path.contains) ?? true { record(path, outcome, seconds: TestRunner.now() - start, into: &tally) }
            return .success
        }
        let tests = instance.map(TestRunner.testFunctions) ?? []
        if tests.isEmpty {
            if filter.map(path.contains) ?? true { record(path, .passed, seconds: TestRunner.now() - start, into: &tally) }
            return .success
        }
        for (name, function) in tests {
            let fullName = "\(path)::\(name)"
            if let filter, !fullName.contains(filter) { continue }
            start = TestRunner.now()
            var outcome = Outcome.passed
            do {
                _ = try vm.call(function, arguments: [])
            } catch {
                if (error as? RuntimeError)?.kind == .interrupted { return .interrupted }
                outcome = TestRunner.outcome(of: error, renderer: renderer)
            }
            record(fullName, outcome, seconds: TestRunner.now() - start, into: &tally)
        }
        return .success
    }

    private func record(_ name: String, _ outcome: Outcome, seconds: Double, into tally: inout Tally) {
        scripts.output.flush()
        let time = String(format: "%.1f ms", seconds * 1000)
        switch outcome {
        case .passed:
            tally.passed += 1
            report("PASS  \(name)  (\(time))\n")
        case .skipped(let reason):
            tally.skipped += 1
            report("SKIP  \(name)  (\(reason))\n")
        case .failed(let message):
            tally.failed += 1
            let indented = message.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.isEmpty ? "" : "      " + $0 }.joined(separator: "\n")
            report("FAIL  \(name)  (\(time))\n\(indented)\(indented.hasSuffix("\n") ? "" : "\n")")
        }
    }

    static func outcome(of error: Error, renderer: DiagnosticRenderer) -> Outcome {
        guard let error = error as? RuntimeError else { return .failed("\(error)") }
        if error.code == RuntimeErrorCodes.testSkipped {
            return .skipped(error.message.hasPrefix("skipped: ") ? String(error.message.dropFirst(9)) : error.message)
        }
        return .failed(renderer.render(error))
    }

    /// The module's top-level functions named `test_…`, in the order the file defines them.
    static func testFunctions(of instance: ModuleInstance) -> [(String, Value)] {
        instance.ir.globalNames.compactMap { name in
            guard name.hasPrefix("test_"), let value = instance.global(name), value.typeName == "function" else { return nil }
            return (name, value)
        }
    }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    // MARK: - Finding test files

    struct DiscoveryProblem: Error {
        var message: String
        var hint: String?
    }

    /// The test files under `paths`, each folder's sorted by path: a file stands for itself;
    /// a folder gives the `.mlx` files under its `tests/` (or, without one, the folder's own
    /// files named `test_*.mlx`).
    static func testFiles(in paths: [String]) throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw DiscoveryProblem(message: "no such file or folder '\(path)'", hint: "lathe test takes test files or package folders")
            }
            if !isFolder.boolValue {
                files.append(path)
                continue
            }
            let base = path == "." ? "" : (path.hasSuffix("/") ? path : path + "/")
            var testsFolder: ObjCBool = false
            var found: [String] = []
            if FileManager.default.fileExists(atPath: base + "tests", isDirectory: &testsFolder), testsFolder.boolValue {
                let enumerator = FileManager.default.enumerator(atPath: base + "tests")
                while let relative = enumerator?.nextObject() as? String {
                    if relative.hasSuffix(".mlx") { found.append(base + "tests/" + relative) }
                }
            } else {
                let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                found = entries.filter { $0.hasPrefix("test_") && $0.hasSuffix(".mlx") }.map { base + $0 }
            }
            if found.isEmpty {
                throw DiscoveryProblem(message: "no test files in '\(path)'",
                                       hint: "put tests in \(base)tests/*.mlx, with functions named test_…")
            }
            files += found.sorted()
        }
        return files
    }
}
