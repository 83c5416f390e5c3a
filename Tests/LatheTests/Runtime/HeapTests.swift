import Foundation
import Testing
@testable import Frontend
@testable import VM

/// The collector: cycles are freed, library values are freed by their bytes, and whatever
/// Swift code still holds (and what it refers to) survives a collection.
@Suite("Heap")
struct HeapTests {
    /// Runs `source` in a fresh VM (under the unit lock) and returns the VM.
    private func runVM(_ source: String) throws -> VM? {
        try LatheUnit.locked {
            let compilation = Compiler.compile(text: source, path: "test.mlx", directory: FileManager.default.temporaryDirectory.path)
            guard let program = compilation.program, !compilation.hasErrors else {
                Issue.record("compile errors: \(compilation.diagnostics.map(\.message))")
                return nil
            }
            let vm = VM(program: program, output: CapturedOutput())
            _ = try vm.runEntry()
            return vm
        }
    }

    @Test func selfReferencingRecordsAndMutuallyCapturingClosuresAreCollected() throws {
        let source = """
            for i in 0..<300000 {
              let r = {id: i}
              r.me = r
              fn a() { return b }
              fn b() { return a }
            }
            """
        guard let vm = try runVM(source) else { return }
        // Five objects an iteration: 1.5 million made, and only the last stretch is left.
        #expect(vm.heap.collections > 0)
        #expect(vm.heap.objectCount < 400_000)
    }

    @Test func largeLibraryValuesAreCollectedByTheirBytes() throws {
        // 5,000 tensors of 80 KB each (400 MB): past the byte threshold at a safe point
        // (every 4,096 backward jumps) long before the object count.
        guard let vm = try runVM("for i in 0..<5000 { let t = zeros([100, 100]) }\n") else { return }
        #expect(vm.heap.collections > 0)
        #expect(vm.heap.objectCount < 2_000)
    }

    @Test func aShortLoopOfLargeValuesCollectsWithoutWaitingForThePoll() throws {
        // 40 tensors of 8 MB (320 MB) in 40 iterations: far fewer than the 4,096 backward
        // jumps between polls, so only the check after each builtin call collects them.
        guard let vm = try runVM("for i in 0..<40 { let t = zeros([1000, 1000]) }\n") else { return }
        #expect(vm.heap.collections > 0)
        #expect(vm.heap.bytes < 200 << 20)
    }

    @Test func objectsSwiftHoldsSurviveWithWhatTheyReferTo() {
        let heap = Heap()
        var list: ListObject? = ListObject([])
        weak var item: StringObject?
        Heap.with(heap) {
            let text = StringObject("kept by the list")
            item = text
            list?.append(.object(text))
            _ = Value.object(list!)
            _ = Value.string("garbage")
        }
        #expect(heap.objectCount == 3)
        heap.collect { _ in }
        // The list is held here, so it and the string it holds stay; the other string goes.
        #expect(heap.objectCount == 2)
        #expect(item != nil)
        #expect(list?.items.first?.stringValue == "kept by the list")
        list = nil
        heap.collect { _ in }
        #expect(heap.objectCount == 0)
        #expect(item == nil)
    }

    @Test func stringAppendsShareABufferAndEarlierStringsKeepTheirText() throws {
        let source = """
            var s = "ab"
            let t = s + "c"
            let u = t + "d"
            let v = t + "e"
            s += "!"
            print(s, t, u, v, len(u))
            """
        guard let vm = try runVM(source) else { return }
        #expect((vm.output as? CapturedOutput)?.text == "ab! abc abcd abce 4\n")
    }
}
