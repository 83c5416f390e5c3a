import Foundation
import Testing
@testable import Data

@Suite("Frame codec")
struct FrameCodecTests {
    static let frame = try! Frame(columns: [
        .numeric("x", [1.5, .nan, -0.0, Double.leastNonzeroMagnitude, 1e308]),
        .integers("n", [1, nil, -3, Int64.max, 0]),
        .bools("b", [true, false, nil, true, false]),
        .strings("s", ["a", nil, "é", "a", ""]),
    ])

    @Test func aFrameRoundTripsExactlyAndDeterministically() throws {
        let bytes = FrameCodec.encode(Self.frame)
        #expect(bytes == FrameCodec.encode(Self.frame))
        let back = try FrameCodec.decode(bytes)
        #expect(back == Self.frame)
        guard case .float64(let values) = back.columns[0].storage else { Issue.record("type"); return }
        #expect(values.map(\.bitPattern).enumerated().allSatisfy { index, bits in
            index == 1 || bits == [1.5, Double.nan, -0.0, Double.leastNonzeroMagnitude, 1e308][index].bitPattern
        })
        #expect(try FrameCodec.decode(FrameCodec.encode(Frame())).rowCount == 0)
    }

    @Test func damagedBytesAreAnErrorNotACrash() {
        let bytes = FrameCodec.encode(Self.frame)
        for cut in [0, 5, 20, bytes.count - 1] {
            #expect(throws: DataError.self) { try FrameCodec.decode(Array(bytes.prefix(cut))) }
        }
        #expect(throws: DataError.self) { try FrameCodec.decode(bytes + [0]) }
        var flipped = bytes
        flipped[flipped.count - 3] = 0x7F  // a category code past the categories
        #expect(throws: DataError.self) { try FrameCodec.decode(flipped) }
    }
}
