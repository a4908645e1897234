import Foundation
import GRDB
import Geometry

extension EventStore {
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
        // Every imported event is in a snapshot (imports write one a batch; migration v3 packed older rows).
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
