import ArgumentParser
import Foundation
import GeoJSON
import Gazetteer
import Geometry
import ReportFiles
import Reports

struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Find and resolve the places of reports and extract their events.",
        discussion: """
            Input: plain-text files (one report each; --date gives their published date), directories of \
            them, or JSONL records {"id", "text", "title"?, "published"?, "source"?, "url"?, "mentions"?} \
            (a .jsonl file, or - for standard input). A record with "mentions" [{"start", "end"}] (code \
            points, end exclusive) is resolved in gold-span mode: exactly those spans, no events.

            Output: one record per report, in input order: {"id", "places": [{"start", "end", "text", \
            "role", "name", "geonameid", "kind", "country", "admin1", "lat", "lon", "precision", \
            "score"}], "events": [{"event_id", "event_date", "time_utc", "event_type", "sub_event_type", \
            "actor1", "actor2", "location", "geo_precision", "fatalities", "counts", "relations", \
            "sources", …}]}. Roles: literal, demonym, metonym, modifier. Bad records are reported on \
            stderr by file and line and skipped (exit 3), or stop the run with --strict (exit 1).

            Examples:
              geotrack parse seeds/ --date 2023-10-06
              geotrack parse reports.jsonl --format geojson > reports.geojson
              geotrack parse - --candidates < gold-spans.jsonl
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case jsonl, json, geojson }

    @Argument(help: "Report files, directories of them, JSONL files, or - for standard input.")
    var inputs: [String]

    @Option(help: "The published date (YYYY-MM-DD) of reports that give none; anchors \"Thursday\", \"yesterday\".")
    var date: Day?

    @Option(help: "jsonl (one record a line), json (one array) or geojson (events and places as features).")
    var format: Format = .jsonl

    @Flag(help: "Also list every candidate's position under \"candidates\" (to measure what the data allows).")
    var candidates = false

    @Option(help: "The longest report, in bytes of UTF-8 text; a longer one is refused (reported and skipped).")
    var maxBytes = ReportInput.defaultMaxBytes

    @OptionGroup var gazetteerOptions: GazetteerCommand.Options

    @OptionGroup var options: InputOptions

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("give at least one input (a file, a directory, or -)") }
        if maxBytes < 1 { throw ValidationError("--max-bytes must be at least 1") }
    }

    func run() throws {
        let gazetteer = try gazetteerOptions.open()
        let parser = try ReportParser.load(gazetteer: gazetteer)
        let reporter = IssueReporter(strict: options.strict)
        let reader = try ReportReader(ReportInput(paths: inputs, defaultDate: date?.date, maxBytes: maxBytes)) { file, issue in
            try reporter.handler(for: file)(issue)
        }
        let sink = ByteSink.standardOutput()
        var json = ReportJSON(gazetteer: gazetteer)
        var first = true
        switch format {
        case .json: try sink.append("[")
        case .geojson: try sink.append("{\"type\":\"FeatureCollection\",\"features\":[")
        case .jsonl: break
        }
        // Parsed on every core, written in input order; a bad record under --strict stops the run after the
        // records before it are written.
        let keep = candidates ? 200 : 1
        let pipeline = OrderedPipeline(source: reader.next, make: { parser.parse($0, keep: keep) })
        defer { pipeline.finish() }
        let tally = NoEventTally(quiet: options.quiet)
        while let parsed = try pipeline.next() {
            if parsed.report.mentions == nil { tally.note(parsed) }
            switch format {
            case .jsonl, .json:
                if format == .json, !first { try sink.append(",") }
                let alternatives = candidates ? parsed.places.map(\.alternatives) : nil
                try JSONEncoding.write(json.record(parsed, candidates: alternatives), to: sink)
                if format == .jsonl { try sink.append(UInt8(ascii: "\n")) }
            case .geojson:
                for feature in features(parsed, &json) {
                    if !first { try sink.append(",") }
                    try JSONEncoding.write(feature, to: sink)
                    first = false
                }
            }
            first = false
        }
        switch format {
        case .json: try sink.append("]\n")
        case .geojson: try sink.append("]}\n")
        case .jsonl: break
        }
        try sink.flush()
        if !tally.summary.isEmpty { printError("parse: \(tally.reports) reports, \(tally.withEvents) with events; \(tally.summary)") }
        try reporter.finish()
    }

    /// A Point feature per event (layer "events") and per resolved place (layer "places").
    func features(_ parsed: ParsedReport, _ json: inout ReportJSON) -> [JSONValue] {
        func point(_ c: Coordinate) -> JSONValue {
            .object(JSONObject([("type", .string("Point")), ("coordinates", .array([.double(c.lon), .double(c.lat)]))]))
        }
        var out: [JSONValue] = []
        for (i, e) in parsed.events.enumerated() {
            guard let c = e.location?.coordinate, case .object(var properties) = json.event(e, id: "\(parsed.report.id)#\(i + 1)") else { continue }
            properties.members.insert(("layer", .string("events")), at: 0)
            out.append(.object(JSONObject([("type", .string("Feature")), ("geometry", point(c)), ("properties", .object(properties))])))
        }
        for p in parsed.places {
            guard let c = p.coordinate else { continue }
            let properties = [("layer", JSONValue.string("places")), ("report", .string(parsed.report.id))] + json.place(p)
            out.append(.object(JSONObject([("type", .string("Feature")), ("geometry", point(c)), ("properties", .object(JSONObject(properties)))])))
        }
        return out
    }
}
