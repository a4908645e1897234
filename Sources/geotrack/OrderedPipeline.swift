import Foundation
import Synchronization

/// Items made on every core and handed over in input order: workers take the next index as they finish
/// one (no slice barriers, so no core waits for the slowest item of a slice), and stay at most `window`
/// items ahead of the consumer, which keeps memory bounded on a long input.
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
            DispatchQueue.global().async(group: self.workers) { [self] in work() }
        }
    }

    private func work() {
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
