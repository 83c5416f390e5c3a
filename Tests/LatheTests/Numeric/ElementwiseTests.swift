import Testing
import Numeric

@Suite("Numeric: elementwise and broadcasting")
struct NumericElementwiseTests {
    let m = numericMatrix([[1, 2, 3], [4, 5, 6]])

    @Test func sameShape() throws {
        #expect(try Tensor([1, 2]).elementwise(.add, Tensor([3, 4])) == Tensor([4, 6]))
        #expect(try m.elementwise(.multiply, m).storage == [1, 4, 9, 16, 25, 36])
    }

    @Test func scalarLike() throws {
        #expect(try Tensor([1, 2, 3]).elementwise(.subtract, Tensor([1])) == Tensor([0, 1, 2]))
        #expect(try Tensor([1]).elementwise(.subtract, Tensor([1, 2, 3])) == Tensor([0, -1, -2]))
        let r = try m.elementwise(.multiply, Tensor([10]))
        #expect(r.shape == [2, 3] && r.storage == [10, 20, 30, 40, 50, 60])
        #expect(try m.elementwise(.add, numericMatrix([[1]])).storage == [2, 3, 4, 5, 6, 7])
    }

    @Test func rowVectorAgainstMatrix() throws {
        let r = try m.elementwise(.add, Tensor([10, 20, 30]))
        #expect(r.shape == [2, 3] && r.storage == [11, 22, 33, 14, 25, 36])
        let l = try Tensor([10, 20, 30]).elementwise(.subtract, m)
        #expect(l.storage == [9, 18, 27, 6, 15, 24])
        #expect(try m.elementwise(.add, numericMatrix([[1, 2, 3]])).storage == [2, 4, 6, 5, 7, 9])
    }

    @Test func columnAgainstMatrix() throws {
        let c = try Tensor(shape: [2, 1], storage: [100, 200])
        let r = try m.elementwise(.add, c)
        #expect(r.shape == [2, 3] && r.storage == [101, 102, 103, 204, 205, 206])
        let l = try c.elementwise(.divide, m)
        #expect(l.storage == [100, 50, 100.0 / 3, 50, 40, 200.0 / 6])
        // column against column stays a column
        #expect(try c.elementwise(.add, c) == (try Tensor(shape: [2, 1], storage: [200, 400])))
    }

    @Test func outerBroadcast() throws {
        let col = try Tensor(shape: [3, 1], storage: [10, 20, 30])
        let r = try col.elementwise(.add, Tensor([1, 2]))
        #expect(r.shape == [3, 2] && r.storage == [11, 12, 21, 22, 31, 32])
    }

    @Test func broadcastErrors() {
        #expect(throws: NumericError.shapeMismatch("cannot broadcast shapes [3] and [4]")) {
            try Tensor([1, 2, 3]).elementwise(.add, Tensor([1, 2, 3, 4]))
        }
        #expect(throws: NumericError.shapeMismatch("cannot broadcast shapes [2, 3] and [2]")) {
            try m.elementwise(.add, Tensor([1, 2]))
        }
        #expect(throws: NumericError.shapeMismatch("cannot broadcast shapes [2, 3] and [3, 1]")) {
            try m.elementwise(.add, Tensor(shape: [3, 1], storage: [1, 2, 3]))
        }
        #expect(throws: NumericError.self) { try m.compare(.less, Tensor([1, 2])) }
    }

    @Test func emptyOperands() throws {
        #expect(try Tensor([]).elementwise(.add, Tensor([1])) == Tensor([]))
        #expect(Tensor([]).elementwise(.add, scalar: 1) == Tensor([]))
    }

    @Test func operatorsMatchNumpy() throws {
        let a = Tensor([-7, 7, -7.5, 7, 0, -0.0])
        let b = Tensor([3, 3, 3, -3, -3, 3])
        let r = try a.elementwise(.remainder, b)
        #expect(r.storage == [2, 1, 1.5, -2, 0, 0])
        #expect(r.storage[4].sign == .minus && r.storage[5].sign == .plus)  // numpy: -0.0, 0.0
        #expect(Tensor([5]).elementwise(.remainder, scalar: 0).storage[0].isNaN)
        #expect(Tensor([2, 3]).elementwise(.power, scalar: 2) == Tensor([4, 9]))
        #expect(Tensor([2, 3]).elementwise(.power, scalar: 2, scalarOnLeft: true) == Tensor([4, 8]))
        #expect(Tensor([1, 4]).elementwise(.subtract, scalar: 10, scalarOnLeft: true) == Tensor([9, 6]))
        #expect(Tensor([1]).elementwise(.divide, scalar: 0) == Tensor([.infinity]))
        let mn = try Tensor([1, .nan, 5]).elementwise(.minimum, Tensor([2, 0, 4]))
        #expect(mn.storage[0] == 1 && mn.storage[1].isNaN && mn.storage[2] == 4)
        let mx = try Tensor([1, 0, 5]).elementwise(.maximum, Tensor([2, .nan, 4]))
        #expect(mx.storage[0] == 2 && mx.storage[1].isNaN && mx.storage[2] == 5)
    }

    @Test func comparisons() throws {
        let x = Tensor([1, 2, .nan, 4])
        #expect(x.compare(.greater, scalar: 1.5) == Mask([false, true, false, true]))
        #expect(x.compare(.notEqual, scalar: 2) == Mask([true, false, true, true]))
        #expect(x.compare(.equal, scalar: .nan) == Mask([false, false, false, false]))
        #expect(try x.compare(.lessEqual, Tensor([1, 1, 1, 5])) == Mask([true, false, false, true]))
        #expect(try m.compare(.greaterEqual, Tensor([2, 2, 7])) == Mask([false, true, false, true, true, false]))
    }

    @Test func unaryFunctions() {
        let x = Tensor([0, 1, -2])
        #expect(numericClose(x.apply(.exp).storage, [1, 2.718281828459045, 0.1353352832366127]))
        #expect(Tensor([1, 0]).apply(.log).storage == [0, -.infinity])
        #expect(Tensor([4, 9]).apply(.sqrt) == Tensor([2, 3]))
        #expect(x.apply(.abs) == Tensor([0, 1, 2]))
        #expect(x.apply(.negate).storage == [-0.0, -1, 2])
        #expect(Tensor([0.5, 1.5, 2.5, -0.5]).apply(.round).storage == [0, 2, 2, -0.0])
        #expect(Tensor([1.5, -1.5]).apply(.floor) == Tensor([1, -2]))
        #expect(Tensor([1.5, -1.5]).apply(.ceil) == Tensor([2, -1]))
        let s = Tensor([0, 800, -800, 2]).apply(.sigmoid).storage
        #expect(s[0] == 0.5 && s[1] == 1 && s[2] == 0 && numericClose(s[3], 0.8807970779778823))
        #expect(Tensor([-1, 0.5, 3, .nan]).clip(min: 0, max: 1).storage.prefix(3) == [0, 0.5, 1])
        #expect(Tensor([-1, 2, 3]).pow(2) == Tensor([1, 4, 9]))
        #expect(Tensor([8]).pow(1.0 / 3) == Tensor([2]))
    }
}
