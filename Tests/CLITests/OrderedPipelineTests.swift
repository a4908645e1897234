import Foundation
import Synchronization
import Testing
@testable import geotrack

@Suite struct OrderedPipelineTests {
    /// Items made out of order on several workers come back in input order, each exactly once, with the
    /// workers never more than the window ahead.
    @Test func itemsComeBackInOrder() {
        let made = Atomic<Int>(0)
        let pipeline = OrderedPipeline(count: 500, window: 8, workers: 3) { i -> Int in
            usleep(UInt32((i * 7919) % 5) * 100)  // uneven work, so workers finish out of order
            made.add(1, ordering: .relaxed)
            return i * i
        }
        var got: [Int] = []
        for i in 0..<500 {
            got.append(pipeline.take(i))
            #expect(made.load(ordering: .relaxed) <= i + 1 + 8 + 3)
        }
        pipeline.finish()
        #expect(got == (0..<500).map { $0 * $0 })
    }

    /// A consumer that stops early (a store error) stops the workers: finish returns, nothing hangs.
    @Test func stoppingEarlyReleasesTheWorkers() {
        let pipeline = OrderedPipeline(count: 10_000, window: 4, workers: 2) { $0 }
        #expect(pipeline.take(0) == 0 && pipeline.take(1) == 1)
        pipeline.finish()
    }

    #if os(Linux)
    /// Workers yield to the consumer: they run at nice 10 on threads of their own, and the caller's
    /// priority is left as it was.
    @Test func workersRunBelowTheConsumer() {
        let before = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        let pipeline = OrderedPipeline(count: 20, window: 4, workers: 2) { _ in getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) }
        let seen = (0..<20).map { pipeline.take($0) }
        pipeline.finish()
        #expect(seen.allSatisfy { $0 == min(before + 10, 19) })
        #expect(getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) == before)
    }
    #endif
}
