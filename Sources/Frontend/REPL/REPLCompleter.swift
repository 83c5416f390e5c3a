import Runtime
import VM

/// Tab completion: meta-commands after a leading `:`, the session's names, builtins and
/// keywords, and after `name.` the fields of that value: a library value's declared fields,
/// a dataset's columns, a record's keys, a module's exports. Inside a call's parentheses the
/// named parameters of the builtin or session function come first (`epochs:`), and inside
/// `model("` the names registered in the workspace.
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
        if let typed = Self.modelNamePrefix(line) {
            return registeredModelNames().filter { $0.hasPrefix(typed) && $0.hasPrefix(word) }
        }
        if let dot = word.lastIndex(of: ".") {
            let base = String(word[..<dot])
            let prefix = String(word[word.index(after: dot)...])
            return fields(of: base).filter { $0.hasPrefix(prefix) }.map { base + "." + $0 }
        }
        var names = Set(session.bindings.map(\.name))
        names.formUnion(Builtins.signatures.keys)
        names.formUnion(Self.keywords)
        let parameters = Self.openCall(in: line).map { parameterNames(of: $0.callee, given: String($0.arguments)) } ?? []
        return parameters.map { $0 + ":" }.filter { $0.hasPrefix(word) }
            + names.filter { $0.hasPrefix(word) }.sorted()
    }

    /// The named parameters of the function `callee` (a builtin, or a session function whose
    /// shape the checker knows) that the call has not given yet.
    func parameterNames(of callee: String, given arguments: String) -> [String] {
        let named: [String]
        if let slot = session.slots.lastIndex(where: { $0.visible && $0.info.name == callee }) {
            named = session.slots[slot].info.shape?.named ?? []
        } else if let signature = Builtins.signatures[callee] {
            named = signature.parameters.filter { !$0.isRequired }.map(\.name)
        } else {
            return []
        }
        return named.filter { !arguments.contains($0 + ":") }
    }

    /// The innermost call still open at the end of `line`: its callee's name and the text of
    /// its arguments so far. Brackets inside strings are not counted.
    static func openCall(in line: String) -> (callee: String, arguments: Substring)? {
        let characters = Array(line)
        var depth = 0
        var inString = false
        var opens: [Int] = []
        for (index, character) in characters.enumerated() {
            if inString {
                if character == "\"" { inString = false }
                continue
            }
            switch character {
            case "\"": inString = true
            case "(", "[", "{": opens.append(index); depth += 1
            case ")", "]", "}": if !opens.isEmpty { opens.removeLast() }; depth -= 1
            default: break
            }
        }
        guard let open = opens.last, characters[open] == "(" else { return nil }
        var start = open
        while start > 0, characters[start - 1].isLetter || characters[start - 1].isNumber || characters[start - 1] == "_" {
            start -= 1
        }
        guard start < open else { return nil }
        return (String(characters[start..<open]), Substring(String(characters[(open + 1)...])))
    }

    /// What has been typed of a model's name when the cursor is inside `model("`, else nil.
    static func modelNamePrefix(_ line: String) -> String? {
        guard let range = line.range(of: "model(", options: .backwards) else { return nil }
        let after = line[range.upperBound...].drop { $0 == " " }
        guard after.first == "\"" else { return nil }
        let typed = after.dropFirst()
        return typed.contains("\"") ? nil : String(typed)
    }

    /// The models registered in the workspace; none when there is no store yet.
    func registeredModelNames() -> [String] {
        guard let store = try? session.context.existingStore(), let models = try? store.registeredModels() else { return [] }
        return models.map(\.name).sorted()
    }

    /// The field names of the binding `base` (a plain name; deeper paths are not evaluated).
    func fields(of base: String) -> [String] {
        guard let value = session.binding(base)?.value, case .object(let object) = value.decoded else { return [] }
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
