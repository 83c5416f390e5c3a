import Check
import VM

extension Builtins {
    /// The list helpers every script reaches for: sorting and the higher-order functions. They
    /// take any sequence a `for` loop can visit (list, range, string, record keys) and return
    /// new lists; callbacks are Lathe functions called through `VM.call`.
    static let listFunctions: [Builtin] = [
        Builtin(BuiltinSignature(
            "sort", [
                BuiltinParameter("items", types: [.list, .range, .string, .record]),
                BuiltinParameter("key", default: .null, doc: "a function giving each item's sort key"),
                BuiltinParameter("reverse", default: .bool(false), types: [.bool], doc: "largest first; equal items keep their order"),
            ], returns: .list,
            doc: "a sorted copy: stable, numbers or strings, by key: when given")) { args in
            let items = try Operators.items(of: try args["items"], symbols: args.vm.symbols)
            let key = try args["key"]
            let reverse = try args.bool("reverse")
            var keys = items
            if case .null = key.decoded {} else { keys = try items.map { try args.vm.call(key, $0) } }
            // Ties keep their original order in both directions, as Python's sorted does.
            let order = try Array(items.indices).sorted { a, b in
                if try Operators.less(keys[a], keys[b]) { return !reverse }
                if try Operators.less(keys[b], keys[a]) { return reverse }
                return a < b
            }
            return .list(order.map { items[$0] })
        },
        Builtin(elementwise(BuiltinSignature(
            "map", [BuiltinParameter("items", types: [.list, .range, .string, .record, .column]), BuiltinParameter("f", types: [.function])],
            returns: .list, doc: "f applied to each item, as a list; over a column, a column (slower than a vectorized function: one call a row)"),
            over: ["items"])) { args in
            let f = try args["f"]
            if let column = try args["items"].handle as? ColumnObject {
                return .object(ColumnObject(try ColumnMapping.map(column, f, vm: args.vm)))
            }
            return .list(try Operators.items(of: try args["items"], symbols: args.vm.symbols).map { try args.vm.call(f, $0) })
        },
        Builtin(BuiltinSignature(
            "filter", [BuiltinParameter("items", types: [.list, .range, .string, .record]), BuiltinParameter("keep", types: [.function])],
            returns: .list, doc: "the items for which keep returns true")) { args in
            let keep = try args["keep"]
            return .list(try Operators.items(of: try args["items"], symbols: args.vm.symbols).filter {
                try ListFunctions.truth(try args.vm.call(keep, $0), from: "filter")
            })
        },
        Builtin(BuiltinSignature(
            "reduce", [
                BuiltinParameter("items", types: [.list, .range, .string, .record]), BuiltinParameter("f", types: [.function]),
                BuiltinParameter("initial"),
            ], doc: "f(f(f(initial, a), b), …) over the items")) { args in
            let f = try args["f"]
            var accumulator = try args["initial"]
            for item in try Operators.items(of: try args["items"], symbols: args.vm.symbols) {
                accumulator = try args.vm.call(f, arguments: [accumulator, item])
            }
            return accumulator
        },
        Builtin(BuiltinSignature(
            "zip", [BuiltinParameter("a", types: [.list, .range, .string]), BuiltinParameter("b", types: [.list, .range, .string])],
            returns: .list, doc: "pairs [a[i], b[i]], as many as the shorter has")) { args in
            let a = try Operators.items(of: try args["a"], symbols: args.vm.symbols)
            let b = try Operators.items(of: try args["b"], symbols: args.vm.symbols)
            return .list(zip(a, b).map { .list([$0, $1]) })
        },
        Builtin(BuiltinSignature(
            "enumerate", [BuiltinParameter("items", types: [.list, .range, .string, .record]), BuiltinParameter("start", default: .number(0), types: [.number])],
            returns: .list, doc: "pairs [i, item], counting from start")) { args in
            let start = try args.number("start")
            return .list(try Operators.items(of: try args["items"], symbols: args.vm.symbols).enumerated().map {
                .list([.number(start + Double($0.offset)), $0.element])
            })
        },
        Builtin(BuiltinSignature(
            "any", [BuiltinParameter("items", types: [.list, .range, .string, .record]), BuiltinParameter("test", default: .null)],
            returns: .bool, doc: "whether some item is true (or passes test)")) { args in
            let test = try args["test"]
            for item in try Operators.items(of: try args["items"], symbols: args.vm.symbols) {
                var value = item
                if case .null = test.decoded {} else { value = try args.vm.call(test, item) }
                if try ListFunctions.truth(value, from: "any") { return .bool(true) }
            }
            return .bool(false)
        },
        Builtin(BuiltinSignature(
            "all", [BuiltinParameter("items", types: [.list, .range, .string, .record]), BuiltinParameter("test", default: .null)],
            returns: .bool, doc: "whether every item is true (or passes test)")) { args in
            let test = try args["test"]
            for item in try Operators.items(of: try args["items"], symbols: args.vm.symbols) {
                var value = item
                if case .null = test.decoded {} else { value = try args.vm.call(test, item) }
                if !(try ListFunctions.truth(value, from: "all")) { return .bool(false) }
            }
            return .bool(true)
        },
    ]
}

/// The rules the list helpers share.
enum ListFunctions {
    /// A predicate's answer: conditions are bools in Lathe, so anything else is an error.
    static func truth(_ value: Value, from builtin: String) throws -> Bool {
        guard case .bool(let flag) = value.decoded else {
            throw RuntimeError("\(builtin) needs true or false from its test, found \(value.typeName)",
                               hint: "return a comparison, e.g. fn(x) => x > 0")
        }
        return flag
    }
}
