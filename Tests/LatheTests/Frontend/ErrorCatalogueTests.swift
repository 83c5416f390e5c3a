import Foundation
import LatheCore
import Data
import ML
import Numeric
import Testing
@testable import Check
@testable import Frontend
import Runtime
import VM
import Syntax
import Store

/// The error catalogues: one code per meaning, every entry explained, every example real.
@Suite("Error catalogues")
struct ErrorCatalogueTests {
    /// The code range each layer owns (the first two digits after `E`).
    static let ranges: [String: String] = [
        "syntax": "E00", "check": "E01", "runtime": "E02", "numeric": "E03", "data": "E04", "ml": "E05",
        "store": "E06", "monitor": "E07", "frontend": "E09",
    ]

    @Test func codesAreUniqueAcrossAllCatalogues() {
        var seen: [String: String] = [:]
        for (layer, entry) in ErrorCatalogues.entries {
            if let other = seen[entry.code] {
                Issue.record("\(entry.code) is declared by both \(other) and \(layer)")
            }
            seen[entry.code] = layer
        }
        #expect(seen.count == ErrorCatalogues.entries.count)
        let layers = ErrorCatalogues.all.map { $0.layer }
        #expect(Set(layers).count == layers.count, "\(layers)")
    }

    @Test func codesAreWellFormedAndInTheirLayersRange() {
        for (layer, entry) in ErrorCatalogues.entries {
            #expect(entry.code.range(of: "^E[0-9]{4}$", options: .regularExpression) != nil, "\(entry.code)")
            let prefix = Self.ranges[layer] ?? "no range for layer \(layer)"
            #expect(entry.code.hasPrefix(prefix), "\(entry.code) is outside the \(layer) range \(prefix)xx")
        }
    }

    @Test func everyEntryHasTitleExplanationAndExample() {
        for (layer, entry) in ErrorCatalogues.entries {
            let where_ = "\(layer) \(entry.code)"
            #expect(!entry.title.isEmpty && !entry.explanation.isEmpty && !entry.example.isEmpty, "\(where_)")
            #expect(!entry.title.hasSuffix("."), "\(where_): title ends with a period")
            #expect(entry.title.first.map { !$0.isUppercase } ?? false, "\(where_): title starts uppercase")
            #expect(entry.explanation.hasSuffix("."), "\(where_): explanation is not sentences")
            #expect(!entry.explanation.contains("\n"), "\(where_): explanation has a hard line break")
        }
    }

    @Test(arguments: ["E0163", "e0163"])
    func lookupIgnoresCase(_ code: String) throws {
        let entry = try #require(ErrorCatalogues.entry(for: code))
        #expect(entry.layer == "check" && entry.code == CheckErrorCodes.cannotApplyOperator)
    }

    @Test func unknownCodeSuggestsTheClosest() {
        #expect(ErrorCatalogues.entry(for: "E0199") == nil)
        #expect(ErrorCatalogues.suggestion(for: "e163") == "E0163")
    }

    @Test func explanationWrapsTextAndIndentsTheExample() throws {
        let entry = try #require(ErrorCatalogues.entry(for: "E0184"))
        let text = ErrorCatalogues.explanation(of: entry)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "E0184: missing argument (check)")
        #expect(lines.allSatisfy { $0.count <= 80 })
        #expect(text.contains("Example:\n\n    fn f(a, b) { return a + b }\n    print(f(1))\n"))
    }

    // MARK: Examples produce their error

    /// Examples that need more than one snippet: extra files, raw bytes, deep nesting.
    static let notCompilable: Set<ErrorCode> = [
        SyntaxErrorCodes.invalidUTF8, SyntaxErrorCodes.nestedTooDeeply, CheckErrorCodes.importCycle,
        CheckErrorCodes.moduleUnreadable, CheckErrorCodes.moduleNotLoaded,
        // Package errors need an installed project; PackageCommandTests produce each.
        CheckErrorCodes.packageNotInstalled, CheckErrorCodes.packageModuleNotExported, CheckErrorCodes.packageHashMismatch,
    ]

    /// Examples refer to files from the repository root, where `lathe explain` users run them.
    static func rooted(_ example: String) -> String {
        let root = LatheBinary.packageRoot.path
        return example
            .replacingOccurrences(of: "\"examples/", with: "\"\(root)/examples/")
            .replacingOccurrences(of: "\"Tests/", with: "\"\(root)/Tests/")
    }

    @Test(arguments: SyntaxErrorCodes.codes + CheckErrorCodes.codes)
    func compileTimeExampleReportsItsCode(_ code: ErrorCode) throws {
        guard !Self.notCompilable.contains(code) else { return }
        let directory = try LatheUnit.makeDirectory()
        defer { LatheUnit.removeDirectory(directory) }
        let compilation = LatheUnit.compile(Self.rooted(code.example), directory: directory)
        #expect(compilation.diagnostics.contains { $0.errorCode == code },
                "\(code): \(compilation.diagnostics.map { "\($0.code) \($0.message)" })")
    }

    /// Examples that cannot run in a unit test: Ctrl-C, files that do not exist, failures the
    /// checker stops first (an import cycle, a name no builtin has), and library failures no
    /// script reaches today (kept in the catalogue for the cases that throw them).
    static let notRunnable: Set<ErrorCode> = [
        RuntimeErrorCodes.interrupted, RuntimeErrorCodes.moduleStillLoading, RuntimeErrorCodes.undefinedAtRunTime,
        MLErrorCodes.interrupted, MLErrorCodes.unknownModel, DataErrorCodes.interrupted,
        MLErrorCodes.newerFormat, MLErrorCodes.notConverged, NumericErrorCodes.singularMatrix,
        NumericErrorCodes.lapackFailure, DataErrorCodes.typeMismatch,
        // Store faults need a damaged file, a second process or the CLI; RegistryCommandTests runs them.
        StoreErrorCodes.damagedArtifact, StoreErrorCodes.corrupt, StoreErrorCodes.locked, StoreErrorCodes.unwritable,
        StoreErrorCodes.badExport, StoreErrorCodes.noWorkspace,
    ]

    @Test(arguments: LibraryErrorCatalogues.all.flatMap { $0.codes })
    func libraryExampleFailsWithItsCode(_ code: ErrorCode) throws {
        guard !Self.notRunnable.contains(code) else { return }
        let error = try #require(Self.runtimeError(of: code.example), "\(code): the example did not fail")
        #expect(error.code == code, "\(code): failed with \(error.code): \(error.message)")
    }

    @Test(arguments: RuntimeErrorCodes.codes)
    func runtimeExampleFailsWithItsCode(_ code: ErrorCode) throws {
        guard !Self.notRunnable.contains(code) else { return }
        let error = try #require(Self.runtimeError(of: code.example), "\(code): the example did not fail")
        #expect(error.kind == (code == RuntimeErrorCodes.stackOverflow ? .stackOverflow : .error), "\(code)")
        #expect(error.code == code, "\(code): failed with \(error.code): \(error.message)")
    }

    /// Compiles and runs `example`, returning the runtime error it stops with.
    static func runtimeError(of example: String) -> RuntimeError? {
        let compilation = LatheUnit.compile(rooted(example))
        guard let program = compilation.program else {
            Issue.record("compile errors: \(compilation.diagnostics.map(\.message))")
            return nil
        }
        return LatheUnit.locked {
            let vm = VM(program: program, output: CapturedOutput())
            // Store examples record into a scratch workspace, as `lathe run` would.
            let home = FileManager.default.temporaryDirectory.appendingPathComponent("lathe-explain-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: home) }
            vm.host = WorkspaceContext(workspace: Workspace(root: home.appendingPathComponent(".lathe").path), script: nil)
            do {
                _ = try vm.runEntry()
                return nil
            } catch {
                return error as? RuntimeError
            }
        }
    }
}
