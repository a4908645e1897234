import Foundation

/// Items read from a source one at a time, made on every core, and handed over in input order: workers
/// take the next input as they finish one (no slice barriers, so no core waits for the slowest item of a
/// slice), and stay at most `window` items ahead of the consumer — so memory stays bounded however long the
/// input, which is read as it is needed, not up front.
///
/// The workers run at a lower priority than the consumer (10 nicer, on threads of their own): a consumer
/// that must take the items one by one in order (the store, one transaction a report) is the serial part,
/// so it runs whenever it has an item, and the workers take the rest of the cores. Otherwise the consumer,
/// sharing cores evenly with the workers, falls behind, and drains its backlog alone at the end while the
/// other cores idle (90 ms of a one-second ingest of 2,000 reports).
///
/// With one usable core (`taskset -c 0`) there are no workers: `next()` reads and makes each item itself,
/// which saves the hand-over between threads (6 % of a parse on one core).
final class OrderedPipeline<Input, Output>: @unchecked Sendable {
    private let window: Int
    /// Called under `condition`'s lock, so in input order and one call at a time; nil at the end. An error
    /// it throws (a bad record under --strict) ends the input there and reaches the consumer in its turn.
    private let source: () throws -> Input?
    private let make: (Input) -> Output
    /// Guards everything below; signalled whenever it changes.
    private let condition = NSCondition()
    private var ready: [Int: Output] = [:]
    /// Inputs taken from the source so far (the next input's index).
    private var taken = 0
    /// Items handed to the consumer so far (the next item's index).
    private var consumed = 0
    /// Where the input ended (its length), once known; and the error that ended it, if one did.
    private var end: Int?
    private var failure: (any Error)?
    private var stopped = false
    private let workers = DispatchGroup()
    private let inline: Bool

    init(window: Int = 256, workers: Int = OrderedPipeline.usableCores > 1 ? OrderedPipeline.usableCores : 0,
         source: @escaping () throws -> Input?, make: @escaping (Input) -> Output) {
        self.window = max(window, 1)
        self.source = source
        self.make = make
        inline = workers == 0
        for _ in 0..<workers {
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
            condition.lock()
            while taken >= consumed + window, !stopped, end == nil { condition.wait() }
            guard !stopped, end == nil else {
                condition.unlock()
                return
            }
            let i = taken
            let input: Input?
            do {
                input = try source()
            } catch {
                failure = error
                input = nil
            }
            if input == nil { end = i } else { taken = i + 1 }
            condition.broadcast()
            condition.unlock()
            guard let input else { return }
            let item = make(input)
            condition.lock()
            ready[i] = item
            condition.broadcast()
            condition.unlock()
        }
    }

    /// The next item in input order, once made; nil after the last. Throws the source's error in the place
    /// where it stopped the input (the items before it come first).
    func next() throws -> Output? {
        if inline { return try source().map(make) }
        condition.lock()
        defer { condition.unlock() }
        let i = consumed
        while ready[i] == nil, end != i { condition.wait() }
        guard let item = ready.removeValue(forKey: i) else {
            if let failure { throw failure }
            return nil
        }
        consumed = i + 1
        condition.broadcast()
        return item
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

extension OrderedPipeline {
    /// The cores this process may run on: its affinity mask (which `taskset` narrows; Foundation's processor
    /// counts ignore it), at least 1.
    static var usableCores: Int {
        // Linux gives the mask as hex words in /proc/self/status ("Cpus_allowed:\tff,ffffffff").
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed:") }) {
            let bits = line.dropFirst("Cpus_allowed:".count).reduce(0) { sum, c in sum + (c.hexDigitValue ?? 0).nonzeroBitCount }
            if bits > 0 { return bits }
        }
        return ProcessInfo.processInfo.activeProcessorCount
    }
}

extension OrderedPipeline where Input == Int {
    /// Items 0..<count.
    convenience init(count: Int, window: Int = 256, workers: Int = OrderedPipeline.usableCores,
                     make: @escaping (Int) -> Output) {
        var next = 0
        self.init(window: window, workers: workers, source: {
            defer { next += 1 }
            return next < count ? next : nil
        }, make: make)
    }
}
