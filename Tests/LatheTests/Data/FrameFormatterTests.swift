import Testing
@testable import Data

@Suite struct FrameFormatterTests {
    @Test func smallFrameIsAlignedWithTypesAndFooter() throws {
        let frame = try Frame(columns: [
            .numeric("x", [1.5, .nan, 2.25]),
            .integers("n", [1, nil, 30]),
            .bools("ok", [true, nil, false]),
            .strings("city", ["oslo", "new\nyork", nil]),
        ])
        #expect(FrameFormatter.render(frame) == """
                     x      n     ok       city
               float64  int64   bool     string
            0     1.50      1   true       oslo
            1      NaN   <NA>   <NA>  new\\nyork
            2     2.25     30  false       <NA>

            [3 rows x 4 columns]
            """)
    }

    @Test func longFramesShowHeadAndTail() {
        let frame = Generators.makeRegression(n: 150, features: 4, noise: 1, seed: 1)
        let text = FrameFormatter.render(frame, maxRows: 6)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 2 + 7 + 2)
        #expect(lines[2].hasPrefix("0 "))
        #expect(lines[5].hasPrefix("..."))
        #expect(lines[8].hasPrefix("149"))
        #expect(lines.last == "[150 rows x 5 columns]")
    }

    @Test func wideFramesElideMiddleColumns() {
        let frame = Generators.makeClassification(n: 3, features: 40, classes: 2, seed: 1)
        let text = FrameFormatter.render(frame, maxColumns: 6, width: 200)
        let header = text.split(separator: "\n")[0]
        #expect(header.split(separator: " ") == ["x0", "x1", "x2", "...", "x38", "x39", "target"])
        let narrow = FrameFormatter.render(frame, width: 60)
        for line in narrow.split(separator: "\n") { #expect(line.count <= 60) }
        #expect(narrow.contains("..."))
        #expect(narrow.hasSuffix("[3 rows x 41 columns]"))
    }

    @Test func floatColumnsShareDecimalsOrGoScientific() {
        #expect(FrameFormatter.floatTexts([1, 2.5, 3.125]) == ["1.000", "2.500", "3.125"])
        #expect(FrameFormatter.floatTexts([1, 2]) == ["1.0", "2.0"])
        #expect(FrameFormatter.floatTexts([1e20, 1]) == ["1.000000e+20", "1.000000e+00"])
        #expect(FrameFormatter.floatTexts([0.00001234567]) == ["1.234567e-05"])
        #expect(FrameFormatter.floatTexts([.infinity, .nan, 0.1234567]) == ["inf", "NaN", "0.123457"])
        #expect(FrameFormatter.render(Frame()) == "Empty frame\n\n[0 rows x 0 columns]")
    }
}
