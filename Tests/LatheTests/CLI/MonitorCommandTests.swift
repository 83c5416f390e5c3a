// Issue 10, end to end: `lathe monitor` on a registered model — exit codes for CI gates,
// JSON, a folder of batches, the HTML report, and broken input.

import Foundation
import Testing

@Suite("lathe CLI: monitor")
struct MonitorCommandTests {
    static let iris = LatheBinary.packageRoot.appendingPathComponent("examples/data/iris.csv").path
    static let live = LatheBinary.packageRoot.appendingPathComponent("examples/data/iris_live.csv").path

    /// A workspace with `iris` registered (reference sample kept) and aliased production.
    static func project() -> RegistryCommandTests.Project {
        let project = RegistryCommandTests.Project()
        project.write("train.mlx", """
            let iris = dataset("\(iris)", target: "species")
            let parts = split(iris, test: 0.2, seed: 42, stratify: true)
            let m = train(logistic(C: 1.0), parts.train, prep: [standardize()])
            let v = register(m, "iris", metrics: evaluate(m, parts.test))
            alias("iris", v.version, "production")
            write_csv(parts.test, "same.csv")
            write_csv(with(parts.test, petal_length: parts.test.petal_length * 1.3, petal_width: parts.test.petal_width * 1.3), "shifted.csv")
            """)
        let r = project.lathe("run", "train.mlx")
        #expect(r.exitCode == 0, "\(r)")
        return project
    }

    @Test func noDriftIsExitZeroAndDriftIsExitThree() throws {
        let project = Self.project()
        let same = project.lathe("monitor", "iris@production", "same.csv")
        #expect(same.exitCode == 0, "\(same)")
        #expect(same.stdout.contains("drift report: no drift"), "\(same)")
        let shifted = project.lathe("monitor", "iris@production", "shifted.csv", "--json")
        #expect(shifted.exitCode == 3, "\(shifted)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(shifted.stdout.utf8)) as? [String: Any])
        #expect(report["drifted"] as? Bool == true && report["model"] as? String == "iris:1")
        let features = try #require(report["features"] as? [[String: Any]])
        #expect(features.filter { $0["drifted"] as? Bool == true }.compactMap { $0["name"] as? String } == ["petal_length", "petal_width"])
        // Both results are in the history.
        project.write("h.mlx", "print(len(monitor_history(\"iris\")))\n")
        #expect(project.lathe("run", "h.mlx").stdout == "2\n")
    }

    @Test func aFolderIsATrendAndTheHTMLReportIsSelfContained() throws {
        let project = Self.project()
        let batches = project.dir.appendingPathComponent("batches")
        try FileManager.default.createDirectory(at: batches, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: project.dir.appendingPathComponent("same.csv"), to: batches.appendingPathComponent("day1.csv"))
        try FileManager.default.copyItem(at: project.dir.appendingPathComponent("shifted.csv"), to: batches.appendingPathComponent("day2.csv"))
        let html = project.dir.appendingPathComponent("report.html").path
        let r = project.lathe("monitor", "iris", "batches", "--html", html)
        #expect(r.exitCode == 3, "\(r)")
        #expect(r.stdout.contains("iris:1: 2 batches") && r.stdout.contains("day1.csv") && r.stdout.contains("day2.csv"), "\(r)")
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(page.contains("<svg") && page.contains("petal_length"))
        for url in ["http://", "https://", "<script src", "<link"] { #expect(!page.contains(url), "\(url)") }
    }

    @Test func errorsHaveTheirExitCodes() {
        let project = Self.project()
        project.write("bad.csv", "sepal_length,sepal_width\n1,2\n3\n")
        let malformed = project.lathe("monitor", "iris", "bad.csv")
        #expect(malformed.exitCode == 65, "\(malformed)")
        #expect(malformed.stderr.hasPrefix("error: ") && malformed.stderr.contains("bad.csv:3:"), "\(malformed)")
        let missing = project.lathe("monitor", "iris", "nothing.csv")
        #expect(missing.exitCode == 66, "\(missing)")
        let unknown = project.lathe("monitor", "irsi", "same.csv")
        #expect(unknown.exitCode == 70 && unknown.stderr.contains("did you mean 'iris'?"), "\(unknown)")
        let method = project.lathe("monitor", "iris", "same.csv", "--method", "kss")
        #expect(method.exitCode == 70 && method.stderr.hasPrefix("error: unknown drift method 'kss'"), "\(method)")
        let noWorkspace = LatheBinary.run(arguments: ["monitor", "iris", "x.csv"], environment: ["LATHE_HOME": nil],
                                          cwd: FileManager.default.temporaryDirectory)
        #expect(noWorkspace.exitCode == 66, "\(noWorkspace)")
    }

    @Test func aColumnMissingFromTheDataIsReportedNotCrashed() {
        let project = Self.project()
        project.write("partial.csv", "sepal_length,sepal_width,petal_length\n5.1,3.5,1.4\n6.2,2.9,4.3\n7.7,3.0,6.1\n")
        let r = project.lathe("monitor", "iris", "partial.csv")
        #expect([0, 3].contains(r.exitCode), "\(r)")
        #expect(r.stdout.contains("petal_width") && r.stdout.contains("missing"), "\(r)")
    }
}
