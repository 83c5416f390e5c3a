// Issue 8 part 5, end to end: `lathe run` on a script that loads a damaged model file ends
// with exit 70 and a one-line error naming the file and the damage, never a trap.

import Foundation
import Testing

@Suite("lathe CLI: damaged model files")
struct DamagedModelTests {
    /// A scratch directory with a model saved by a real run of `lathe`.
    final class Folder {
        let dir = makeTemporaryDirectory(prefix: "lathe-damaged-model")

        deinit { try? FileManager.default.removeItem(at: dir) }

        func write(_ name: String, _ text: String) {
            try? text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }

        func read(_ name: String) -> String {
            (try? String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)) ?? ""
        }

        func lathe(_ arguments: String...) -> LatheResult {
            LatheBinary.run(arguments: arguments, environment: ["LATHE_HOME": dir.appendingPathComponent(".lathe-home").path],
                            cwd: dir)
        }

        /// Trains `spec` on iris and saves it as `m.json`.
        func save(_ spec: String) -> LatheResult {
            let iris = LatheBinary.packageRoot.appendingPathComponent("examples/data/iris.csv").path
            write("save.mlx", """
                let iris = dataset("\(iris)", target: "species")
                save_model(train(\(spec), iris), "m.json")
                """)
            return lathe("run", "save.mlx")
        }

        /// Loads `m.json` and predicts with it.
        func load() -> LatheResult {
            let iris = LatheBinary.packageRoot.appendingPathComponent("examples/data/iris.csv").path
            write("load.mlx", """
                let m = load_model("m.json")
                print(predict(m, dataset("\(iris)", target: "species")))
                """)
            return lathe("run", "load.mlx")
        }
    }

    private func firstLine(_ text: String) -> String { String(text.prefix { $0 != "\n" }) }

    @Test func aKnnClassIndexOutOfRangeIsAnErrorNotATrap() {
        let folder = Folder()
        let saved = folder.save("knn(k: 3)")
        #expect(saved.exitCode == 0, "\(saved)")
        let text = folder.read("m.json")
        // The first target (a setosa row, class 0) becomes 7.0, stored by its bit pattern.
        #expect(text.contains("\"targets\":[0,"))
        folder.write("m.json", text.replacingOccurrences(of: "\"targets\":[0,", with: "\"targets\":[\(7.0.bitPattern),"))
        let r = folder.load()
        #expect(r.exitCode == 70, "\(r)")
        #expect(r.signal == nil, "\(r)")
        #expect(firstLine(r.stderr) == "load.mlx:1:9: error: model file 'm.json' is damaged: knn class index 7 is out of range (3 classes)", "\(r)")
        #expect(r.stderr.contains("hint: the file was changed or cut short after save_model wrote it"), "\(r)")
        #expect(r.stdout.isEmpty, "\(r)")
    }

    @Test func classNamesThatDoNotMatchTheCoefficientRowsAreAnError() {
        let folder = Folder()
        #expect(folder.save("logistic()").exitCode == 0)
        let text = folder.read("m.json")
        let names = "\"classes\":[\"setosa\",\"versicolor\",\"virginica\"]"
        #expect(text.contains(names))
        folder.write("m.json", text.replacingOccurrences(of: names, with: "\"classes\":[\"setosa\",\"versicolor\",\"virginica\",\"other\"]"))
        let r = folder.load()
        #expect(r.exitCode == 70, "\(r)")
        #expect(firstLine(r.stderr) == "load.mlx:1:9: error: model file 'm.json' is damaged: logistic was fitted for 3 classes, but the file lists 4", "\(r)")
    }

    @Test func aTreeWithACycleIsAnError() {
        let folder = Folder()
        #expect(folder.save("tree(max_depth: 2)").exitCode == 0)
        let text = folder.read("m.json")
        // The root's left child pointing back at the root would loop forever in predict.
        guard let start = text.range(of: "\"left\":["), let comma = text[start.upperBound...].firstIndex(of: ",") else {
            Issue.record("no left array in \(text.prefix(300))")
            return
        }
        folder.write("m.json", text.replacingCharacters(in: start.upperBound..<comma, with: "0"))
        let r = folder.load()
        #expect(r.exitCode == 70, "\(r)")
        #expect(firstLine(r.stderr).hasPrefix("load.mlx:1:9: error: model file 'm.json' is damaged: tree node 0 has children 0 and"), "\(r)")
    }

    @Test func aTruncatedOrEmptyFileIsAnError() {
        let folder = Folder()
        #expect(folder.save("naive_bayes()").exitCode == 0)
        let text = folder.read("m.json")
        folder.write("m.json", String(text.prefix(text.count / 2)))
        var r = folder.load()
        #expect(r.exitCode == 70, "\(r)")
        #expect(firstLine(r.stderr) == "load.mlx:1:9: error: model file 'm.json' is damaged: not a lathe model file (not a JSON object)", "\(r)")
        folder.write("m.json", "")
        r = folder.load()
        #expect(r.exitCode == 70, "\(r)")
        #expect(firstLine(r.stderr) == "load.mlx:1:9: error: model file 'm.json' is damaged: not a lathe model file (not a JSON object)", "\(r)")
    }
}
