import Foundation
import Testing
import TestSupport
import Geometry

@Suite struct NearCommandTests {
    /// Random strikes and troops around Al Hasakah, with the brute-force answer from Geometry's geodesic.
    func layers(strikes: Int, troops: Int, seed: UInt64) -> (strikes: String, troops: String, pairs: [(Int, Int, Double)]) {
        var state = seed
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        func points(_ n: Int) -> [Coordinate] { (0..<n).map { _ in Coordinate(lon: 40.7 + next() * 0.1, lat: 36.45 + next() * 0.1) } }
        let s = points(strikes), t = points(troops)
        var pairs: [(Int, Int, Double)] = []
        for (i, a) in s.enumerated() {
            for (j, b) in t.enumerated() {
                let d = Geodesic.wgs84.distance(from: a, to: b)
                if d <= 1000 { pairs.append((i + 1, j + 1, d)) }
            }
        }
        func csv(_ ps: [Coordinate]) -> String {
            "id,lon,lat,place\n" + ps.enumerated().map { "\($0.offset + 1),\($0.element.x),\($0.element.y),\"Hasakah, \"\"north\"\"\"" }.joined(separator: "\n") + "\n"
        }
        return (csv(s), csv(t), pairs)
    }

    @Test func csvOutputMatchesBruteForce() throws {
        let scratch = try Scratch()
        let (strikes, troops, expected) = layers(strikes: 400, troops: 60, seed: 1)
        let result = try CLI.run(["near", try scratch.file("s.csv", strikes), "--to", try scratch.file("t.csv", troops), "--within", "1km"])
        #expect(result.status == 0, "\(result.stderr)")
        var lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.removeFirst() == "a_id,b_id,distance_m")
        #expect(lines.count == expected.count)
        #expect(!expected.isEmpty)
        for (line, want) in zip(lines, expected) {
            let f = line.split(separator: ",")
            #expect(Int(f[0]) == want.0 && Int(f[1]) == want.1)
            #expect(abs(Double(f[2])! - want.2) <= 0.0005)
        }
    }

    @Test func summaryIsThePeersAnswerLine() throws {
        let scratch = try Scratch()
        let (strikes, troops, expected) = layers(strikes: 300, troops: 50, seed: 2)
        let result = try CLI.run(["near", try scratch.file("s.csv", strikes), "--to", try scratch.file("t.csv", troops), "--within", "1000m", "--summary"])
        var sum: UInt64 = 0
        for (a, b, _) in expected { sum = sum &+ (UInt64(a) &* 1_000_003 &+ UInt64(b)) }
        #expect(result.stdout == "pairs=\(expected.count) checksum=\(sum % (1 << 61))\n")
    }

    @Test func geoJSONInputAndOutput() throws {
        let scratch = try Scratch()
        let (strikes, troops, expected) = layers(strikes: 200, troops: 40, seed: 3)
        let s = try scratch.file("s.csv", strikes), t = try scratch.file("t.csv", troops)
        #expect(try CLI.run(["convert", s, "--format", "geojson", "-o", scratch.path("s.geojson")]).status == 0)
        #expect(try CLI.run(["convert", t, "--format", "geojsonseq", "-o", scratch.path("t.geojsons")]).status == 0)
        let out = scratch.path("pairs.geojson")
        let result = try CLI.run(["near", scratch.path("s.geojson"), "--to", scratch.path("t.geojsons"), "--within", "1km",
                                  "--format", "geojson", "-o", out])
        #expect(result.status == 0, "\(result.stderr)")
        let doc = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as! [String: Any]
        let features = doc["features"] as! [[String: Any]]
        #expect(features.count == expected.count)
        let first = features[0]["properties"] as! [String: Any]
        #expect(first["a_id"] as? Int == expected[0].0 && first["b_id"] as? Int == expected[0].1)
        #expect((features[0]["geometry"] as! [String: Any])["type"] as? String == "LineString")
        let check = try runValidator(out)
        #expect(check.status == 0, "\(check.output)")
    }

    @Test func stdinAndPolygonTargets() throws {
        let scratch = try Scratch()
        let region = #"{"type":"Feature","id":"hasakah-box","geometry":{"type":"Polygon","coordinates":[[[40.70,36.45],[40.80,36.45],[40.80,36.55],[40.70,36.55],[40.70,36.45]]]},"properties":{}}"#
        let result = try CLI.run(["near", "-", "--to", try scratch.file("r.geojson", region), "--within", "2km"],
                                 stdin: "id,lon,lat\n1,40.75,36.50\n2,40.8112,36.5\n3,41.5,36.5\n")
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[1] == "1,hasakah-box,0")
        #expect(lines[2].hasPrefix("2,hasakah-box,100"))
    }

    @Test func aMissingPROJDatabaseSaysHowToFixIt() throws {
        let scratch = try Scratch()
        let region = try scratch.file("r.geojson", #"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}"#)
        let result = try CLI.run(["near", "-", "--to", region, "--within", "1km"], stdin: "lon,lat\n0.5,0.2\n",
                                 environment: ["PROJ_DATA": "/nonexistent", "PROJ_LIB": "/nonexistent"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("PROJ cannot read its database proj.db"))
        #expect(result.stderr.contains("apt-get install proj-data"))
    }

    @Test func badRowsAreReportedSkippedAndSetTheExitCode() throws {
        let scratch = try Scratch()
        let s = try scratch.file("s.csv", "id,lon,lat\n1,40.75,36.5\n2,40.75,not-a-lat\n3,40.751,36.5\n")
        let t = try scratch.file("t.csv", "id,lon,lat\n9,40.75,36.501\n")
        let lenient = try CLI.run(["near", s, "--to", t, "--within", "1km"])
        #expect(lenient.status == 3)
        #expect(lenient.stderr.contains("s.csv: line 3: lat is not a number: \"not-a-lat\" (skipped)"))
        #expect(lenient.stdout.split(separator: "\n").count == 3)
        let strict = try CLI.run(["near", s, "--to", t, "--within", "1km", "--strict"])
        #expect(strict.status == 1)
        #expect(strict.stdout.isEmpty)
    }

    @Test func argumentsAreChecked() throws {
        #expect(try CLI.run(["near", "a.csv", "--to", "b.csv", "--within", "-1km"]).status != 0)
        #expect(try CLI.run(["near", "a.csv", "--to", "b.csv", "--within", "1 parsec"]).status != 0)
        let missing = try CLI.run(["near", "/nonexistent.csv", "--to", "b.csv", "--within", "1km"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("/nonexistent.csv: no such file"))
    }
}

@Suite struct OtherCommandTests {
    @Test func distanceInAllUnitsAndFormats() throws {
        let text = try CLI.run(["distance", "36.50,40.75", "39.93,32.86"])
        #expect(text.stdout == "distance_m=788479.003 initial_azimuth_deg=301.257265 final_azimuth_deg=296.369422\n")
        let json = try CLI.run(["distance", "--format", "json", "36.5,40.75", "36.51,40.75"])
        #expect(json.stdout.hasPrefix("{\"distance_m\":1109.684,"))
        let south = try CLI.run(["distance", "--", "-33.8688,151.2093", "-33.4489,-70.6693"])
        #expect(south.stdout.hasPrefix("distance_m=11368984.48 "))
        #expect(try CLI.run(["distance", "95,0", "0,0"]).status != 0)
    }

    @Test func bufferWritesAValidGeodesicRing() throws {
        let scratch = try Scratch()
        let out = scratch.path("ring.geojson")
        let result = try CLI.run(["buffer", "36.50,40.75", "--radius", "1km", "-o", out])
        #expect(result.status == 0, "\(result.stderr)")
        let check = try runValidator(out)
        #expect(check.status == 0, "\(check.output)")
        let wkt = try CLI.run(["buffer", "36.50,40.75", "--radius", "0.5nmi", "--segments", "16", "--format", "wkt"])
        let ring = try Geometry(wkt: wkt.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(ring.allCoordinates.count == 17)
        for c in ring.allCoordinates {
            #expect(abs(Geodesic.wgs84.distance(from: Coordinate(lon: 40.75, lat: 36.5), to: c) - 926) < 0.1)
        }
    }

    @Test func convertRoundTripKeepsEveryPropertyAndType() throws {
        let scratch = try Scratch()
        let csv = try scratch.file("in.csv", "id,lon,lat,kind,score,place\n1,40.75,36.5,strike,0.5,\"Aleppo (حلب), \"\"old\"\"\"\n2,38.99,35.95,troops,,Homs\n")
        try "\"Integer\",\"Real\",\"Real\",\"String\",\"Real\",\"String\"\n".write(toFile: scratch.path("in.csvt"), atomically: true, encoding: .utf8)
        #expect(try CLI.run(["convert", csv, "--format", "geojson", "-o", scratch.path("a.geojson")]).status == 0)
        #expect(try CLI.run(["convert", scratch.path("a.geojson"), "--format", "csv", "-o", scratch.path("b.csv")]).status == 0)
        #expect(try String(contentsOfFile: scratch.path("b.csvt"), encoding: .utf8) == "\"Real\",\"Real\",\"Integer64\",\"String\",\"Real\",\"String\"\n")
        #expect(try CLI.run(["convert", scratch.path("b.csv"), "--format", "geojson", "-o", scratch.path("c.geojson")]).status == 0)
        let a = try String(contentsOfFile: scratch.path("a.geojson"), encoding: .utf8)
        let c = try String(contentsOfFile: scratch.path("c.geojson"), encoding: .utf8)
        #expect(a.contains(#""properties":{"id":1,"kind":"strike","score":0.5,"place":"Aleppo (حلب), \"old\""}"#))
        #expect(c.contains(#""id":1,"#) && c.contains(#""score":0.5"#) && c.contains(#""score":null"#))
        let check = try runValidator(scratch.path("c.geojson"), extra: ["--same-as", scratch.path("a.geojson")])
        #expect(check.status == 0, "\(check.output)")
    }

    @Test func convertReportsBadFeaturesByPlace() throws {
        let scratch = try Scratch()
        let bad = try scratch.file("bad.geojson", #"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[200,0]},"properties":{}},{"type":"Feature","geometry":null,"properties":{"ok":true}}]}"#)
        let result = try CLI.run(["convert", bad, "--format", "geojsonseq"])
        #expect(result.status == 3)
        #expect(result.stderr.contains("bad.geojson: feature 1 (byte 40): invalid coordinate: longitude 200.0 outside [-180, 180] (skipped)"))
        #expect(result.stdout.split(separator: "\n").count == 1)
        let broken = try scratch.file("broken.geojson", #"{"type":"FeatureCollection","features":[{"type":"Feature""#)
        let stop = try CLI.run(["convert", broken, "--format", "csv"])
        #expect(stop.status == 1)
        #expect(stop.stderr.contains("broken.geojson: byte 57: expected '}', found the end of the input"))
    }
}

@Suite struct GeocodeCommandTests {
    let geodata = projectRoot.appendingPathComponent("Tests/GazetteerTests/Fixture").path

    @Test func namesResolveInOrderWithStatuses() throws {
        let result = try CLI.run(["geocode", "--geodata", geodata, "--format", "jsonl", "Al Hasakah", "Xyzzyplace", "Turkish", "Homs, Syria"])
        #expect(result.status == 0, "\(result.stderr)")
        let records = result.stdout.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(records.map { $0["query"] as? String } == ["Al Hasakah", "Xyzzyplace", "Turkish", "Homs, Syria"])
        #expect(records.map { $0["status"] as? String } == ["ok", "not_found", "ok", "ok"])
        #expect(records[0]["geonameid"] as? Int == 173811 && records[0]["kind"] as? String == "city")
        #expect(records[0]["admin1"] as? String == "Al-Hasakah" && records[0]["country"] as? String == "SY")
        #expect(records[0]["country_name"] as? String == "Syria")
        #expect(records[2]["country"] as? String == "TR")
        #expect(records[3]["country"] as? String == "SY")
        for key in ["query", "status", "name", "lat", "lon", "kind", "country", "admin1", "geonameid", "population", "score"] {
            #expect(records[0][key] != nil, "missing \(key)")
        }
    }

    @Test func limitListsAlternatives() throws {
        let result = try CLI.run(["geocode", "--geodata", geodata, "--format", "jsonl", "--limit", "3", "Homs"])
        let record = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        let alternatives = try #require(record["alternatives"] as? [[String: Any]])
        #expect(alternatives.count == 2)
        #expect(alternatives.contains { $0["country"] as? String == "LY" || $0["kind"] as? String == "admin1" })
        // The table (the default format) lists them too, each ranked under its query's row.
        let table = try CLI.run(["geocode", "--geodata", geodata, "--limit", "3", "Homs", "Ankara"])
        let firstCells = table.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: " ").first.map(String.init) }
        #expect(firstCells == ["Homs", "#2", "#3", "Ankara", "#2"])
    }

    @Test func batchKeepsEveryRowInOrder() throws {
        let scratch = try Scratch()
        let lines = try scratch.file("names.txt", "Ankara\n\nXyzzyplace\nAl-Hasakah\n")
        let csv = try scratch.file("events.csv", "id,place\n1,Ankara\n2,\"Homs, Syria\"\n3\n4,Nowhere at all\n")
        let jsonl = try scratch.file("names.jsonl", "{\"name\":\"Ankara\"}\n{\"id\":3}\n{\"name\":\"Hasaka\"}\n")
        let plain = try CLI.run(["geocode", "--geodata", geodata, "--batch", lines, "--format", "csv"])
        #expect(plain.status == 0)
        #expect(plain.stdout.split(separator: "\n").dropFirst().map { String($0.split(separator: ",", omittingEmptySubsequences: false)[1]) }
                == ["ok", "not_found", "not_found", "ok"])
        let column = try CLI.run(["geocode", "--geodata", geodata, "--batch", csv, "--column", "place", "--format", "jsonl"])
        #expect(column.status == 3)  // row 3 has no place field: reported, and still answered
        #expect(column.stderr.contains("line 4: no place field"))
        #expect(column.stdout.split(separator: "\n").count == 4)
        let records = try CLI.run(["geocode", "--geodata", geodata, "--batch", jsonl, "--format", "jsonl"])
        #expect(records.stdout.split(separator: "\n").count == 3)
        #expect(records.stderr.contains("line 2: a JSON record without a \"name\" string"))
        let stdin = try CLI.run(["geocode", "--geodata", geodata, "--batch", "-", "--format", "geojson"], stdin: "Ankara\nXyzzyplace\n")
        #expect(stdin.stdout.contains("\"geometry\":null"))
    }

    @Test func argumentsAreChecked() throws {
        #expect(try CLI.run(["geocode", "--geodata", geodata]).status != 0)
        #expect(try CLI.run(["geocode", "--geodata", geodata, "--country", "Syria", "Homs"]).status != 0)
        #expect(try CLI.run(["geocode", "--geodata", geodata, "--column", "x", "Homs"]).status != 0)
        let missing = try CLI.run(["geocode", "--geodata", "/nonexistent", "Homs"])
        #expect(missing.status == 1 && missing.stderr.contains("scripts/build-geodata"))
    }
}

@Suite struct ParseCommandTests {
    let geodata = projectRoot.appendingPathComponent("Tests/GazetteerTests/Fixture").path

    @Test func goldSpansResolveWithTheDocumentAsContext() throws {
        let scratch = try Scratch()
        // Offsets are code points: the Arabic and the emoji before the spans must not shift them.
        let text = "حلب 🙂 Strikes hit Homs and Al Hasakah in northern Syria."
        let scalars = Array(text.unicodeScalars)
        func span(_ s: String) -> (Int, Int) {
            let needle = Array(s.unicodeScalars)
            let start = (0...(scalars.count - needle.count)).first { Array(scalars[$0..<($0 + needle.count)]) == needle }!
            return (start, start + needle.count)
        }
        let mentions = ["Homs", "Al Hasakah", "northern Syria"].map(span)
        let record: [String: Any] = ["id": "r1", "text": text, "mentions": mentions.map { ["start": $0.0, "end": $0.1] }]
        let input = try scratch.file("in.jsonl", String(decoding: try JSONSerialization.data(withJSONObject: record), as: UTF8.self)
                                     + "\n{\"id\":\"r2\",\"text\":\"no places here\"}\n{\"id\": broken\n{\"id\":\"r4\"}\n")
        let result = try CLI.run(["parse", input, "--geodata", geodata])
        #expect(result.status == 3)  // lines 3 and 4 are bad: reported by line, skipped, the rest answered
        #expect(result.stderr.contains("line 3: invalid JSON"))
        #expect(result.stderr.contains("line 4: no \"text\" string"))
        let lines = result.stdout.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(lines.count == 2)
        let places = lines[0]["places"] as! [[String: Any]]
        #expect(places.map { $0["text"] as? String } == ["Homs", "Al Hasakah", "northern Syria"])
        #expect(places[0]["country"] as? String == "SY" && places[0]["geonameid"] as? Int == 169577)
        #expect(places[1]["geonameid"] as? Int == 173811)
        #expect(places[2]["kind"] as? String == "region")
        #expect(places[0]["start"] as? Int == mentions[0].0)
        #expect((lines[1]["places"] as! [Any]).isEmpty)
    }

    @Test func plainTextFilesAndDirectoriesParseEndToEnd() throws {
        let scratch = try Scratch()
        let folder = scratch.url.appendingPathComponent("reports")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "Turkish drones conducted airstrikes in Al Hasakah on Thursday. Ankara said nothing.".write(
            to: folder.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        try Data([0x48, 0x6F, 0x6D, 0x73, 0xFF, 0x0A]).write(to: folder.appendingPathComponent("b.txt"))
        let result = try CLI.run(["parse", folder.path, "--date", "2023-10-06", "--geodata", geodata])
        #expect(result.status == 3)
        #expect(result.stderr.contains("b.txt: byte 4: not UTF-8 text"))
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        let record = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as! [String: Any]
        #expect(record["id"] as? String == "a")
        let places = record["places"] as! [[String: Any]]
        #expect(places.contains { $0["text"] as? String == "Ankara" && $0["role"] as? String == "metonym" })
        let events = record["events"] as! [[String: Any]]
        #expect(events.count == 1)
        #expect(events.first?["event_date"] as? String == "2023-10-05")
        #expect(events.first?["sub_event_type"] as? String == "Air/drone strike")
        #expect(events.first?["actor1"] as? String == "Military Forces of Turkey (2016-)")

        let strict = try CLI.run(["parse", folder.path, "--strict", "--geodata", geodata])
        #expect(strict.status == 1)
        let badDate = try CLI.run(["parse", folder.path, "--date", "6 Oct", "--geodata", geodata])
        #expect(badDate.status != 0 && badDate.stderr.contains("--date"))
    }

    @Test func geojsonOutputValidates() throws {
        let scratch = try Scratch()
        let input = try scratch.file("a.txt", "Drones struck Homs, Syria, on Thursday, killing at least 5 people.")
        let result = try CLI.run(["parse", input, "--date", "2023-10-06", "--format", "geojson", "--geodata", geodata])
        #expect(result.status == 0)
        let path = try scratch.file("out.geojson", result.stdout)
        let check = try runValidator(path)
        #expect(check.status == 0, "\(check.output)")
        #expect(result.stdout.contains("\"layer\":\"events\"") && result.stdout.contains("\"fatalities\":5"))
    }
}
