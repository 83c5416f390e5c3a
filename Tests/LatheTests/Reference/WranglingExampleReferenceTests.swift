// examples/wrangling.mlx end to end: the real `lathe` binary runs it, and every line it
// prints about the cleaned data is compared with what pandas 3.1.1 makes of the same steps
// on examples/data/churn.csv (Tests/Fixtures/data/wrangling/churn_pipeline.json, written by
// tools/reference/ref_examples.py). The golden-script runner checks the same lines against
// the example's own `# expect:` markers; this ties those markers to pandas.

import Foundation
import Testing

@Suite("Reference: the wrangling example vs pandas")
struct WranglingExampleReferenceTests {
    let fixture = ReferenceFixtures.json("data/wrangling/churn_pipeline.json")

    /// A number as Lathe prints it: whole numbers without a decimal point.
    func shown(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
    }

    func round(_ x: Double, digits: Int) -> Double {
        let scale = pow(10.0, Double(digits))
        return (x * scale).rounded(.toNearestOrEven) / scale
    }

    @Test func cleanedDataMatchesPandas() throws {
        let home = makeTemporaryDirectory(prefix: "lathe-wrangling-home")
        defer { try? FileManager.default.removeItem(at: home) }
        let result = LatheBinary.run(arguments: ["run", "examples/wrangling.mlx"], environment: ["LATHE_HOME": home.path])
        #expect(result.exitCode == 0, "\(result)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= 11 else {
            Issue.record("the example printed \(lines.count) lines: \(result)")
            return
        }
        #expect(fixture["file"].string == "examples/data/churn.csv")
        let shape = fixture["shape"].array.compactMap(\.double).map(shown)
        #expect(lines[0] == "[\(shape.joined(separator: ", "))]")
        let missing = fixture["missing"]
        #expect(lines[1] == "\(shown(missing["monthly_charges"].double ?? -1)) \(shown(missing["age"].double ?? -1))")
        #expect(lines[2] == "\(shown(fixture["raw_plan_values"].double ?? -1)) \(shown(missing["plan"].double ?? -1))")
        let plans = fixture["clean_plans"].array.map { $0.string.map { "\"\($0)\"" } ?? "null" }
        #expect(lines[3] == "column 'plan' (string, \(plans.count) rows) [\(plans.joined(separator: ", "))]")
        #expect(lines[4] == fixture["top_age_band"].string)
        let tenure = fixture["tenure_days"].array.compactMap(\.double).map(shown)
        #expect(lines[5] == "\(shown(fixture["rows_with_signup"].double ?? -1)) \(tenure.joined(separator: " "))")
        let regions = fixture["regions"].array.compactMap(\.string)
        let average = fixture["region_avg_charge"][0].double ?? .nan
        #expect(lines[6] == "\(regions.count) \(regions.first ?? "") \(shown(round(average, digits: 2)))")
        let share = fixture["top_target_share"].double ?? .nan
        #expect(lines[8] == "\(fixture["top_target"].string ?? "") \(shown(round(share, digits: 3)))")
        // The models' scores are Lathe's own (scikit-learn's forests differ by design); they
        // are pinned by the example's markers.
        #expect(lines[9].hasPrefix("forest   accuracy "))
        #expect(lines[10].hasPrefix("logistic accuracy "))
    }
}
