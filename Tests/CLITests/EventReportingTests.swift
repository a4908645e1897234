import Foundation
import Testing
import TestSupport

/// How parse reports what it could not read, and the reports that gave no event (issue 16, items 8 and
/// "Bad input"): named on stderr, counted, skipped or stopped as asked, nothing lost.
@Suite struct EventReportingTests {
    let geodata = projectRoot.appendingPathComponent("Tests/GazetteerTests/Fixture").path

    @Test func reportsWithoutEventsAreNamedWithWhyAndCounted() throws {
        let scratch = try Scratch()
        let input = try scratch.file("in.jsonl", """
            {"id": "shelled", "text": "Regime forces shelled Homs on Monday.", "published": "2019-03-06"}
            {"id": "quiet", "text": "The weather in Homs was mild.", "published": "2019-03-06"}
            {"id": "nowhere", "text": "Gunmen attacked a checkpoint yesterday.", "published": "2019-03-06"}

            """)
        let result = try CLI.run(["parse", input, "--geodata", geodata])
        #expect(result.status == 0)  // no event is no error
        #expect(result.stderr.contains("quiet: no event: no trigger"))
        #expect(result.stderr.contains("nowhere: no event: a trigger without a place"))
        #expect(!result.stderr.contains("shelled: no event"))
        #expect(result.stderr.contains("parse: 3 reports, 1 with events; 2 gave no event (1 no trigger, 1 trigger without a place)"))
        let records = result.stdout.split(separator: "\n")
        #expect(records.count == 3)  // every report is answered, with or without events
        let quiet = try CLI.run(["parse", input, "--geodata", geodata, "--quiet"])
        #expect(!quiet.stderr.contains("quiet: no event") && quiet.stderr.contains("2 gave no event"))
    }

    @Test func badRecordsAreReportedByLineAndSkippedOrStop() throws {
        let scratch = try Scratch()
        let good = #"{"id": "good", "text": "Regime forces shelled Homs on Monday.", "published": "2019-03-06"}"#
        let input = try scratch.file("in.jsonl", [
            good,
            #"{"id": "empty", "text": "   "}"#,
            #"{"id": "when", "text": "Clashes in Homs.", "published": "yesterday"}"#,
            good.replacingOccurrences(of: "good", with: "after"),
        ].joined(separator: "\n") + "\n")
        let result = try CLI.run(["parse", input, "--geodata", geodata])
        #expect(result.status == 3)
        #expect(result.stderr.contains("in.jsonl: line 2: no \"text\" string (skipped)"))
        #expect(result.stderr.contains("in.jsonl: line 3: \"published\" is not an ISO date"))
        let ids = result.stdout.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["id"] as? String
        }
        #expect(ids == ["good", "after"])
        let strict = try CLI.run(["parse", input, "--geodata", geodata, "--strict"])
        #expect(strict.status == 1)
        #expect(strict.stdout.split(separator: "\n").count == 1)  // the record before the bad one is written
    }

    @Test func anEventWithoutADateSaysSo() throws {
        let scratch = try Scratch()
        let input = try scratch.file("undated.txt", "Regime forces shelled Homs.")
        let result = try CLI.run(["parse", input, "--geodata", geodata])
        let record = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let event = try #require((record["events"] as? [[String: Any]])?.first)
        #expect(event["event_date"] is NSNull)
        #expect(result.stderr.contains("undated: 1 event without a date"))
    }
}
