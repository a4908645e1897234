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
            // row by row: one aggregate pass finds them.
            let probe = "SELECT " + expressions.map { "max((\($0)) IS NOT NULL)" }.joined(separator: ", ") + " FROM events e WHERE \(condition)"
            let used: [Bool] = try Row.fetchOne(db, sql: probe, arguments: arguments).map { row in
                (0..<expressions.count).map { (row[$0] as Int64?) == 1 }
            } ?? []
            let wanted = expressions.indices.filter { used.indices.contains($0) && used[$0] }
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
    /// one (region-precision events are measured to their nearest edge, 0 inside). Layer ids that are
    /// integers come back as numbers.
    public func eventPoints(_ filter: EventFilter = EventFilter()) throws -> (ids: [Int64], sourceIDs: [SourceID?], points: PointSet, areas: [Int: Geometry]) {
        let (condition, arguments) = filter.condition()
        return try read { db in
            var ids: [Int64] = [], sourceIDs: [SourceID?] = [], lon: [Double] = [], lat: [Double] = []
            var areas: [Int: Geometry] = [:]
            // Every event, and the snapshots cover every imported one with integer layer ids: read the
            // snapshots, and only the events from reports row by row.
            var condition = condition
            if filter.isEmpty, let snapshots = try snapshotPoints(db) {
                ids = snapshots.ids
                sourceIDs = snapshots.sourceIDs
                lon = snapshots.lon
                lat = snapshots.lat
                condition = "e.origin = 'report'"
            }
            // Events from reports through their (partial) index, not a scan of the imported rows.
            let from = condition == "e.origin = 'report'" ? "events e INDEXED BY events_type_date" : "events e"
            // Areas are few: fetched by id after the points, not as a blob column of every row.
            var withArea: [(position: Int, id: Int64)] = []
            let sql = "SELECT e.id, e.longitude, e.latitude, e.source_id, e.geometry IS NOT NULL FROM \(from) WHERE \(condition) ORDER BY e.id"
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try rows.next() {
                if row[4] as Bool { withArea.append((ids.count, row[0])) }
                ids.append(row[0])
                lon.append(row[1])
                lat.append(row[2])
                if let s = row[3] as String? { sourceIDs.append(Int64(s).map { .int($0) } ?? .text(s)) } else { sourceIDs.append(nil) }
            }
            for (position, id) in withArea {
                if let wkb = try Data.fetchOne(db, sql: "SELECT geometry FROM events WHERE id = ?", arguments: [id]) {
                    areas[position] = try Geometry(wkb: [UInt8](wkb))
                }
            }
            return (ids, sourceIDs, PointSet(lon: lon, lat: lat), areas)
        }
    }

    /// The imported events' points from their snapshots, when the snapshots hold all of them and every layer
    /// id among them is an integer (or absent); nil otherwise (the caller reads rows).
    func snapshotPoints(_ db: Database) throws -> (ids: [Int64], sourceIDs: [SourceID?], lon: [Double], lat: [Double])? {
        // Every imported event is in a snapshot (imports write one a batch; migration v2 packed older rows).
        let imported = try Int.fetchOne(db, sql: "SELECT coalesce(sum(count), 0) FROM point_snapshots") ?? 0
        guard imported > 0 else { return nil }
        var ids: [Int64] = [], sourceIDs: [SourceID?] = [], lon: [Double] = [], lat: [Double] = []
        ids.reserveCapacity(imported)
        sourceIDs.reserveCapacity(imported)
        lon.reserveCapacity(imported)
        lat.reserveCapacity(imported)
        let blobs = try Data.fetchCursor(db, sql: "SELECT data FROM point_snapshots ORDER BY first_event")
        while let data = try blobs.next() {
            var usable = true
            data.withUnsafeBytes { buffer in
                for at in stride(from: 0, to: buffer.count, by: 32) {
                    let number = buffer.loadUnaligned(fromByteOffset: at + 24, as: Int64.self)
                    if number == SourceID.missingNumber { usable = false; return }
                    ids.append(buffer.loadUnaligned(fromByteOffset: at, as: Int64.self))
                    lon.append(buffer.loadUnaligned(fromByteOffset: at + 8, as: Double.self))
                    lat.append(buffer.loadUnaligned(fromByteOffset: at + 16, as: Double.self))
                    sourceIDs.append(number == SourceID.noID ? nil : .int(number))
                }
            }
            if !usable { return nil }
        }
        return (ids, sourceIDs, lon, lat)
    }
}
