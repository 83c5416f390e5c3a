import LatheCore
import Check
import Foundation
import IR
import Runtime
import Syntax

/// The compile pipeline shared by the CLI, the golden tests and (later) the REPL:
/// parse and check the entry file and its imports, then lower every module to IR and verify it.
public struct Compilation {
    public let sources: SourceManager
    public let graph: ModuleGraph
    /// Set when there were no errors.
    public let program: IRProgram?
    public var diagnostics: [Diagnostic] { graph.diagnostics + verifierDiagnostics }
    var verifierDiagnostics: [Diagnostic] = []

    public var hasErrors: Bool { diagnostics.contains(where: \.isError) }

    /// The module compiled for the entry file or text (the last one lowered), when there were no errors.
    public var entry: IRModule? {
        guard let program, let path = graph.order.last, let index = program.moduleIndex[path] else { return nil }
        return program.modules[index]
    }

    /// The entry module's `param` names, for validating `--set`.
    public var parameterNames: [String] { program?.modules.last?.parameters.map(\.name) ?? [] }

    /// The statically known type of each entry-module `param` default (e.g. "number").
    public var parameterTypes: [String: String] {
        guard let path = graph.order.last, let module = graph.modules[path] else { return [:] }
        var types: [String: String] = [:]
        for info in module.resolution.declarations.values where info.kind == .parameterBinding {
            if let type = info.knownType { types[info.name] = type.rawValue }
        }
        return types
    }
}

public enum Compiler {
    /// Where `import` searches, from `LATHE_PATH` and the standard library's location.
    /// With `directory`, the installed packages of the project holding it (see `ProjectPackages`).
    public static func searchPaths(
        environment: [String: String] = ProcessEnvironment.variables, projectFrom directory: String? = nil
    ) -> ModuleSearchPaths {
        let lathePath = (environment["LATHE_PATH"] ?? "").split(separator: ":").map(String.init)
        return ModuleSearchPaths(lathePath: lathePath, standardLibrary: standardLibraryPath(environment: environment),
                                 packages: directory.flatMap(ProjectPackages.imports(from:)))
    }

    /// `LATHE_STDLIB`, else a `stdlib/` folder found walking up from the executable
    /// (the build tree), else `<prefix>/share/lathe/stdlib`.
    public static func standardLibraryPath(environment: [String: String] = ProcessEnvironment.variables) -> String? {
        if let explicit = environment["LATHE_STDLIB"], !explicit.isEmpty { return explicit }
        // Plain POSIX calls: Foundation's URL and FileManager took a millisecond of start-up here.
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return nil }
        var directory = parentFolder(of: String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self))
        for _ in 0..<6 {
            for candidate in [directory + "/stdlib", directory + "/share/lathe/stdlib"]
            where access(candidate + "/core.mlx", F_OK) == 0 {
                return candidate
            }
            directory = parentFolder(of: directory)
        }
        return nil
    }

    /// The folder holding `path` ("" for a path in the root folder, whose candidates then
    /// read "/stdlib").
    private static func parentFolder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    /// Compiles the script at `path` (reading it from disk).
    public static func compile(path: String, sources: SourceManager = SourceManager()) throws -> Compilation {
        try LargeStack.run {
            let folder = (path as NSString).deletingLastPathComponent
            let graph = moduleGraph(sources: sources, projectFrom: folder.isEmpty ? FileManager.default.currentDirectoryPath : folder)
            _ = try graph.loadEntry(path: path)
            return finish(graph: graph, sources: sources)
        }
    }

    /// Compiles source text given directly (tests, `-e`), resolving imports relative to `directory`.
    ///
    /// With `program`, the text is added to that already-compiled program as one more module
    /// (a REPL's next input): modules the program already holds, such as imports it has loaded,
    /// are reused rather than compiled again, and names share the program's symbol table. A VM
    /// running the program then runs the new module: `if let entry = compilation.entry { try vm.runModule(entry.index) }`.
    /// The `path` (or `canonicalPath`, when given) must differ from the program's other modules.
    ///
    /// `predeclared` names (earlier inputs' bindings) take the new module's first global slots;
    /// the caller fills them before running it. With `resultSlot`, a final expression
    /// statement stores its value in that global, for the REPL to show.
    public static func compile(
        text: String, path: String = "<input>", directory: String? = nil, sources: SourceManager = SourceManager(),
        into program: IRProgram? = nil, canonicalPath: String? = nil, predeclared: [DeclInfo] = [], resultSlot: Int? = nil
    ) -> Compilation {
        LargeStack.run {
            let base = directory ?? FileManager.default.currentDirectoryPath
            let graph = moduleGraph(sources: sources, projectFrom: base)
            graph.load(text: text, displayPath: path,
                       canonicalPath: canonicalPath ?? (base as NSString).appendingPathComponent(path),
                       predeclared: predeclared)
            return finish(graph: graph, sources: sources, into: program, resultSlot: resultSlot)
        }
    }

    /// A module graph that knows every library's declarations, and the packages of the
    /// project holding `directory`, if any.
    static func moduleGraph(sources: SourceManager, projectFrom directory: String? = nil) -> ModuleGraph {
        ModuleGraph(
            sources: sources, builtins: Builtins.signatures, searchPaths: searchPaths(projectFrom: directory), fieldOracle: Builtins.fieldOracle,
            kinds: Builtins.kinds, nativeModules: Builtins.nativeModules)
    }

    /// Lowers and verifies a checked graph. The syntax trees are freed here, on the compile
    /// thread's large stack: freeing a tree nested 100,000 deep recurses that deep.
    static func finish(
        graph: ModuleGraph, sources: SourceManager, into existing: IRProgram? = nil, resultSlot: Int? = nil
    ) -> Compilation {
        defer { graph.discardSyntax() }
        guard !graph.hasErrors else {
            return Compilation(sources: sources, graph: graph, program: nil)
        }
        let program = existing ?? IRProgram()
        for path in graph.order where program.moduleIndex[path] == nil {
            guard let module = graph.modules[path] else { continue }
            // Only the entry (the last module) keeps a result; its imports are ordinary modules.
            _ = Lowering.lower(module, displayPath: module.file.path, into: program, builtins: Builtins.signatures,
                               resultSlot: path == graph.order.last ? resultSlot : nil)
        }
        var compilation = Compilation(sources: sources, graph: graph, program: program)
        // A verifier failure is a compiler bug; report it instead of running broken code.
        for violation in IRVerifier().verify(program) {
            compilation.verifierDiagnostics.append(Diagnostic(
                code: FrontendErrorCodes.internalCompilerError, message: "internal compiler error: \(violation)", span: .unknown,
                hint: "please report this with the script that triggered it"))
        }
        return compilation
    }
}
