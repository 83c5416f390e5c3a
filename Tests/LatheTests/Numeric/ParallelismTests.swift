import Testing
import Numeric
import Synchronization

@Suite("Numeric: parallelism")
struct ParallelismTests {
    @Test(arguments: [0, 1, 5, 16, 17, 1000, 16_384, 50_001])
    func fixedChunksCoverTheRangeExactlyOnceInOrder(_ count: Int) {
        for size in [1, 7, 16, 1024, 16_384] {
            let chunks = FixedChunks(count: count, size: size)
            #expect(chunks.count == (count + size - 1) / size)
            var next = 0
            for c in 0..<chunks.count {
                let r = chunks[c]
                #expect(r.lowerBound == next && !r.isEmpty && r.count <= size, "count \(count), size \(size), chunk \(c): \(r)")
                // Only the last chunk may be short.
                if c < chunks.count - 1 { #expect(r.count == size) }
                next = r.upperBound
            }
            #expect(next == count, "count \(count), size \(size)")
        }
    }

    @Test func fixedChunksDependOnlyOnTheProblemSize() {
        #expect(FixedChunks(count: 100, size: 30) == FixedChunks(count: 100, size: 30))
        #expect(FixedChunks(count: 100, size: 30)[3] == 90..<100)
        #expect(FixedChunks(count: -4, size: 30).count == 0)
        #expect(FixedChunks(count: 4, size: 0).count == 4)
    }

    @Test(arguments: 1...8)
    func everyTaskRunsExactlyOnceForAnyWorkerCount(_ workers: Int) {
        for tasks in [0, 1, 2, 3, 7, 64, 1000] {
            let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: Swift.max(1, tasks))
            counts.initialize(repeating: 0)
            defer { counts.deallocate() }
            Parallelism.forEach(tasks, workers: workers) { counts[$0] += 1 }
            #expect(counts.prefix(tasks).allSatisfy { $0 == 1 }, "\(tasks) tasks on \(workers) workers")
        }
    }

    /// A floating-point sum whose value depends on the order of additions: the same bits for
    /// 1 to 8 workers, equal to adding the chunk sums in order on one thread.
    @Test func sumIsBitIdenticalForOneToEightWorkers() {
        let n = 200_003
        var values = [Double](repeating: 0, count: n)
        var random = RandomGenerator(seed: 11)
        for i in 0..<n { values[i] = random.normal() * pow(10, Double(i % 17) - 8) }
        values.withUnsafeBufferPointer { v in
            let body = { (r: Range<Int>) -> Double in
                var s = 0.0
                for i in r { s += v[i] }
                return s
            }
            var expected = 0.0
            let chunks = FixedChunks(count: n, size: 4096)
            for c in 0..<chunks.count { expected += body(chunks[c]) }
            for workers in 1...8 {
                for _ in 0..<3 {
                    let total = Parallelism.sum(n, chunkSize: 4096, workers: workers, body)
                    #expect(total.bitPattern == expected.bitPattern, "\(workers) workers: \(total) vs \(expected)")
                }
            }
            // A different decomposition does change the bits: the test can see order changes.
            #expect(Parallelism.sum(n, chunkSize: 4097, workers: 1, body).bitPattern != expected.bitPattern)
            #expect(Parallelism.sum(0, chunkSize: 4096, body) == 0)
        }
    }

    struct Failure: Error, Equatable { let task: Int }

    @Test(arguments: 1...8)
    func theLowestFailingTaskIsRethrownAndEveryTaskRuns(_ workers: Int) {
        let ran = Atomic<Int>(0)
        #expect(throws: Failure(task: 3)) {
            try Parallelism.forEach(40, workers: workers) { (task: Int) throws in
                ran.wrappingAdd(1, ordering: .relaxed)
                if task == 3 || task == 17 || task == 39 { throw Failure(task: task) }
            }
        }
        #expect(ran.load(ordering: .relaxed) == 40)
    }

    /// A loop inside a loop runs inline on its worker, and still runs every task.
    @Test func nestedLoopsRunEveryInnerTask() {
        let total = Atomic<Int>(0)
        Parallelism.forEach(6, workers: 3) { _ in
            Parallelism.forEach(10, workers: 3) { _ in total.wrappingAdd(1, ordering: .relaxed) }
        }
        #expect(total.load(ordering: .relaxed) == 60)
    }

    @Test func threadCapParsing() {
        #expect(Parallelism.parseThreadCap("4") == 4)
        #expect(Parallelism.parseThreadCap(" 12\n") == 12)
        #expect(Parallelism.parseThreadCap("007") == 7)
        for bad in ["0", "-1", "+3", "two", "1.5", "3 cores", "", " ", "99999999999999999999999"] {
            #expect(Parallelism.parseThreadCap(bad) == nil, "\(bad)")
        }
        #expect(Parallelism.workers >= 1)
        #expect(Parallelism.note.hasPrefix("\(Parallelism.workers) ("))
    }

    /// A matrix product cut into row blocks gives the same bits for any worker count; this
    /// process's count is fixed, so compare with a product computed block by block.
    @Test func largeMatrixProductMatchesItsRowBlocks() throws {
        var random = RandomGenerator(seed: 3)
        let a = Tensor.normal([700, 150], using: &random), b = Tensor.normal([150, 180], using: &random)
        let whole = try a.matmul(b)
        for start in stride(from: 0, to: 700, by: 256) {
            let rows = Swift.min(256, 700 - start)
            let block = try Tensor(shape: [rows, 150], storage: Array(a.storage[(start * 150)..<((start + rows) * 150)]))
            let part = try block.matmul(b)
            #expect(Array(whole.storage[(start * 180)..<((start + rows) * 180)]) == part.storage)
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
