import Check
import Foundation
import IR

/// The table of native builtins. Each entry declares its signature once; the checker
/// (`signatures`), the VM's argument binding and `:help` all read it.
public enum Builtins {
    /// Every builtin, core language first. Later layers append their own groups here.
    nonisolated(unsafe) public static let all: [Builtin] =
        core + math + statistics + data + tensors + modelSpecs + preprocessorSpecs + ml + modelSelection

    public static let signatures: [String: BuiltinSignature] = {
        var table: [String: BuiltinSignature] = [:]
        for builtin in all { table[builtin.signature.name] = builtin.signature }
        return table
    }()

    /// The help table: one line per builtin, for `:help` and the README.
    public static func helpTable() -> String {
        all.map { "\($0.signature.synopsis.padding(toLength: 34, withPad: " ", startingAt: 0)) \($0.signature.doc)" }
            .joined(separator: "\n")
    }
}

extension Builtins {
    static let core: [Builtin] = [
        Builtin(BuiltinSignature(
            "print", [], variadic: true, effect: .io, returns: .null,
            doc: "write the values, separated by spaces, and a newline")) { args in
            args.vm.output.write(args.all.map { $0.displayString(symbols: args.vm.symbols) }.joined(separator: " ") + "\n")
            return .null
        },
        Builtin(BuiltinSignature(
            "len", [BuiltinParameter("value", types: [.list, .string, .record, .range, .handle])], returns: .number,
            doc: "number of items in a list, characters in a string, fields in a record, rows in a dataset")) { args in
            if let length = args[0].handle?.length { return .number(Double(length)) }
            switch args[0] {
            case .object(let object):
                switch object.kind {
                case .list: return .number(Double(unsafeDowncast(object, to: ListObject.self).items.count))
                case .string: return .number(Double(unsafeDowncast(object, to: StringObject.self).value.count))
                case .record: return .number(Double(unsafeDowncast(object, to: RecordObject.self).keys.count))
                case .range: return .number(Double(unsafeDowncast(object, to: RangeObject.self).count))
                default: break
                }
            default: break
            }
            throw args.mismatch(0, expected: "a list, string, record or range")
        },
        Builtin(BuiltinSignature(
            "str", [BuiltinParameter("value")], returns: .string,
            doc: "the value as text, as print shows it")) { args in
            .string(args[0].displayString(symbols: args.vm.symbols))
        },
        Builtin(BuiltinSignature(
            "repr", [BuiltinParameter("value")], returns: .string,
            doc: "the value as source-like text, strings quoted")) { args in
            .string(args[0].reprString(symbols: args.vm.symbols))
        },
        Builtin(BuiltinSignature(
            "num", [BuiltinParameter("value", types: [.string, .number, .bool])], returns: .number,
            doc: "parse a string as a number (true is 1, false is 0)")) { args in
            switch args[0] {
            case .number: return args[0]
            case .bool(let flag): return .number(flag ? 1 : 0)
            default:
                let text = try args.string(0).trimmingCharacters(in: .whitespaces)
                guard let value = Double(text.replacingOccurrences(of: "_", with: "")) else {
                    throw RuntimeError("cannot convert \"\(text)\" to a number", hint: "num accepts text such as \"42\", \"-1.5\" or \"1e-3\"")
                }
                return .number(value)
            }
        },
        Builtin(BuiltinSignature(
            "type", [BuiltinParameter("value")], returns: .string,
            doc: "the type name: null, bool, number, string, list, record, range, function, module")) { args in
            .string(args[0].typeName)
        },
        Builtin(BuiltinSignature(
            "range", [
                BuiltinParameter("start", types: [.number]), BuiltinParameter("end", types: [.number]),
                BuiltinParameter("step", default: .number(1), types: [.number]),
            ], returns: .list,
            doc: "a list of numbers from start up to (not including) end")) { args in
            let start = try args.number(0), end = try args.number(1), step = try args.number(2)
            guard step != 0, step.isFinite else { throw RuntimeError("range step must be a non-zero number") }
            let count = max(0, Int(((end - start) / step).rounded(.up)))
            guard count <= 100_000_000 else { throw RuntimeError("range of \(count) items is too large") }
            var items: [Value] = []
            items.reserveCapacity(count)
            for index in 0..<count { items.append(.number(start + Double(index) * step)) }
            return .list(items)
        },
        Builtin(BuiltinSignature(
            "push", [BuiltinParameter("list", types: [.list]), BuiltinParameter("value")], returns: .list,
            doc: "append a value to a list in place; returns the list")) { args in
            let list = try args.list(0)
            list.items.append(args[1])
            return args[0]
        },
        Builtin(BuiltinSignature(
            "pop", [BuiltinParameter("list", types: [.list])],
            doc: "remove and return the last item of a list")) { args in
            let list = try args.list(0)
            guard let last = list.items.popLast() else { throw RuntimeError("cannot pop from an empty list") }
            return last
        },
        Builtin(BuiltinSignature(
            "slice", [
                BuiltinParameter("value", types: [.list, .string]), BuiltinParameter("start", types: [.number]),
                BuiltinParameter("end", default: .null, types: [.number, .null]),
            ],
            doc: "items from start up to (not including) end; negative positions count from the end")) { args in
            func bounds(count: Int) throws -> Range<Int> {
                func clamp(_ value: Int) -> Int { min(count, max(0, value < 0 ? value + count : value)) }
                let start = clamp(try args.integer(1))
                let end = args[2].numberValue == nil ? count : clamp(try args.integer(2))
                return start..<max(start, end)
            }
            if let text = args[0].stringValue {
                let characters = Array(text)
                return .string(String(characters[try bounds(count: characters.count)]))
            }
            let items = try args.list(0).items
            return .list(Array(items[try bounds(count: items.count)]))
        },
        Builtin(BuiltinSignature(
            "keys", [BuiltinParameter("record", types: [.record])], returns: .list,
            doc: "the field names of a record, in order")) { args in
            let record = try args.record(0)
            return .list(record.keys.map { .string(args.vm.symbols.name($0)) })
        },
        Builtin(BuiltinSignature(
            "has", [BuiltinParameter("record", types: [.record]), BuiltinParameter("field", types: [.string])], returns: .bool,
            doc: "whether a record has a field")) { args in
            let record = try args.record(0)
            return .bool(record.index(of: args.vm.symbols.intern(try args.string(1))) != nil)
        },
        Builtin(BuiltinSignature(
            "contains", [BuiltinParameter("collection", types: [.list, .string]), BuiltinParameter("value")], returns: .bool,
            doc: "whether a list holds a value, or a string a substring")) { args in
            if let text = args[0].stringValue {
                return .bool(text.contains(try args.string(1)))
            }
            let target = args[1]
            return .bool(try args.list(0).items.contains { $0.isEqual(to: target) })
        },
        Builtin(BuiltinSignature(
            "assert", [BuiltinParameter("condition", types: [.bool]), BuiltinParameter("message", default: .string("assertion failed"), types: [.string])],
            returns: .null, doc: "stop with an error if the condition is false")) { args in
            guard try args.bool(0) else { throw RuntimeError(try args.string(1)) }
            return .null
        },
        Builtin(BuiltinSignature(
            "fail", [BuiltinParameter("message", types: [.string])], returns: .null,
            doc: "stop with an error message")) { args in
            throw RuntimeError(try args.string(0))
        },
        Builtin(BuiltinSignature(
            "clock", [], effect: .io, returns: .number,
            doc: "seconds since an arbitrary start, for timing")) { _ in
            var time = timespec()
            clock_gettime(CLOCK_MONOTONIC, &time)
            return .number(Double(time.tv_sec) + Double(time.tv_nsec) / 1e9)
        },
    ]
}
