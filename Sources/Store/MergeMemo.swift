import GRDB
import Reports

/// Stored events from reports as merging reads them, each rebuilt from its row once and then kept in
/// memory: a report's accounts are checked against the same few stored events again and again.
///
/// The memo holds only while no other connection writes to the store — `PRAGMA data_version` changes
/// when one commits, and the memo is then dropped — and only what committed: a transaction's events go in
/// after it commits, and a failed transaction drops the memo, since what it read may have rolled back.
struct MergeMemo: Sendable {
    /// The writer connection's `data_version` the events were read at.
    var version: Int64 = -1
    var events: [Int64: Event] = [:]
    /// How many events it keeps: a long ingest meets far more events than merging looks at again.
    var capacity = 50_000

    /// Adds a committed transaction's events; past the capacity, the memo starts over with them.
    mutating func remember(_ learned: [Int64: Event]) {
        events.merge(learned) { $1 }
        if events.count > capacity { events = learned }
    }

    /// Keeps the memo if no other connection committed since it was filled, else starts a new one.
    mutating func validate(_ db: Database) throws {
        let now = try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? -1
        if now != version { self = MergeMemo(version: now, capacity: capacity) }
    }
}

extension EventStore {
    /// Runs one report's transaction with the memo: `body` finds stored events in `known` and lists those it
    /// rebuilt or wrote in `learned`, which enter the memo only once the transaction has committed.
    func withMergeMemo<T>(_ body: (Database, _ known: [Int64: Event], _ learned: inout [Int64: Event]) throws -> T) throws -> T {
        do {
            let (result, learned) = try write { db -> (T, [Int64: Event]) in
                let known = try mergeMemo.withLock { memo in try memo.validate(db); return memo.events }
                var learned: [Int64: Event] = [:]
                let result = try body(db, known, &learned)
                return (result, learned)
            }
            mergeMemo.withLock { memo in memo.remember(learned) }
            return result
        } catch {
            mergeMemo.withLock { $0 = MergeMemo(capacity: $0.capacity) }
            throw error
        }
    }
}
