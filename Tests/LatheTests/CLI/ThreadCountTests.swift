// End-to-end tests of LATHE_THREADS (README.md, "Performance" → "Threads"): the same
// script gives the same bits whatever the number of workers, and a bad value is ignored
// with one warning.

import Foundation
import Testing

/// A temporary directory for one test's scripts and files.
private final class ThreadScratch {
    let dir = makeTemporaryDirectory(prefix: "lathe-threads")

    deinit { try? FileManager.default.removeItem(at: dir) }

    func write(_ name: String, _ source: String) {
        try? source.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    func read(_ name: String) -> Data? { try? Data(contentsOf: dir.appendingPathComponent(name)) }

    /// Runs `lathe run NAME` with `LATHE_THREADS` set to `threads` (nil: unset).
    func run(_ name: String, threads: String?, timeout: Double = 600) -> LatheResult {
        LatheBinary.run(arguments: ["run", name], stdin: nil,
                        environment: ["LATHE_HOME": dir.appendingPathComponent(".lathe-home").path,
                                      "LATHE_THREADS": threads],
                        cwd: dir, interruptAfter: nil, timeout: timeout)
    }
}

/// Loads a CSV big enough to be read in several chunks and trains every model with a
/// parallel step on data big enough to take it: logistic (row chunks of the loss), knn
/// (query chunks), kmeans (1,024-row chunks), forest (a tree per task), tree (columns
/// sorted in parallel, prediction blocks), boost (bins, gradients, histograms, partition),
/// explain on forest and boost (64-row blocks of TreeSHAP),
/// the feature matrix (65,536-row parts) and a matrix product (256-row blocks). Each
/// model's probabilities or predictions go to a CSV (shortest round-trip digits), and
/// metrics are printed in full.
private let everyParallelModel = """
    let generated = make_classification(n: 80000, features: 6, classes: 3, seed: 7)
    write_csv(generated, "big.csv")
    let data = dataset("big.csv", target: "target")
    print("rows", data.shape)
    let parts = split(data, test: 0.1, seed: 3)
    let rows = parts.train
    let held = parts.test

    let lr = train(logistic(max_iter: 40), rows)
    write_csv(predict_proba(lr, held), "logistic.csv")
    let lrr = evaluate(lr, held)
    print("logistic", lrr.log_loss, lrr.accuracy, lr.loss_curve)

    let knn_model = train(knn(k: 5), head(rows, n: 4000))
    write_csv(predict_proba(knn_model, head(held, n: 700)), "knn.csv")
    print("knn", evaluate(knn_model, head(held, n: 700)).accuracy)

    let km = train(kmeans(k: 4, n_init: 2, seed: 1), drop(rows, "target"))
    write_csv(with(held, cluster: predict(km, drop(held, "target"))), "kmeans.csv")
    print("kmeans", evaluate(km, drop(held, "target")).inertia, km.loss_curve)

    let rf = train(forest(trees: 4, max_depth: 8, seed: 5), head(rows, n: 20000))
    write_csv(predict_proba(rf, held), "forest.csv")
    print("forest", evaluate(rf, held).log_loss)

    let dt = train(tree(max_depth: 8), rows)
    write_csv(predict_proba(dt, held), "tree.csv")
    print("tree", evaluate(dt, held).log_loss)

    let gb = train(boost(rounds: 4, max_leaves: 15, early_stopping: false), rows)
    write_csv(predict_proba(gb, held), "boost.csv")
    print("boost", evaluate(gb, held).log_loss, gb.loss_curve)
    write_csv(explain(rf, head(held, n: 300)), "explain_forest.csv")
    write_csv(explain(gb, head(held, n: 300)), "explain_boost.csv")

    let a = randn([600, 300], seed: 1)
    let b = randn([300, 200], seed: 2)
    print("matmul", sum(matmul(a, b)))
    """

private let outputFiles = ["big.csv", "logistic.csv", "knn.csv", "kmeans.csv", "forest.csv", "tree.csv", "boost.csv",
                           "explain_forest.csv", "explain_boost.csv"]

@Suite("LATHE_THREADS", .serialized)
struct ThreadCountTests {
    @Test func everyParallelModelGivesTheSameBitsForOneTwoAndThreeThreads() throws {
        var reference: (threads: String, stdout: String, files: [String: Data])?
        for threads in ["1", "2", "3"] {
            let s = ThreadScratch()
            s.write("models.mlx", everyParallelModel)
            let r = s.run("models.mlx", threads: threads)
            #expect(r.exitCode == 0, "LATHE_THREADS=\(threads)\n\(r)")
            #expect(r.stderr.isEmpty, "LATHE_THREADS=\(threads)\n\(r)")
            #expect(r.stdout.hasPrefix("rows [72000, 7]\n") || r.stdout.hasPrefix("rows [80000, 7]\n"), "\(r)")
            var files = [String: Data]()
            for name in outputFiles {
                let data = s.read(name)
                #expect(data != nil && data!.count > 0, "LATHE_THREADS=\(threads): \(name) was not written\n\(r)")
                files[name] = data
            }
            guard let first = reference else {
                reference = (threads, r.stdout, files)
                continue
            }
            #expect(r.stdout == first.stdout, "LATHE_THREADS=\(threads) printed differently from LATHE_THREADS=\(first.threads)")
            for name in outputFiles {
                #expect(files[name] == first.files[name], "\(name): LATHE_THREADS=\(threads) differs from LATHE_THREADS=\(first.threads)")
            }
        }
    }

    /// The wrangling verbs with parallel steps (aggregate's specs, a large take's columns in
    /// sort_by and merge, rolling's groups) write the same files on 1, 2 and 3 workers.
    @Test func wranglingVerbsGiveTheSameBitsForOneTwoAndThreeThreads() throws {
        let script = """
            let g = make_regression(n: 150000, features: 3, seed: 4)
            let ds = with(g, key: cast(floor(abs(g.x0) * 300), "int64"), cust: cast(floor(abs(g.x1) * 20000), "int64"))
            write_csv(aggregate(ds, by: "key", m: {mean: "x2"}, c: {count: "x2"}, s: {std: "target"}, t: {sum: "target"}), "agg.csv")
            let dim = aggregate(ds, by: "cust", w: {mean: "x2"})
            write_csv(merge(ds, dim, on: "cust"), "join.csv")
            write_csv(sort_by(ds, by: ["key", "x2"]), "sort.csv")
            write_csv(with(ds, r: rolling(ds.x2, 20, "mean", by: ds.key)), "roll.csv")
            print(len(ds))
            """
        let files = ["agg.csv", "join.csv", "sort.csv", "roll.csv"]
        var reference: [String: Data]?
        for threads in ["1", "2", "3"] {
            let s = ThreadScratch()
            s.write("wrangle.mlx", script)
            let r = s.run("wrangle.mlx", threads: threads)
            #expect(r.exitCode == 0 && r.stdout == "150000\n", "LATHE_THREADS=\(threads)\n\(r)")
            var written = [String: Data]()
            for name in files { written[name] = s.read(name) }
            #expect(written.values.allSatisfy { $0.count > 0 } && written.count == files.count, "LATHE_THREADS=\(threads)")
            if let reference {
                for name in files { #expect(written[name] == reference[name], "\(name): LATHE_THREADS=\(threads) differs from 1") }
            } else {
                reference = written
            }
        }
    }

    /// A bad value is ignored: the run proceeds on the default workers, with one warning.
    @Test(arguments: ["0", "-2", "two", "1.5", "3 cores"])
    func anInvalidValueIsIgnoredWithOneWarning(_ value: String) throws {
        let s = ThreadScratch()
        s.write("small.mlx", """
            let d = make_classification(n: 300, features: 3, seed: 1)
            let m = train(forest(trees: 3, seed: 1), d)
            print(len(predict(m, d)))
            write_csv(d, "d.csv")
            print(dataset("d.csv").shape)
            """)
        let r = s.run("small.mlx", threads: value)
        #expect(r.exitCode == 0, "\(r)")
        #expect(r.stdout == "300\n[300, 4]\n", "\(r)")
        #expect(r.stderr == "lathe: warning: ignoring LATHE_THREADS='\(value)': expected a positive whole number\n", "\(r)")
    }

    /// Any positive whole number, even more than the cores (the cores still cap it); empty is unset.
    @Test(arguments: ["1", "4", " 2 ", "64", ""])
    func aPositiveWholeNumberOrNothingIsAcceptedSilently(_ value: String) throws {
        let s = ThreadScratch()
        s.write("small.mlx", """
            let d = make_classification(n: 300, features: 3, seed: 1)
            print(len(predict(train(forest(trees: 3, seed: 1), d), d)))
            """)
        let r = s.run("small.mlx", threads: value)
        #expect(r.exitCode == 0, "\(r)")
        #expect(r.stdout == "300\n", "\(r)")
        #expect(r.stderr.isEmpty, "\(r)")
    }
}
