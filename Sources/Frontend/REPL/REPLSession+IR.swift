import Foundation
import IR
import Syntax

/// `:ir`: an input compiled against the session's names into a program of its own, so the
/// session's program and globals are untouched.
extension REPLSession {
    /// Rendered diagnostics of an input that does not compile.
    public struct Diagnostics: Error {
        public var text: String
    }

    /// The IR of `text`'s module (its own functions included), as `lathe ir` prints it.
    public func ir(of text: String) -> Result<String, Diagnostics> {
        let scratch = SourceManager()
        let compilation = Compiler.compile(
            text: text, path: "REPL[ir]", directory: directory, sources: scratch,
            canonicalPath: (directory as NSString).appendingPathComponent("REPL[ir]"),
            predeclared: predeclarations(), resultSlot: Self.pendingResultSlot)
        guard let program = compilation.program, let entry = compilation.entry, !compilation.hasErrors else {
            let renderer = DiagnosticRenderer(sources: scratch, colored: colored)
            return .failure(Diagnostics(text: renderer.render(compilation.diagnostics)))
        }
        return .success(IRPrinter(program: program, sources: scratch).render(module: entry))
    }
}
