import Foundation
import GRDB

/// Rows of an existing event layer (an ACLED export, GeoJSON points, CSV with lon,lat), ready to store:
/// `columns` are the store's ACLED-named columns the layer fills.
///
/// Each row's texts — its layer id, its other properties (JSON), then one value per column — lie back to
/// back in one buffer, bound to SQLite in place: a million rows' texts copied one by one (into Strings, then
/// by SQLite) cost a tenth of an import.
public struct ImportBatch: Sendable {
    public let columns: [String]
    public private(set) var points: [Point] = []
    private(set) var text: [UInt8] = []
    /// Where each text lies in `text` (`textsPerRow` a row, in order); nil for none.
    private(set) var spans: [Range<Int>?] = []

    public struct Point: Sendable {
        public var lon: Double
        public var lat: Double
        /// A hash of the row's content: the same row imported twice is stored once.
        public var key: Int64
    }

    public init(columns: [String], rows: [ImportRow] = []) {
        self.columns = columns
        for row in rows { append(row) }
    }

    /// The texts a row holds: its layer id, its other properties, one per column.
    var textsPerRow: Int { 2 + columns.count }
    public var count: Int { points.count }

    /// Starts a row; `appendText` then gives its `2 + columns.count` texts, in order.
    public mutating func beginRow(lon: Double, lat: Double, key: Int64) {
        points.append(Point(lon: lon, lat: lat, key: key))
    }

    /// The next text of the current row, as UTF-8 (nil: none).
    public mutating func appendText<Bytes: Collection<UInt8>>(_ utf8: Bytes?) {
        guard let utf8 else { spans.append(nil); return }
        let start = text.count
        text.append(contentsOf: utf8)
        spans.append(start..<text.count)
    }

    public mutating func appendText(_ string: String?) { appendText(string?.utf8) }

    public mutating func append(_ row: ImportRow) {
        beginRow(lon: row.lon, lat: row.lat, key: row.key)
        appendText(row.sourceID)
        appendText(row.properties)
        for v in row.values { appendText(v) }
    }

    public mutating func removeAll() {
        points.removeAll(keepingCapacity: true)
        text.removeAll(keepingCapacity: true)
        spans.removeAll(keepingCapacity: true)
    }

    /// The row's layer id.
    func sourceID(_ row: Int) -> String? {
        spans[row * textsPerRow].map { String(decoding: text[$0], as: UTF8.self) }
    }
}

/// One row as text, for layers read as values (GeoJSON features) and for tests.
public struct ImportRow: Sendable {
    public var lon: Double
    public var lat: Double
    /// Text values for `ImportBatch.columns` (SQLite's column affinity stores numbers as numbers).
    public var values: [String?]
    /// The layer's own id for the feature ("id" column or feature id), kept to name it in answers.
    public var sourceID: String?
    /// The other properties, as a JSON object.
    public var properties: String?
    /// A hash of the row's content: the same row imported twice is stored once.
    public var key: Int64

    public init(lon: Double, lat: Double, values: [String?], sourceID: String?, properties: String?, key: Int64) {
        self.lon = lon
        self.lat = lat
        self.values = values
        self.sourceID = sourceID
        self.properties = properties
        self.key = key
    }
}

extension EventStore {
    /// ACLED's columns, as it publishes them: the ones an import may fill (latitude and longitude come
    /// from each row's point).
    public static let acledColumns = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                                      "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
                                      "inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1",
                                      "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
                                      "source_scale", "notes", "fatalities", "tags", "timestamp"]

    /// Stores a batch in one transaction: rows already stored (by content key) are skipped; the others go
    /// in in spatial-key order, which keeps the index inserts sequential.
    public func importBatch(_ batch: ImportBatch) throws -> (added: Int, duplicates: Int) {
        let allowed = Set(EventStore.acledColumns).subtracting(["latitude", "longitude"])
        guard batch.columns.allSatisfy(allowed.contains) else {
            throw StoreError.invalid("unknown columns: \(batch.columns.filter { !allowed.contains($0) })")
        }
        guard batch.spans.count == batch.count * batch.textsPerRow else {
            throw StoreError.invalid("an import batch holds \(batch.spans.count) texts for \(batch.count) rows of \(batch.textsPerRow)")
        }
        return try write { db in
            // Which rows are new: keys not stored before, nor met earlier in the batch.
            var fresh: [Int] = []
            fresh.reserveCapacity(batch.count)
            var freshKeys: [Int64] = []
            freshKeys.reserveCapacity(batch.count)
            try importKeys.withLock { stored in
                try stored.refresh(db)
                var seen = Set<Int64>(minimumCapacity: batch.count)
                for (i, p) in batch.points.enumerated() {
                    guard !stored.keys.contains(p.key), seen.insert(p.key).inserted else { continue }
                    fresh.append(i)
                    freshKeys.append(p.key)
                }
            }
            try ImportKeys.write(freshKeys, db)
            // Rows in spatial-key order keep the index inserts sequential.
            let ordered = fresh.map { (cell: SpatialKey.key(lon: batch.points[$0].lon, lat: batch.points[$0].lat), row: $0) }
                .sorted { ($0.cell, $0.row) < ($1.cell, $1.row) }
            let columns = ["cell", "longitude", "latitude", "source_id", "properties"] + batch.columns
            let events = try RawStatement(db, sql: "INSERT INTO events (origin, \(columns.joined(separator: ", "))) VALUES ('import'"
                                        + String(repeating: ", ?", count: columns.count) + ")")
            var filled = [Bool](repeating: false, count: batch.columns.count)
            let perRow = batch.textsPerRow
            try batch.text.withUnsafeBufferPointer { text in
                // The texts stay where they are while each row is stepped (SQLite reads them then).
                defer { events.clearBindings() }
                for (cell, i) in ordered {
                    events.bind(1, cell)
                    events.bind(2, batch.points[i].lon)
                    events.bind(3, batch.points[i].lat)
                    for k in 0..<perRow {
                        let span = batch.spans[i * perRow + k]
                        events.bindInPlace(Int32(4 + k), span.map { UnsafeBufferPointer(rebasing: text[$0]) })
                        if k >= 2, span != nil { filled[k - 2] = true }
                    }
                    _ = try events.step()
                }
            }
            try snapshot(ordered.map { (batch.points[$0.row].lon, batch.points[$0.row].lat, batch.sourceID($0.row)) },
                         columns: EventStore.importedRecordColumns + batch.columns.indices.filter { filled[$0] }.map { batch.columns[$0] }, db)
            return (fresh.count, batch.count - fresh.count)
        }
    }

    /// The record columns every imported row fills whatever its layer (the INSERT above writes the point
    /// and the origin; the id stands in for a missing event_id_cnty; the lower-bound flag defaults to 0).
    static let importedRecordColumns = ["event_id_cnty", "latitude", "longitude", "fatalities_lower_bound", "origin"]

    /// The batch's points, packed, in the order their rows were just inserted (their ids are the last
    /// `rows.count` row ids: one writer, rows appended), with the record columns the rows fill.
    func snapshot(_ points: [(lon: Double, lat: Double, source: String?)], columns: [String], _ db: Database) throws {
        let first = db.lastInsertedRowID - Int64(points.count) + 1
        try EventStore.writeSnapshot(first: first, points, columns: columns, db)
    }

    /// Packs the points of events `first`, `first + 1`, … as three columns of 8-byte values: longitudes,
    /// latitudes, layer ids (`SourceID.noID` for none; `SourceID.missingNumber` for a text id, which makes
    /// the snapshot unusable, and the reader falls back to rows).
    static func writeSnapshot(first: Int64, _ points: [(lon: Double, lat: Double, source: String?)], columns: [String],
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
    static func packSnapshots(_ db: Database) throws {
        let columns = try usedColumns(db, condition: "e.origin = 'import'", arguments: [])
            .map { recordColumns[$0] }
        var first: Int64 = 0
        var points: [(lon: Double, lat: Double, source: String?)] = []
        func flush() throws {
            try writeSnapshot(first: first, points, columns: columns, db)
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
}
