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
              geotrack near Ariha --country SY --within 15km   # an ambiguous name: its candidates are listed
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

    @Option(help: "With a place name: the country it lies in (name or ISO code), when the name is ambiguous (near Ariha --country SY).")
    var country: String?

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
        guard let layer = subject, let target else { return }
        var phases = Phases("near")
        let reporter = IssueReporter(strict: input.strict)
        let out = try Output(summary ? nil : output.output, inputs: Self.inputFiles([layer, target]))
        var a = try JoinLayer.read(try LayerFile(path: layer), onIssue: reporter.handler(for: layer))
        var b = try JoinLayer.read(try LayerFile(path: target), onIssue: reporter.handler(for: target))
        phases.done("load")
        // Pairs are written in id order: the layers are put in id order, and the join streams by position.
        if !summary {
            a = a.inIDOrder()
            b = b.inIDOrder()
        }
        guard let aPoints = a.points else {
            throw ValidationFailure("\(layer) must hold points only (lines and polygons belong in --to)")
        }
        let bar = ProgressBar(label: "near", total: a.count, quiet: input.quiet)
        defer { bar.finish() }
        let kept = try nearest.map { try NearJoin.nearest($0, aPoints, b, within: within.metres, progress: bar.update) }
        if summary {
            let keys = PairChecksum.Keys(a: a.ids, b: b.ids)
            var total = PairChecksum()
            if let kept {
                total = PairChecksum(kept, keys)
            } else {
                try NearJoin.stream(aPoints, b, within: within.metres, measure: .membershipOnly, ordered: false, progress: bar.update,
                                    transform: { PairChecksum($0.pairs, keys) }, consume: { total.add($0) })
            }
            bar.finish()
            print(total.line)
        } else {
            try writePairs(kept, a, b, out)
        }
        phases.done("join")
        try reporter.finish()
    }

    /// The pairs as CSV rows or GeoJSON lines, formatted on every core and written as the join streams
    /// (or `kept`, the K nearest, when there are such).
    private func writePairs(_ kept: [ProximityPair]?, _ a: JoinLayer, _ b: JoinLayer, _ out: Output) throws {
        let csv = (format ?? .csv) == .csv
        let formatter = PairFormatter(a: a, b: b, style: csv ? .csv : .geojson(format == .geojsonseq ? .sequence : .featureCollection),
                                      precision: output.precision)
        let writer = csv ? nil : try GeoJSONWriter(sink: out.sink, layout: format == .geojsonseq ? .sequence : .featureCollection,
                                                   precision: output.precision)
        if csv { try out.sink.append("a_id,b_id,distance_m\n") }
        let write = { (part: PairFormatter.Formatted) throws in
            if let failure = part.failure { throw ValidationFailure(failure) }
            try part.bytes.withUnsafeBufferPointer { bytes in
                if let writer { try writer.append(fragment: bytes, features: part.count) } else { try out.sink.append(bytes) }
            }
        }
        if let kept {
            try write(formatter.format(kept))
        } else if let aPoints = a.points {
            try NearJoin.stream(aPoints, b, within: within.metres, measure: .exact, ordered: true,
                                transform: { formatter.format($0.pairs) }, consume: write)
        }
        try writer?.finish()
        try out.commit()
    }

    /// The files a run reads: the layers and their CSV sidecars.
    static func inputFiles(_ layers: [String]) -> [String] {
        layers + layers.map { CSVLayer.sidecarPath(forCSVAt: $0) }
    }
}
