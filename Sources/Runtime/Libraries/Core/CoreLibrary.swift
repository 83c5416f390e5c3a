import Check
import Foundation
import IR
import VM

extension NativeLibrary {
    /// The core language: printing, conversions, lists, records, assertions, the clock.
    static let core = NativeLibrary(
        name: "core", doc: "printing, conversions, lists and records, assertions, the clock",
        builtins: [
        Builtin(BuiltinSignature(
            "print", [], variadic: true, effect: .io, returns: .null,
            doc: "write the values, separated by spaces, and a newline")) { args in
            args.vm.output.write(args.all.map { $0.displayString(symbols: args.vm.symbols) }.joined(separator: " ") + "\n")
            return .null
        },
        Builtin(BuiltinSignature(
            "len", [BuiltinParameter("value", types: [.list, .string, .record, .range, .dataset, .column, .tensor])], returns: .number,
            doc: "number of items in a list, characters in a string, fields in a record, rows in a dataset")) { args in
            let value = try args["value"]
            if let length = value.handle?.length { return .number(Double(length)) }
            switch value.decoded {
            case .object(let object):
                switch object.kind {
                case .list: return .number(Double(unsafeDowncast(object, to: ListObject.self).items.count))
                case .string: return .number(Double(unsafeDowncast(object, to: StringObject.self).characterCount))
                case .record: return .number(Double(unsafeDowncast(object, to: RecordObject.self).keys.count))
                case .range: return .number(Double(unsafeDowncast(object, to: RangeObject.self).count))
                default: break
                }
            default: break
            }
            throw args.mismatch("value", expected: "a list, string, record or range")
        },
        Builtin(BuiltinSignature(
            "str", [BuiltinParameter("value")], returns: .string,
            doc: "the value as text, as print shows it")) { args in
            .string(try args["value"].displayString(symbols: args.vm.symbols))
        },
        Builtin(BuiltinSignature(
            "repr", [BuiltinParameter("value")], returns: .string,
            doc: "the value as source-like text, strings quoted")) { args in
            .string(try args["value"].reprString(symbols: args.vm.symbols))
        },
        Builtin(BuiltinSignature(
            "num", [BuiltinParameter("value", types: [.string, .number, .bool])], returns: .number,
            doc: "parse a string as a number (true is 1, false is 0)")) { args in
            switch try args["value"].decoded {
            case .number: return try args["value"]
            case .bool(let flag): return .number(flag ? 1 : 0)
            default:
                let text = try args.string("value").trimmingCharacters(in: .whitespaces)
                guard let value = Double(text.replacingOccurrences(of: "_", with: "")) else {
                    throw RuntimeError("cannot convert \"\(text)\" to a number", hint: "num accepts text such as \"42\", \"-1.5\" or \"1e-3\"")
                }
                return .number(value)
            }
        },
        Builtin(BuiltinSignature(
            "type", [BuiltinParameter("value")], returns: .string,
            doc: "the type name: null, bool, number, string, list, record, range, function, module")) { args in
            .string(try args["value"].typeName)
        },
        Builtin(BuiltinSignature(
            "range", [
                BuiltinParameter("start", types: [.number]), BuiltinParameter("end", types: [.number]),
                BuiltinParameter("step", default: .number(1), types: [.number]),
            ], returns: .list,
            doc: "a list of numbers from start up to (not including) end")) { args in
            let start = try args.number("start"), end = try args.number("end"), step = try args.number("step")
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
            let list = try args.list("list")
            list.append(try args["value"])
            return .object(list)
        },
        Builtin(BuiltinSignature(
            "pop", [BuiltinParameter("list", types: [.list])],
            doc: "remove and return the last item of a list")) { args in
            let list = try args.list("list")
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
                let end = try args["end"].numberValue == nil ? count : try args.integer("end")
                return Operators.sliceBounds(start: try args.integer("start"), end: end, count: count)
            }
            if let text = try args["value"].stringValue {
                let characters = Array(text)
                return .string(String(characters[try bounds(count: characters.count)]))
            }
            let items = try args.list("value").items
            return .list(Array(items[try bounds(count: items.count)]))
        },
        Builtin(BuiltinSignature(
            "keys", [BuiltinParameter("record", types: [.record])], returns: .list,
            doc: "the field names of a record, in order")) { args in
            let record = try args.record("record")
            return .list(record.keys.map { .string(args.vm.symbols.name($0)) })
        },
        Builtin(BuiltinSignature(
            "values", [BuiltinParameter("record", types: [.record])], returns: .list,
            doc: "the field values of a record, in the order of keys(record)")) { args in
            .list(try args.record("record").values)
        },
        Builtin(BuiltinSignature(
            "remove", [BuiltinParameter("record", types: [.record]), BuiltinParameter("field", types: [.string])],
            doc: "delete a field from a record in place; returns its value, or null if it had none")) { args in
            return try args.record("record").remove(args.vm.symbols.intern(try args.string("field"))) ?? .null
        },
        Builtin(BuiltinSignature(
            "has", [BuiltinParameter("record", types: [.record]), BuiltinParameter("field", types: [.string])], returns: .bool,
            doc: "whether a record has a field")) { args in
            let record = try args.record("record")
            return .bool(record.index(of: args.vm.symbols.intern(try args.string("field"))) != nil)
        },
        Builtin(BuiltinSignature(
            "contains", [
                BuiltinParameter("collection", types: [.list, .string, .column]), BuiltinParameter("value"),
                BuiltinParameter("regex", default: .bool(false), types: [.bool], doc: "value is a regular expression to search for"),
            ], returns: .bool, columnwise: .over("collection"),
            doc: "whether a list holds a value, or a string a substring (per row for a string column)")) { args in
            let pattern = try args.bool("regex") ? try Builtins.regex(try args.string("value"), for: "contains") : nil
            if let column = try Builtins.columnArgument(args, "collection") {
                let part = try args.string("value")
                return try Builtins.columnResult {
                    try column.testingStrings("contains") { pattern?.matches($0) ?? $0.contains(part) }
                }
            }
            if let text = try args["collection"].stringValue {
                if let pattern { return .bool(pattern.matches(text)) }
                return .bool(text.contains(try args.string("value")))
            }
            guard pattern == nil else {
                throw RuntimeError("contains(regex: true) searches strings, not lists", hint: "leave out regex: true to look for a list item")
            }
            let target = try args["value"]
            return .bool(try args.list("collection").items.contains { $0.isEqual(to: target) })
        },
        Builtin(BuiltinSignature(
            "assert", [BuiltinParameter("condition", types: [.bool]), BuiltinParameter("message", default: .string("assertion failed"), types: [.string]),
                       BuiltinParameter("found", default: .null, types: [.string])],
            returns: .null,
            doc: "stop with an error if the condition is false; for assert(a OP b) the compiler passes found: the two sides' values, shown as the hint")) { args in
            guard try args.bool("condition") else {
                let found = try args.isNull("found") ? nil : "found \(try args.string("found"))"
                throw RuntimeError(try args.string("message"), hint: found, code: RuntimeErrorCodes.assertionFailed)
            }
            return .null
        },
        Builtin(BuiltinSignature(
            "fail", [BuiltinParameter("message", types: [.string])], returns: .null,
            doc: "stop with an error message")) { args in
            throw RuntimeError(try args.string("message"), code: RuntimeErrorCodes.explicitFailure)
        },
        Builtin(BuiltinSignature(
            "skip", [BuiltinParameter("reason", types: [.string])], returns: .null,
            doc: "stop a test and mark it skipped (lathe test); elsewhere it stops like fail")) { args in
            throw RuntimeError("skipped: \(try args.string("reason"))", code: RuntimeErrorCodes.testSkipped)
        },
        Builtin(BuiltinSignature(
            "clock", [], effect: .io, returns: .number,
            doc: "seconds since an arbitrary start, for timing")) { _ in
            var time = timespec()
            clock_gettime(CLOCK_MONOTONIC, &time)
            return .number(Double(time.tv_sec) + Double(time.tv_nsec) / 1e9)
        },
    ] + Builtins.listFunctions + Builtins.formatting)
}
