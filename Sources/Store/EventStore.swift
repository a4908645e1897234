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
            // Reads map the file rather than copy it page by page: a join reads a million points from
            // their snapshots in half the time.
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

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: reports, places, events, sources, relations, positions") { db in
            try db.execute(sql: """
                CREATE TABLE reports (
                  id INTEGER PRIMARY KEY, report_id TEXT NOT NULL, title TEXT, source TEXT, url TEXT, published TEXT,
                  content_hash TEXT NOT NULL UNIQUE, ingested_at TEXT NOT NULL);
                CREATE TABLE places (
                  id INTEGER PRIMARY KEY, report INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
                  start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL, role TEXT NOT NULL, name TEXT,
                  geonameid INTEGER, kind TEXT, country TEXT, admin1 TEXT, lat REAL, lon REAL, precision TEXT, score REAL);
                CREATE INDEX places_report ON places(report);
                -- ACLED's columns, then geotrack's: where the location came from, its area (WKB, for regions),
                -- the spatial key of its point, and the properties of imported rows (JSON).
                CREATE TABLE events (
                  id INTEGER PRIMARY KEY, event_id_cnty TEXT, event_date TEXT, year INTEGER, time_precision INTEGER,
                  disorder_type TEXT, event_type TEXT, sub_event_type TEXT, actor1 TEXT, assoc_actor_1 TEXT,
                  inter1 TEXT, actor2 TEXT, assoc_actor_2 TEXT, inter2 TEXT, interaction TEXT, civilian_targeting TEXT,
                  iso INTEGER, region TEXT, country TEXT, admin1 TEXT, admin2 TEXT, admin3 TEXT, location TEXT,
                  latitude REAL NOT NULL, longitude REAL NOT NULL, geo_precision INTEGER, source TEXT, source_scale TEXT,
                  notes TEXT, fatalities INTEGER, tags TEXT, timestamp INTEGER,
                  time_utc TEXT, fatalities_lower_bound INTEGER NOT NULL DEFAULT 0, date_written INTEGER NOT NULL DEFAULT 0,
                  country_code TEXT, admin1_code TEXT, geonameid INTEGER, place_kind TEXT, region_kind TEXT,
                  uncertainty_m REAL, geometry BLOB, min_lon REAL, min_lat REAL, max_lon REAL, max_lat REAL,
                  counts TEXT, origin TEXT NOT NULL, source_id TEXT, properties TEXT, cell INTEGER NOT NULL);
                CREATE INDEX events_cell ON events(cell);
                -- Merge candidates are events from reports; date filters need dates: imported rows without
                -- them stay out of both indexes (and cost them nothing).
                CREATE INDEX events_type_date ON events(sub_event_type, event_date) WHERE origin = 'report';
                CREATE INDEX events_date ON events(event_date) WHERE event_date IS NOT NULL;
                -- Imported rows by a hash of their content: the same row imported again adds nothing.
                CREATE TABLE import_keys (key INTEGER PRIMARY KEY);
                CREATE TABLE event_sources (
                  event INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
                  report INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
                  sentence_start INTEGER NOT NULL, sentence_end INTEGER NOT NULL, text TEXT NOT NULL,
                  PRIMARY KEY (event, report, sentence_start));
                CREATE INDEX event_sources_report ON event_sources(report);
                CREATE TABLE positions (
                  id INTEGER PRIMARY KEY, name TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL, radius_m REAL,
                  valid_from TEXT, valid_to TEXT, note TEXT,
                  UNIQUE (name, lat, lon, valid_from, valid_to));
                CREATE TABLE relations (
                  id INTEGER PRIMARY KEY, event INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
                  distance_m REAL NOT NULL, approximate INTEGER NOT NULL, target TEXT NOT NULL,
                  UNIQUE (event, distance_m, approximate, target));
                PRAGMA user_version = 1;
                """)
        }
        migrator.registerMigration("v2: point snapshots of imported batches") { db in
            // Each imported batch's points packed in one blob: a join over a million imported events reads a
            // few blobs instead of a million rows. (Packed by v3, in its layout.)
            try db.execute(sql: """
                CREATE TABLE point_snapshots (
                  id INTEGER PRIMARY KEY, first_event INTEGER NOT NULL, last_event INTEGER NOT NULL,
                  count INTEGER NOT NULL, data BLOB NOT NULL);
                PRAGMA user_version = 2;
                """)
        }
        migrator.registerMigration("v3: point snapshots by column") { db in
            // Snapshots hold all longitudes, then all latitudes, then all layer ids (ids are consecutive from
            // first_event): read with three copies, not a loop over every point. Stores of v2 are repacked.
            // Each also names the record columns its rows fill, so that listing a million imported rows reads
            // those columns without a probe over every row.
            try db.execute(sql: """
                DELETE FROM point_snapshots;
                ALTER TABLE point_snapshots ADD COLUMN columns TEXT NOT NULL DEFAULT '';
                PRAGMA user_version = 3;
                """)
            try EventStore.packSnapshots(db)
        }
        migrator.registerMigration("v4: import keys as sorted sets") { db in
            // Imported rows' keys, a blob of sorted keys a batch, instead of a row each.
            try db.execute(sql: "CREATE TABLE import_key_sets (id INTEGER PRIMARY KEY, keys BLOB NOT NULL)")
            try ImportKeys.packTable(db)
            try db.execute(sql: """
                DROP TABLE import_keys;
                PRAGMA user_version = 4;
                """)
        }
        return migrator
    }
}

public enum StoreError: Error, Sendable, CustomStringConvertible {
    case database(path: String, message: String)
    case invalid(String)

    public var description: String {
        switch self {
        case .database(let path, let message): "\(path): \(message)"
        case .invalid(let why): why
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
            return out
        }
    }
}
