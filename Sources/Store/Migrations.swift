import Foundation
import GRDB

extension EventStore {
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
            try EventStore.packLegacySnapshots(db)
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
        migrator.registerMigration("v5: imported events by column") { db in
            // Imported events leave `events` for batches by column (see ImportedBatch): a million rows
            // go in as a few blobs. Each v4 snapshot (consecutive ids, its points already by column) becomes
            // a batch with its rows' texts.
            try db.execute(sql: """
                CREATE TABLE imported_batches (
                  id INTEGER PRIMARY KEY, first_event INTEGER NOT NULL, count INTEGER NOT NULL,
                  text_columns TEXT NOT NULL, points BLOB NOT NULL, texts BLOB NOT NULL);
                """)
            try EventStore.moveImportedRows(db)
            try db.execute(sql: """
                DELETE FROM events WHERE origin = 'import';
                DROP TABLE point_snapshots;
                PRAGMA user_version = 5;
                """)
        }
        return migrator
    }

    // Schema v2-v4 kept imported events as rows of `events`, with their points packed again in snapshots;
    // the packers below are those versions' own (migrations run them on stores of their version).

    /// Packs the points of events `first`, `first + 1`, … as three columns of 8-byte values: longitudes,
    /// latitudes, layer ids (`SourceID.noID` for none; `SourceID.missingNumber` for a text id, which makes
    /// the snapshot unusable, and the reader falls back to rows).
    static func writeLegacySnapshot(first: Int64, _ points: [(lon: Double, lat: Double, source: String?)], columns: [String],
                              _ db: Database) throws {
        guard !points.isEmpty else { return }
        let n = points.count
        var data = Data(count: n * 24)
        data.withUnsafeMutableBytes { buffer in
            for (k, p) in points.enumerated() {
                buffer.storeBytes(of: p.lon, toByteOffset: k * 8, as: Double.self)
                buffer.storeBytes(of: p.lat, toByteOffset: (n + k) * 8, as: Double.self)
                let number: Int64 = p.source.map { SourceID.number($0) } ?? SourceID.noID
                buffer.storeBytes(of: number, toByteOffset: (2 * n + k) * 8, as: Int64.self)
            }
        }
        try db.execute(sql: "INSERT INTO point_snapshots (first_event, last_event, count, data, columns) VALUES (?, ?, ?, ?, ?)",
                       arguments: [first, first + Int64(n) - 1, n, data, columns.joined(separator: ",")])
    }

    /// Packs every imported event's point into snapshots of consecutive ids, each naming the record columns
    /// imported rows fill (one probe over them all: a migration's work).
    static func packLegacySnapshots(_ db: Database) throws {
        let columns = try usedColumns(db, condition: "e.origin = 'import'", arguments: [])
            .map { recordColumns[$0] }
        var first: Int64 = 0
        var points: [(lon: Double, lat: Double, source: String?)] = []
        func flush() throws {
            try writeLegacySnapshot(first: first, points, columns: columns, db)
            points.removeAll(keepingCapacity: true)
        }
        let cursor = try Row.fetchCursor(db, sql: "SELECT id, longitude, latitude, source_id FROM events WHERE origin = 'import' ORDER BY id")
        while let row = try cursor.next() {
            let id: Int64 = row[0]
            if points.isEmpty || id != first + Int64(points.count) || points.count == 100_000 {
                try flush()
                first = id
            }
            points.append((row[1], row[2], row[3]))
        }
        try flush()
    }

    /// Copies each v4 snapshot's rows into an imported batch: the snapshot's points, the rows' texts (stored
    /// numbers written back as text, which reads back as the same number).
    static func moveImportedRows(_ db: Database) throws {
        let importable = Set(acledColumns).subtracting(["latitude", "longitude"])
        let snapshots = try Row.fetchAll(db, sql: "SELECT first_event, count, data, columns FROM point_snapshots ORDER BY first_event")
        for snapshot in snapshots {
            let first: Int64 = snapshot[0], count: Int = snapshot[1], points: Data = snapshot[2], listed: String = snapshot[3]
            let columns = listed.split(separator: ",").map(String.init).filter(importable.contains)
            var texts = TextPacker(capacity: count * (2 + columns.count))
            let sql = "SELECT id, source_id, properties" + columns.map { ", \($0)" }.joined() + " FROM events WHERE id BETWEEN ? AND ? ORDER BY id"
            let rows = try Row.fetchCursor(db, sql: sql, arguments: [first, first + Int64(count) - 1])
            var expected = first
            while let row = try rows.next() {
                guard row[0] as Int64 == expected else { throw StoreError.invalid("imported event \(expected) is missing from its snapshot's rows") }
                expected += 1
                for k in 1..<row.count {
                    let value: String? = switch (row[k] as DatabaseValue).storage {
                    case .string(let s): s
                    case .int64(let i): String(i)
                    case .double(let d): "\(d)"
                    case .null, .blob: nil
                    }
                    try texts.append(value?.utf8)
                }
            }
            guard expected == first + Int64(count) else { throw StoreError.invalid("imported events \(expected)... are missing from their snapshot's rows") }
            try ImportedBatch.write(first: first, count: count, columns: columns, points: points, texts: texts, db)
        }
    }
}
