import ArgumentParser
import Foundation
import GeoJSON
import Gazetteer
import Geometry
import Store

struct NearCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "near",
        abstract: "Stored events (or a layer's points) within a geodesic distance of points, places or positions.",
        discussion: """
            Over the store: events within --within of a point (lat,lon), a gazetteer place ("Al Hasakah"), \
            a reference position (--position "US troops"), or every feature of a layer (--layer FILE); \
            polygons of region-precision events are measured to their nearest edge (0 inside). --nearest K \
            keeps the K nearest events of each target. Output: a table, or CSV/GeoJSON with the event, the \
            target and distance_m.

            File to file (--to): LAYER holds points; --to holds points, lines or polygons. Layers are \
            GeoJSON, GeoJSONSeq or CSV with lon,lat columns (and an id column). Pairs are found with an \
            STRtree and a search box proven to hold every candidate, then tested exactly on the WGS84 \
            ellipsoid, on every core. CSV `a_id,b_id,distance_m`, or GeoJSON lines.

            --summary prints only `pairs=<count> checksum=<sum of a_id*1000003 + b_id mod 2^61>`, the \
            benchmark peers' answer line (events are named by their layer id when imported with one).

            Examples:
              geotrack near 36.50,40.75 --within 1km
              geotrack near "Al Hasakah" --within 25km --type "Air/drone strike" --since 2023-10-01
              geotrack near --position "US troops" --within 1km
              geotrack near --layer troops.csv --within 1km --summary
              geotrack near strikes.csv --to troops.csv --within 1km
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, geojson, geojsonseq }

    @Argument(help: "lat,lon or a place name (over the store); or, with --to, the point layer to test.")
    var subject: String?

    @Option(name: .customLong("to"), help: "File to file: the layer to measure to.")
    var target: String?

    @Option(name: .customLong("layer"), help: "Over the store: measure to every feature of this layer.")
    var targetLayer: String?

    @Option(help: "Over the store: measure to the reference positions of this name.")
    var position: String?

    @Option(help: "The largest distance, with a unit (m, km, mi, nmi).")
    var within: Distance

    @Option(help: "Keep only the K nearest events of each target.")
    var nearest: Int?

    @Option(help: "table (the default over the store), csv (the default file to file), geojson or geojsonseq.")
    var format: Format?

    @Flag(help: "Print only the pair count and checksum.")
    var summary = false

    @OptionGroup var filter: EventFilterOptions
    @OptionGroup var store: StoreOptions
    @OptionGroup var gazetteerOptions: GazetteerCommand.Options
    @OptionGroup var input: InputOptions
    @OptionGroup var output: OutputOptions

    var fileToFile: Bool { target != nil }

    func validate() throws {
        guard within.metres > 0 else { throw ValidationError("--within must be greater than zero") }
        if let nearest, nearest < 1 { throw ValidationError("--nearest must be at least 1") }
        if fileToFile {
            guard let subject else { throw ValidationError("--to measures a layer: give the layer to test first") }
            guard !(subject == "-" && target == "-") else { throw ValidationError("only one layer can come from standard input") }
            guard targetLayer == nil, position == nil else { throw ValidationError("--layer and --position query the store; --to joins two files") }
            guard format != .table else { throw ValidationError("file to file writes csv, geojson or geojsonseq") }
        } else {
            let given = [subject != nil, targetLayer != nil, position != nil].filter { $0 }.count
            guard given == 1 else { throw ValidationError("give one of: lat,lon or a place name, --layer FILE, --position NAME (or a layer and --to FILE)") }
        }
    }

    func run() throws {
        if fileToFile { try runFiles() } else { try runStore() }
    }

    func runFiles() throws {
        var phases = Phases("near")
        let reporter = IssueReporter(strict: input.strict)
        guard let layer = subject, let target else { return }
        let out = try Output(summary ? nil : output.output, inputs: Self.inputFiles([layer, target]))
        let a = try JoinLayer.read(try LayerFile(path: layer), onIssue: reporter.handler(for: layer))
        let b = try JoinLayer.read(try LayerFile(path: target), onIssue: reporter.handler(for: target))
        phases.done("load")
        guard let aPoints = a.points else {
            throw ValidationError("\(layer) must hold points only (lines and polygons belong in --to)")
        }
        let bar = ProgressBar(label: "near", total: a.count, quiet: input.quiet)
        var pairs: [ProximityPair]
        if let bPoints = b.points {
            pairs = ProximityJoin.points(aPoints, bPoints, within: within.metres, measure: summary ? .membershipOnly : .exact,
                                         progress: bar.update)
        } else {
            try PROJInstallation.check()  // distances to lines and polygons are measured in PROJ's local projections
            pairs = try ProximityJoin.pointsToGeometries(aPoints, b.geometries!, within: within.metres, progress: bar.update)
        }
        bar.finish()
        if let nearest { pairs = Self.nearest(pairs, nearest) }
        phases.done("join")
        defer { phases.done("write") }
        if summary {
            print(Self.summaryLine(pairs, a.ids, b.ids))
        } else {
            let sorted = Self.sortedByID(pairs, a.ids, b.ids)
            switch format ?? .csv {
            case .csv, .table: try writeCSV(sorted, a, b, out.sink)
            case .geojson, .geojsonseq: try writeGeoJSON(sorted, a, b, out.sink)
            }
            try out.commit()
        }
        try reporter.finish()
    }

    /// The files a run reads: the layers and their CSV sidecars.
    static func inputFiles(_ layers: [String]) -> [String] {
        layers + layers.map { CSVLayer.sidecarPath(forCSVAt: $0) }
    }

    /// The K nearest of each target's pairs.
    static func nearest(_ pairs: [ProximityPair], _ k: Int) -> [ProximityPair] {
        var byTarget: [Int: [ProximityPair]] = [:]
        for p in pairs { byTarget[p.b, default: []].append(p) }
        return byTarget.values.flatMap { $0.sorted { ($0.distance, $0.a) < ($1.distance, $1.a) }.prefix(k) }.sorted { ($0.a, $0.b) < ($1.a, $1.b) }
    }

    /// `pairs=N checksum=C`, the peers' answer line: the checksum sums a_id*1000003 + b_id with wrapping
    /// 64-bit arithmetic, reduced mod 2^61 (2^61 divides 2^64, so this equals the exact sum mod 2^61).
    static func summaryLine(_ pairs: [ProximityPair], _ aIDs: [FeatureID], _ bIDs: [FeatureID]) -> String {
        let integerIDs = aIDs.allSatisfy { $0.integer != nil } && bIDs.allSatisfy { $0.integer != nil }
        return summaryLine(pairs, integerIDs: integerIDs, a: { aIDs[$0] }, b: { bIDs[$0] })
    }

    /// The peers' answer line: the pair count and a checksum over the pairs' ids (over positions, 1-based,
    /// when some id is no integer).
    static func summaryLine(_ pairs: [ProximityPair], integerIDs: Bool, a aID: (Int) -> FeatureID, b bID: (Int) -> FeatureID) -> String {
        if !integerIDs { printError("geotrack: ids are not all integers: the checksum uses feature positions (1-based)") }
        var sum: UInt64 = 0
        for p in pairs {
            let a = integerIDs ? UInt64(bitPattern: aID(p.a).integer!) : UInt64(p.a + 1)
            let b = integerIDs ? UInt64(bitPattern: bID(p.b).integer!) : UInt64(p.b + 1)
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
        let writer = try GeoJSONWriter(sink: sink, layout: (format ?? .csv) == .geojsonseq ? .sequence : .featureCollection,
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
