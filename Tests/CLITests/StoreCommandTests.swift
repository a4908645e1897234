import Foundation
import Testing
import TestSupport

/// The store's commands, run as a user runs them (against the committed gazetteer fixture).
@Suite struct StoreCommandTests {
    let geodata = projectRoot.appendingPathComponent("Tests/GazetteerTests/Fixture").path
    let seeds = projectRoot.appendingPathComponent("seeds").path

    func eventsCSV(_ db: String) throws -> String {
        let result = try CLI.run(["events", "--db", db, "--format", "csv"])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout
    }

    /// A bad record is reported by line and skipped, the rest stored (exit 3); under --strict it stops the
    /// run (exit 1) with the reports before it stored and none after it (reports are read as they are parsed).
    @Test func ingestSkipsOrStopsAtABadRecord() throws {
        let scratch = try Scratch()
        let input = try scratch.file("in.jsonl", """
            {"id":"r1","text":"Turkish drones struck Al Hasakah on Thursday.","published":"2023-10-06"}
            {"id": broken
            {"id":"r3","text":"A suicide bomber attacked the interior ministry in Ankara on Sunday.","published":"2023-10-02"}

            """)
        let db = scratch.path("skip.sqlite")
        let skipping = try CLI.run(["ingest", input, "--db", db, "--geodata", geodata])
        #expect(skipping.status == 3)
        #expect(skipping.stderr.contains("in.jsonl: line 2: invalid JSON"))
        #expect(skipping.stderr.contains("3 reports read: 2 stored, 0 already stored, 1 skipped"))
        let strictDB = scratch.path("strict.sqlite")
        let strict = try CLI.run(["ingest", input, "--db", strictDB, "--geodata", geodata, "--strict"])
        #expect(strict.status == 1)
        let events = try eventsCSV(strictDB)
        #expect(events.contains("Hasakah") || events.contains("asakah"))
        #expect(!events.contains("Ankara"))
        #expect(try eventsCSV(db).contains("Ankara"))
    }

    @Test func ingestAddPositionNearAndExport() throws {
        let scratch = try Scratch()
        let db = scratch.path("t.sqlite")
        let ingest = try CLI.run(["ingest", seeds, "--date", "2023-10-06", "--db", db, "--geodata", geodata])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(ingest.stderr.contains("3 reports read: 3 stored"))
        let noSuchDay = try CLI.run(["events", "--db", db, "--since", "2023-02-30"])
        #expect(noSuchDay.status != 0 && noSuchDay.stderr.contains("--since"))
        let again = try CLI.run(["ingest", seeds, "--date", "2023-10-06", "--db", db, "--geodata", geodata])
        #expect(again.stderr.contains("0 stored, 3 already stored"))
        #expect(try CLI.run(["add-position", "--name", "US troops", "--at", "36.5,40.75", "--radius", "1.5km", "--db", db]).status == 0)
        let near = try CLI.run(["near", "--position", "US troops", "--within", "1km", "--format", "csv", "--db", db])
        #expect(near.status == 0, "\(near.stderr)")
        let rows = near.stdout.split(separator: "\n").dropFirst()
        #expect(rows.contains { $0.contains("Air/drone strike") && $0.contains("asakah") })
        #expect(rows.contains { $0.contains("Disrupted weapons use") })
        let out = scratch.path("out")
        let export = try CLI.run(["export", "--out", out, "--db", db])
        #expect(export.status == 0, "\(export.stderr)")
        for layer in ["events", "places", "regions", "positions", "proximity"] {
            let check = try runValidator("\(out)/\(layer).geojson")
            #expect(check.status == 0, "\(layer): \(check.output)")
        }
        let proximity = try String(contentsOfFile: "\(out)/proximity.geojson", encoding: .utf8)
        #expect(proximity.contains("\"feature\":\"ring\"") && proximity.contains("\"stated_distance_m\":1000"))
        let csv = try CLI.run(["export", "--out", out, "--layers", "events", "--format", "csv", "--db", db])
        #expect(csv.status == 0)
        let header = try String(contentsOfFile: "\(out)/events.csv", encoding: .utf8).prefix { $0 != "\n" }
        #expect(header.hasPrefix("longitude_wgs84,latitude_wgs84,event_id_cnty,event_date,year,time_precision,disorder_type,event_type"))
    }

    @Test func importKeepsRowsOnceAndReportsBadOnes() throws {
        let scratch = try Scratch()
        let db = scratch.path("t.sqlite")
        let acled = try scratch.file("acled.csv", """
            event_id_cnty,event_date,year,event_type,sub_event_type,actor1,country,location,latitude,longitude,geo_precision,fatalities,notes
            SYR1,2023-10-05,2023,Explosions/Remote violence,Air/drone strike,Military Forces of Turkey,Syria,Al Hasakah,36.5024,40.7477,1,0,"Strikes, near ""the"" city"
            SYR2,2023-10-05,2023,Battles,Armed clash,SDF,Syria,Qamishli,37.0522,41.2317,1,2,clash
            SYR3,2023-10-06,2023,Battles,Armed clash,SDF,Syria,Nowhere,north,41.2,1,0,bad latitude

            """)
        let first = try CLI.run(["import", acled, "--db", db])
        #expect(first.status == 3)
        #expect(first.stderr.contains("line 4") && first.stderr.contains("latitude is not a number"))
        #expect(first.stderr.contains("2 events added"))
        let second = try CLI.run(["import", acled, "--db", db])
        #expect(second.stderr.contains("0 events added, 2 already stored"))
        let layer = try scratch.file("points.geojson", """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","id":7,"properties":{"event_type":"Protests","crowd":300},"geometry":{"type":"Point","coordinates":[36.72,34.73]}},
            {"type":"Feature","properties":{"event_type":"Riots"},"geometry":{"type":"LineString","coordinates":[[36,34],[37,35]]}}]}
            """)
        let points = try CLI.run(["import", layer, "--db", db])
        #expect(points.status == 3 && points.stderr.contains("feature 2 (byte 175): not a point"))
        let csv = try eventsCSV(db)
        #expect(csv.contains("SYR1,2023-10-05") && csv.contains("\"Strikes, near \"\"the\"\" city\""))
        let jsonl = try CLI.run(["events", "--db", db, "--format", "jsonl", "--type", "Protests"])
        #expect(jsonl.stdout.contains("\"crowd\":300"))
        let strict = try CLI.run(["import", acled, "--db", scratch.path("s.sqlite"), "--strict"])
        #expect(strict.status == 1)
        // Batches read before a --strict stop are stored whole (the writer finishes them), the rest not.
        let batched = scratch.path("b.sqlite")
        #expect(try CLI.run(["import", acled, "--db", batched, "--strict", "--batch", "1"]).status == 1)
        let kept = try eventsCSV(batched)
        #expect(kept.contains("SYR1,") && kept.contains("SYR2,") && !kept.contains("SYR3"))
    }

    /// A GeoJSON layer is read a feature at a time and stored a batch at a time, each batch with the ACLED
    /// columns its features use; a syntax error stops the read after the batches before it are stored.
    @Test func geoJSONLayersAreStoredBatchByBatch() throws {
        let scratch = try Scratch()
        let features = [
            #"{"type":"Feature","id":1,"properties":{"event_type":"Protests"},"geometry":{"type":"Point","coordinates":[36.1,34.1]}}"#,
            #"{"type":"Feature","id":2,"properties":{"fatalities":3,"note":"x"},"geometry":{"type":"Point","coordinates":[36.2,34.2]}}"#,
            #"{"type":"Feature","id":3,"properties":{"actor1":"PKK","event_type":"Battles"},"geometry":{"type":"Point","coordinates":[36.3,34.3]}}"#,
        ]
        let layer = try scratch.file("l.geojson", #"{"type":"FeatureCollection","features":["# + features.joined(separator: ",\n") + "]}")
        let db = scratch.path("t.sqlite")
        #expect(try CLI.run(["import", layer, "--db", db, "--batch", "2"]).status == 0)
        let rows = try CLI.run(["events", "--db", db, "--format", "jsonl"]).stdout.split(separator: "\n")
        #expect(rows.count == 3)
        #expect(rows[0].contains(#""event_type":"Protests""#) && !rows[0].contains("fatalities\":"))
        #expect(rows[1].contains(#""fatalities":3"#) && rows[1].contains(#""note":"x""#))
        #expect(rows[2].contains(#""actor1":"PKK""#) && rows[2].contains(#""event_type":"Battles""#))
        let cut = try scratch.file("cut.geojson", #"{"type":"FeatureCollection","features":["# + features.joined(separator: ",\n") + ",\n{\"type\": oops")
        let stopped = scratch.path("cut.sqlite")
        let run = try CLI.run(["import", cut, "--db", stopped, "--batch", "1"])
        #expect(run.status != 0 && run.stderr.contains("byte"))
        #expect(try CLI.run(["events", "--db", stopped, "--format", "jsonl"]).stdout.split(separator: "\n").count == 3)
    }

    /// Texts are copied from the file's bytes: a field that is not UTF-8 is reported by line, not stored
    /// as an empty value.
    @Test func importReportsTextThatIsNotUTF8() throws {
        let scratch = try Scratch()
        let path = scratch.path("bad.csv")
        var bytes = Array("event_id_cnty,event_type,notes,latitude,longitude\nSYR1,Battles,\"\",36.5,40.7\nSYR2,".utf8)
        bytes += [0x42, 0xFF, 0x61] + Array(",x,36.6,40.8\nSYR3,Riots,\"a \"\"b\"\"\",36.7,40.9\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let db = scratch.path("t.sqlite")
        let run = try CLI.run(["import", path, "--db", db])
        #expect(run.status == 3)
        #expect(run.stderr.contains("line 3") && run.stderr.contains("event_type is not valid UTF-8"))
        #expect(run.stderr.contains("2 events added"))
        let csv = try eventsCSV(db)
        #expect(csv.contains("SYR1,") && !csv.contains("SYR2,") && csv.contains("\"a \"\"b\"\"\""))
    }

    @Test func nearOverTheStoreGivesTheFileJoinsPairs() throws {
        let scratch = try Scratch()
        var strikes = "id,lon,lat,kind\n", troops = "id,lon,lat\n"
        var rng = SystemRandomNumberGenerator()
        for i in 1...3000 { strikes += "\(i),\(40 + Double.random(in: 0..<0.5, using: &rng)),\(36 + Double.random(in: 0..<0.5, using: &rng)),strike\n" }
        for i in 1...60 { troops += "\(i),\(40 + Double.random(in: 0..<0.5, using: &rng)),\(36 + Double.random(in: 0..<0.5, using: &rng))\n" }
        let s = try scratch.file("strikes.csv", strikes), t = try scratch.file("troops.csv", troops)
        let db = scratch.path("t.sqlite")
        #expect(try CLI.run(["import", s, "--db", db, "--batch", "700"]).status == 0)
        let files = try CLI.run(["near", s, "--to", t, "--within", "2km", "--summary"])
        let store = try CLI.run(["near", "--layer", t, "--within", "2km", "--summary", "--db", db])
        #expect(files.status == 0 && store.status == 0, "\(store.stderr)")
        #expect(files.stdout == store.stdout)
        #expect(files.stdout.hasPrefix("pairs="))
        // With report events beside the imported ones, the whole-column path (no filter) and the row-by-row
        // path (a filter that takes everything) give the same pairs.
        #expect(try CLI.run(["ingest", seeds, "--date", "2023-10-06", "--db", db, "--geodata", geodata]).status == 0)
        let columns = try CLI.run(["near", "--layer", t, "--within", "2km", "--summary", "--db", db])
        let rows = try CLI.run(["near", "--layer", t, "--within", "2km", "--summary", "--db", db, "--bbox=-180,-90,180,90"])
        #expect(columns.stdout == rows.stdout && columns.stdout.hasPrefix("pairs="))
        let near = try CLI.run(["near", "36.5,40.75", "--within", "1km", "--format", "csv", "--db", db])
        #expect(near.stdout.contains("asakah"))
        let bbox = try CLI.run(["events", "--db", db, "--bbox", "40.1,36.1,40.2,36.2", "--format", "csv"])
        let inside = strikes.split(separator: "\n").dropFirst().filter { line in
            let f = line.split(separator: ","); let lon = Double(f[1])!, lat = Double(f[2])!
            return lon >= 40.1 && lon <= 40.2 && lat >= 36.1 && lat <= 36.2
        }
        #expect(bbox.stdout.split(separator: "\n").count - 1 == inside.count)
    }

    /// kill -9 in the middle of an ingest leaves the store consistent, and running it again ends where an
    /// uninterrupted run ends: no report, event or source twice.
    @Test func aKilledIngestFinishesWithoutDuplicates() throws {
        let scratch = try Scratch()
        let texts = try FileManager.default.contentsOfDirectory(atPath: seeds).sorted().map {
            try String(contentsOfFile: "\(seeds)/\($0)", encoding: .utf8)
        }
        var lines = ""
        for i in 0..<450 {
            let record: [String: Any] = ["id": "r\(i)", "text": texts[i % 3] + "\nCopy \(i).", "published": "2023-10-06"]
            lines += String(decoding: try JSONSerialization.data(withJSONObject: record), as: UTF8.self) + "\n"
        }
        let input = try scratch.file("reports.jsonl", lines)
        let clean = scratch.path("clean.sqlite")
        #expect(try CLI.run(["ingest", input, "--db", clean, "--geodata", geodata]).status == 0)

        let killed = scratch.path("killed.sqlite")
        for round in 0..<3 {
            let process = Process()
            process.executableURL = CLI.executable
            process.arguments = ["ingest", input, "--db", killed, "--geodata", geodata, "--quiet"]
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Kill it once it has written something (the WAL grows), at a different point each round.
            let wal = killed + "-wal"
            let deadline = Date().addingTimeInterval(20)
            while process.isRunning, Date() < deadline,
                  ((try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0) < 200_000 * (round + 1) {
                usleep(2_000)
            }
            let wasRunning = process.isRunning
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if round == 0 {
                // The first kill must land mid-run: some reports stored, not all.
                #expect(wasRunning && process.terminationReason == .uncaughtSignal)
                let stored = Int(try python("import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from reports').fetchone()[0])", killed)) ?? -1
                #expect(stored > 0 && stored < 450, "stored \(stored) reports before the kill")
            }
            let check = try integrity(killed)
            #expect(check == "ok", "round \(round): \(check)")
        }
        let rerun = try CLI.run(["ingest", input, "--db", killed, "--geodata", geodata])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(try eventsCSV(killed) == eventsCSV(clean))
        #expect(try tableCounts(killed) == tableCounts(clean))
    }

    func integrity(_ db: String) throws -> String {
        try python("import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('pragma integrity_check').fetchone()[0])", db)
    }

    func tableCounts(_ db: String) throws -> String {
        try python("""
            import sqlite3,sys; c=sqlite3.connect(sys.argv[1])
            print([c.execute(f'select count(*) from {t}').fetchone()[0] for t in ['reports','places','events','event_sources','relations']])
            """, db)
    }

    func python(_ code: String, _ argument: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", code, argument]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return out.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
