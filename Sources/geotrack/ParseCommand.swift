import ArgumentParser
import Foundation
import GeoJSON
import Gazetteer
import Geometry

struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Resolve the places of reports (JSONL records), with each document as context.",
        discussion: """
            Input: JSONL records {"id", "text", "mentions": [{"start", "end"}]} (offsets in Unicode code \
            points, end exclusive), a file or - for standard input. Each record gets one output line: \
            {"id", "places": [{"start", "end", "text", "name", "geonameid", "kind", "country", "admin1", \
            "lat", "lon", "score"}]}. This is gold-span mode: the given spans are resolved. Finding the \
            mentions in text comes with the reports issue; a record without "mentions" is reported and \
            answered with no places.

            Examples:
              geotrack parse reports.jsonl > places.jsonl
              geotrack parse - --candidates < reports.jsonl
            """
    )

    @Argument(help: "JSONL records (a file, or - for standard input).")
    var input: String

    @Option(help: "jsonl (the only format so far).")
    var format = "jsonl"

    @Flag(help: "Also list every candidate's position under \"candidates\" (to measure what the data allows).")
    var candidates = false

    @OptionGroup var gazetteerOptions: GazetteerCommand.Options

    @OptionGroup var options: InputOptions

    func validate() throws {
        guard format == "jsonl" else { throw ValidationError("--format: only jsonl is written so far") }
    }

    func run() throws {
        let gazetteer = try gazetteerOptions.open()
        let reporter = IssueReporter(strict: options.strict)
        let onIssue = reporter.handler(for: input)
        let file = try LayerFile(path: input)
        let sink = ByteSink.standardOutput()
        let lines = file.data.split(separator: 0x0A, omittingEmptySubsequences: false)
        for (n, line) in lines.enumerated() where !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) {
            let record: JSONObject
            do {
                record = try Array(line).withUnsafeBufferPointer { buffer in
                    var parser = JSONParser(bytes: buffer)
                    let value = try parser.parseValue()
                    guard case .object(let object) = value else { throw GeoJSONError.invalid(at: "record", message: "not a JSON object") }
                    return object
                }
            } catch {
                try onIssue(RecordIssue(location: "line \(n + 1)", message: "\(error)"))
                continue
            }
            guard let text = record["text"]?.stringValue else {
                try onIssue(RecordIssue(location: "line \(n + 1)", message: "no \"text\" string"))
                continue
            }
            let scalars = Array(text.unicodeScalars)
            var spans: [(start: Int, end: Int)] = []
            if case .array(let mentions)? = record["mentions"] {
                for m in mentions {
                    guard case .int(let s)? = m["start"], case .int(let e)? = m["end"], s >= 0, e > s, Int(e) <= scalars.count else {
                        try onIssue(RecordIssue(location: "line \(n + 1)", message: "a mention without a valid start and end inside the text"))
                        continue
                    }
                    spans.append((Int(s), Int(e)))
                }
            } else {
                try onIssue(RecordIssue(location: "line \(n + 1)", message: "no \"mentions\": finding places in text is not built yet (gold-span mode only)"))
            }
            let texts = spans.map { String(String.UnicodeScalarView(scalars[$0.start..<$0.end])) }
            let answers = gazetteer.resolveDocument(texts, keep: candidates ? 200 : 1)
            var places: [JSONValue] = []
            for (i, answer) in answers.enumerated() {
                var members: [(key: String, value: JSONValue)] = [("start", .int(Int64(spans[i].start))), ("end", .int(Int64(spans[i].end))),
                                                                  ("text", .string(texts[i]))]
                switch answer {
                case .region(let r):
                    members += [("name", .string(r.name)), ("geonameid", .null), ("kind", .string("region")), ("country", .string(r.base.country)),
                                ("admin1", .null), ("lat", .double(r.representative.lat)), ("lon", .double(r.representative.lon)), ("score", .double(1))]
                case .resolution(let res):
                    guard let best = res.best else {
                        members += [("name", .null), ("status", .string(res.status.rawValue))]
                        places.append(.object(JSONObject(members)))
                        continue
                    }
                    let p = best.place
                    members += [("name", .string(p.name)), ("geonameid", .int(Int64(p.id))), ("kind", .string(p.kind.rawValue)),
                                ("country", .string(p.country)),
                                ("admin1", p.admin1.isEmpty ? .null : .string(gazetteer.admin1(country: p.country, code: p.admin1)?.name ?? p.admin1)),
                                ("lat", .double(p.lat)), ("lon", .double(p.lon)), ("score", .double((best.score * 1000).rounded() / 1000))]
                    if candidates {
                        members.append(("candidates", .array(res.matches.prefix(200).map { .array([.double($0.place.lat), .double($0.place.lon)]) })))
                    }
                }
                places.append(.object(JSONObject(members)))
            }
            try JSONEncoding.write(.object(JSONObject([("id", record["id"] ?? .null), ("places", .array(places))])), to: sink)
            try sink.append(UInt8(ascii: "\n"))
        }
        try sink.flush()
        try reporter.finish()
    }
}
