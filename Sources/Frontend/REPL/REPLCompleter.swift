import Runtime
import VM

/// Tab completion: meta-commands after a leading `:`, the session's names, builtins and
/// keywords, and after `name.` the fields of that value: a library value's declared fields,
/// a dataset's columns, a record's keys, a module's exports.
struct REPLCompleter {
    let session: REPLSession

    static let keywords = ["let", "var", "param", "fn", "if", "else", "for", "in", "while", "break", "continue",
                           "return", "import", "as", "true", "false", "null", "and", "or", "not"]

    /// Completions of `word`, the text before the cursor being `line`.
    func completions(line: String, word: String) -> [String] {
        if line.trimmingBlanks().hasPrefix(":"), !line.contains(" ") {
            let typed = word.hasPrefix(":") ? String(word.dropFirst()) : word
            return MetaCommand.catalogue.map(\.name).filter { $0.hasPrefix(typed) }.map { ":" + $0 }
        }
        if let dot = word.lastIndex(of: ".") {
            let base = String(word[..<dot])
            let prefix = String(word[word.index(after: dot)...])
            return fields(of: base).filter { $0.hasPrefix(prefix) }.map { base + "." + $0 }
        }
        var names = Set(session.bindings.map(\.name))
        names.formUnion(Builtins.signatures.keys)
        names.formUnion(Self.keywords)
        return names.filter { $0.hasPrefix(word) }.sorted()
    }

    /// The field names of the binding `base` (a plain name; deeper paths are not evaluated).
    func fields(of base: String) -> [String] {
        guard let value = session.binding(base)?.value, case .object(let object) = value else { return [] }
        switch object {
        case let dataset as DatasetObject:
            return dataset.valueKind.fields.map(\.name) + dataset.frame.columnNames
        case let handle as HandleObject:
            return handle.valueKind.fields.map(\.name)
        case let record as RecordObject:
            return record.keys.map { session.vm.symbols.name($0) }
        case let module as ModuleObject:
            return module.instance.ir.exports.map(\.name) + module.instance.ir.nativeExports
        default:
            return []
        }
    }
}
