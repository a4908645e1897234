import Foundation
import GRDB
import Geometry

/// Which events a query or export takes.
public struct EventFilter: Sendable {
    /// An event type or sub-event type ("Explosions/Remote violence", "Air/drone strike"), or an imported
    /// layer's `kind`-less rows when nil.
    public var type: String?
    public var since: String?
    public var until: String?
    public var bbox: Envelope?

    public init(type: String? = nil, since: String? = nil, until: String? = nil, bbox: Envelope? = nil) {
        self.type = type
        self.since = since
        self.until = until
        self.bbox = bbox
    }

    var isEmpty: Bool { type == nil && since == nil && until == nil && bbox == nil }

    /// The SQL condition and its arguments (over table alias `e`).
    func condition() -> (String, StatementArguments) {
        var parts: [String] = []
        var arguments: StatementArguments = []
        if let type {
            parts.append("(e.event_type = ? OR e.sub_event_type = ?)")
            arguments += [type, type]
        }
        if let since {
            parts.append("e.event_date >= ?")
            arguments += [since]
        }
        if let until {
            parts.append("e.event_date <= ?")
            arguments += [until]
        }
        if let bbox {
            let ranges = SpatialKey.ranges(minLon: bbox.minX, minLat: bbox.minY, maxLon: bbox.maxX, maxLat: bbox.maxY)
            let cells = ranges.map { _ in "e.cell BETWEEN ? AND ?" }.joined(separator: " OR ")
            parts.append("((\(cells.isEmpty ? "0" : cells)) AND e.longitude BETWEEN ? AND ? AND e.latitude BETWEEN ? AND ?)")
            for r in ranges { arguments += [r.lowerBound, r.upperBound] }
            arguments += [bbox.minX, bbox.maxX, bbox.minY, bbox.maxY]
        }
        return (parts.isEmpty ? "1" : parts.joined(separator: " AND "), arguments)
    }
}

/// A layer's own id for an imported feature: a number or a text.
public enum SourceID: Sendable, Equatable {
    case int(Int64)
    case text(String)

    /// In point snapshots: no layer id; a layer id that is not an integer.
    static let noID = Int64.min
    static let missingNumber = Int64.min + 1

    /// A layer id as a snapshot keeps it: the number, or `missingNumber` for a text.
    static func number(_ id: String) -> Int64 {
        guard let n = Int64(id), n != noID, n != missingNumber else { return missingNumber }
        return n
    }
}

/// A value read from the store, free of the database library's types.
public enum FieldValue: Sendable, Equatable {
    case null
    case int(Int64)
    case double(Double)
    case text(String)

    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case .int64(let i): self = .int(i)
        case .double(let d): self = .double(d)
        case .string(let s): self = .text(s)
        case .blob: self = .null
        }
    }

    public var text: String? {
        switch self {
        case .text(let s): s
        case .int(let i): String(i)
        case .double(let d): String(d)
        case .null: nil
        }
    }
}

/// One stored event, for listing and export: ACLED's columns in ACLED's order, then geotrack's.
public struct EventRecord: Sendable {
    public var id: Int64
    public var lon: Double
    public var lat: Double
    /// Aligned with `EventStore.recordColumns`.
    public var fields: [FieldValue]
    /// The area of a region-precision event (WKB), if any.
    public var area: [UInt8]?
    /// An imported row's other properties (a JSON object).
    public var properties: String?
    /// The layer's own id for an imported feature.
    public var sourceID: String?

    /// A column by its name in `EventStore.recordColumns`.
    public func field(_ name: String) -> FieldValue {
        guard let k = EventStore.recordColumnIndex[name] else { return .null }
        return fields[k]
    }
}

extension EventStore {
    /// The columns of an `EventRecord`: ACLED's (its export order), then what geotrack adds.
    public static let recordColumns = acledColumns + ["time_utc", "fatalities_lower_bound", "source_count", "source_reports",
                                                      "geonameid", "region_kind", "uncertainty_m", "counts", "stated_proximity", "origin"]
    static let recordColumnIndex = Dictionary(uniqueKeysWithValues: recordColumns.enumerated().map { ($1, $0) })

    /// The events with these store ids (for answers that name a few events of a large store).
    public func records(ids: [Int64]) throws -> [Int64: EventRecord] {
        var out: [Int64: EventRecord] = [:]
        for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
            let list = chunk.map(String.init).joined(separator: ",")
            try forEachEvent(EventFilter(), extraCondition: "e.id IN (\(list))") { out[$0.id] = $0 }
        }
        return out
    }

    /// Calls `body` with each event the filter takes, in id order, from one read transaction (a snapshot).
    public func forEachEvent(_ filter: EventFilter = EventFilter(), _ body: (EventRecord) throws -> Void) throws {
        try forEachEvent(filter, extraCondition: nil, body)
    }

    func forEachEvent(_ filter: EventFilter, extraCondition: String?, _ body: (EventRecord) throws -> Void) throws {
        var (condition, arguments) = filter.condition()
        if let extraCondition { condition += " AND " + extraCondition }
        let expressions = EventStore.recordExpressions
        try read { db in
            // Columns no event of the selection fills (most of ACLED's, for an imported layer) are not read
            // row by row: imported batches name the columns they fill; one aggregate pass over the events
            // from reports (few) finds theirs.
            var used = try EventStore.usedColumns(db, condition: "e.origin = 'report' AND \(condition)", arguments: arguments,
                                                  from: "events e INDEXED BY events_type_date")
            for list in try String.fetchAll(db, sql: "SELECT DISTINCT columns FROM point_snapshots") {
                for name in list.split(separator: ",") {
                    if let k = EventStore.recordColumnIndex[String(name)] { used.insert(k) }
                }
            }
            let wanted = used.sorted()
            let sql = """
                SELECT e.id, e.longitude, e.latitude, e.geometry, e.properties, e.source_id\(wanted.map { ", " + expressions[$0] }.joined())
                FROM events e WHERE \(condition) ORDER BY e.id
                """
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try rows.next() {
                var fields = [FieldValue](repeating: .null, count: expressions.count)
                for (k, column) in wanted.enumerated() where !row.hasNull(atIndex: k + 6) {
                    fields[column] = FieldValue(row[k + 6] as DatabaseValue)
                }
                try body(EventRecord(id: row[0], lon: row[1], lat: row[2], fields: fields,
                                     area: (row[3] as Data?).map { [UInt8]($0) }, properties: row[4], sourceID: row[5]))
            }
        }
    }

    /// The positions in `recordColumns` of the columns some event that meets `condition` fills.
    static func usedColumns(_ db: Database, condition: String, arguments: StatementArguments,
                            from: String = "events e") throws -> Set<Int> {
        let probe = "SELECT " + recordExpressions.map { "max((\($0)) IS NOT NULL)" }.joined(separator: ", ") + " FROM \(from) WHERE \(condition)"
        guard let row = try Row.fetchOne(db, sql: probe, arguments: arguments) else { return [] }
        return Set(recordExpressions.indices.filter { (row[$0] as Int64?) == 1 })
    }

    /// The SQL expressions of `recordColumns`, over table alias `e`.
    static let recordExpressions: [String] = acledColumns.map { c in
        c == "event_id_cnty" ? "coalesce(e.event_id_cnty, 'GT' || e.id)" : "e.\(c)"
    } + [
        "e.time_utc", "e.fatalities_lower_bound",
        "CASE WHEN e.origin = 'report' THEN (SELECT count(DISTINCT s.report) FROM event_sources s WHERE s.event = e.id) END",
        """
        CASE WHEN e.origin = 'report' THEN (SELECT group_concat(report_id, ';') FROM (SELECT DISTINCT r.report_id \
        FROM event_sources s JOIN reports r ON r.id = s.report WHERE s.event = e.id ORDER BY r.id)) END
        """,
        "e.geonameid", "e.region_kind", "e.uncertainty_m", "e.counts",
        """
        CASE WHEN e.origin = 'report' THEN (SELECT group_concat(CASE WHEN x.approximate THEN 'about ' ELSE '' END \
        || CAST(x.distance_m AS INTEGER) || ' m from ' || x.target, '; ') FROM relations x WHERE x.event = e.id) END
        """,
        "e.origin",
    ]

    /// The events' points (with their store ids and layer ids) for a join, and their areas where they have
    /// one (region-precision events are measured to their nearest edge, 0 inside).
    public func eventPoints(_ filter: EventFilter = EventFilter()) throws -> EventPoints {
        let (condition, arguments) = filter.condition()
        return try read { db in
            var out = EventPoints()
            // Every event, and the snapshots cover every imported one with integer layer ids: read the
            // snapshots, and only the events from reports row by row.
            var condition = condition
            if filter.isEmpty, let snapshots = try snapshotPoints(db) {
                out = snapshots
                condition = "e.origin = 'report'"
            }
            // Events from reports through their (partial) index, not a scan of the imported rows.
            let from = condition == "e.origin = 'report'" ? "events e INDEXED BY events_type_date" : "events e"
            // Areas are few: fetched by id after the points, not as a blob column of every row.
            var withArea: [(position: Int, id: Int64)] = []
            let sql = "SELECT e.id, e.longitude, e.latitude, e.source_id, e.geometry IS NOT NULL FROM \(from) WHERE \(condition) ORDER BY e.id"
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try rows.next() {
                if row[4] as Bool { withArea.append((out.count, row[0])) }
                out.append(id: row[0], lon: row[1], lat: row[2], sourceID: row[3])
            }
            for (position, id) in withArea {
                if let wkb = try Data.fetchOne(db, sql: "SELECT geometry FROM events WHERE id = ?", arguments: [id]) {
                    out.areas[position] = try Geometry(wkb: [UInt8](wkb))
                }
            }
            return out
        }
    }

    /// The imported events' points from their snapshots, when the snapshots hold all of them and every layer
    /// id among them is an integer (or absent); nil otherwise (the caller reads rows).
    func snapshotPoints(_ db: Database) throws -> EventPoints? {
        // Every imported event is in a snapshot (imports write one a batch; migration v2 packed older rows).
        let imported = try Int.fetchOne(db, sql: "SELECT coalesce(sum(count), 0) FROM point_snapshots") ?? 0
        guard imported > 0 else { return nil }
        var ids: [Int64] = [], numbers: [Int64] = [], lon: [Double] = [], lat: [Double] = []
        ids.reserveCapacity(imported)
        numbers.reserveCapacity(imported)
        lon.reserveCapacity(imported)
        lat.reserveCapacity(imported)
        // The blobs are read in place: SQLite's buffer is valid until the cursor steps on (and need not be
        // aligned, hence byte copies).
        let blobs = try Row.fetchCursor(db, sql: "SELECT first_event, count, data FROM point_snapshots ORDER BY first_event")
        while let row = try blobs.next() {
            let first: Int64 = row[0], n: Int = row[1]
            let usable = try row.withUnsafeData(atIndex: 2) { data -> Bool in
                guard let data, data.count == n * 24 else { return false }
                data.withUnsafeBytes { buffer in
                    appendBytes(of: buffer[0..<(8 * n)], to: &lon)
                    appendBytes(of: buffer[(8 * n)..<(16 * n)], to: &lat)
                    appendBytes(of: buffer[(16 * n)...], to: &numbers)
                }
                return !numbers[(numbers.count - n)...].contains(SourceID.missingNumber)
            }
            if !usable { return nil }
            ids.append(contentsOf: first..<(first + Int64(n)))
        }
        guard ids.count == imported else { return nil }
        return EventPoints(ids: ids, points: PointSet(lon: lon, lat: lat), numbers: numbers)
    }
}

/// Appends 8-byte values copied from raw bytes (of any alignment).
private func appendBytes<T: BitwiseCopyable & Numeric>(of bytes: Slice<UnsafeRawBufferPointer>, to array: inout [T]) {
    let start = array.count
    array.append(contentsOf: repeatElement(0, count: bytes.count / MemoryLayout<T>.stride))
    array.withUnsafeMutableBytes { $0.baseAddress!.advanced(by: start * MemoryLayout<T>.stride).copyMemory(from: bytes.base.baseAddress! + bytes.startIndex, byteCount: bytes.count) }
}

/// Stored events as a join takes them: points in id order, each with its store id and its layer's id,
/// 32 bytes an event (layer ids that are no integer are kept aside, by position).
public struct EventPoints: Sendable {
    public private(set) var ids: [Int64] = []
    public private(set) var points = PointSet(lon: [], lat: [])
    /// Layer ids as numbers; `SourceID.noID` for none, `SourceID.missingNumber` for a text id in `texts`.
    private var numbers: [Int64] = []
    private var texts: [Int: String] = [:]
    /// Region polygons by position.
    public internal(set) var areas: [Int: Geometry] = [:]

    init() {}

    init(ids: [Int64], points: PointSet, numbers: [Int64]) {
        self.ids = ids
        self.points = points
        self.numbers = numbers
    }

    public var count: Int { ids.count }

    /// Whether every event that has a layer id has an integer one.
    public var layerIDsAreIntegers: Bool { texts.isEmpty }

    /// The layer's own id for the event at `position`, if it has one.
    public func sourceID(_ position: Int) -> SourceID? {
        switch numbers[position] {
        case SourceID.noID: nil
        case SourceID.missingNumber: texts[position].map { .text($0) }
        case let n: .int(n)
        }
    }

    mutating func append(id: Int64, lon: Double, lat: Double, layerNumber: Int64) {
        ids.append(id)
        points.lon.append(lon)
        points.lat.append(lat)
        numbers.append(layerNumber)
    }

    mutating func append(id: Int64, lon: Double, lat: Double, sourceID: String?) {
        guard let sourceID else { return append(id: id, lon: lon, lat: lat, layerNumber: SourceID.noID) }
        let number = SourceID.number(sourceID)
        if number == SourceID.missingNumber { texts[count] = sourceID }
        append(id: id, lon: lon, lat: lat, layerNumber: number)
    }
}
