import GRDB

/// Rows of an existing event layer (an ACLED export, GeoJSON points, CSV with lon,lat), ready to store:
/// `columns` are the store's ACLED-named columns the layer fills, in the order of each row's `values`.
public struct ImportBatch: Sendable {
    public var columns: [String]
    public var rows: [ImportRow]
    public init(columns: [String], rows: [ImportRow] = []) {
        self.columns = columns
        self.rows = rows
    }
}

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

    /// Stores a batch in one transaction: rows already stored (by content) are skipped; the others go in
    /// in spatial-key order, which keeps the index inserts sequential.
    public func importBatch(_ batch: ImportBatch) throws -> (added: Int, duplicates: Int) {
        let allowed = Set(EventStore.acledColumns).subtracting(["latitude", "longitude"])
        guard batch.columns.allSatisfy(allowed.contains) else {
            throw StoreError.invalid("unknown columns: \(batch.columns.filter { !allowed.contains($0) })")
        }
        return try write { db in
            let keyInsert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO import_keys (key) VALUES (?)")
            var fresh: [(cell: Int64, row: Int)] = []
            fresh.reserveCapacity(batch.rows.count)
            for i in batch.rows.indices.sorted(by: { batch.rows[$0].key < batch.rows[$1].key }) {
                keyInsert.setUncheckedArguments([batch.rows[i].key])
                try keyInsert.execute()
                if db.changesCount == 1 {
                    fresh.append((SpatialKey.key(lon: batch.rows[i].lon, lat: batch.rows[i].lat), i))
                }
            }
            fresh.sort { ($0.cell, $0.row) < ($1.cell, $1.row) }
            let columns = ["origin", "cell", "longitude", "latitude", "source_id", "properties"] + batch.columns
            let insert = try db.cachedStatement(sql: """
                INSERT INTO events (\(columns.joined(separator: ", "))) VALUES ('import', \(Array(repeating: "?", count: columns.count - 1).joined(separator: ", ")))
                """)
            for (cell, i) in fresh {
                let row = batch.rows[i]
                var arguments: [(any DatabaseValueConvertible)?] = [cell, row.lon, row.lat, row.sourceID, row.properties]
                for v in row.values { arguments.append(v) }
                insert.setUncheckedArguments(EventStore.arguments(arguments))
                try insert.execute()
            }
            return (fresh.count, batch.rows.count - fresh.count)
        }
    }
}
