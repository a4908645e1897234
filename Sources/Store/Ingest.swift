import Foundation
import GRDB
import Geometry
import Gazetteer
import Reports

/// What storing one report did.
public struct IngestOutcome: Sendable, Equatable {
    /// false when a report with the same text was stored before: nothing was added.
    public var stored: Bool
    public var places = 0
    public var newEvents = 0
    public var mergedEvents = 0

    public init(stored: Bool, places: Int = 0, newEvents: Int = 0, mergedEvents: Int = 0) {
        self.stored = stored
        self.places = places
        self.newEvents = newEvents
        self.mergedEvents = mergedEvents
    }
}

extension EventStore {
    /// Stores a parsed report in one transaction: the report, its places, and each event — merged into a
    /// stored event from another report that tells the same one (same type, compatible actors, a day apart,
    /// a few kilometres apart or one's area holding the other), else added. A report whose text is stored
    /// already is a no-op.
    public func ingest(_ parsed: ParsedReport, gazetteer: Gazetteer) throws -> IngestOutcome {
        let report = parsed.report
        let hash = EventStore.contentHash(report.text)
        return try withMergeMemo { db, known, learned in
            let stored = try RawStatement(db, sql: "SELECT 1 FROM reports WHERE content_hash = ?")
            stored.bind(1, hash)
            if try !stored.integers().isEmpty { return IngestOutcome(stored: false) }
            let row = try RawStatement(db, sql: """
                INSERT INTO reports (report_id, title, source, url, published, content_hash, ingested_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            for (k, value) in [report.id, report.title, report.source, report.url, report.published?.description, hash,
                               EventStore.timestamp(Date())].enumerated() {
                row.bind(Int32(k + 1), value)
            }
            _ = try row.step()
            let reportRow = db.lastInsertedRowID
            var outcome = IngestOutcome(stored: true)
            // Places go in up to 32 rows a statement: one step instead of 32 (a report names dozens).
            for chunk in stride(from: 0, to: parsed.places.count, by: EventStore.placesPerStatement) {
                let rows = parsed.places[chunk..<min(chunk + EventStore.placesPerStatement, parsed.places.count)]
                let place = try RawStatement(db, sql: EventStore.placesInserts[rows.count - 1])
                var k: Int32 = 0
                for p in rows {
                    let base = p.place
                    let admin1 = base.flatMap { b in b.kind == .country || b.admin1.isEmpty ? nil : gazetteer.admin1(country: b.country, code: b.admin1)?.name }
                    place.bind(k + 1, reportRow)
                    place.bind(k + 2, Int64(p.mention.start))
                    place.bind(k + 3, Int64(p.mention.end))
                    place.bind(k + 4, p.mention.text)
                    place.bind(k + 5, p.mention.role.rawValue)
                    place.bind(k + 6, p.name)
                    place.bind(k + 7, p.region == nil ? base.map { Int64($0.id) } : nil)
                    place.bind(k + 8, p.kind)
                    place.bind(k + 9, base?.country)
                    place.bind(k + 10, admin1)
                    place.bind(k + 11, p.coordinate?.lat)
                    place.bind(k + 12, p.coordinate?.lon)
                    place.bind(k + 13, p.precision)
                    place.bind(k + 14, p.score)
                    k += 14
                }
                _ = try place.step()
            }
            outcome.places = parsed.places.count
            // Events this report told apart stay apart: none merges into another of the same report.
            var touched = Set<Int64>()
            for event in parsed.events where event.location != nil {
                if let (row, stored) = try mergeCandidate(for: event, excluding: touched, known: known, learned: &learned, db) {
                    touched.insert(row)
                    var merged = stored
                    merged.absorb(event)
                    let moved = merged.location?.fineness != stored.location?.fineness || merged.location?.coordinate != stored.location?.coordinate
                    let columns = moved ? try LocationColumns(merged.location, gazetteer: gazetteer) : nil
                    try update(row, from: stored, to: merged, location: columns, db)
                    learned[row] = asStored(merged, location: columns)
                    try addSources(event, event: row, report: reportRow, db)
                    outcome.mergedEvents += 1
                } else {
                    let columns = try LocationColumns(event.location, gazetteer: gazetteer)
                    let row = try insert(event, location: columns, db)
                    touched.insert(row)
                    learned[row] = asStored(event, location: columns)
                    try addSources(event, event: row, report: reportRow, db)
                    outcome.newEvents += 1
                }
            }
            return outcome
        }
    }

    static let placesPerStatement = 32

    /// INSERTs of 1…32 places (14 parameters each), by row count less one.
    static let placesInserts: [String] = (1...placesPerStatement).map { rows in
        let row = "(" + Array(repeating: "?", count: 14).joined(separator: ", ") + ")"
        return "INSERT INTO places (report, start, \"end\", text, role, name, geonameid, kind, country, admin1, lat, lon, precision, score) VALUES "
            + Array(repeating: row, count: rows).joined(separator: ", ")
    }

    /// The stored event (from reports) a new account continues, with that event as merging reads it: from
    /// `known` or this transaction's `learned`, else rebuilt from its row (and then learned).
    func mergeCandidate(for event: Event, excluding touched: Set<Int64>, known: [Int64: Event], learned: inout [Int64: Event],
                        _ db: Database) throws -> (Int64, Event)? {
        var sql = "SELECT id FROM events WHERE origin = 'report' AND event_type = ? AND sub_event_type = ?"
        if event.date != nil { sql += " AND (event_date IS NULL OR event_date BETWEEN ? AND ?)" }
        let query = try RawStatement(db, sql: sql)
        query.bind(1, event.eventType.rawValue)
        query.bind(2, event.subEventType.rawValue)
        if let date = event.date {
            query.bind(3, date.adding(days: -6).description)
            query.bind(4, date.adding(days: 6).description)
        }
        // The report is new to the store (its text was not stored): the events it has not touched yet come
        // from other reports.
        for id in try query.integers() where !touched.contains(id) {
            let stored: Event
            if let memo = learned[id] ?? known[id] {
                stored = memo
            } else if let row = try Row.fetchOne(try db.cachedStatement(sql: "SELECT * FROM events WHERE id = ?"), arguments: [id]) {
                stored = try rebuild(row, db)
                learned[id] = stored
            } else { continue }
            if stored.canMerge(with: event, acrossReports: true) { return (id, stored) }
        }
        return nil
    }

    /// A stored event as the reports module's value: the columns merging reads and its relations (not its
    /// sentences, which only grow: they are added, never read back, when accounts merge).
    func rebuild(_ row: Row, _ db: Database) throws -> Event {
        let id: Int64 = row["id"]
        let evidence: [Event.Evidence] = []
        let relations = try Row.fetchAll(try db.cachedStatement(sql: "SELECT distance_m, approximate, target FROM relations WHERE event = ? ORDER BY id"),
                                         arguments: [id]).map { ProximityRelation(distance: $0[0], approximate: $0[1], to: $0[2]) }
        let time: String? = row["time_utc"]
        let place = LocationColumns(row: row)
        let subEventType: String = row["sub_event_type"]
        guard let sub = SubEventType(rawValue: subEventType) else { throw StoreError.unknownSubEventType(subEventType, event: id) }
        return Event(subEventType: sub, actor1: row["actor1"], actor2: row["actor2"],
                     inter1: EventStore.interCode(row["inter1"]), inter2: EventStore.interCode(row["inter2"]),
                     date: (row["event_date"] as String?).flatMap(CivilDate.init(iso:)), timePrecision: row["time_precision"] ?? 1,
                     dateIsWritten: row["date_written"], timeUTC: time.flatMap(EventStore.minutes),
                     location: place.resolvedPlace(area: try place.geometry.map { try Geometry(wkb: $0) }), geoPrecision: place.geoPrecision,
                     fatalities: row["fatalities"],
                     fatalitiesLowerBound: row["fatalities_lower_bound"], counts: CountsJSON.decode(row["counts"]),
                     relations: relations, evidence: evidence)
    }

    /// An event as `rebuild` would read it back once stored with its location's `columns` (nil: the
    /// location is as read back already): what the merge memo keeps.
    func asStored(_ e: Event, location columns: LocationColumns?) -> Event {
        var stored = e
        stored.evidence = []
        if let columns { stored.location = columns.resolvedPlace(area: e.location?.region?.geometry) }
        // Counts are stored as JSON with quotes and backslashes left out of their nouns.
        if e.counts.contains(where: { $0.of.utf8.contains { $0 == 0x22 || $0 == 0x5C } }) {
            stored.counts = CountsJSON.decode(CountsJSON.encode(e.counts))
        }
        // The relations table keeps one row of each (its UNIQUE constraint), in the order first written.
        stored.relations = []
        for r in e.relations where !stored.relations.contains(r) { stored.relations.append(r) }
        return stored
    }

    static func minutes(_ hhmm: String) -> Int? {
        let parts = hhmm.split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]) else { return nil }
        return h * 60 + m
    }

    /// The columns an event from reports sets, in the order `eventColumns` names them.
    static let eventColumns = ["event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type", "actor1",
                               "actor2", "country", "admin1", "location", "latitude", "longitude", "geo_precision", "notes",
                               "fatalities", "time_utc", "fatalities_lower_bound", "date_written", "country_code", "admin1_code",
                               "geonameid", "place_kind", "region_kind", "uncertainty_m", "geometry", "min_lon", "min_lat",
                               "max_lon", "max_lat", "counts", "cell", "source", "inter1", "inter2", "interaction", "civilian_targeting"]

    /// The values of `eventColumns` for an event whose location has columns `l` (nil: the location's
    /// columns are left as they are, and their values are nil), in that order. (Appended to one array:
    /// merging compares two of these per account, and concatenated literals cost five more allocations.)
    func values(_ e: Event, location l: LocationColumns?) -> [(any DatabaseValueConvertible)?] {
        var v: [(any DatabaseValueConvertible)?] = []
        v.reserveCapacity(EventStore.eventColumns.count)
        v.append(e.date?.description); v.append(e.date?.year); v.append(e.timePrecision)
        v.append(e.eventType.disorderType.rawValue); v.append(e.eventType.rawValue); v.append(e.subEventType.rawValue)
        v.append(e.actor1); v.append(e.actor2)
        v.append(l?.country); v.append(l?.admin1); v.append(l?.location); v.append(l?.latitude); v.append(l?.longitude)
        v.append(l.map { e.geoPrecision ?? $0.geoPrecision })
        v.append(e.evidence.first?.text); v.append(e.fatalities); v.append(e.timeUTCText); v.append(e.fatalitiesLowerBound)
        v.append(e.dateIsWritten)
        v.append(l?.countryCode); v.append(l?.admin1Code); v.append(l?.geonameid); v.append(l?.placeKind)
        v.append(l?.regionKind); v.append(l?.uncertainty); v.append(l?.geometry.map { Data($0) })
        v.append(l?.bbox?.minX); v.append(l?.bbox?.minY); v.append(l?.bbox?.maxX); v.append(l?.bbox?.maxY)
        v.append(CountsJSON.encode(e.counts)); v.append(l.map { SpatialKey.key(lon: $0.longitude, lat: $0.latitude) })
        v.append(e.sources.first)
        v.append(e.inter1?.rawValue); v.append(e.inter2?.rawValue); v.append(e.interaction)
        v.append(e.civilianTargeting ? "Civilian targeting" : nil)
        return v
    }

    /// Statement arguments from values (built one by one: `StatementArguments(array)` can pick GRDB's
    /// failable `[Any]` initializer and silently bind nothing).
    static func arguments(_ values: [(any DatabaseValueConvertible)?]) -> StatementArguments {
        var arguments: StatementArguments = []
        for v in values { arguments += [v] }
        return arguments
    }

    func insert(_ e: Event, location: LocationColumns, _ db: Database) throws -> Int64 {
        let columns = EventStore.eventColumns
        let statement = try db.cachedStatement(sql: "INSERT INTO events (id, origin, \(columns.joined(separator: ", "))) VALUES (?, 'report', \(Array(repeating: "?", count: columns.count).joined(separator: ", ")))")
        // Its id follows imported batches' too (their ids are no rows here).
        let id = try EventStore.nextEventID(db)
        try statement.execute(arguments: [id] + EventStore.arguments(values(e, location: location)))
        return id
    }

    /// The location's columns: rewritten only when a merge moved the event to a finer place.
    static let locationColumns: Set<String> = ["country", "admin1", "location", "latitude", "longitude", "geo_precision", "country_code",
                                               "admin1_code", "geonameid", "place_kind", "region_kind", "uncertainty_m", "geometry",
                                               "min_lon", "min_lat", "max_lon", "max_lat", "cell"]

    /// Writes a merged event back: the columns whose values differ from the stored event's, and its
    /// location's new columns (nil: the location did not change). Its notes (the first account's sentence)
    /// and source stay as they were. An account that adds nothing writes nothing (no page of the table or
    /// its indexes is touched).
    func update(_ id: Int64, from stored: Event, to e: Event, location: LocationColumns?, _ db: Database) throws {
        // Most accounts of a stored event add only a source: no column to compare value by value.
        if location == nil && EventStore.sameRecordColumns(stored, e) { return }
        let new = values(e, location: location)
        let old = values(stored, location: nil)
        let changed = EventStore.eventColumns.indices.filter { k in
            let column = EventStore.eventColumns[k]
            if column == "notes" || column == "source" { return false }
            if EventStore.locationColumns.contains(column) { return location != nil }
            return new[k]?.databaseValue != old[k]?.databaseValue
        }
        guard !changed.isEmpty else { return }
        let sql = "UPDATE events SET \(changed.map { "\(EventStore.eventColumns[$0]) = ?" }.joined(separator: ", ")) WHERE id = ?"
        try db.cachedStatement(sql: sql).execute(arguments: EventStore.arguments(changed.map { new[$0] } + [id]))
    }

    /// Whether two events agree on every column `update` compares besides the location's (equal fields make
    /// equal values; unequal ones may still store the same, and are left to the column-by-column test).
    /// An inter code as the events table keeps it (ACLED's column is text: "1").
    static func interCode(_ value: DatabaseValue) -> InterCode? {
        switch value.storage {
        case .int64(let n): InterCode(rawValue: Int(n))
        case .string(let s): Int(s).flatMap(InterCode.init(rawValue:))
        default: nil
        }
    }

    static func sameRecordColumns(_ a: Event, _ b: Event) -> Bool {
        a.inter1 == b.inter1 && a.inter2 == b.inter2 && a.date == b.date && a.timePrecision == b.timePrecision && a.eventType == b.eventType && a.subEventType == b.subEventType
            && a.actor1 == b.actor1 && a.actor2 == b.actor2 && a.fatalities == b.fatalities && a.timeUTC == b.timeUTC
            && a.fatalitiesLowerBound == b.fatalitiesLowerBound && a.dateIsWritten == b.dateIsWritten && a.counts == b.counts
    }

    func addSources(_ e: Event, event: Int64, report: Int64, _ db: Database) throws {
        let source = try RawStatement(db, sql: "INSERT OR IGNORE INTO event_sources (event, report, sentence_start, sentence_end, text) VALUES (?, ?, ?, ?, ?)")
        for s in e.evidence {
            source.bind(1, event)
            source.bind(2, report)
            source.bind(3, Int64(s.start))
            source.bind(4, Int64(s.end))
            source.bind(5, s.text)
            _ = try source.step()
        }
        guard !e.relations.isEmpty else { return }
        let relation = try RawStatement(db, sql: "INSERT OR IGNORE INTO relations (event, distance_m, approximate, target) VALUES (?, ?, ?, ?)")
        for r in e.relations {
            relation.bind(1, event)
            relation.bind(2, r.distance)
            relation.bind(3, Int64(r.approximate ? 1 : 0))
            relation.bind(4, r.to)
            _ = try relation.step()
        }
    }

    /// "2026-11-23T22:26:40Z", without a formatter object.
    static func timestamp(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970)
        let day = CivilDate(dayNumber: seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400)
        let s = ((seconds % 86400) + 86400) % 86400
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(day)T\(two(s / 3600)):\(two(s / 60 % 60)):\(two(s % 60))Z"
    }

    /// FNV-1a over the text's UTF-8, as 16 hex digits: the same text is the same report, whatever its file.
    static func contentHash(_ text: String) -> String { String(FNV1a.hash(text.utf8), radix: 16).leftPadded(to: 16) }

    /// An imported row's key: FNV-1a over its bytes as the layer holds them.
    @inlinable
    public static func rowKey<C: Sequence<UInt8>>(_ bytes: C) -> Int64 { Int64(bitPattern: FNV1a.hash(bytes)) }
}

extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
