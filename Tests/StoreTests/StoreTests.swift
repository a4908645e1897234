import Foundation
import Testing
import Gazetteer
import Geometry
import Reports
@testable import Store
import GRDB
import TestSupport

let gazetteer = try! Gazetteer(directory: projectRoot.appendingPathComponent("geodata"))
let parser = try! ReportParser.load(gazetteer: gazetteer)

func temporaryStore() throws -> (EventStore, URL) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("geotrack-store-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return (try EventStore(path: folder.appendingPathComponent("t.sqlite").path), folder)
}

func seeds() throws -> [ParsedReport] {
    let folder = projectRoot.appendingPathComponent("seeds")
    return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".txt") }.sorted().map { name in
        let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        return parser.parse(Report(id: String(name.dropLast(4)), text: text, published: CivilDate(iso: "2023-10-06")))
    }
}

@Suite struct IngestTests {
    @Test func seedsMergeIntoOneDowningWithThreeSourcesAndReingestIsANoOp() throws {
        let (store, folder) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try store.schemaVersion() == 5)
        let parsed = try seeds()
        let outcomes = try parsed.map { try store.ingest($0, gazetteer: gazetteer) }
        #expect(outcomes.allSatisfy { $0.stored })
        #expect(outcomes.map(\.mergedEvents).reduce(0, +) > 0)
        let before = try store.counts()
        #expect(before["reports"] == 3)
        var downings: [EventRecord] = []
        try store.forEachEvent(EventFilter(type: "Disrupted weapons use")) { downings.append($0) }
        #expect(downings.count == 1)
        #expect(downings.first?.field("source_count") == .int(3))
        #expect(downings.first?.field("time_utc") == .text("08:30"))
        // Ingested again: nothing changes.
        let again = try parsed.map { try store.ingest($0, gazetteer: gazetteer) }
        #expect(again.allSatisfy { !$0.stored })
        #expect(try store.counts() == before)
    }

    /// Places go in several rows a statement: every one is stored, in order, with its span and role.
    @Test func everyPlaceIsStoredWithItsSpan() throws {
        let (store, folder) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let parsed = try seeds()
        #expect(parsed.contains { $0.places.count > EventStore.placesPerStatement })
        for p in parsed { _ = try store.ingest(p, gazetteer: gazetteer) }
        let rows = try DatabaseQueue(path: store.path).read { db in
            try Row.fetchAll(db, sql: """
                SELECT r.report_id, p.start, p."end", p.text, p.role, p.lat FROM places p JOIN reports r ON r.id = p.report ORDER BY p.id
                """)
        }
        let expected = parsed.flatMap { p in p.places.map { [p.report.id, "\($0.mention.start)", "\($0.mention.end)", $0.mention.text, $0.mention.role.rawValue, "\($0.coordinate?.lat as Any)"] } }
        let stored = rows.map { [$0[0] as String, "\($0[1] as Int)", "\($0[2] as Int)", $0[3] as String, $0[4] as String, "\($0[5] as Double? as Any)"] }
        #expect(stored == expected)
    }

    /// Merging keeps stored events in memory; another connection's merge must not be overwritten by them.
    @Test func mergingSeesWhatAnotherConnectionWrote() throws {
        let (first, folder) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let second = try EventStore(path: first.path)
        func report(_ id: String, _ text: String) -> ParsedReport {
            parser.parse(Report(id: id, text: text, published: CivilDate(iso: "2023-10-06")))
        }
        let base = "A drone attack on the military academy in Homs, Syria, on Thursday"
        #expect(try first.ingest(report("a", base + " was condemned by the government."), gazetteer: gazetteer).newEvents == 1)
        #expect(try second.ingest(report("b", base + " killed at least 60 people."), gazetteer: gazetteer).mergedEvents == 1)
        #expect(try first.ingest(report("c", base + " drew wide condemnation."), gazetteer: gazetteer).mergedEvents == 1)
        var attacks: [EventRecord] = []
        try first.forEachEvent { attacks.append($0) }
        #expect(attacks.count == 1)
        #expect(attacks.first?.field("fatalities") == .int(60))
        #expect(attacks.first?.field("source_count") == .int(3))
    }

    /// The memo stays bounded: past its capacity it starts over with the newest events.
    @Test func mergeMemoStartsOverPastItsCapacity() {
        var memo = MergeMemo(capacity: 3)
        let event = Event(subEventType: .armedClash, actor1: nil, actor2: nil, date: nil, timePrecision: 1,
                          dateIsWritten: false, timeUTC: nil, location: nil, fatalities: nil, fatalitiesLowerBound: false,
                          counts: [], relations: [], evidence: [])
        memo.remember([1: event, 2: event])
        memo.remember([3: event])
        #expect(memo.events.keys.sorted() == [1, 2, 3])
        memo.remember([4: event, 5: event])
        #expect(memo.events.keys.sorted() == [4, 5])
    }

    @Test func regionEventsKeepTheirPolygon() throws {
        let (store, folder) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        for p in try seeds() { _ = try store.ingest(p, gazetteer: gazetteer) }
        var regions: [EventRecord] = []
        try store.forEachEvent { if $0.area != nil { regions.append($0) } }
        let region = try #require(regions.first { $0.field("location") == .text("northern Syria") })
        #expect(region.field("geo_precision") == .int(3))
        let area = try Geometry(wkb: try #require(region.area))
        // Qamishli lies in northern Syria; Damascus does not.
        let qamishli = try area.contains(Geometry.point(Point(lon: 41.23, lat: 37.05)))
        let damascus = try area.contains(Geometry.point(Point(lon: 36.29, lat: 33.51)))
        #expect(qamishli && !damascus)
    }
}

@Suite struct ImportTests {
    @Test func batchesSkipRowsStoredBefore() throws {
        let (store, folder) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rows = (0..<50).map { i in
            ImportRow(lon: 40 + Double(i) / 100, lat: 36, values: ["2023-10-0\(i % 9 + 1)", "Battles"], sourceID: "\(i)", properties: nil, key: Int64(i * 7919))
        }
        // A row met twice within one batch is stored once, too.
        let first = try store.importBatch(ImportBatch(columns: ["event_date", "event_type"], rows: rows + [rows[3]]))
        #expect(first.added == 50 && first.duplicates == 1)
        let second = try store.importBatch(ImportBatch(columns: ["event_date", "event_type"], rows: Array(rows[40...]) + [rows[0]]))
        #expect(second.added == 0 && second.duplicates == 11)
        #expect(try store.counts()["events"] == 50)
        #expect(throws: StoreError.self) { try store.importBatch(ImportBatch(columns: ["drop table"], rows: rows)) }
    }

    /// Texts go in as given: an empty one is an empty text, not NULL; a row short of texts is refused.
    @Test func textsAreStoredAsGiven() throws {
        let (store, folder) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        var batch = ImportBatch(columns: ["notes", "actor1"], rows: [ImportRow(lon: 40, lat: 36, values: ["", nil], sourceID: "", properties: "{}", key: 9)])
        #expect(try store.importBatch(batch).added == 1)
        var records: [EventRecord] = []
        try store.forEachEvent { records.append($0) }
        #expect(records.count == 1)
        #expect(records.first?.field("notes") == .text("") && records.first?.field("actor1") == .null)
        #expect(records.first?.sourceID == "" && records.first?.properties == "{}")
        batch.beginRow(lon: 41, lat: 36, key: 10)
        batch.appendText("only one")
        #expect(throws: StoreError.self) { try store.importBatch(batch) }
    }

    /// Listing reads every column each batch fills and the report events' own, numbers in INTEGER columns
    /// as numbers.
    @Test func listedRecordsCarryEveryFilledColumn() throws {
        let (store, folder) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let columns = ["event_type", "fatalities", "notes"]
        _ = try store.importBatch(ImportBatch(columns: columns, rows: [
            ImportRow(lon: 40, lat: 36, values: ["Battles", "3", nil], sourceID: "1", properties: nil, key: 1),
        ]))
        _ = try store.importBatch(ImportBatch(columns: ["actor1"], rows: [
            ImportRow(lon: 41, lat: 36, values: ["PKK"], sourceID: "2", properties: nil, key: 2),
        ]))
        var records: [EventRecord] = []
        try store.forEachEvent { records.append($0) }
        #expect(records.count == 2)
        #expect(records[0].field("event_type") == .text("Battles") && records[0].field("fatalities") == .int(3))
        #expect(records[0].field("notes") == .null && records[0].field("actor1") == .null)
        #expect(records[1].field("actor1") == .text("PKK") && records[1].field("event_type") == .null)
        #expect(records.allSatisfy { $0.field("origin") == .text("import") && $0.field("fatalities_lower_bound") == .int(0) })
        #expect(records[1].field("event_id_cnty") == .text("GT2"))
    }

    @Test func bboxQueriesUseTheSpatialKeyAndStayExact() throws {
        let (store, folder) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        var rows: [ImportRow] = []
        var k: Int64 = 1
        for lon in stride(from: 35.0, through: 43.0, by: 0.25) {
            for lat in stride(from: 32.0, through: 38.0, by: 0.25) {
                rows.append(ImportRow(lon: lon, lat: lat, values: [], sourceID: nil, properties: nil, key: k))
                k += 1
            }
        }
        _ = try store.importBatch(ImportBatch(columns: [], rows: rows))
        let box = Envelope(minX: 38.1, minY: 34.6, maxX: 40.0, maxY: 36.0)
        var found: [(Double, Double)] = []
        try store.forEachEvent(EventFilter(bbox: box)) { found.append(($0.lon, $0.lat)) }
        let expected = rows.filter { $0.lon >= 38.1 && $0.lon <= 40 && $0.lat >= 34.6 && $0.lat <= 36 }
        #expect(found.count == expected.count)
        #expect(found.allSatisfy { $0.0 >= 38.1 && $0.0 <= 40 && $0.1 >= 34.6 && $0.1 <= 36 })
    }
}

@Suite struct ImportedBatchTests {
    /// Imported rows read back with the values SQLite's own INTEGER column would hold for the same texts.
    @Test func integerColumnsStoreTextsAsSQLiteWould() throws {
        let texts = ["3", " 42 ", "+7", "-0", "007", "3.0", "3.5", "1e3", "2.5E-1", "5.", ".5", "9223372036854775807",
                     "9223372036854775808", "1e300", "4503599627370496.0", "0x10", "inf", "nan", "3 dead", "", " ", "-", "1e", "1.2.3"]
        let expected = try DatabaseQueue().write { db -> [FieldValue] in
            try db.execute(sql: "CREATE TABLE t (k INTEGER PRIMARY KEY, v INTEGER)")
            for (k, t) in texts.enumerated() { try db.execute(sql: "INSERT INTO t VALUES (?, ?)", arguments: [k, t]) }
            return try Row.fetchAll(db, sql: "SELECT v FROM t ORDER BY k").map { FieldValue($0[0] as DatabaseValue) }
        }
        let fatalities = EventStore.recordColumnIndex["fatalities"]!
        for (text, value) in zip(texts, expected) {
            #expect(ColumnAffinity.stored(text, column: fatalities) == value, "\(text)")
        }
        #expect(ColumnAffinity.stored("3", column: EventStore.recordColumnIndex["notes"]!) == .text("3"))
        // The columns taken for INTEGER are those the events table declares so.
        let queue = try DatabaseQueue()
        try EventStore.migrator.migrate(queue)
        let declared = try queue.read { db -> Set<String> in
            Set(try Row.fetchAll(db, sql: "PRAGMA table_info(events)").filter { ($0["type"] as String) == "INTEGER" }.map { $0["name"] as String })
        }
        let integer = Set(ColumnAffinity.integerColumns.map { EventStore.recordColumns[$0] })
        #expect(integer == declared.intersection(EventStore.acledColumns).subtracting(["latitude", "longitude"]))
    }

    /// Filters judge imported rows as their SQL condition judges rows from reports: type or sub-type,
    /// dates compared as text (inclusive), a box inclusive.
    @Test func filtersTakeTheRowsSQLWould() throws {
        let (store, folder) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rows = [
            ImportRow(lon: 40, lat: 36, values: ["2023-10-05", "Battles", "Armed clash"], sourceID: "1", properties: nil, key: 1),
            ImportRow(lon: 41, lat: 36, values: ["2023-10-06", "Explosions/Remote violence", "Air/drone strike"], sourceID: "2", properties: nil, key: 2),
            ImportRow(lon: 42, lat: 37, values: [nil, "Explosions/Remote violence", nil], sourceID: "3", properties: nil, key: 3),
            ImportRow(lon: 43, lat: 38, values: ["2023-10-07T04:30", "Battles", nil], sourceID: "4", properties: nil, key: 4),
        ]
        _ = try store.importBatch(ImportBatch(columns: ["event_date", "event_type", "sub_event_type"], rows: rows))
        func ids(_ filter: EventFilter) throws -> [String] {
            var out: [String] = []
            try store.forEachEvent(filter) { out.append($0.sourceID ?? "-") }
            let points = try store.eventPoints(filter)
            #expect(points.count == out.count)
            return out
        }
        #expect(try ids(EventFilter(type: "Air/drone strike")) == ["2"])
        #expect(try ids(EventFilter(type: "Explosions/Remote violence")) == ["2", "3"])
        #expect(try ids(EventFilter(since: "2023-10-06")) == ["2", "4"])
        #expect(try ids(EventFilter(until: "2023-10-06")) == ["1", "2"])
        #expect(try ids(EventFilter(since: "2023-10-07", until: "2023-10-07")) == [])
        #expect(try ids(EventFilter(bbox: Envelope(minX: 41, minY: 36, maxX: 42, maxY: 37))) == ["2", "3"])
        #expect(try ids(EventFilter(type: "Battles", bbox: Envelope(minX: 39, minY: 35, maxX: 42, maxY: 37))) == ["1"])
    }

    /// A batch whose texts outgrow one stored batch is stored as several (one transaction), read back whole
    /// and in order.
    @Test func largeBatchesAreStoredInParts() throws {
        let (store, folder) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rows = (0..<50).map { i in
            ImportRow(lon: 40 + Double(i) / 100, lat: 36, values: [String(repeating: "x", count: i)], sourceID: "\(i)", properties: nil, key: Int64(i))
        }
        #expect(try store.importBatch(ImportBatch(columns: ["notes"], rows: rows), textBytesPerBatch: 300).added == 50)
        let parts = try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM imported_batches") }
        #expect((parts ?? 0) > 3)
        var records: [EventRecord] = []
        try store.forEachEvent { records.append($0) }
        #expect(records.map(\.id) == Array(1...50))
        #expect(records.map { $0.field("notes") } == rows.map { .text(String(repeating: "x", count: Int($0.key))) })
        #expect(try store.eventPoints().points.lon == rows.map(\.lon))
    }

    /// A batch naming a column this version does not know keeps the other columns in place.
    @Test func unknownBatchColumnsAreSkippedInPlace() throws {
        let (store, folder) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        var texts = TextPacker()
        for t in ["7", nil, "later", "Battles"] as [String?] { try texts.append(t?.utf8) }
        try store.write { db in
            try ImportedBatch.write(first: 1, columns: ["a_later_column", "event_type"], lon: [40], lat: [36], numbers: [7], texts: texts, db)
        }
        var records: [EventRecord] = []
        try store.forEachEvent { records.append($0) }
        #expect(records.count == 1 && records[0].field("event_type") == .text("Battles") && records[0].sourceID == "7")
    }

    /// An event from a report stored after an imported batch takes an id after the batch's, and listing
    /// merges both in id order.
    @Test func reportEventsFollowImportedIds() throws {
        let (store, folder) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rows = (0..<5).map { ImportRow(lon: 40, lat: 36, values: [], sourceID: "\($0)", properties: nil, key: Int64($0)) }
        _ = try store.importBatch(ImportBatch(columns: [], rows: rows))
        let parsed = try seeds()
        _ = try store.ingest(parsed[0], gazetteer: gazetteer)
        _ = try store.importBatch(ImportBatch(columns: [], rows: [ImportRow(lon: 41, lat: 36, values: [], sourceID: "x", properties: nil, key: 99)]))
        var records: [EventRecord] = []
        try store.forEachEvent { records.append($0) }
        let ids = records.map(\.id)
        #expect(ids == Array(1...Int64(ids.count)))
        #expect(records.prefix(5).allSatisfy { $0.field("origin") == .text("import") })
        #expect(records.dropFirst(5).dropLast().allSatisfy { $0.field("origin") == .text("report") } && records.count > 6)
        #expect(records.last?.sourceID == "x")
        let some = try store.records(ids: [2, ids.last!, 6])
        #expect(some.count == 3 && some[2]?.sourceID == "1" && some[6]?.field("origin") == .text("report"))
    }
}

@Suite struct SpatialKeyTests {
    @Test func rangesCoverEveryCellOfTheBox() {
        let ranges = SpatialKey.ranges(minLon: 40.1, minLat: 36.2, maxLon: 40.9, maxLat: 36.8)
        for lon in stride(from: 40.1, through: 40.9, by: 0.013) {
            for lat in stride(from: 36.2, through: 36.8, by: 0.011) {
                let key = SpatialKey.key(lon: lon, lat: lat)
                #expect(ranges.contains { $0.contains(key) })
            }
        }
        #expect(ranges.count <= 40)
    }
}

@Suite struct PositionTests {
    @Test func positionsAreKeptOnceAndHoldInTheirPeriod() throws {
        let (store, folder) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let troops = Position(name: "US troops", lat: 36.5, lon: 40.75, radius: 500, validFrom: "2023-10-01", validTo: "2023-10-31")
        let first = try store.addPosition(troops)
        let second = try store.addPosition(troops)
        #expect(first && !second)
        let found = try store.positions(named: "us troops")
        #expect(found.count == 1)
        #expect(found[0].isValid(on: "2023-10-05") && !found[0].isValid(on: "2023-11-05"))
    }
}

@Suite struct CountsJSONTests {
    @Test func countsRoundTrip() {
        let counts = [Event.Count(count: 3, of: "drones"), Event.Count(count: 15, of: "targets")]
        let text = CountsJSON.encode(counts)
        #expect(text == "[{\"count\":3,\"of\":\"drones\"},{\"count\":15,\"of\":\"targets\"}]")
        #expect(CountsJSON.decode(text) == counts)
        #expect(CountsJSON.encode([]) == nil && CountsJSON.decode(nil).isEmpty)
    }
}

@Suite struct MigrationTests {
    /// Writes a store at schema `version` with 250 imported rows (and, at v2, their points packed the way v2
    /// packed them: id, lon, lat, layer id interleaved), then opens it with the current code.
    func migrated(from version: String, packV2: Bool) throws -> (EventStore, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("geotrack-migrate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("old.sqlite").path
        do {
            let pool = try DatabasePool(path: path)
            try EventStore.migrator.migrate(pool, upTo: version)
            try pool.write { db in
                var v2 = Data()
                for i in 1...250 {
                    let (lon, lat) = (40 + Double(i) / 1000, 36.0)
                    try db.execute(sql: "INSERT INTO events (origin, cell, longitude, latitude, source_id) VALUES ('import', 0, ?, ?, ?)",
                                   arguments: [lon, lat, "\(i * 10)"])
                    for value in [UInt64(i), lon.bitPattern, lat.bitPattern, UInt64(i * 10)] {
                        withUnsafeBytes(of: value) { v2.append(contentsOf: $0) }
                    }
                }
                if packV2 {
                    try db.execute(sql: "INSERT INTO point_snapshots (first_event, last_event, count, data) VALUES (1, 250, 250, ?)", arguments: [v2])
                }
            }
        }
        return (try EventStore(path: path), folder)
    }

    /// The imported rows left `events` for a batch, with their points and layer ids; ids and the next id
    /// go on from them.
    func expectRowsMovedToBatches(_ store: EventStore) throws {
        #expect(try store.schemaVersion() == 5)
        let points = try store.eventPoints()
        #expect(points.ids == Array(1...250) && points.points.lon[9] == 40.01 && points.sourceID(249) == .int(2500))
        let boxed = try store.eventPoints(EventFilter(bbox: Envelope(minX: 40.1005, minY: 35, maxX: 41, maxY: 37)))
        #expect(boxed.ids == Array(101...250))
        var records: [EventRecord] = []
        try store.forEachEvent { records.append($0) }
        #expect(records.map(\.id) == Array(1...250) && records[0].sourceID == "10" && records[0].field("origin") == .text("import"))
        let left = try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM events") }
        let counted = try store.counts()["events"]
        #expect(left == 0 && counted == 250)
        let next = try store.read { try EventStore.nextEventID($0) }
        #expect(next == 251)
    }

    /// A store written by schema v1 (imported rows, no snapshots) opens at v5 with its imported rows in a
    /// batch.
    @Test func version1RowsArePacked() throws {
        let (store, folder) = try migrated(from: "v1: reports, places, events, sources, relations, positions", packV2: false)
        defer { try? FileManager.default.removeItem(at: folder) }
        try expectRowsMovedToBatches(store)
    }

    /// A store of schema v2 (snapshots interleaved) opens at v5 with its imported rows in a batch.
    @Test func version2SnapshotsAreRepacked() throws {
        let (store, folder) = try migrated(from: "v2: point snapshots of imported batches", packV2: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try expectRowsMovedToBatches(store)
    }

    /// A store of schema v3 kept imported rows' keys a row each: they open as sets, and the rows they stand
    /// for are still known (imported again, they add nothing).
    @Test func version3KeysBecomeSets() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("geotrack-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("v3.sqlite").path
        let rows = (0..<120_000).map { i in ImportRow(lon: 40, lat: 36, values: [], sourceID: nil, properties: nil, key: Int64(i) &* 0x1E37_79B9_7F4A_7C15) }
        do {
            let pool = try DatabasePool(path: path)
            try EventStore.migrator.migrate(pool, upTo: "v3: point snapshots by column")
            try pool.write { db in
                for row in rows[..<100_001] { try db.execute(sql: "INSERT INTO import_keys (key) VALUES (?)", arguments: [row.key]) }
            }
        }
        let store = try EventStore(path: path)
        #expect(try store.schemaVersion() == 5)
        let sets = try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM import_key_sets") }
        #expect(sets == 2)
        let again = try store.importBatch(ImportBatch(columns: [], rows: rows))
        #expect(again.added == 19_999 && again.duplicates == 100_001)
        // A second store on the same file learns the first one's keys from the file.
        let other = try EventStore(path: path)
        #expect(try other.importBatch(ImportBatch(columns: [], rows: Array(rows[100_000...]))).added == 0)
    }

    /// A layer id that is no number is read from the batch's texts, beside the numbers.
    @Test func textLayerIDsAreReadFromTexts() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("geotrack-textid-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try EventStore(path: folder.appendingPathComponent("s.sqlite").path)
        let batch = ImportBatch(columns: [], rows: [ImportRow(lon: 40, lat: 36, values: [], sourceID: "7", properties: nil, key: 1),
                                                    ImportRow(lon: 41, lat: 36, values: [], sourceID: "alpha", properties: nil, key: 2)])
        _ = try store.importBatch(batch)
        let points = try store.eventPoints()
        #expect(points.count == 2 && !points.layerIDsAreIntegers)
        #expect(points.sourceID(0) == .int(7) && points.sourceID(1) == .text("alpha"))
    }
}
