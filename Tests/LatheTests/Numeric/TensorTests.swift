import Testing
import Numeric

@Suite("Numeric: tensor basics")
struct NumericTensorBasicsTests {
    @Test func shapesAndAccessors() throws {
        let v = Tensor([1, 2, 3])
        #expect(v.shape == [3] && v.rank == 1 && v.rows == 3 && v.columns == 1 && v.count == 3)
        let m = try Tensor(shape: [2, 3], storage: [1, 2, 3, 4, 5, 6])
        #expect(m.rank == 2 && m.rows == 2 && m.columns == 3)
        #expect(m[row: 1, column: 2] == 6 && m[1, 2] == 6 && m[4] == 5)
        var w = m
        w[0, 1] = 20
        #expect(w.storage == [1, 20, 3, 4, 5, 6])
        #expect(m.row(1) == Tensor([4, 5, 6]))
        #expect(m.column(1) == Tensor([2, 5]))
        #expect(m.transposed() == (try Tensor(shape: [3, 2], storage: [1, 4, 2, 5, 3, 6])))
        #expect(v.transposed() == v)
        #expect(Tensor.zeros([2, 2]).storage == [0, 0, 0, 0])
        #expect(Tensor.filled([3], value: 7).storage == [7, 7, 7])
        #expect(Tensor.identity(2).storage == [1, 0, 0, 1])
    }

    @Test func invalidShapesThrow() {
        #expect(throws: NumericError.shapeMismatch("shape [2, 2] needs 4 values, got 3")) {
            try Tensor(shape: [2, 2], storage: [1, 2, 3])
        }
        #expect(throws: NumericError.self) { try Tensor(shape: [1, 1, 1], storage: [1]) }
        #expect(throws: NumericError.self) { try Tensor(shape: [-1], storage: []) }
        #expect(throws: NumericError.self) { try Tensor(rows: [[1, 2], [3]]) }
        #expect(throws: NumericError.self) { try Tensor([1, 2]).value(at: 2) }
        #expect((try? Tensor([1, 2]).value(at: -1)) == 2)
    }

    @Test func reshape() throws {
        let v = Tensor([1, 2, 3, 4, 5, 6])
        #expect(try v.reshaped([2, 3]).shape == [2, 3])
        #expect(try v.reshaped([-1, 2]).shape == [3, 2])
        #expect(throws: NumericError.shapeMismatch("cannot reshape [6] into [4, 2]")) { try v.reshaped([4, 2]) }
        #expect(throws: NumericError.self) { try v.reshaped([-1, -1]) }
        #expect(throws: NumericError.self) { try v.reshaped([-1, 4]) }
    }

    @Test func takeAndFilter() throws {
        let m = try Tensor(shape: [3, 2], storage: [1, 2, 3, 4, 5, 6])
        #expect(m.take([2, 0, 2]) == (try Tensor(shape: [3, 2], storage: [5, 6, 1, 2, 5, 6])))
        #expect(Tensor([10, 20, 30]).take([1]) == Tensor([20]))
        #expect(throws: NumericError.invalidArgument("index 3 is out of range for 3 rows")) {
            try m.take(validating: [3])
        }
        #expect(try m.filter(Mask([true, false, true])) == (try Tensor(shape: [2, 2], storage: [1, 2, 5, 6])))
        #expect(try Tensor([1, 2, 3]).filter(Mask([false, true, true])) == Tensor([2, 3]))
        #expect(throws: NumericError.self) { try m.filter(Mask([true])) }
        #expect(try m.filter(Mask([false, false, false])).shape == [0, 2])
    }

    @Test func copyOnWrite() {
        var a = Tensor([1, 2, 3])
        let b = a
        a[0] = 9
        #expect(b.storage == [1, 2, 3] && a.storage == [9, 2, 3])
    }

    @Test func blasRuntimeReportsItsCore() {
        #expect(!BLASRuntime.coreName.isEmpty && !BLASRuntime.configurationNote.isEmpty)
        #expect(BLASRuntime.threadCount >= 1)
    }

    @Test func errorDescriptionsAreOneLineLowercase() {
        let e = NumericError.shapeMismatch("cannot broadcast shapes [3] and [4]")
        #expect(e.description == "cannot broadcast shapes [3] and [4]")
    }
}

@Suite("Numeric: masks")
struct NumericMaskTests {
    @Test func logic() throws {
        let a = Mask([true, true, false, false]), b = Mask([true, false, true, false])
        #expect(try a.and(b) == Mask([true, false, false, false]))
        #expect(try a.or(b) == Mask([true, true, true, false]))
        #expect(try a.xor(b) == Mask([false, true, true, false]))
        #expect(a.not() == Mask([false, false, true, true]))
        #expect(a.count == 4 && a.trueCount == 2)
        #expect(b.indices() == [0, 2])
        #expect(Mask([]).all && !Mask([]).any)
        #expect(throws: NumericError.shapeMismatch("cannot and masks of lengths 4 and 1")) { try a.and(Mask([true])) }
        #expect(throws: NumericError.self) { try a.or(Mask([])) }
    }
}
