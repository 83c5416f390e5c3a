// Issue 8, defects 1 and 2: deep structures and long expression chains through the real
// binary. Each run used to end with a segfault (exit 139); now a chain of 100,000 links of
// every form compiles and runs, a chain past `Parser.maxTreeDepth` is a clean E0019 (exit 65),
// and freeing a million-deep value is quiet.

import Foundation
import Testing

/// A temporary directory for one test's scripts (CLITests' `Scratch` is private to its file).
private final class DeepScratch {
    let dir = makeTemporaryDirectory(prefix: "lathe-deep")
    deinit { try? FileManager.default.removeItem(at: dir) }

    @discardableResult
    func write(_ name: String, _ source: String) -> String {
        try? source.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        return name
    }

    func lathe(_ arguments: String...) -> LatheResult {
        LatheBinary.run(arguments: arguments, stdin: nil,
                        environment: ["LATHE_HOME": dir.appendingPathComponent(".lathe-home").path],
                        cwd: dir, interruptAfter: nil, timeout: 300)
    }
}

/// One script holding a 100,000-link chain of each form: `+`, `and`, `or`, `|>`, `.field`,
/// `[i]`, and a call nested 100,000 deep (which the bracket limit refuses cleanly, so it is
/// written in its own file).
private func chainScript(links n: Int) -> String {
    func repeated(_ text: String) -> String { String(repeating: text, count: n) }
    return """
        fn inc(x) { return x + 1 }
        var r = {a: 1}
        r.a = r
        var l = [0]
        l[0] = l
        print(1\(repeated(" + 1")))
        print(true\(repeated(" and true")))
        print(false\(repeated(" or false")))
        print(0\(repeated(" |> inc")))
        print(type(r\(repeated(".a"))))
        print(type(l\(repeated("[0]"))))

        """
}

@Suite("Deep inputs (CLI)")
struct DeepInputTests {
    @Test("chains of 100,000 links of every form run, check and print IR")
    func longChainsCompileAndRun() {
        let scratch = DeepScratch()
        let name = scratch.write("chains.mlx", chainScript(links: 100_000))
        let run = scratch.lathe("run", name)
        #expect(run.exitCode == 0, "\(run.exitCode) \(run.stderr.prefix(300))")
        #expect(run.stdout == "100001\ntrue\nfalse\n100000\nrecord\nlist\n")
        let check = scratch.lathe("check", name)
        #expect(check.exitCode == 0, "\(check.exitCode) \(check.stderr.prefix(300))")
        // IR for one chain: printing it for all six takes long in a debug build.
        let plus = scratch.write("plus.mlx", "print(1" + String(repeating: " + 1", count: 100_000) + ")\n")
        let ir = scratch.lathe("ir", plus)
        #expect(ir.exitCode == 0, "\(ir.exitCode) \(ir.stderr.prefix(300))")
        #expect(ir.stdout.hasPrefix("module plus.mlx"))
    }

    @Test("a chain just under the tree-depth limit compiles")
    func chainJustUnderTheLimit() {
        let scratch = DeepScratch()
        // The statement and its `print` call take three levels of the 150,000.
        let name = scratch.write("near.mlx", "let x = 1" + String(repeating: " |> inc", count: 149_990) + "\nfn inc(x) { return x + 1 }\nprint(x)\n")
        let run = scratch.lathe("run", name)
        #expect(run.exitCode == 0, "\(run.exitCode) \(run.stderr.prefix(300))")
        #expect(run.stdout == "149991\n")
    }

    @Test("a chain past the limit is a clean 'nested too deeply' error", arguments: ["run", "check", "ir"])
    func chainPastTheLimit(command: String) {
        let scratch = DeepScratch()
        let name = scratch.write("over.mlx", "let x = 1" + String(repeating: " + 1", count: 200_000) + "\nprint(x)\n")
        let result = scratch.lathe(command, name)
        #expect(result.exitCode == 65, "\(result.exitCode) \(result.stderr.prefix(300))")
        #expect(result.stderr.hasPrefix("over.mlx:1:9: error: expression nested too deeply"), "\(result.stderr.prefix(300))")
    }

    @Test("calls nested 100,000 deep stop at the bracket limit", arguments: ["run", "check", "ir"])
    func deeplyNestedCalls(command: String) {
        let scratch = DeepScratch()
        let n = 100_000
        let name = scratch.write("calls.mlx", "fn f(x) { return x }\nlet x = " + String(repeating: "f(", count: n) + "1"
                                    + String(repeating: ")", count: n) + "\nprint(x)\n")
        let result = scratch.lathe(command, name)
        #expect(result.exitCode == 65, "\(result.exitCode) \(result.stderr.prefix(300))")
        #expect(result.stderr.hasPrefix("calls.mlx:2:"), "\(result.stderr.prefix(300))")
        #expect(result.stderr.contains("error: expression nested too deeply"))
    }

    @Test("freeing a million-deep list, record chain and closure chain exits 0")
    func freeingDeepValues() {
        let scratch = DeepScratch()
        let name = scratch.write("free.mlx", """
            fn wrap(g) { return fn() => g() + 1 }
            var x = []
            for i in 0..<1000000 { x = [x] }
            var node = null
            for i in 0..<1000000 { node = {value: i, next: node} }
            var f = fn() => 0
            for i in 0..<300000 { f = wrap(f) }
            print(len(x), node.value, type(f))

            """)
        let run = scratch.lathe("run", name)
        #expect(run.exitCode == 0, "\(run.exitCode) \(run.stderr.prefix(300))")
        #expect(run.stdout == "1 999999 function\n")
    }
}
