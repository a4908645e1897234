import Foundation
import GRDB

/// The content keys of every imported row, as the store holds them: one blob of sorted 8-byte keys per
/// imported batch (`import_key_sets`). A batch's new keys are one row, not a million B-tree inserts (import
/// of a million rows -1.1 s); the keys are read back once a process and then only the sets added since.
///
/// The memo holds only what committed: it is filled inside a transaction from committed sets (its own
/// batch's set is read back by the next batch, like any other writer's).
struct ImportKeys: Sendable {
    /// The last set read.
    var lastSet: Int64 = 0
    var keys = Set<Int64>()

    /// Reads the sets added since the last call (by this process or another).
    mutating func refresh(_ db: Database) throws {
        let sets = try Row.fetchCursor(db, sql: "SELECT id, keys FROM import_key_sets WHERE id > ? ORDER BY id", arguments: [lastSet])
        while let row = try sets.next() {
            lastSet = row[0]
            try row.withUnsafeData(atIndex: 1) { data in
                guard let data, data.count % 8 == 0 else { throw StoreError.invalid("import_key_sets \(lastSet): not a list of 8-byte keys") }
                keys.reserveCapacity(keys.count + data.count / 8)
                data.withUnsafeBytes { bytes in
                    for k in stride(from: 0, to: bytes.count, by: 8) { keys.insert(bytes.loadUnaligned(fromByteOffset: k, as: Int64.self)) }
                }
            }
        }
    }

    /// Stores a batch's new keys as one set, sorted.
    static func write(_ fresh: [Int64], _ db: Database) throws {
        guard !fresh.isEmpty else { return }
        let data = fresh.sorted().withUnsafeBufferPointer { Data(buffer: $0) }
        try db.execute(sql: "INSERT INTO import_key_sets (keys) VALUES (?)", arguments: [data])
    }

    /// Moves the keys of schema v3's `import_keys` table into sets (a migration's work).
    static func packTable(_ db: Database) throws {
        var chunk: [Int64] = []
        let keys = try Int64.fetchCursor(db, sql: "SELECT key FROM import_keys ORDER BY key")
        while let key = try keys.next() {
            chunk.append(key)
            if chunk.count == 100_000 { try write(chunk, db); chunk.removeAll(keepingCapacity: true) }
        }
        try write(chunk, db)
    }
}
