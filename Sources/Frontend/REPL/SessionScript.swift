import Foundation
import Syntax

/// The text `:save` writes: the cells that make the live bindings, in the order they ran,
/// separated by `# %%` lines (so the file is also a notebook).
///
/// A script may not declare a name twice, as the REPL may. A name that the saved cells
/// declare with `let` or `var` more than once becomes one `var`: its first declaration says
/// `var`, and the later ones assign. Functions compiled before such an assignment then see the
/// new value, where the session's kept the old one; the values the cells compute are the same.
enum SessionScript {
    static func render(cells: [String], header: [String]) -> String {
        var parsed: [(text: String, declarations: [(name: String, keyword: Range<Int>, isBinding: Bool)])] = []
        var declared: [String: (bindings: Int, others: Int)] = [:]
        for text in cells {
            let program = Parser.parse(file: SourceFile(id: 0, path: "<cell>", text: text)).program
            var declarations: [(String, Range<Int>, Bool)] = []
            for statement in program.statements {
                switch statement.kind {
                case .binding(let kind, let name, _) where kind != .parameter:
                    declarations.append((name.name, Int(statement.span.start)..<Int(name.span.start), true))
                    declared[name.name, default: (0, 0)].bindings += 1
                case .function(let function):
                    if let name = function.name?.name { declared[name, default: (0, 0)].others += 1 }
                case .importModule(_, _, let alias):
                    declared[alias.name, default: (0, 0)].others += 1
                default: break
                }
            }
            parsed.append((text, declarations))
        }
        var seen: Set<String> = []
        var out = header.map { "# " + $0 + "\n" }.joined()
        for (text, declarations) in parsed {
            var bytes = Array(text.utf8)
            // Edit from the end so earlier offsets stay true.
            for declaration in declarations.reversed() {
                guard let count = declared[declaration.name], count.bindings > 1, count.others == 0 else { continue }
                let first = !seen.contains(declaration.name) && isFirst(declaration, in: declarations)
                bytes.replaceSubrange(declaration.keyword, with: Array((first ? "var " : "").utf8))
            }
            for declaration in declarations where (declared[declaration.name]?.bindings ?? 0) > 1 { seen.insert(declaration.name) }
            out += "\n# %%\n" + String(decoding: bytes, as: UTF8.self) + "\n"
        }
        return out
    }

    /// Whether `declaration` is its name's first in this cell.
    private static func isFirst(_ declaration: (name: String, keyword: Range<Int>, isBinding: Bool),
                                in declarations: [(name: String, keyword: Range<Int>, isBinding: Bool)]) -> Bool {
        declarations.first { $0.name == declaration.name }?.keyword == declaration.keyword
    }
}
