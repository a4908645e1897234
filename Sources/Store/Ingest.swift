import Foundation
import GRDB
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
        return try write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM reports WHERE content_hash = ?", arguments: [hash]) == true {
                return IngestOutcome(stored: false)
            }
            try db.execute(sql: """
                INSERT INTO reports (report_id, title, source, url, published, content_hash, ingested_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [report.id, report.title, report.source, report.url, report.published?.description, hash,
                                 ISO8601DateFormatter().string(from: Date())])
            let reportRow = db.lastInsertedRowID
            var outcome = IngestOutcome(stored: true)
            let place = try db.cachedStatement(sql: """
                INSERT INTO places (report, start, "end", text, role, name, geonameid, kind, country, admin1, lat, lon, precision, score)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for p in parsed.places {
                let base = p.place
                let admin1 = base.flatMap { b in b.kind == .country || b.admin1.isEmpty ? nil : gazetteer.admin1(country: b.country, code: b.admin1)?.name }
                try place.execute(arguments: [reportRow, p.mention.start, p.mention.end, p.mention.text, p.mention.role.rawValue,
                                              p.name, p.region == nil ? base?.id : nil, p.kind, base?.country, admin1,
                                              p.coordinate?.lat, p.coordinate?.lon, p.precision, p.score])
                outcome.places += 1
            }
            for event in parsed.events where event.location != nil {
                if let (row, stored) = try mergeCandidate(for: event, db) {
                    var merged = stored
                    merged.absorb(event)
                    try update(row, to: merged, gazetteer: gazetteer, db)
                    try addSources(event, event: row, report: reportRow, db)
                    outcome.mergedEvents += 1
                } else {
                    let row = try insert(event, gazetteer: gazetteer, db)
                    try addSources(event, event: row, report: reportRow, db)
                    outcome.newEvents += 1
                }
            }
            return outcome
        }
    }

    /// The stored event (from reports) a new account continues, with that event rebuilt for merging.
    func mergeCandidate(for event: Event, _ db: Database) throws -> (Int64, Event)? {
        var sql = "SELECT * FROM events WHERE origin = 'report' AND event_type = ? AND sub_event_type = ?"
        var arguments: StatementArguments = [event.eventType, event.subEventType]
        if let date = event.date {
            sql += " AND (event_date IS NULL OR event_date BETWEEN ? AND ?)"
            arguments += [date.adding(days: -6).description, date.adding(days: 6).description]
        }
        let sources = Set(event.sources)
        for row in try Row.fetchAll(db, sql: sql, arguments: arguments) {
            let id: Int64 = row["id"]
            let stored = try rebuild(row, db)
            if sources.isDisjoint(with: stored.sources), stored.canMerge(with: event, acrossReports: true) { return (id, stored) }
        }
        return nil
    }

    /// A stored event as the reports module's value: the columns merging reads, its sentences and relations.
    func rebuild(_ row: Row, _ db: Database) throws -> Event {
        let id: Int64 = row["id"]
        let evidence = try Row.fetchAll(db, sql: """
            SELECT r.report_id, s.sentence_start, s.sentence_end, s.text FROM event_sources s JOIN reports r ON r.id = s.report
            WHERE s.event = ? ORDER BY s.rowid
            """, arguments: [id]).map { Event.Evidence(report: $0[0], start: $0[1], end: $0[2], text: $0[3]) }
        let relations = try Row.fetchAll(db, sql: "SELECT distance_m, approximate, target FROM relations WHERE event = ? ORDER BY id",
                                         arguments: [id]).map { ProximityRelation(distance: $0[0], approximate: $0[1], to: $0[2]) }
        let time: String? = row["time_utc"]
        return Event(eventType: row["event_type"], subEventType: row["sub_event_type"], actor1: row["actor1"], actor2: row["actor2"],
                     date: (row["event_date"] as String?).flatMap(CivilDate.init(iso:)), timePrecision: row["time_precision"] ?? 1,
                     dateIsWritten: row["date_written"], timeUTC: time.flatMap(EventStore.minutes),
                     location: try LocationColumns.resolved(from: row), fatalities: row["fatalities"],
                     fatalitiesLowerBound: row["fatalities_lower_bound"], counts: CountsJSON.decode(row["counts"]),
                     relations: relations, evidence: evidence)
    }

    static func minutes(_ hhmm: String) -> Int? {
        let parts = hhmm.split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]) else { return nil }
        return h * 60 + m
    }

    static func disorderType(_ eventType: String) -> String {
        switch eventType {
        case "Protests", "Riots": "Demonstrations"
        case "Strategic developments": "Strategic developments"
        default: "Political violence"
        }
    }

    /// The columns an event from reports sets, in the order `eventColumns` names them.
    static let eventColumns = ["event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type", "actor1",
                               "actor2", "country", "admin1", "location", "latitude", "longitude", "geo_precision", "notes",
                               "fatalities", "time_utc", "fatalities_lower_bound", "date_written", "country_code", "admin1_code",
                               "geonameid", "place_kind", "region_kind", "uncertainty_m", "geometry", "min_lon", "min_lat",
                               "max_lon", "max_lat", "counts", "cell", "source"]

    func values(_ e: Event, gazetteer: Gazetteer) throws -> StatementArguments {
        guard let place = e.location else { throw StoreError.invalid("an event without a location") }
        let l = try LocationColumns(place, gazetteer: gazetteer)
        var arguments: StatementArguments = [e.date?.description, e.date?.year, e.timePrecision, EventStore.disorderType(e.eventType),
                                             e.eventType, e.subEventType, e.actor1, e.actor2, l.country, l.admin1, l.location]
        arguments += [l.latitude, l.longitude, l.geoPrecision, e.evidence.first?.text, e.fatalities, e.timeUTCText,
                      e.fatalitiesLowerBound, e.dateIsWritten, l.countryCode, l.admin1Code, l.geonameid, l.placeKind]
        arguments += [l.regionKind, l.uncertainty, l.geometry.map { Data($0) }, l.bbox?.minX, l.bbox?.minY, l.bbox?.maxX,
                      l.bbox?.maxY, CountsJSON.encode(e.counts), SpatialKey.key(lon: l.longitude, lat: l.latitude),
                      e.sources.joined(separator: "; ")]
        return arguments
    }

    func insert(_ e: Event, gazetteer: Gazetteer, _ db: Database) throws -> Int64 {
        let columns = EventStore.eventColumns
        try db.execute(sql: "INSERT INTO events (origin, \(columns.joined(separator: ", "))) VALUES ('report', \(Array(repeating: "?", count: columns.count).joined(separator: ", ")))",
                       arguments: try values(e, gazetteer: gazetteer))
        return db.lastInsertedRowID
    }

    func update(_ id: Int64, to e: Event, gazetteer: Gazetteer, _ db: Database) throws {
        let assignments = EventStore.eventColumns.map { "\($0) = ?" }.joined(separator: ", ")
        var arguments = try values(e, gazetteer: gazetteer)
        arguments += [id]
        try db.execute(sql: "UPDATE events SET \(assignments) WHERE id = ?", arguments: arguments)
    }

    func addSources(_ e: Event, event: Int64, report: Int64, _ db: Database) throws {
        for s in e.evidence {
            try db.execute(sql: "INSERT OR IGNORE INTO event_sources (event, report, sentence_start, sentence_end, text) VALUES (?, ?, ?, ?, ?)",
                           arguments: [event, report, s.start, s.end, s.text])
        }
        for r in e.relations {
            try db.execute(sql: "INSERT OR IGNORE INTO relations (event, distance_m, approximate, target) VALUES (?, ?, ?, ?)",
                           arguments: [event, r.distance, r.approximate, r.to])
        }
    }

    /// FNV-1a over the text's UTF-8, as 16 hex digits: the same text is the same report, whatever its file.
    static func contentHash(_ text: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        return String(h, radix: 16).leftPadded(to: 16)
    }
}

extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
