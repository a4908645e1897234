import Foundation
import Testing
import TestSupport

/// Issue 15's "Found" list, case by case: ordinary mistakes give a clear error naming the file and line or
/// record, exit 1 (stopped) or 3 (records skipped), and leave every existing file as it was.
@Suite struct ReliabilityTests {
    let geodata = projectRoot.appendingPathComponent("Tests/GazetteerTests/Fixture").path
    let points = "id,lon,lat\n1,40.70,36.50\n2,40.71,36.51\n3,40.90,36.70\n"

    func contents(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    /// Files in a folder other than those named: temporary files an output left behind.
    func strays(_ folder: String, besides names: Set<String>) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter { !names.contains($0) }
    }

    // MARK: 1. Output = input

    @Test func anOutputThatIsTheInputIsRefusedBeforeReading() throws {
        let scratch = try Scratch()
        let csv = try scratch.file("pts.csv", points)
        let geojson = scratch.path("pts.geojson")
        #expect(try CLI.run(["convert", csv, "--format", "geojson", "-o", geojson]).status == 0)
        let before = (try contents(csv), try contents(geojson))
        for (input, format) in [(csv, "csv"), (geojson, "geojson")] {
            let result = try CLI.run(["convert", input, "--format", format, "-o", input])
            #expect(result.status == 1)
            #expect(result.stderr.contains("\(input): the output is an input"))
        }
        let link = scratch.path("same.csv")
        try FileManager.default.linkItem(atPath: csv, toPath: link)
        #expect(try CLI.run(["convert", csv, "--format", "csv", "-o", link]).status == 1)
        let near = try CLI.run(["near", csv, "--to", geojson, "--within", "1km", "-o", csv])
        #expect(near.status == 1 && near.stderr.contains("the output is an input"))
        #expect(try contents(csv) == before.0 && contents(geojson) == before.1)
        // An empty input named as the store would have been made a database.
        let empty = try scratch.file("empty.csv", "")
        let store = try CLI.run(["import", empty, "--db", empty])
        #expect(store.status == 1 && store.stderr.contains("the output is an input"))
        #expect(try contents(empty).isEmpty)
        #expect(try strays(scratch.url.path, besides: ["pts.csv", "pts.geojson", "same.csv", "empty.csv"]).isEmpty)
    }

    // MARK: 2. Crashes on ordinary mistakes

    @Test func aDirectoryGivenAsAFileIsAnError() throws {
        let scratch = try Scratch()
        let folder = scratch.path("layer.csv")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let csv = try scratch.file("pts.csv", points)
        let runs: [[String]] = [
            ["convert", folder, "--format", "geojson"],
            ["near", folder, "--to", csv, "--within", "1km"],
            ["near", csv, "--to", folder, "--within", "1km"],
            ["geocode", "--batch", folder, "--geodata", geodata],
        ]
        for arguments in runs {
            let result = try CLI.run(shell: #"exec "$0" "$@""#, arguments)
            #expect(result.status == 1, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("\(folder): is a directory, not a file"), "\(arguments)")
        }
        let imported = try CLI.run(shell: #"exec "$0" "$@""#, ["import", folder, csv, "--db", scratch.path("t.sqlite")])
        #expect(imported.status == 3 && imported.stderr.contains("\(folder): is a directory, not a file"))
        #expect(imported.stderr.contains("3 events added"))
    }

    @Test func aClosedStandardInputIsAnError() throws {
        let scratch = try Scratch()
        let csv = try scratch.file("pts.csv", points)
        let runs: [(arguments: [String], status: Int32)] = [
            (["convert", "-", "--format", "geojson"], 1),
            (["near", "-", "--to", csv, "--within", "1km"], 1),
            (["geocode", "--batch", "-", "--geodata", geodata], 1),
            (["parse", "-", "--geodata", geodata], 3),
        ]
        for run in runs {
            let result = try CLI.run(shell: #"exec "$0" "$@" <&-"#, run.arguments)
            #expect(result.status == run.status, "\(run.arguments): \(result.stderr)")
            #expect(result.stderr.contains("<stdin>") && result.stderr.contains("cannot be read (closed)"), "\(run.arguments)")
        }
    }

    @Test func deeplyNestedWKTIsABadRowWithItsLine() throws {
        let scratch = try Scratch()
        let deep = String(repeating: "GEOMETRYCOLLECTION(", count: 30_000) + "POINT(1 2)" + String(repeating: ")", count: 30_000)
        let csv = try scratch.file("deep.csv", "id,wkt\n1,\"POINT (40.7 36.5)\"\n2,\"\(deep)\"\n")
        let result = try CLI.run(shell: #"exec "$0" "$@""#, ["convert", csv, "--format", "geojson"])
        #expect(result.status == 3)
        #expect(result.stderr.contains("deep.csv: line 3: invalid WKT: nesting deeper than 64 levels"))
        #expect(result.stdout.contains("[40.7,36.5]"))
        let strict = try CLI.run(shell: #"exec "$0" "$@""#, ["convert", csv, "--format", "geojson", "--strict"])
        #expect(strict.status == 1)
    }

    // MARK: 3. Outputs written in place

    @Test func aFailedConvertLeavesTheOldOutput() throws {
        let scratch = try Scratch()
        let good = try scratch.file("pts.csv", points)
        let out = scratch.path("out.geojson")
        #expect(try CLI.run(["convert", good, "--format", "geojson", "-o", out]).status == 0)
        let before = try contents(out)
        // An unbalanced quote stops the read: no half-written GeoJSON where the good one was.
        let broken = try scratch.file("broken.csv", "id,lon,lat\n1,40.7,36.5\n2,\"40.8,36.6\n")
        let stopped = try CLI.run(["convert", broken, "--format", "geojson", "-o", out])
        #expect(stopped.status == 1 && stopped.stderr.contains("broken.csv: line 3: a quoted field is never closed"))
        #expect(try contents(out) == before)
        // The disk fills (a file size limit here): the error names the output, the old file stays.
        let big = try scratch.file("big.csv", "id,lon,lat\n" + (1...400).map { "\($0),40.\($0),36.5" }.joined(separator: "\n") + "\n")
        let full = try CLI.run(shell: #"trap "" XFSZ; ulimit -f 2; exec "$0" "$@""#, ["convert", big, "--format", "geojson", "-o", out])
        #expect(full.status == 1)
        #expect(full.stderr.contains("Error: \(out): cannot write: File too large"))  // the output, not the input
        #expect(try contents(out) == before)
        #expect(try strays(scratch.url.path, besides: ["pts.csv", "broken.csv", "big.csv", "out.geojson"]).isEmpty)
    }

    @Test func aFailedExportLeavesTheOldLayerSet() throws {
        let scratch = try Scratch()
        let db = scratch.path("t.sqlite")
        let seeds = projectRoot.appendingPathComponent("seeds").path
        #expect(try CLI.run(["ingest", seeds, "--date", "2023-10-06", "--db", db, "--geodata", geodata]).status == 0)
        let out = scratch.path("out")
        #expect(try CLI.run(["export", "--out", out, "--db", db]).status == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(names == ["events.geojson", "places.geojson", "positions.geojson", "proximity.geojson", "regions.geojson"])
        let before = try names.map { try contents("\(out)/\($0)") }
        #expect(try CLI.run(["add-position", "--name", "US troops", "--at", "36.5,40.75", "--radius", "1km", "--db", db]).status == 0)
        #expect(try CLI.run(["events", "--db", db]).status == 0)  // the store checkpointed: export only reads it
        // Files may grow to 33 KiB (SQLite's 32 KiB shared-memory file fits): events.geojson is written, the
        // 35 KiB places.geojson is not, so the run fails half way through the set.
        let failed = try CLI.run(shell: #"trap "" XFSZ; ulimit -f 66; exec "$0" "$@""#, ["export", "--out", out, "--db", db])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("\(out)/places.geojson: cannot write: File too large"), "\(failed.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted() == names)
        #expect(try names.map { try contents("\(out)/\($0)") } == before)
    }

    // MARK: 4. Record numbers are positions in the file

    @Test func recordNumbersArePositionsAfterASkippedFeature() throws {
        let scratch = try Scratch()
        let layer = try scratch.file("a.geojson", """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[400,36.5]}},
            {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[500,36.5]}},
            {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[40.75,36.5]}}]}
            """)
        let target = try scratch.file("b.csv", "id,lon,lat\n9,40.75,36.5\n")
        let result = try CLI.run(["near", layer, "--to", target, "--within", "1km"])
        #expect(result.status == 3)
        #expect(result.stderr.contains("a.geojson: feature 1 (byte 41)") && result.stderr.contains("a.geojson: feature 2 (byte 130)"))
        // The point without an id is the third feature of the file, whatever came before it.
        #expect(result.stdout == "a_id,b_id,distance_m\n3,9,0\n")
        let sequence = try scratch.file("a.geojsons", "{\"type\":\"Point\",\"coordinates\":[400,1]}\n\n{\"type\":\"Point\",\"coordinates\":[40.75,36.5]}\n")
        let lines = try CLI.run(["near", sequence, "--to", target, "--within", "1km"])
        #expect(lines.stderr.contains("a.geojsons: line 1:") && lines.stdout == "a_id,b_id,distance_m\n2,9,0\n")
    }

    // MARK: 5. Silent changes of input

    @Test func invalidUTF8AndBadFieldsInBatchGeocodingAreReported() throws {
        let scratch = try Scratch()
        let names = scratch.path("names.txt")
        try Data([0x41, 0x6E, 0x6B, 0x61, 0x72, 0x61, 0x0A, 0x48, 0xFF, 0x6D, 0x73, 0x0A]).write(to: URL(fileURLWithPath: names))
        let lines = try CLI.run(["geocode", "--batch", names, "--format", "csv", "--geodata", geodata])
        #expect(lines.status == 3 && lines.stderr.contains("names.txt: line 2: not valid UTF-8"))
        #expect(!lines.stdout.contains("\u{FFFD}"))
        #expect(lines.stdout.split(separator: "\n").count == 3)  // every row answered, the bad one as not_found
        let csv = scratch.path("names.csv")
        try Data("id,place\n1,Ankara\n2,H".utf8 + [0xFF] + Data("ms\n3\n".utf8)).write(to: URL(fileURLWithPath: csv))
        let column = try CLI.run(["geocode", "--batch", csv, "--column", "place", "--format", "csv", "--geodata", geodata])
        #expect(column.status == 3)
        #expect(column.stderr.contains("names.csv: line 3: the place field is not valid UTF-8"))
        #expect(column.stderr.contains("names.csv: line 4: no place field"))
    }

    @Test func numbersAndWKTAreNotReadAsSomethingElse() throws {
        let scratch = try Scratch()
        let csv = try scratch.file("hex.csv", "id,lon,lat\n1,0x10,36.5\n2,inf,1\n3,40.7,36.5\n")
        let hex = try CLI.run(["convert", csv, "--format", "geojson"])
        #expect(hex.status == 3)
        #expect(hex.stderr.contains("hex.csv: line 2: lon is not a number: \"0x10\"") && hex.stderr.contains("hex.csv: line 3: lon is not a number"))
        #expect(!hex.stdout.contains("[16,"))
        let wkt = try scratch.file("wkt.csv", "id,wkt\n1,POINT (nan nan)\n2,POINT EMPTY\n3,\"POINT (0x10 1)\"\n4,POINT (40.7 36.5)\n")
        let read = try CLI.run(["convert", wkt, "--format", "geojson"])
        #expect(read.status == 3)
        #expect(read.stderr.contains("wkt.csv: line 2: invalid WKT: \"nan\""))
        #expect(read.stderr.contains("wkt.csv: line 3: the wkt is an empty geometry"))
        #expect(read.stderr.contains("wkt.csv: line 4: invalid WKT: \"0x10\" is not a decimal number"))
        #expect(!read.stdout.contains("GeometryCollection") && read.stdout.contains("[40.7,36.5]"))
    }

    @Test func anEmptyMultiPolygonIsReportedNotKept() throws {
        let scratch = try Scratch()
        let regions = try scratch.file("r.geojson", """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","id":"none","properties":{},"geometry":{"type":"MultiPolygon","coordinates":[]}},
            {"type":"Feature","id":"box","properties":{},"geometry":{"type":"Polygon","coordinates":[[[40,36],[41,36],[41,37],[40,37],[40,36]]]}}]}
            """)
        let result = try CLI.run(["near", try scratch.file("p.csv", points), "--to", regions, "--within", "1km"])
        #expect(result.status == 3)
        #expect(result.stderr.contains("r.geojson: feature 1 (byte 41): an empty MultiPolygon: it cannot be near anything"))
        #expect(result.stdout.contains("1,box,0"))
    }

    @Test func importGoesOnPastAMalformedFile() throws {
        let scratch = try Scratch()
        let broken = try scratch.file("broken.geojson", #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[40,36]}},{"#)
        let good = try scratch.file("good.csv", points)
        let db = scratch.path("t.sqlite")
        let result = try CLI.run(["import", broken, scratch.path("missing.csv"), good, "--db", db])
        #expect(result.status == 3)
        #expect(result.stderr.contains("broken.geojson: byte ") && result.stderr.contains("missing.csv: no such file"))
        // The feature before the syntax error and every row of the next file are stored.
        #expect(result.stderr.contains("import: 4 events added"))
        #expect(result.stderr.contains("2 files not read to the end"))
        let strict = try CLI.run(["import", broken, good, "--db", scratch.path("s.sqlite"), "--strict"])
        #expect(strict.status == 1 && !strict.stderr.contains("events added"))
    }

    @Test func ingestReportsWhatADirectoryHoldsBesideReports() throws {
        let scratch = try Scratch()
        let folder = scratch.path("reports")
        try FileManager.default.createDirectory(atPath: folder + "/sub", withIntermediateDirectories: true)
        _ = try scratch.file("reports/a.txt", "Turkish drones struck Al Hasakah on Thursday.")
        _ = try scratch.file("reports/b.txt", "A suicide bomber attacked the interior ministry in Ankara on Sunday.")
        _ = try scratch.file("reports/c.txt", "Clashes in Homs.")
        try FileManager.default.createSymbolicLink(atPath: folder + "/broken.txt", withDestinationPath: scratch.path("nowhere"))
        chmod(folder + "/b.txt", 0)
        // Without the capability to override file permissions, root cannot read b.txt either.
        let result = try CLI.run(shell: #"exec setpriv --bounding-set=-dac_override,-dac_read_search "$0" "$@""#,
                                 ["ingest", folder, "--date", "2023-10-06", "--db", scratch.path("t.sqlite"), "--geodata", geodata])
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("reports/b.txt: file: cannot be opened: Permission denied"))
        #expect(result.stderr.contains("reports/sub: directory: a subdirectory is not read"))
        #expect(result.stderr.contains("reports/broken.txt: file: a broken link"))
        #expect(result.stderr.contains("5 reports read: 2 stored"))
    }

    // MARK: 6. Memory that follows the layers, not the answer

    /// --nearest K keeps K pairs a target as the answer streams by: the same pairs as sorting them all.
    @Test func nearestKeepsTheKNearestOfEachTarget() throws {
        let scratch = try Scratch()
        var state: UInt64 = 5
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        let a = (1...600).map { ($0, 40.7 + next() * 0.1, 36.45 + next() * 0.1) }
        let b = (1...30).map { ($0, 40.7 + next() * 0.1, 36.45 + next() * 0.1) }
        func csv(_ rows: [(Int, Double, Double)]) -> String { "id,lon,lat\n" + rows.map { "\($0.0),\($0.1),\($0.2)" }.joined(separator: "\n") + "\n" }
        let aPath = try scratch.file("a.csv", csv(a)), bPath = try scratch.file("b.csv", csv(b))
        let all = try CLI.run(["near", aPath, "--to", bPath, "--within", "3km"])
        #expect(all.status == 0)
        let rows = all.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
        var expected: [String] = []
        for t in b.map(\.0) {
            let mine = rows.filter { Int($0[1]) == t }.sorted { (Double($0[2]) ?? 0, Int($0[0]) ?? 0) < (Double($1[2]) ?? 0, Int($1[0]) ?? 0) }
            expected += mine.prefix(3).map { $0.joined(separator: ",") }
        }
        #expect(expected.count == 90)
        let nearest = try CLI.run(["near", aPath, "--to", bPath, "--within", "3km", "--nearest", "3"])
        #expect(nearest.status == 0)
        #expect(nearest.stdout.split(separator: "\n").dropFirst().map(String.init).sorted() == expected.sorted())
        let summary = try CLI.run(["near", aPath, "--to", bPath, "--within", "3km", "--nearest", "3", "--summary"])
        var sum: UInt64 = 0
        for row in expected.map({ $0.split(separator: ",") }) { sum = sum &+ (UInt64(row[0]) ?? 0) &* 1_000_003 &+ (UInt64(row[1]) ?? 0) }
        #expect(summary.stdout == "pairs=90 checksum=\(sum % (1 << 61))\n")
    }

    /// Pairs stream in position order; layers whose ids do not follow their positions are put in id order
    /// first, so the output is still sorted by id.
    @Test func streamedPairsAreInIDOrder() throws {
        let scratch = try Scratch()
        let a = try scratch.file("a.csv", "id,lon,lat\nz,40.75,36.5\nb,40.75,36.5\n10,40.75,36.5\n")
        let b = try scratch.file("b.csv", "id,lon,lat\nq,40.75,36.5\n3,40.75,36.5\n")
        let result = try CLI.run(["near", a, "--to", b, "--within", "1m"])
        #expect(result.stdout == "a_id,b_id,distance_m\n10,3,0\n10,q,0\nb,3,0\nb,q,0\nz,3,0\nz,q,0\n")
    }

    /// A report over --max-bytes is refused with its size, and the others are parsed.
    @Test func aReportOverMaxBytesIsRefusedWithItsSize() throws {
        let scratch = try Scratch()
        let long = String(repeating: "Turkish drones struck Al Hasakah on Thursday. ", count: 40)
        let input = try scratch.file("in.jsonl", "{\"id\":\"short\",\"text\":\"Strikes hit Homs.\"}\n{\"id\":\"long\",\"text\":\"\(long)\"}\n")
        let result = try CLI.run(["parse", input, "--max-bytes", "1000", "--geodata", geodata])
        #expect(result.status == 3)
        #expect(result.stderr.contains("in.jsonl: line 2: 1840 bytes of text, over the 1000 bytes a report may hold (--max-bytes)"))
        #expect(result.stdout.contains("\"id\":\"short\"") && !result.stdout.contains("\"id\":\"long\""))
        let file = try scratch.file("long.txt", long)
        let plain = try CLI.run(["parse", file, "--max-bytes", "1000", "--geodata", geodata])
        #expect(plain.status == 3 && plain.stderr.contains("long.txt: file: 1840 bytes of text"))
        #expect(try CLI.run(["parse", file, "--geodata", geodata]).status == 0)
    }
}
