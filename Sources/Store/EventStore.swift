import Foundation
import GRDB
import Geometry
import Synchronization

/// The event store: one SQLite file (WAL, so readers never block the writer), its schema versioned by
/// GRDB's migrator. Every write is one transaction — a report, or a batch of imported rows — so a killed
/// process leaves the store as it was after its last whole report or batch.
public final class EventStore: Sendable {
    let pool: DatabasePool
    public let path: String
    /// Stored events from reports as merging reads them (their region polygons decoded once).
    let mergeMemo = Mutex(MergeMemo())
    /// Imported rows' keys, read once (imports skip the rows stored before).
    let importKeys = Mutex(ImportKeys())

    /// Opens (and creates, and migrates) the store at `path`.
    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            // WAL with synchronous NORMAL: a process killed at any point loses at most the transaction it was in.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA cache_size = -65536")
            // Reads map the file rather than copy it page by page: a join reads a million imported points
            // from their batches in half the time.
            try db.execute(sql: "PRAGMA mmap_size = 2147483648")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try EventStore.migrator.migrate(pool)
        } catch let error as DatabaseError {
            throw StoreError.database(path: path, message: error.message ?? "\(error)")
        }
    }

    /// The schema's version: how many migrations the store has seen.
    public func schemaVersion() throws -> Int {
        try pool.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 }
    }
}

public enum StoreError: Error, Sendable, CustomStringConvertible {
    case database(path: String, message: String)
    case invalid(String)
    case unknownSubEventType(String, event: Int64)

    public var description: String {
        switch self {
        case .database(let path, let message): "\(path): \(message)"
        case .invalid(let why): why
        case .unknownSubEventType(let name, let id): "event \(id): \"\(name)\" is no ACLED sub-event type"
        }
    }
}

extension EventStore {
    /// Runs `body` in one write transaction; SQLite errors name the store.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.write(body)
        } catch let error as DatabaseError {
            throw StoreError.database(path: path, message: error.message ?? "\(error)")
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.read(body)
        } catch let error as DatabaseError {
            throw StoreError.database(path: path, message: error.message ?? "\(error)")
        }
    }

    /// How many rows each table holds (for summaries and tests).
    public func counts() throws -> [String: Int] {
        try read { db in
            var out: [String: Int] = [:]
            for table in ["reports", "places", "events", "event_sources", "relations", "positions"] {
                out[table] = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0
            }
            out["events", default: 0] += try ImportedBatch.count(db)
            return out
        }
    }
}
