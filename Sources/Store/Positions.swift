import GRDB
import Geometry

/// A reference position: where something reports mention stands ("US troops"), which they never locate.
public struct Position: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var lat: Double
    public var lon: Double
    public var radius: Double?
    public var validFrom: String?
    public var validTo: String?
    public var note: String?

    public init(id: Int64 = 0, name: String, lat: Double, lon: Double, radius: Double? = nil, validFrom: String? = nil,
                validTo: String? = nil, note: String? = nil) {
        self.id = id
        self.name = name
        self.lat = lat
        self.lon = lon
        self.radius = radius
        self.validFrom = validFrom
        self.validTo = validTo
        self.note = note
    }

    public var coordinate: Coordinate { Coordinate(lon: lon, lat: lat) }

    /// Whether the position holds on `date` (ISO day); nil dates are open ends.
    public func isValid(on date: String?) -> Bool {
        guard let date else { return true }
        if let validFrom, date < validFrom { return false }
        if let validTo, date > validTo { return false }
        return true
    }
}

/// A stored place mention, for the places layer.
public struct PlaceRecord: Sendable {
    public var report: String
    public var start: Int
    public var end: Int
    public var text: String
    public var role: String
    public var name: String?
    public var geonameid: Int?
    public var kind: String?
    public var country: String?
    public var admin1: String?
    public var lat: Double
    public var lon: Double
    public var precision: String?
}

/// A stated proximity of a stored event ("about 1 km from US troops").
public struct RelationRecord: Sendable {
    public var event: Int64
    public var eventLon: Double
    public var eventLat: Double
    public var eventDate: String?
    public var distance: Double
    public var approximate: Bool
    public var target: String
}

extension EventStore {
    /// Adds a position (one transaction); the same name, place and validity again adds nothing. Returns
    /// whether it was new.
    @discardableResult
    public func addPosition(_ p: Position) throws -> Bool {
        try write { db in
            try db.execute(sql: """
                INSERT OR IGNORE INTO positions (name, lat, lon, radius_m, valid_from, valid_to, note) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [p.name, p.lat, p.lon, p.radius, p.validFrom, p.validTo, p.note])
            return db.changesCount == 1
        }
    }

    public func positions(named name: String? = nil) throws -> [Position] {
        try read { db in
            let sql = "SELECT id, name, lat, lon, radius_m, valid_from, valid_to, note FROM positions" + (name == nil ? "" : " WHERE name = ? COLLATE NOCASE") + " ORDER BY id"
            return try Row.fetchAll(db, sql: sql, arguments: name.map { [$0] } ?? []).map {
                Position(id: $0[0], name: $0[1], lat: $0[2], lon: $0[3], radius: $0[4], validFrom: $0[5], validTo: $0[6], note: $0[7])
            }
        }
    }

    /// Every place mention of the stored reports, in report then text order.
    public func places() throws -> [PlaceRecord] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT r.report_id, p.start, p."end", p.text, p.role, p.name, p.geonameid, p.kind, p.country, p.admin1, p.lat, p.lon, p.precision
                FROM places p JOIN reports r ON r.id = p.report WHERE p.lat IS NOT NULL ORDER BY p.report, p.start
                """).map {
                PlaceRecord(report: $0[0], start: $0[1], end: $0[2], text: $0[3], role: $0[4], name: $0[5], geonameid: $0[6],
                            kind: $0[7], country: $0[8], admin1: $0[9], lat: $0[10], lon: $0[11], precision: $0[12])
            }
        }
    }

    /// Every stated proximity, with its event's point and date.
    public func relations(_ filter: EventFilter = EventFilter()) throws -> [RelationRecord] {
        let (condition, arguments) = filter.condition()
        return try read { db in
            try Row.fetchAll(db, sql: """
                SELECT e.id, e.longitude, e.latitude, e.event_date, x.distance_m, x.approximate, x.target
                FROM relations x JOIN events e ON e.id = x.event WHERE \(condition) ORDER BY x.id
                """, arguments: arguments).map {
                RelationRecord(event: $0[0], eventLon: $0[1], eventLat: $0[2], eventDate: $0[3], distance: $0[4], approximate: $0[5], target: $0[6])
            }
        }
    }
}
