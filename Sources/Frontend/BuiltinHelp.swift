import Check
import Runtime

/// The builtin reference (`lathe builtins`), rendered from the libraries' declarations
/// (`NativeLibrary.all`): builtins grouped by library, then each kind of value a library
/// returns, with its fields.
public enum BuiltinHelp {
    public static func table(matching filter: String? = nil) -> String {
        var sections: [String] = []
        for library in NativeLibrary.all {
            let builtins = library.builtins.filter { filter == nil || $0.signature.name.contains(filter!) }
            let kinds = library.kinds.filter { filter == nil || $0.name.contains(filter!) }
            if builtins.isEmpty && kinds.isEmpty { continue }
            var lines = ["# \(library.name): \(library.doc)" + (library.module.map { " (import \"\($0)\")" } ?? "")]
            for builtin in builtins {
                let signature = builtin.signature
                let effect = signature.effect == .pure ? "" : " [\(signature.effect)]"
                let returns = signature.returns.map { $0.isKind ? " → \($0.rawValue)" : "" } ?? ""
                lines.append(
                    signature.synopsis.padding(toLength: max(signature.synopsis.count, 44), withPad: " ", startingAt: 0)
                        + " " + signature.doc + returns + effect)
            }
            for kind in kinds {
                lines.append("")
                lines.append("\(kind.name): \(kind.doc)")
                for field in kind.fields {
                    lines.append(row(".\(field.name)", field.type.rawValue, field.doc))
                }
                if let data = kind.dataFields {
                    lines.append(row(".NAME", data.type.rawValue, "any other name: the \(data.noun) of that name"))
                }
            }
            sections.append(lines.joined(separator: "\n"))
        }
        return sections.joined(separator: "\n\n")
    }

    private static func row(_ name: String, _ type: String, _ doc: String) -> String {
        "  " + name.padding(toLength: 20, withPad: " ", startingAt: 0) + " "
            + type.padding(toLength: 12, withPad: " ", startingAt: 0) + " " + doc
    }
}
