import Testing
@testable import Check

/// `BuiltinSignature.columnwise`: a column argument gives a column, an unknown one an
/// unknown result, a known non-column the declared `returns`.
@Suite("Columnwise result types")
struct ColumnwiseResultTests {
    static let column = ValueType.kind("column")
    static let replace = BuiltinSignature(
        "replace", [
            BuiltinParameter("text", types: [.string, column]), BuiltinParameter("old", types: [.string]),
            BuiltinParameter("new", types: [.string]), BuiltinParameter("regex", default: .bool(false), types: [.bool]),
        ], returns: .string, columnwise: .over("text"), doc: "d")

    @Test func theNamedParameterDecides() {
        #expect(Self.replace.resultType(labels: [nil, nil, nil], types: [Self.column, .string, .string]) == Self.column)
        #expect(Self.replace.resultType(labels: [nil, nil, nil], types: [.string, .string, .string]) == .string)
        #expect(Self.replace.resultType(labels: [nil, nil, nil], types: [nil, .string, .string]) == nil)
        // A column elsewhere, or an unknown regex flag, does not change the result.
        #expect(Self.replace.resultType(labels: [nil, nil, nil, "regex"], types: [.string, Self.column, .string, nil]) == .string)
        #expect(Self.replace.resultType(labels: ["new", "old", "text"], types: [.string, .string, Self.column]) == Self.column)
    }

    @Test func overAnyLooksAtEveryArgument() {
        let signature = BuiltinSignature("f", [BuiltinParameter("a")], variadic: true, returns: .string, columnwise: .overAny, doc: "d")
        #expect(signature.resultType(labels: [nil, nil, nil], types: [.string, .string, Self.column]) == Self.column)
        #expect(signature.resultType(labels: [nil, nil], types: [.string, .string]) == .string)
        #expect(signature.resultType(labels: [nil, nil], types: [.string, nil]) == nil)
    }

    @Test func withoutColumnwiseTheDeclaredTypeStands() {
        let signature = BuiltinSignature("g", [BuiltinParameter("x")], returns: .number, doc: "d")
        #expect(signature.resultType(labels: [nil], types: [Self.column]) == .number)
    }
}
