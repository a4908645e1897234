import Foundation
import Synchronization
import Testing
@testable import geotrack

@Suite struct OrderedPipelineTests {
    /// Items made out of order on several workers come back in input order, each exactly once, with the
    /// workers never more than the window ahead.
    @Test func itemsComeBackInOrder() throws {
        let made = Atomic<Int>(0)
        let pipeline = OrderedPipeline(count: 500, window: 8, workers: 3) { i -> Int in
            usleep(UInt32((i * 7919) % 5) * 100)  // uneven work, so workers finish out of order
            made.add(1, ordering: .relaxed)
            return i * i
        }
        var got: [Int] = []
        while let item = try pipeline.next() {
            got.append(item)
            #expect(made.load(ordering: .relaxed) <= got.count + 8 + 3)
        }
        pipeline.finish()
        #expect(got == (0..<500).map { $0 * $0 })
    }

    /// The source is read as the workers need it, never more than the window ahead of the consumer (a long
    /// input is not held whole), and in order, one call at a time.
    @Test func theSourceIsReadAsNeeded() throws {
        let read = Mutex<[Int]>([])
        var next = 0
        let pipeline = OrderedPipeline(window: 4, workers: 2, source: { () -> Int? in
            defer { next += 1 }
            guard next < 100 else { return nil }
            read.withLock { $0.append(next) }
            return next
        }, make: { $0 + 1000 })
        var got: [Int] = []
        while let item = try pipeline.next() {
            got.append(item)
            #expect(read.withLock { $0.count } <= got.count + 4)
        }
        pipeline.finish()
        #expect(got == (0..<100).map { $0 + 1000 })
        #expect(read.withLock { $0 } == Array(0..<100))
    }

    struct Stop: Error, Equatable { let at: Int }

    /// An error from the source (a bad record under --strict) reaches the consumer in its place: every item
    /// before it first, nothing after it — on workers and inline alike.
    @Test(arguments: [0, 2]) func aSourceErrorComesInItsPlace(workers: Int) throws {
        var next = 0
        let pipeline = OrderedPipeline(window: 8, workers: workers, source: { () -> Int? in
            defer { next += 1 }
            if next == 37 { throw Stop(at: next) }
            return next
        }, make: { $0 })
        var got: [Int] = []
        #expect(throws: Stop(at: 37)) {
            while let item = try pipeline.next() { got.append(item) }
        }
        pipeline.finish()
        #expect(got == Array(0..<37))
    }

    /// With no workers (one usable core) the consumer makes each item itself, in order.
    @Test func inlineWithoutWorkers() throws {
        let pipeline = OrderedPipeline(count: 50, workers: 0) { $0 * 2 }
        var got: [Int] = []
        while let item = try pipeline.next() { got.append(item) }
        #expect(got == (0..<50).map { $0 * 2 })
    }

    /// A consumer that stops early (a store error) stops the workers: finish returns, nothing hangs.
    @Test func stoppingEarlyReleasesTheWorkers() throws {
        let pipeline = OrderedPipeline(count: 10_000, window: 4, workers: 2) { $0 }
        #expect(try pipeline.next() == 0 && pipeline.next() == 1)
        pipeline.finish()
    }

    #if os(Linux)
    /// Workers yield to the consumer: they run at nice 10 on threads of their own, and the caller's
    /// priority is left as it was.
    @Test func workersRunBelowTheConsumer() throws {
        let before = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        let pipeline = OrderedPipeline(count: 20, window: 4, workers: 2) { _ in getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) }
        var seen: [Int32] = []
        while let priority = try pipeline.next() { seen.append(priority) }
        pipeline.finish()
        #expect(seen.count == 20 && seen.allSatisfy { $0 == min(before + 10, 19) })
        #expect(getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) == before)
    }
    #endif
}
