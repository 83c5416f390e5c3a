import LatheCore
import IR

extension Value {
    /// The text `print` and `str` produce: strings raw at the top level, quoted inside collections.
    public func displayString(symbols: SymbolTable) -> String {
        if case .object(let object) = self.decoded, object.kind == .string {
            return unsafeDowncast(object, to: StringObject.self).value
        }
        var out = ""
        write(to: &out, symbols: symbols, depth: 0)
        return out
    }

    /// The source-like form, with strings quoted.
    public func reprString(symbols: SymbolTable) -> String {
        var out = ""
        write(to: &out, symbols: symbols, depth: 0)
        return out
    }

    /// The source-like form of a literal (null, bool, number or string) as library values print
    /// their cells; these need no symbol table. Anything else shows as its type, e.g. `<list>`.
    public var literalRepr: String {
        if let text = stringValue { return Value.quoted(text) }
        switch decoded {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number): return Scalar.format(number: number)
        case .undefined, .object: return "<\(typeName)>"
        }
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "$": out += "\\$"
            case "\u{0}": out += "\\0"
            // Other controls (ESC, DEL, the C1 range) would act on the terminal that shows the
            // text; the lexer reads `\u{1B}` back as the same scalar.
            case "\u{1}"..."\u{1F}", "\u{7F}"..."\u{9F}":
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else {
            return false
        }
        return text.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }

    func write(to out: inout String, symbols: SymbolTable, depth: Int) {
        // Deep or cyclic structures (a list that contains itself) print as an ellipsis.
        if depth > 32 { out += "..."; return }
        switch decoded {
        case .undefined: out += "undefined"
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .number(let value): out += Scalar.format(number: value)
        case .object(let object):
            switch object.kind {
            case .string: out += Value.quoted(unsafeDowncast(object, to: StringObject.self).value)
            case .list:
                let list = unsafeDowncast(object, to: ListObject.self)
                out += "["
                for (index, item) in list.items.enumerated() {
                    if index > 0 { out += ", " }
                    item.write(to: &out, symbols: symbols, depth: depth + 1)
                }
                out += "]"
            case .record:
                let record = unsafeDowncast(object, to: RecordObject.self)
                out += "{"
                for index in record.keys.indices {
                    if index > 0 { out += ", " }
                    let name = symbols.name(record.keys[index])
                    out += Value.isIdentifier(name) ? name : Value.quoted(name)
                    out += ": "
                    record.values[index].write(to: &out, symbols: symbols, depth: depth + 1)
                }
                out += "}"
            case .range:
                let range = unsafeDowncast(object, to: RangeObject.self)
                out += Scalar.format(number: range.start) + "..<" + Scalar.format(number: range.end)
            case .closure:
                out += "<fn \(unsafeDowncast(object, to: ClosureObject.self).function.name)>"
            case .native:
                out += "<builtin \(unsafeDowncast(object, to: NativeFunctionObject.self).builtin.signature.name)>"
            case .box: out += "<box>"
            case .iterator: out += "<iterator>"
            case .module:
                out += "<module \(unsafeDowncast(object, to: ModuleObject.self).instance.ir.displayPath)>"
            case .handle: out += unsafeDowncast(object, to: HandleObject.self).summary
            }
        }
    }
}
