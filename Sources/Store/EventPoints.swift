import Foundation
import GRDB
import Geometry

extension EventStore {
    /// The events' points (with their store ids and layer ids) for a join, and their areas where they have
    /// one (region-precision events are measured to their nearest edge, 0 inside): imported events first,
    /// from their batches' points, then events from reports, each part in id order.
    public func eventPoints(_ filter: EventFilter = EventFilter()) throws -> EventPoints {
        let (condition, arguments) = filter.condition()
        return try read { db in
            var out = EventPoints()
            out.reserve(try ImportedBatch.count(db))
            if filter.isEmpty {
                try out.appendImported(db)
            } else {
                try ImportedBatch.forEach(db, texts: ImportedBatch.needsTexts(filter)) { out.append($0, filter) }
            }
            // Areas are few: fetched by id after the points, not as a blob column of every row.
            var withArea: [(position: Int, id: Int64)] = []
            let sql = "SELECT e.id, e.longitude, e.latitude, e.source_id, e.geometry IS NOT NULL FROM events e WHERE \(condition) ORDER BY e.id"
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
}

/// Stored events as a join takes them: points (imported events first, then events from reports, each
/// part in id order), each with its store id and its layer's id, 32 bytes an event (layer ids that are no
/// integer are kept aside, by position).
public struct EventPoints: Sendable {
    public private(set) var ids: [Int64] = []
    public private(set) var points = PointSet(lon: [], lat: [])
    /// Layer ids as numbers; `SourceID.noID` for none, `SourceID.missingNumber` for a text id in `texts`.
    private var numbers: [Int64] = []
    private var texts: [Int: String] = [:]
    /// Region polygons by position.
    public internal(set) var areas: [Int: Geometry] = [:]

    init() {}

    /// Room for `count` events (a million points appended batch by batch would otherwise be copied as the
    /// arrays grow).
    mutating func reserve(_ count: Int) {
        ids.reserveCapacity(count)
        points.lon.reserveCapacity(count)
        points.lat.reserveCapacity(count)
        numbers.reserveCapacity(count)
    }

    /// Every imported event, its point copied from the batch's blob straight into these arrays (by whole
    /// columns: a million points in three copies a batch); text layer ids from the batch's texts.
    mutating func appendImported(_ db: Database) throws {
        let rows = try Row.fetchCursor(db, sql: "SELECT id, first_event, count, points FROM imported_batches ORDER BY id")
        while let row = try rows.next() {
            let rowid: Int64 = row[0], first: Int64 = row[1], n: Int = row[2], start = count
            try ImportedBatch.appendPoints(row, at: 3, first: first, count: n, lon: &points.lon, lat: &points.lat, numbers: &numbers)
            ids.append(contentsOf: first..<(first + Int64(n)))
            if numbers[start...].contains(SourceID.missingNumber), let batch = try ImportedBatch.one(db, rowid: rowid) {
                for k in 0..<n where numbers[start + k] == SourceID.missingNumber { texts[start + k] = batch.text(k, 0) }
            }
        }
    }

    /// A batch's rows the filter takes (a batch with text layer ids comes with its texts).
    mutating func append(_ batch: ImportedBatch, _ filter: EventFilter) {
        for k in 0..<batch.count where batch.matches(filter, k) {
            if batch.numbers[k] == SourceID.missingNumber { texts[count] = batch.text(k, 0) }
            append(id: batch.first + Int64(k), lon: batch.lon[k], lat: batch.lat[k], layerNumber: batch.numbers[k])
        }
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
