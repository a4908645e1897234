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
        try forEachEvent(EventFilter(), ids: Set(ids)) { out[$0.id] = $0 }
        return out
    }

    /// Calls `body` with each event the filter takes, in id order, from one read transaction (a snapshot).
    public func forEachEvent(_ filter: EventFilter = EventFilter(), _ body: (EventRecord) throws -> Void) throws {
        try forEachEvent(filter, ids: nil, body)
    }

    /// Events from reports (rows of `events`) and imported ones (batches), merged in id order; only those
    /// with these `ids` when given.
    func forEachEvent(_ filter: EventFilter, ids: Set<Int64>?, _ body: (EventRecord) throws -> Void) throws {
        try read { db in
            var batches = try Row.fetchAll(db, sql: "SELECT id, first_event, count FROM imported_batches ORDER BY id")
                .map { (rowid: $0[0] as Int64, first: $0[1] as Int64, count: $0[2] as Int64) }
            // Of the ids asked for, those in no batch are events from reports.
            var reportIDs = ids
            if let ids {
                var inBatch = Set<Int>()
                reportIDs = ids.filter { id in
                    // The last batch starting at or before the id (batches are in id order; a store imported
                    // with --batch 1 has one a row).
                    var lo = 0, hi = batches.count
                    while lo < hi {
                        let mid = (lo + hi) / 2
                        if batches[mid].first <= id { lo = mid + 1 } else { hi = mid }
                    }
                    guard lo > 0, id < batches[lo - 1].first + batches[lo - 1].count else { return true }
                    inBatch.insert(lo - 1)
                    return false
                }
                batches = batches.indices.filter(inBatch.contains).map { batches[$0] }
            }
            var rows = try reportEvents(db, filter, ids: reportIDs)
            var pending = try rows.next()
            for (rowid, first, _) in batches {
                while let row = pending, row.id < first {
                    try body(row)
                    pending = try rows.next()
                }
                // The rows the ids and the box take are found from the points; the texts are read only
                // when some remain (a small box over a million imported events reads a few batches' texts).
                guard var batch = try ImportedBatch.one(db, rowid: rowid, texts: false) else { continue }
                let candidates = (0..<batch.count).filter { k in (ids?.contains(first + Int64(k)) ?? true) && batch.isInside(filter.bbox, k) }
                if candidates.isEmpty { continue }
                try batch.readTexts(db)
                for k in candidates where batch.matches(filter, k) { try body(batch.record(k)) }
            }
            while let row = pending {
                try body(row)
                pending = try rows.next()
            }
        }
    }

    /// The events from reports the filter takes, in id order: only the columns some of them fill are read
    /// (one aggregate pass finds those).
    func reportEvents(_ db: Database, _ filter: EventFilter, ids: Set<Int64>?) throws -> ReportEventCursor {
        var (condition, arguments) = filter.condition()
        if let ids { condition += " AND e.id IN (\(ids.sorted().map(String.init).joined(separator: ",")))" }
        let wanted = try EventStore.usedColumns(db, condition: condition, arguments: arguments).sorted()
        let expressions = EventStore.recordExpressions
        let sql = """
            SELECT e.id, e.longitude, e.latitude, e.geometry, e.properties, e.source_id\(wanted.map { ", " + expressions[$0] }.joined())
            FROM events e WHERE \(condition) ORDER BY e.id
            """
        return ReportEventCursor(rows: try Row.fetchCursor(db, sql: sql, arguments: arguments), wanted: wanted)
    }

    /// The positions in `recordColumns` of the columns some event that meets `condition` fills.
    static func usedColumns(_ db: Database, condition: String, arguments: StatementArguments) throws -> Set<Int> {
        let probe = "SELECT " + recordExpressions.map { "max((\($0)) IS NOT NULL)" }.joined(separator: ", ") + " FROM events e WHERE \(condition)"
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
}

/// Rows of `events` as records (the columns not read are null).
struct ReportEventCursor {
    let rows: RowCursor
    let wanted: [Int]

    mutating func next() throws -> EventRecord? {
        guard let row = try rows.next() else { return nil }
        var fields = [FieldValue](repeating: .null, count: EventStore.recordColumns.count)
        for (k, column) in wanted.enumerated() where !row.hasNull(atIndex: k + 6) {
            fields[column] = FieldValue(row[k + 6] as DatabaseValue)
        }
        return EventRecord(id: row[0], lon: row[1], lat: row[2], fields: fields,
                           area: (row[3] as Data?).map { [UInt8]($0) }, properties: row[4], sourceID: row[5])
    }
}
