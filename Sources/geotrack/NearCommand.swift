import ArgumentParser
import GeoJSON
import Geometry

struct NearCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "near",
        abstract: "Every pair of features from two layers within a geodesic distance of each other.",
        discussion: """
            LAYER holds points; --to holds points, lines or polygons (distance to a polygon is 0 inside it, \
            else to its nearest edge). Layers are GeoJSON, GeoJSONSeq or CSV with lon,lat columns (and an \
            id column, used to name features; else features are numbered from 1). `-` reads standard input. \
            Pairs are found with an STRtree and a search box proven to hold every candidate, then tested \
            exactly on the WGS84 ellipsoid (distance <= --within), on every core.

            Output: CSV `a_id,b_id,distance_m` sorted by a_id then b_id; GeoJSON, one LineString per pair \
            with a_id, b_id and distance_m. --summary prints only `pairs=<count> checksum=<sum of \
            a_id*1000003 + b_id mod 2^61>` (ids must be integers; else positions are used).

            Examples:
              geotrack near strikes.csv --to troops.csv --within 1km
              geotrack near strikes.geojson --to troops.geojson --within 500m --format geojson -o pairs.geojson
              geotrack near strikes.csv --to troops.csv --within 1km --summary
            """
    )

    @Argument(help: "The point layer to test (a file, or - for standard input).")
    var layer: String

    @Option(name: .customLong("to"), help: "The layer to measure to.")
    var target: String

    @Option(help: "The largest distance, with a unit (m, km, mi, nmi).")
    var within: Distance

    @Option(help: "csv, geojson or geojsonseq.")
    var format: OutputFormat = .csv

    @Flag(help: "Print only the pair count and checksum.")
    var summary = false

    @OptionGroup var input: InputOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard within.metres > 0 else { throw ValidationError("--within must be greater than zero") }
        guard !(layer == "-" && target == "-") else { throw ValidationError("only one layer can come from standard input") }
    }

    func run() throws {
        var phases = Phases("near")
        let reporter = IssueReporter(strict: input.strict)
        let a = try JoinLayer.read(try LayerFile(path: layer), onIssue: reporter.handler(for: layer))
        let b = try JoinLayer.read(try LayerFile(path: target), onIssue: reporter.handler(for: target))
        phases.done("load")
        guard let aPoints = a.points else {
            throw ValidationError("\(layer) must hold points only (lines and polygons belong in --to)")
        }
        let bar = ProgressBar(label: "near", total: a.count, quiet: input.quiet)
        let pairs: [ProximityPair]
        if let bPoints = b.points {
            pairs = ProximityJoin.points(aPoints, bPoints, within: within.metres, measure: summary ? .membershipOnly : .exact,
                                         progress: bar.update)
        } else {
            try PROJInstallation.check()  // distances to lines and polygons are measured in PROJ's local projections
            pairs = try ProximityJoin.pointsToGeometries(aPoints, b.geometries!, within: within.metres, progress: bar.update)
        }
        bar.finish()
        phases.done("join")
        defer { phases.done("write") }
        if summary {
            print(Self.summaryLine(pairs, a.ids, b.ids))
        } else {
            let sorted = Self.sortedByID(pairs, a.ids, b.ids)
            let sink = try openSink(output.output)
            switch format {
            case .csv: try writeCSV(sorted, a, b, sink)
            case .geojson, .geojsonseq: try writeGeoJSON(sorted, a, b, sink)
            }
        }
        try reporter.finish()
    }

    /// `pairs=N checksum=C`, the peers' answer line: the checksum sums a_id*1000003 + b_id with wrapping
    /// 64-bit arithmetic, reduced mod 2^61 (2^61 divides 2^64, so this equals the exact sum mod 2^61).
    static func summaryLine(_ pairs: [ProximityPair], _ aIDs: [FeatureID], _ bIDs: [FeatureID]) -> String {
        let integerIDs = aIDs.allSatisfy { $0.integer != nil } && bIDs.allSatisfy { $0.integer != nil }
        if !integerIDs { printError("geotrack: ids are not all integers: the checksum uses feature positions (1-based)") }
        var sum: UInt64 = 0
        for p in pairs {
            let a = integerIDs ? UInt64(bitPattern: aIDs[p.a].integer!) : UInt64(p.a + 1)
            let b = integerIDs ? UInt64(bitPattern: bIDs[p.b].integer!) : UInt64(p.b + 1)
            sum = sum &+ (a &* 1_000_003 &+ b)
        }
        return "pairs=\(pairs.count) checksum=\(sum % (1 << 61))"
    }

    static func sortedByID(_ pairs: [ProximityPair], _ aIDs: [FeatureID], _ bIDs: [FeatureID]) -> [ProximityPair] {
        // The join returns pairs ordered by position; re-sort only when ids do not follow positions.
        let ordered = { (ids: [FeatureID]) in zip(ids, ids.dropFirst()).allSatisfy { $0 < $1 } }
        if ordered(aIDs), ordered(bIDs) { return pairs }
        return pairs.sorted { (aIDs[$0.a], bIDs[$0.b]) < (aIDs[$1.a], bIDs[$1.b]) }
    }

    private func writeCSV(_ pairs: [ProximityPair], _ a: JoinLayer, _ b: JoinLayer, _ sink: ByteSink) throws {
        try sink.append("a_id,b_id,distance_m\n")
        for p in pairs {
            try CSVWriter.field(a.ids[p.a].description, to: sink)
            try sink.append(UInt8(ascii: ","))
            try CSVWriter.field(b.ids[p.b].description, to: sink)
            try sink.append(UInt8(ascii: ","))
            try sink.append(fixed: p.distance, decimals: 3)
            try sink.append(UInt8(ascii: "\n"))
        }
        try sink.flush()
    }

    private func writeGeoJSON(_ pairs: [ProximityPair], _ a: JoinLayer, _ b: JoinLayer, _ sink: ByteSink) throws {
        let writer = try GeoJSONWriter(sink: sink, layout: format == .geojsonseq ? .sequence : .featureCollection,
                                       precision: output.precision)
        for p in pairs {
            let from = a.points!.coordinate(p.a)
            let to: Coordinate
            if let points = b.points { to = points.coordinate(p.b) } else {
                to = try GeodesicDistance.nearest(from: from, to: b.geometries![p.b]).at
            }
            try writer.write(Feature(geometry: .lineString(try LineString([from, to])), properties: JSONObject([
                ("a_id", Self.json(a.ids[p.a])), ("b_id", Self.json(b.ids[p.b])),
                ("distance_m", .double((p.distance * 1000).rounded() / 1000)),
            ])))
        }
        try writer.finish()
    }

    static func json(_ id: FeatureID) -> JSONValue {
        switch id {
        case .int(let i): .int(i)
        case .string(let s): .string(s)
        }
    }
}
