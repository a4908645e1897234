import Foundation
import Synchronization

/// Items made on every core and handed over in input order: workers take the next index as they finish
/// one (no slice barriers, so no core waits for the slowest item of a slice), and stay at most `window`
/// items ahead of the consumer, which keeps memory bounded on a long input.
///
/// The workers run at a lower priority than the consumer (10 nicer, on threads of their own): a consumer
/// that must take the items one by one in order (the store, one transaction a report) is the serial part,
/// so it runs whenever it has an item, and the workers take the rest of the cores. Otherwise the consumer,
/// sharing cores evenly with the workers, falls behind, and drains its backlog alone at the end while the
/// other cores idle (90 ms of a one-second ingest of 2,000 reports).
final class OrderedPipeline<T: Sendable>: @unchecked Sendable {
    private let count: Int
    private let window: Int
    private let make: @Sendable (Int) -> T
    private let next = Atomic<Int>(0)
    /// Guards `ready`, `consumed` and `stopped`; signalled whenever one changes.
    private let condition = NSCondition()
    private var ready: [Int: T] = [:]
    private var consumed = 0
    private var stopped = false
    private let workers = DispatchGroup()

    init(count: Int, window: Int = 256, workers: Int = ProcessInfo.processInfo.activeProcessorCount, make: @escaping @Sendable (Int) -> T) {
        self.count = count
        self.window = max(window, 1)
        self.make = make
        for _ in 0..<max(workers, 1) {
            self.workers.enter()
            let thread = Thread { [self] in
                work()
                self.workers.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    private func work() {
        #if os(Linux)
        // Linux sets nice per thread: this one only. (The thread is the pipeline's own, so no shared pool
        // thread stays lowered.)
        let which = __priority_which_t(PRIO_PROCESS.rawValue)
        setpriority(which, 0, min(19, getpriority(which, 0) + 10))
        #endif
        while true {
            let i = next.add(1, ordering: .relaxed).oldValue
            guard i < count else { return }
            condition.lock()
            while i >= consumed + window, !stopped { condition.wait() }
            let stop = stopped
            condition.unlock()
            if stop { return }
            let item = make(i)
            condition.lock()
            ready[i] = item
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Item `i`, once made; call with 0, 1, 2, … in turn.
    func take(_ i: Int) -> T {
        condition.lock()
        defer { condition.unlock() }
        while ready[i] == nil { condition.wait() }
        consumed = i + 1
        condition.broadcast()
        return ready.removeValue(forKey: i)!
    }

    /// Stops the workers (after the items they are making) and waits for them: the consumer is done or failed.
    func finish() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
        workers.wait()
    }
}
