import Dispatch
import Store
import Synchronization

/// Stores import batches on a writer thread while the caller reads the next one: reading a layer and
/// writing the store overlap on two cores. At most one batch waits; batches are stored in order, each in
/// its own transaction, and the first store error stops the writer and surfaces at the next call.
final class BatchWriter: Sendable {
    private let store: EventStore
    private let queue = DispatchQueue(label: "geotrack.import.writer")
    /// One batch being stored while the next is read: memory stays at two batches.
    private let slot = DispatchSemaphore(value: 1)
    private let state = Mutex<(added: Int, duplicates: Int, failure: (any Error)?)>((0, 0, nil))

    init(store: EventStore) { self.store = store }

    /// Queues a batch to be stored; throws a store error met by an earlier batch.
    func submit(_ batch: ImportBatch) throws {
        try rethrowFailure()
        slot.wait()
        queue.async { [self] in
            defer { slot.signal() }
            guard state.withLock({ $0.failure == nil }) else { return }
            do {
                let (added, duplicates) = try store.importBatch(batch)
                state.withLock { $0.added += added; $0.duplicates += duplicates }
            } catch {
                state.withLock { $0.failure = error }
            }
        }
    }

    /// Waits for every queued batch; the rows added and found stored before.
    func finish() throws -> (added: Int, duplicates: Int) {
        queue.sync {}
        try rethrowFailure()
        return state.withLock { ($0.added, $0.duplicates) }
    }

    private func rethrowFailure() throws {
        if let failure = state.withLock({ $0.failure }) { throw failure }
    }
}
