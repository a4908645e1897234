import Foundation
import GRDB

/// Rows of an existing event layer (an ACLED export, GeoJSON points, CSV with lon,lat), ready to store:
/// `columns` are the store's ACLED-named columns the layer fills.
///
/// Each row's texts — its layer id, its other properties (JSON), then one value per column — lie back to
/// back in one buffer, as the stored batch keeps them: a million rows' texts are copied once, not made
/// into a String each.
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
    public mutating func appendText<Bytes: Collection<UInt8>>(_ utf8: Bytes?) { appendBytes(utf8) }

    /// The same, not generic: a caller in another module would otherwise go through generic metadata for
    /// every text (a tenth of the CPU of reading a CSV layer).
    public mutating func appendText(_ utf8: UnsafeBufferPointer<UInt8>?) { appendBytes(utf8) }

    private mutating func appendBytes<Bytes: Collection<UInt8>>(_ utf8: Bytes?) {
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

    /// Stores a batch in one transaction, as one imported batch (see `ImportedBatch`): rows already stored
    /// (by content key) are skipped; the others keep their order.
    public func importBatch(_ batch: ImportBatch) throws -> (added: Int, duplicates: Int) {
        try importBatch(batch, textBytesPerBatch: ImportedBatch.maxTextBytes)
    }

    /// `textBytesPerBatch`: the most text one stored batch holds (a batch of more is stored as several, in
    /// the same transaction).
    func importBatch(_ batch: ImportBatch, textBytesPerBatch: Int) throws -> (added: Int, duplicates: Int) {
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
            // Only the columns some row fills are kept.
            let perRow = batch.textsPerRow
            var filled = [Bool](repeating: false, count: batch.columns.count)
            for i in fresh {
                for k in 0..<batch.columns.count where !filled[k] && batch.spans[i * perRow + 2 + k] != nil { filled[k] = true }
            }
            let kept = [0, 1] + batch.columns.indices.filter { filled[$0] }.map { $0 + 2 }
            let columns = kept.dropFirst(2).map { batch.columns[$0 - 2] }
            // One stored batch, or several when the texts would outgrow what SQLite takes in one blob.
            var part = StoredPart(rows: fresh.count, texts: kept.count, bytes: fresh.count == batch.count ? batch.text.count : 0)
            try batch.text.withUnsafeBufferPointer { text in
                for i in fresh {
                    let spans = batch.spans[(i * perRow)..<((i + 1) * perRow)]
                    var size = 0
                    for k in kept { size += spans[i * perRow + k]?.count ?? 0 }
                    if part.count > 0, part.texts.bytes.count + size > textBytesPerBatch {
                        try part.write(columns: columns, db)
                        part = StoredPart(rows: 0, texts: kept.count, bytes: 0)
                    }
                    try part.append(batch.points[i], spans, kept: kept, in: text)
                }
            }
            try part.write(columns: columns, db)
            return (fresh.count, batch.count - fresh.count)
        }
    }
}

/// Rows of an import batch packed as one stored batch is written.
private struct StoredPart {
    var lon: [Double] = [], lat: [Double] = [], numbers: [Int64] = []
    var texts: TextPacker
    var count: Int { lon.count }

    init(rows: Int, texts perRow: Int, bytes: Int) {
        lon.reserveCapacity(rows)
        lat.reserveCapacity(rows)
        numbers.reserveCapacity(rows)
        texts = TextPacker(capacity: rows * perRow, bytes: bytes)
    }

    /// A row: its point, and the texts at its `spans` in `text` that are `kept` (the layer id first).
    mutating func append(_ point: ImportBatch.Point, _ spans: ArraySlice<Range<Int>?>, kept: [Int], in text: UnsafeBufferPointer<UInt8>) throws {
        lon.append(point.lon)
        lat.append(point.lat)
        let id = spans[spans.startIndex].map { UnsafeBufferPointer(rebasing: text[$0]) }
        numbers.append(id.map { SourceID.number(String(decoding: $0, as: UTF8.self)) } ?? SourceID.noID)
        for k in kept { try texts.append(spans[spans.startIndex + k].map { UnsafeBufferPointer(rebasing: text[$0]) }) }
    }

    func write(columns: [String], _ db: Database) throws {
        guard count > 0 else { return }
        try ImportedBatch.write(first: try EventStore.nextEventID(db), columns: columns, lon: lon, lat: lat, numbers: numbers, texts: texts, db)
    }
}
