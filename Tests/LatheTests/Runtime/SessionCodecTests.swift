// Session state through the Runtime's codec: every kind of value either comes back exactly
// or is recorded as "needs re-run" with a reason; nothing is dropped.

import Foundation
import IR
import Testing
import VM
@testable import Frontend
@testable import Runtime
import Store

@Suite("Session codec")
struct SessionCodecTests {
    /// Runs `source` and returns the value of the global `name` with the program's symbols.
    static func evaluate(_ source: String, _ names: [String]) throws -> (values: [Value], symbols: SymbolTable) {
        let compilation = LatheUnit.compile(source + "\nlet __result = [\(names.joined(separator: ", "))]\n")
        let program = try #require(compilation.program, "\(compilation.diagnostics.map(\.message))")
        return try LatheUnit.locked {
            let vm = VM(program: program, output: CapturedOutput())
            let main = try #require(try vm.runEntry())
            let result = try #require(main.global("__result"))
            guard case .object(let object) = result.decoded, object.kind == .list else { throw CancellationError() }
            return (unsafeDowncast(object, to: ListObject.self).items, program.symbols)
        }
    }

    static func roundTrip(_ value: Value, symbols: SymbolTable) throws -> (SessionBinding, Value?) {
        let binding = SessionCodec.binding(name: "v", value: value, source: "let v = …", inputs: [], symbols: symbols)
        return (binding, try SessionCodec.value(of: binding, symbols: symbols))
    }

    @Test func plainValuesComeBackBitForBit() throws {
        let (values, symbols) = try Self.evaluate("""
            let a = [null, true, 0 / 0, -0.0, 5e-324, 1 / 3, "héllo", {k: [1, {z: "x"}]}]
            """, ["a"])
        let (binding, restored) = try Self.roundTrip(values[0], symbols: symbols)
        #expect(binding.kind == "list")
        let back = try #require(restored)
        #expect(back.reprString(symbols: symbols) == values[0].reprString(symbols: symbols))
        guard case .object(let object) = back.decoded else { Issue.record("not a list"); return }
        let items = unsafeDowncast(object, to: ListObject.self).items
        if case .number(let x) = items[3].decoded { #expect(x.bitPattern == (-0.0).bitPattern) } else { Issue.record("-0") }
        if case .number(let x) = items[2].decoded { #expect(x.isNaN) } else { Issue.record("nan") }
    }

    @Test func datasetsModelsSpecsAndTensorsComeBack() throws {
        let (values, symbols) = try Self.evaluate("""
            let iris = dataset("\(LatheBinary.packageRoot.path)/examples/data/iris.csv", target: "species")
            let m = train(forest(trees: 5, seed: 3), iris, prep: [standardize()])
            let spec = logistic(C: 0.5)
            let t = matmul(zeros([2, 3]) + 1.5, zeros([3, 2]) + 2)
            """, ["iris", "m", "spec", "t", "iris.sepal_length", "standardize()"])
        var restored: [Value] = []
        for value in values {
            let (binding, back) = try Self.roundTrip(value, symbols: symbols)
            guard case .value = binding.content else { Issue.record("\(binding.kind) needs re-run"); continue }
            restored.append(try #require(back))
        }
        let iris = try #require(restored[0].handle as? DatasetObject)
        #expect(iris.frame == (values[0].handle as? DatasetObject)?.frame && iris.target == "species")
        let model = try #require(restored[1].handle as? ModelObject)
        let original = try #require(values[1].handle as? ModelObject)
        #expect(try model.model.predict(iris.frame) == original.model.predict(iris.frame))
        #expect(model.runUUID == original.runUUID)
        #expect(restored[2].reprString(symbols: symbols) == values[2].reprString(symbols: symbols))
        #expect((restored[3].handle as? TensorObject)?.tensor.storage == (values[3].handle as? TensorObject)?.tensor.storage)
        #expect((restored[4].handle as? ColumnObject)?.column == (values[4].handle as? ColumnObject)?.column)
        #expect(restored[5].reprString(symbols: symbols) == values[5].reprString(symbols: symbols))
    }

    @Test func datetimeColumnsComeBackWithTheirMissingDates() throws {
        let (values, symbols) = try Self.evaluate("""
            let d = dataset("\(LatheBinary.packageRoot.path)/Tests/Fixtures/data/dates/dates.csv")
            """, ["d", "d.stamp"])
        for value in values {
            let (binding, back) = try Self.roundTrip(value, symbols: symbols)
            guard case .value = binding.content else { Issue.record("\(binding.kind) needs re-run"); continue }
            let restored = try #require(back)
            if let frame = (value.handle as? DatasetObject)?.frame {
                #expect((restored.handle as? DatasetObject)?.frame == frame)
                #expect(frame.columns[1].type == .datetime && frame.columns[1].missingCount == 1)
            } else {
                #expect((restored.handle as? ColumnObject)?.column == (value.handle as? ColumnObject)?.column)
            }
        }
    }

    @Test func functionsAndSelfContainingValuesNeedARerun() throws {
        let (values, symbols) = try Self.evaluate("""
            fn f(x) { return x + 1 }
            var xs = [1]
            push(xs, xs)
            let r = 0..<3
            let report = evaluate(train(logistic(), make_classification(n: 40, seed: 1)), make_classification(n: 40, seed: 2))
            """, ["f", "xs", "r", "report"])
        for (value, reason) in zip(values, ["function", "contains itself", "range", "report"]) {
            let (binding, back) = try Self.roundTrip(value, symbols: symbols)
            guard case .needsRerun(let why) = binding.content else { Issue.record("\(binding.kind) was encoded"); continue }
            #expect(why.contains(reason), "\(why)")
            #expect(back == nil)
            #expect(binding.source == "let v = …" && binding.provenance.count == 64)
        }
    }
}
