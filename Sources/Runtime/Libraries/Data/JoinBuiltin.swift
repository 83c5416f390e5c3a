import Check
import Data
import LatheCore
import VM

/// `merge(left, right, on: "id", how: "left")`: a join with pandas' `merge` name, parameters
/// and defaults (`how: "inner"`, suffixes `_x` and `_y`, `validate:`), plus semi and anti joins.
/// Named `merge`, not `join`, because the VM keys builtins by bare name and `std/text`
/// already has `join(items, separator:)`; pandas names this operation `merge` too.
extension Builtins {
    static let merge = Builtin(BuiltinSignature(
        "merge", [
            BuiltinParameter("left", types: [.dataset]),
            BuiltinParameter("right", types: [.dataset]),
            BuiltinParameter("on", default: .null, types: [.string, .list, .null],
                             doc: "the key column or columns, named the same on both sides (default: the columns both have)",
                             namesFieldsOf: "left", alsoNamesFieldsOf: "right"),
            BuiltinParameter("how", default: .string("inner"), types: [.string],
                             constraint: ParameterConstraint(.choice(JoinKind.allCases.map(\.rawValue))),
                             doc: "which rows to keep: inner, left, right, outer, semi or anti"),
            BuiltinParameter("left_on", default: .null, types: [.string, .list, .null],
                             doc: "the left key columns, when the names differ", namesFieldsOf: "left"),
            BuiltinParameter("right_on", default: .null, types: [.string, .list, .null],
                             doc: "the right key columns, paired with left_on", namesFieldsOf: "right"),
            BuiltinParameter("suffixes", default: .null, types: [.list, .null],
                             doc: "appended to column names both sides have (default [\"_x\", \"_y\"])"),
            BuiltinParameter("validate", default: .string("many_to_many"), types: [.string],
                             constraint: ParameterConstraint(.choice(JoinValidation.allCases.map(\.rawValue) + ["1:1", "1:m", "m:1", "m:m"])),
                             doc: "refuse repeated keys: one_to_one, one_to_many, many_to_one or many_to_many"),
        ], returns: .dataset,
        doc: "join two datasets on key columns, as pandas merge: merge(orders, customers, on: \"id\", how: \"left\")")) { args in
        let left = try args.dataset("left"), right = try args.dataset("right")
        let howName = try args.string("how")
        guard let how = JoinKind(rawValue: howName) else {
            throw RuntimeError("merge how: \"\(howName)\" is not a kind of join",
                               hint: "how: is one of \(JoinKind.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))")
        }
        let validateName = try args.string("validate")
        guard let validation = JoinValidation(name: validateName) else {
            throw RuntimeError("merge validate: \"\(validateName)\" is not a validation",
                               hint: "validate: is one of \(JoinValidation.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))")
        }
        let on = try args.isNull("on") ? nil : try args.columnNames(from: "on")
        let leftKeys = try args.isNull("left_on") ? nil : try args.columnNames(from: "left_on")
        let rightKeys = try args.isNull("right_on") ? nil : try args.columnNames(from: "right_on")
        let (leftOn, rightOn) = try joinKeys(on: on, leftOn: leftKeys, rightOn: rightKeys, left.frame, right.frame)
        let suffixes = try joinSuffixes(try args.isNull("suffixes") ? nil : try args.list("suffixes").items)
        let frame = try library {
            try Join(kind: how, leftOn: leftOn, rightOn: rightOn, suffixes: suffixes, validation: validation)
                .apply(left.frame, right.frame)
        }
        return .object(left.derived(frame))
    }

    /// The key columns of each side: `on:`, or `left_on:` with `right_on:`, or else the
    /// columns both sides have (pandas' default).
    private static func joinKeys(on: [String]?, leftOn: [String]?, rightOn: [String]?,
                                 _ left: Frame, _ right: Frame) throws -> ([String], [String]) {
        let example = "merge(a, b, on: \"id\") or merge(a, b, left_on: \"id\", right_on: \"customer_id\")"
        if let on {
            guard leftOn == nil && rightOn == nil else {
                throw RuntimeError("merge takes on: or left_on: with right_on:, not both", hint: example)
            }
            return (on, on)
        }
        if leftOn != nil || rightOn != nil {
            guard let leftOn, let rightOn else {
                throw RuntimeError("merge needs both left_on: and right_on:, or on:", hint: example)
            }
            guard leftOn.count == rightOn.count else {
                throw RuntimeError("left_on names \(leftOn.count) key column\(leftOn.count == 1 ? "" : "s") but right_on names \(rightOn.count)",
                                   hint: "left_on[i] pairs with right_on[i]: merge(a, b, left_on: [\"id\", \"day\"], right_on: [\"user\", \"date\"])")
            }
            return (leftOn, rightOn)
        }
        let rightNames = Set(right.columnNames)
        let common = left.columnNames.filter { rightNames.contains($0) }
        guard !common.isEmpty else {
            throw RuntimeError("merge found no column both datasets have to join on", hint: example)
        }
        return (common, common)
    }

    /// The `suffixes:` list as two strings; `_x` and `_y` when it is null.
    private static func joinSuffixes(_ items: [Value]?) throws -> (left: String, right: String) {
        guard let items else { return ("_x", "_y") }
        guard items.count == 2, let first = items[0].stringValue, let second = items[1].stringValue else {
            throw RuntimeError("merge suffixes: must be a list of two strings", hint: "suffixes: [\"_left\", \"_right\"]")
        }
        return (first, second)
    }
}
