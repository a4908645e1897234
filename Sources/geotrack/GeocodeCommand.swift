import ArgumentParser
import Foundation
import GeoJSON
import Gazetteer
import Geometry

struct GeocodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "geocode",
        abstract: "Resolve place names with the gazetteer (GeoNames, Natural Earth).",
        discussion: """
            Each name gets its best match (or the top N with --limit), ranked by kind (continent, country, \
            capital, admin1, seat, town), population and context: --country, --near, a qualifier in the \
            name ("Homs, Syria", "Alexandria, Va."), or a batch row's own country (name or ISO code), admin1 \
            and near (lat,lon) fields — CSV columns or JSONL members of those names. Names are also read in \
            the forms analysts write: "City - Part" (the part when the gazetteer has it, else the city with \
            geo_precision 2), "X (Y)", Tell/Tall, Ain/Ein, Kafr/Kfar and the other spellings and prefixes of \
            Sources/Gazetteer/Forms/name-forms.tsv, Turkish case endings (Ankara'da), at a lower score. Names are matched whatever their case, diacritics, \
            Arabic article (Al-Hasakah, Hasakah) or script (الحسكة); transliteration variants (Hasakeh, \
            Qamishlo) match with a lower score. Every input row gets an output row, in order, with a status: \
            ok, ambiguous or not_found.

            Examples:
              geotrack geocode "Al Hasakah" Ankara "Homs, Syria"
              geotrack geocode Washington --limit 3 --format jsonl
              geotrack geocode --batch names.txt --format csv > resolved.csv
              geotrack geocode --batch events.csv --column place --country SY --format jsonl
              geotrack geocode --batch rows.jsonl --format jsonl   # {"name":"Tell Abyad","country":"Syria"}
            """
    )

    @Argument(help: "Names to resolve.")
    var names: [String] = []

    @Option(help: "A file of names (one a line, a CSV column with --column, or JSONL records with a \"name\"), or - for standard input.")
    var batch: String?

    @Option(help: "With --batch on a CSV: the column holding the names.")
    var column: String?

    @Option(help: "Prefer places in this country (ISO code, e.g. SY).")
    var country: String?

    @Option(help: "Prefer places near this point (lat,lon).")
    var near: LatLon?

    @Option(help: "Report the top N candidates (the rest under \"alternatives\").")
    var limit = 1

    @Option(help: "table, json, jsonl, csv or geojson.")
    var format: GeocodeFormat = .table

    @Flag(help: "Add each area's polygon (GeoJSON) to json/jsonl/geojson output.")
    var geometry = false

    @OptionGroup var gazetteerOptions: GazetteerCommand.Options

    @OptionGroup var input: InputOptions

    enum GeocodeFormat: String, ExpressibleByArgument, CaseIterable { case table, json, jsonl, csv, geojson }

    func validate() throws {
        guard names.isEmpty != (batch == nil) else { throw ValidationError("give names, or --batch FILE, not both or neither") }
        guard column == nil || batch != nil else { throw ValidationError("--column goes with --batch") }
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
        if let country, country.count != 2 { throw ValidationError("--country takes an ISO 3166 alpha-2 code, such as SY") }
    }

    func run() throws {
        var phases = Phases("geocode")
        defer { phases.done("resolve") }
        let gazetteer = try gazetteerOptions.open()
        var context = ResolutionContext(near: near?.coordinate)
        if let country {
            guard gazetteer.country(code: country) != nil else { throw ValidationFailure("--country \(country) is not a country code the gazetteer knows") }
            context.countries = [country.uppercased()]
        }
        let reporter = IssueReporter(strict: input.strict)
        phases.done("open")
        let queries = try batch.map { try BatchNames.read($0, column: column, onIssue: reporter.handler(for: $0)) } ?? names.map { BatchRow(name: $0) }
        let contexts = try RowContexts(rows: queries, base: context, gazetteer: gazetteer, onIssue: reporter.handler(for: batch ?? "arguments"))
        phases.done("read")
        let bar = ProgressBar(label: "geocode", total: queries.count, quiet: input.quiet, threshold: 20_000)
        let sink = ByteSink.standardOutput()
        let output = GeocodeOutput(format: format, limit: limit, geometry: geometry, sink: sink, gazetteer: gazetteer)
        try output.begin()
        let (format, limit, geometry) = (self.format, self.limit, self.geometry)
        // Names are resolved on every core, a batch of chunks at a time, and written in input order.
        // Many chunks to a batch: fewer waits for the slowest chunk (one of typos, hundreds of probes each).
        let chunk = 1024, batchSize = Parallel.cores * 16 * chunk
        let names = PlaceNames(gazetteer: gazetteer)
        for batchStart in stride(from: 0, to: queries.count, by: batchSize) {
            let batchEnd = min(batchStart + batchSize, queries.count)
            let starts = Array(stride(from: batchStart, to: batchEnd, by: chunk))
            // Each chunk is resolved and formatted on its core; this thread writes the chunks in order.
            let chunks = Parallel.map(starts.count) { k -> (bytes: [UInt8], problems: [(Int, String)], failure: String?) in
                let memory = ByteSink.memory()
                var out = GeocodeOutput(format: format, limit: limit, geometry: geometry, sink: memory, gazetteer: gazetteer, written: starts[k],
                                        names: names)
                var problems: [(Int, String)] = []
                do {
                    for i in starts[k]..<min(starts[k] + chunk, batchEnd) {
                        let answer = GeocodeAnswer(queries[i].name, gazetteer, contexts.context(queries[i]), keep: limit)
                        if let problem = answer.regionProblem { problems.append((i, problem)) }
                        if let region = answer.region { try out.write(region: region, query: answer.query) } else if let resolution = answer.resolution { try out.write(resolution) }
                    }
                } catch {
                    return ([], problems, "\(error)")
                }
                return (Array(memory.contents), problems, nil)
            }
            for chunk in chunks {
                for (i, problem) in chunk.problems {
                    // The region could not be computed: say so; the name was answered as a plain place.
                    try reporter.handler(for: batch ?? "arguments")(RecordIssue(location: "name \(i + 1) (\(queries[i].name))", message: "region: \(problem)"))
                }
                if let failure = chunk.failure { throw ValidationFailure(failure) }
                try chunk.bytes.withUnsafeBufferPointer { try sink.append($0) }
            }
            bar.update(batchEnd, queries.count)
        }
        bar.finish()
        try output.finish(records: queries.count)
        try reporter.finish()
    }
}

/// One name's answer: a region, or a resolution (with the reason a region failed, if one did).
struct GeocodeAnswer: Sendable {
    var query: String
    var region: Region?
    var resolution: Resolution?
    var regionProblem: String?

    init(_ query: String, _ gazetteer: Gazetteer, _ context: ResolutionContext, keep: Int) {
        self.query = query
        do {
            region = try gazetteer.region(query, context: context)
        } catch {
            regionProblem = "\(error)"
        }
        if region == nil { resolution = gazetteer.resolve(query, context: context, keep: keep) }
    }
}

/// One row of a batch: the name, and the context the row gives it (a country by name or ISO code, a
/// first-level division, a point "lat,lon"), each nil when the row has none.
struct BatchRow: Sendable {
    var name: String
    var country: String?
    var admin1: String?
    var near: String?

    static let contextFields = ["country", "admin1", "near"]
}

/// Names from a batch file: one a line; or a CSV column (with optional country, admin1 and near columns); or
/// JSONL records with a "name" field (and optional "country", "admin1", "near").
enum BatchNames {
    static func read(_ path: String, column: String?, onIssue: (RecordIssue) throws -> Void) throws -> [BatchRow] {
        let file = try LayerFile(path: path)
        if let column {
            return try file.withBytes { bytes in
                var scanner = CSVScanner(bytes: bytes)
                var fields: [CSVField] = []
                guard try scanner.nextRow(&fields) else { return [] }
                let header = fields.map { scanner.string($0) ?? "" }
                guard let c = header.firstIndex(of: column) else {
                    throw ValidationFailure("\(path) has no column \"\(column)\" (it has \(header.joined(separator: ", ")))")
                }
                let context = BatchRow.contextFields.map { header.firstIndex(of: $0) }
                var rows: [BatchRow] = []
                while try scanner.nextRow(&fields) {
                    // A short row still gets its output row (an empty name is not_found), never dropped.
                    let name = c < fields.count ? scanner.string(fields[c]) : ""
                    if c >= fields.count { try onIssue(RecordIssue(location: "line \(scanner.rowLine)", message: "no \(column) field")) }
                    if name == nil { try onIssue(RecordIssue(location: "line \(scanner.rowLine)", message: "the \(column) field is not valid UTF-8")) }
                    func field(_ k: Int?) throws -> String? {
                        guard let k, k < fields.count else { return nil }
                        guard let text = scanner.string(fields[k]) else {
                            try onIssue(RecordIssue(location: "line \(scanner.rowLine)", message: "the \(header[k]) field is not valid UTF-8"))
                            return nil
                        }
                        return text.isEmpty ? nil : text
                    }
                    rows.append(BatchRow(name: name ?? "", country: try field(context[0]), admin1: try field(context[1]), near: try field(context[2])))
                }
                return rows
            }
        }
        // One pass over the mapped bytes (no per-line Data or Character work).
        var lines: [(start: Int, end: Int)] = []
        try file.withBytes { bytes in
            var start = 0
            while start <= bytes.count {
                var end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
                let next = end + 1
                var s = start
                while s < end, bytes[s] == 0x20 || bytes[s] == 0x09 { s += 1 }
                while end > s, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 || bytes[end - 1] == 0x0D { end -= 1 }
                if next > bytes.count, s == end { break }  // the file's final newline is not a row
                lines.append((s, end))
                start = next
            }
        }
        var rows: [BatchRow] = []
        rows.reserveCapacity(lines.count)
        try file.withBytes { bytes in
            for (n, line) in lines.enumerated() {
                let cut = UnsafeBufferPointer(rebasing: bytes[line.start..<line.end])
                if cut.first == UInt8(ascii: "{") {
                    var parser = JSONParser(bytes: cut)
                    let record = try? parser.parseValue()
                    let name = record?["name"]?.stringValue
                    if name == nil { try onIssue(RecordIssue(location: "line \(n + 1)", message: "a JSON record without a \"name\" string")) }
                    func field(_ key: String) -> String? {
                        switch record?[key] {
                        case .string(let s)? where !s.isEmpty: s
                        case .array(let pair)? where pair.count == 2: pair.map { v in v.doubleValue.map { String($0) } ?? "" }.joined(separator: ",")
                        default: nil
                        }
                    }
                    rows.append(BatchRow(name: name ?? "", country: field("country"), admin1: field("admin1"), near: field("near")))
                } else if let name = String(validating: cut, as: UTF8.self) {
                    rows.append(BatchRow(name: name))
                } else {
                    // Never a name with U+FFFD put in for the bad bytes: the row is answered as not found.
                    try onIssue(RecordIssue(location: "line \(n + 1)", message: "not valid UTF-8"))
                    rows.append(BatchRow(name: ""))
                }
            }
        }
        return rows
    }
}
