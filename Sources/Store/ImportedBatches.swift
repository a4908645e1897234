import Foundation
import GRDB
import Geometry

/// Imported events as the store keeps them: one row of `imported_batches` a batch, by column, instead of a
/// row of `events` each. A million rows of an existing layer are a few blobs written in sequence; SQLite
/// takes a million narrow rows no faster than 1.7 s (its own CSV import), a quarter of PostGIS's whole
/// load, index and join.
///
/// `points`: all longitudes, then all latitudes, then all layer ids as numbers (8 bytes each; see
/// `SourceID`). `texts`: per row, the layer id, the other properties (JSON), then one text per
/// `text_columns` — `count × (2 + columns)` texts, found by `count × (2 + columns) + 1` 4-byte offsets
/// ahead of their bytes; an offset with its top bit set marks the text that starts there as absent.
/// Event ids run from `first_event` on, consecutively. Each batch takes ids after every earlier one, so
/// the rows are in id order by rowid: read `ORDER BY id` (by `first_event`, which has no index, SQLite
/// copied every blob into a sorter first — half of a join's read).
struct ImportedBatch {
    /// The batch's row in `imported_batches`.
    let rowid: Int64
    let first: Int64
    let count: Int
    /// Positions in `EventStore.recordColumns` of the columns whose texts follow the layer id and properties
    /// (nil for a name this version does not know: its texts are kept in place, and not shown).
    let textColumns: [Int?]
    var lon: [Double] = []
    var lat: [Double] = []
    var numbers: [Int64] = []
    /// The texts' offsets and bytes (empty when only the points were read).
    private var offsets: [UInt32] = []
    private var bytes: [UInt8] = []

    var textsPerRow: Int { 2 + textColumns.count }
    /// The most text bytes one stored batch holds: SQLite takes blobs of up to 1e9 bytes, and a batch is
    /// read whole.
    static let maxTextBytes = 256 << 20
    var ids: Range<Int64> { first..<(first + Int64(count)) }
    static let absent: UInt32 = 1 << 31

    /// Calls `body` with each batch in id order (one batch in memory at a time); their texts only when
    /// `texts` (a join needs the points alone), or when the batch has layer ids that are no numbers (kept
    /// among the texts alone).
    static func forEach(_ db: Database, texts: Bool, condition: String = "", _ body: (ImportedBatch) throws -> Void) throws {
        let sql = "SELECT id, first_event, count, text_columns, points\(texts ? ", texts" : "") FROM imported_batches \(condition) ORDER BY id"
        let rows = try Row.fetchCursor(db, sql: sql)
        while let row = try rows.next() {
            let first: Int64 = row[1], count: Int = row[2], names: String = row[3]
            let columns = names.split(separator: ",").map { EventStore.recordColumnIndex[String($0)] }
            var batch = ImportedBatch(rowid: row[0], first: first, count: count, textColumns: columns)
            try appendPoints(row, at: 4, first: first, count: count, lon: &batch.lon, lat: &batch.lat, numbers: &batch.numbers)
            if texts {
                try row.withUnsafeData(atIndex: 5) { try batch.readTexts($0) }
            } else if batch.numbers.contains(SourceID.missingNumber) {
                try batch.readTexts(db)
            }
            try body(batch)
        }
    }

    /// Appends the points blob in column `index` of `row` (a batch of `count` events from `first`) to the
    /// arrays, a whole column at a time.
    static func appendPoints(_ row: Row, at index: Int, first: Int64, count: Int,
                             lon: inout [Double], lat: inout [Double], numbers: inout [Int64]) throws {
        try row.withUnsafeData(atIndex: index) { data in
            guard let data, data.count == count * 24 else { throw StoreError.invalid("imported batch at event \(first): points of the wrong size") }
            data.withUnsafeBytes { b in
                appendValues(of: b[0..<(8 * count)], to: &lon)
                appendValues(of: b[(8 * count)..<(16 * count)], to: &lat)
                appendValues(of: b[(16 * count)...], to: &numbers)
            }
        }
    }

    /// How many events the batches hold.
    static func count(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT coalesce(sum(count), 0) FROM imported_batches") ?? 0
    }

    /// The batch of row `rowid` (with its texts when `texts`).
    static func one(_ db: Database, rowid: Int64, texts: Bool = true) throws -> ImportedBatch? {
        var found: ImportedBatch?
        try forEach(db, texts: texts, condition: "WHERE id = \(rowid)") { found = $0 }
        return found
    }

    /// Reads the texts of a batch read without them.
    mutating func readTexts(_ db: Database) throws {
        guard offsets.isEmpty else { return }
        try readTexts(try Data.fetchOne(db, sql: "SELECT texts FROM imported_batches WHERE id = ?", arguments: [rowid]))
    }

    private mutating func readTexts(_ data: Data?) throws {
        let n = count * textsPerRow + 1
        guard let data, data.count >= 4 * n else { throw StoreError.invalid("imported batch at event \(first): texts of the wrong size") }
        data.withUnsafeBytes { b in
            appendValues(of: b[0..<(4 * n)], to: &offsets)
            bytes = [UInt8](b[(4 * n)...])
        }
        guard offsets.last.map({ Int($0 & ~ImportedBatch.absent) == bytes.count }) == true else {
            throw StoreError.invalid("imported batch at event \(first): texts of the wrong size")
        }
    }

    /// Text `k` of row `row` (0: layer id, 1: properties, then the text columns'), nil when absent.
    func text(_ row: Int, _ k: Int) -> String? {
        let i = row * textsPerRow + k
        guard offsets[i] & ImportedBatch.absent == 0 else { return nil }
        let start = Int(offsets[i]), end = Int(offsets[i + 1] & ~ImportedBatch.absent)
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// The text of record column `column` in row `row`, nil when the batch has no such column or the row
    /// leaves it empty.
    func text(_ row: Int, column: Int) -> String? {
        textColumns.firstIndex(of: column).flatMap { text(row, 2 + $0) }
    }

    /// Row `row` as listing and export read it: the same values an `events` row of it would give.
    func record(_ row: Int) -> EventRecord {
        let c = EventStore.recordColumnIndex
        var fields = [FieldValue](repeating: .null, count: EventStore.recordColumns.count)
        for (k, column) in textColumns.enumerated() {
            if let column, let value = text(row, 2 + k) { fields[column] = ColumnAffinity.stored(value, column: column) }
        }
        let id = first + Int64(row)
        if fields[c["event_id_cnty"]!] == .null { fields[c["event_id_cnty"]!] = .text("GT\(id)") }
        fields[c["latitude"]!] = .double(lat[row])
        fields[c["longitude"]!] = .double(lon[row])
        fields[c["fatalities_lower_bound"]!] = .int(0)
        fields[c["origin"]!] = .text("import")
        return EventRecord(id: id, lon: lon[row], lat: lat[row], fields: fields, area: nil, properties: text(row, 1), sourceID: text(row, 0))
    }

    /// Whether row `row` passes the filter, as its SQL condition would judge an `events` row (texts compared
    /// byte by byte, a box inclusive).
    func matches(_ filter: EventFilter, _ row: Int) -> Bool {
        let c = EventStore.recordColumnIndex
        guard isInside(filter.bbox, row) else { return false }
        if let type = filter.type, text(row, column: c["event_type"]!) != type, text(row, column: c["sub_event_type"]!) != type {
            return false
        }
        if filter.since != nil || filter.until != nil {
            guard let date = text(row, column: c["event_date"]!) else { return false }
            if let since = filter.since, date.utf8.lexicographicallyPrecedes(since.utf8) { return false }
            if let until = filter.until, until.utf8.lexicographicallyPrecedes(date.utf8) { return false }
        }
        return true
    }

    /// Whether row `row`'s point lies in the box (edges included); true without a box.
    func isInside(_ box: Envelope?, _ row: Int) -> Bool {
        guard let box else { return true }
        return lon[row] >= box.minX && lon[row] <= box.maxX && lat[row] >= box.minY && lat[row] <= box.maxY
    }

    /// Whether the filter needs the rows' texts (a box needs only the points).
    static func needsTexts(_ filter: EventFilter) -> Bool {
        filter.type != nil || filter.since != nil || filter.until != nil
    }

    /// Writes a batch: event ids from `first` on, its points packed (longitudes, latitudes, layer numbers),
    /// its texts as `texts` holds them.
    static func write(first: Int64, columns: [String], lon: [Double], lat: [Double], numbers: [Int64], texts: TextPacker,
                      _ db: Database) throws {
        let n = lon.count
        guard n > 0 else { return }
        var points = Data(capacity: n * 24)
        lon.withUnsafeBytes { points.append(contentsOf: $0) }
        lat.withUnsafeBytes { points.append(contentsOf: $0) }
        numbers.withUnsafeBytes { points.append(contentsOf: $0) }
        try write(first: first, count: n, columns: columns, points: points, texts: texts, db)
    }

    static func write(first: Int64, count: Int, columns: [String], points: Data, texts: TextPacker, _ db: Database) throws {
        guard texts.offsets.count == count * (2 + columns.count) + 1 else {
            throw StoreError.invalid("an imported batch of \(count) rows given \(texts.offsets.count - 1) texts")
        }
        var blob = Data(capacity: texts.offsets.count * 4 + texts.bytes.count)
        texts.offsets.withUnsafeBytes { blob.append(contentsOf: $0) }
        blob.append(contentsOf: texts.bytes)
        try db.execute(sql: "INSERT INTO imported_batches (first_event, count, text_columns, points, texts) VALUES (?, ?, ?, ?, ?)",
                       arguments: [first, count, columns.joined(separator: ","), points, blob])
    }
}

/// Texts laid out as an imported batch keeps them: each text's start (its top bit set when the text is
/// absent), then all their bytes back to back.
struct TextPacker {
    private(set) var offsets: [UInt32] = [0]
    private(set) var bytes: [UInt8] = []

    /// Texts stay under 2 GiB (the offsets' range; importBatch stores batches of 256 MiB): `append` refuses
    /// beyond.
    static let limit = Int(ImportedBatch.absent) - 1

    init(capacity: Int = 0, bytes: Int = 0) {
        offsets.reserveCapacity(capacity + 1)
        self.bytes.reserveCapacity(bytes)
    }

    mutating func append<Bytes: Collection<UInt8>>(_ text: Bytes?) throws {
        guard let text else {
            offsets[offsets.count - 1] |= ImportedBatch.absent
            offsets.append(UInt32(bytes.count))
            return
        }
        guard bytes.count + text.count <= TextPacker.limit else { throw StoreError.invalid("an imported row's texts exceed 2 GiB") }
        bytes.append(contentsOf: text)
        offsets.append(UInt32(bytes.count))
    }
}

extension EventStore {
    /// The id the next stored event takes: after every event row and every imported batch (an imported
    /// batch holds ids no `events` row has, so events from reports are given theirs).
    static func nextEventID(_ db: Database) throws -> Int64 {
        // The last batch by rowid holds the highest imported ids (no scan over the batches).
        let sql = """
            SELECT max((SELECT coalesce(max(id), 0) FROM events),
                       coalesce((SELECT first_event + count - 1 FROM imported_batches ORDER BY id DESC LIMIT 1), 0)) + 1
            """
        return try Int64.fetchOne(try db.cachedStatement(sql: sql)) ?? 1
    }
}

/// Appends 4- or 8-byte values copied from raw bytes (of any alignment: a blob's bytes as SQLite hands them
/// over).
private func appendValues<T: BitwiseCopyable & Numeric>(of bytes: Slice<UnsafeRawBufferPointer>, to array: inout [T]) {
    let start = array.count
    array.append(contentsOf: repeatElement(0, count: bytes.count / MemoryLayout<T>.stride))
    guard let source = bytes.base.baseAddress, !bytes.isEmpty else { return }
    array.withUnsafeMutableBytes { target in
        target.baseAddress?.advanced(by: start * MemoryLayout<T>.stride).copyMemory(from: source + bytes.startIndex, byteCount: bytes.count)
    }
}
