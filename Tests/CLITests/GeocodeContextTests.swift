import Foundation
import Testing
import TestSupport

@Suite struct GeocodeContextTests {
    let geodata = projectRoot.appendingPathComponent("Tests/GazetteerTests/Fixture").path

    func countries(_ output: String) -> [String] {
        output.split(separator: "\n").map { line in
            let record = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return record?["country"] as? String ?? "-"
        }
    }

    @Test func eachRowsCountryAdmin1AndNearAreItsContext() throws {
        let scratch = try Scratch()
        let jsonl = try scratch.file("rows.jsonl", """
            {"name":"Homs","country":"Libya"}
            {"name":"Homs","country":"SY"}
            {"name":"Homs"}
            {"name":"Homs","near":"32.6,14.2"}
            {"name":"Homs","near":[32.6,14.2]}

            """)
        let rows = try CLI.run(["geocode", "--geodata", geodata, "--batch", jsonl, "--format", "jsonl"])
        #expect(rows.status == 0)
        #expect(countries(rows.stdout) == ["LY", "SY", "SY", "LY", "LY"])
        let csv = try scratch.file("rows.csv", "place,country,admin1\nHoms,Libya,\nHoms,,\nHoms,Narnia,\n")
        let columns = try CLI.run(["geocode", "--geodata", geodata, "--batch", csv, "--column", "place", "--format", "jsonl"])
        #expect(countries(columns.stdout) == ["LY", "SY", "SY"])
        // A country the gazetteer does not know is reported, and its row answered without it.
        #expect(columns.status == 3 && columns.stderr.contains("Narnia"))
    }

    @Test func cityDashPartWithoutThePartIsTheCityAtGeoPrecisionTwo() throws {
        let result = try CLI.run(["geocode", "--geodata", geodata, "--format", "jsonl", "Damascus - Unknown Quarter", "Damascus"])
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].contains("\"geonameid\":170654") && lines[0].contains("\"geo_precision\":2"))
        #expect(lines[1].contains("\"geonameid\":170654") && lines[1].contains("\"geo_precision\":1"))
    }
}
