import Foundation
import GeoJSON
import Geometry

/// The join's answer as `near` takes it in: streamed chunk by chunk and counted, kept K per target, or
/// written as it goes, so memory follows the layers, never the number of pairs.
enum NearJoin {
    /// Streams the pairs of points `a` and layer `b` (points, or lines and polygons) through `transform`
    /// (on every core) to `consume` (here, in order of `a` when `ordered`).
    static func stream<T: Sendable>(
        _ a: PointSet, _ b: JoinLayer, within distance: Double, measure: ProximityJoin.Measure, ordered: Bool,
        progress: (@Sendable (Int, Int) -> Void)? = nil,
        transform: @Sendable (ProximityJoin.Chunk) -> T, consume: (T) throws -> Void
    ) throws {
        if let points = b.points {
            try ProximityJoin.streamPoints(a, points, within: distance, measure: measure, ordered: ordered, progress: progress,
                                           transform: transform, consume: consume)
        } else {
            try PROJInstallation.check()  // distances to lines and polygons are measured in PROJ's local projections
            try ProximityJoin.streamPointsToGeometries(a, b.geometries ?? [], within: distance, progress: progress,
                                                       transform: transform, consume: consume)
        }
    }

    /// The K nearest pairs of each item of `b`: K × |b| pairs kept at most.
    static func nearest(
        _ k: Int, _ a: PointSet, _ b: JoinLayer, within distance: Double, progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws -> [ProximityPair] {
        var kept = NearestPairs(k: k, targets: b.count)
        try stream(a, b, within: distance, measure: .exact, ordered: true, progress: progress, transform: { $0.pairs }) { kept.add($0) }
        return kept.pairs
    }
}

/// The benchmark peers' answer line, `pairs=N checksum=C`, summed chunk by chunk: the checksum adds
/// a_id*1000003 + b_id with wrapping 64-bit arithmetic, reduced mod 2^61 (2^61 divides 2^64, so this is
/// the exact sum mod 2^61).
struct PairChecksum: Sendable {
    var pairs = 0
    var sum: UInt64 = 0

    /// Each item's number in the checksum: its integer id, or its 1-based position when some id of
    /// either layer is no integer (said on stderr).
    struct Keys: Sendable {
        var a: [UInt64]
        var b: [UInt64]

        init(a aIDs: [FeatureID], b bIDs: [FeatureID]) {
            let integers = aIDs.allSatisfy { $0.integer != nil } && bIDs.allSatisfy { $0.integer != nil }
            if !integers { printError("geotrack: ids are not all integers: the checksum uses feature positions (1-based)") }
            func keys(_ ids: [FeatureID]) -> [UInt64] {
                ids.enumerated().map { i, id in integers ? UInt64(bitPattern: id.integer ?? 0) : UInt64(i + 1) }
            }
            a = keys(aIDs)
            b = keys(bIDs)
        }
    }

    init() {}

    init(_ pairs: [ProximityPair], _ keys: Keys) {
        self.pairs = pairs.count
        for p in pairs { sum = sum &+ (keys.a[p.a] &* 1_000_003 &+ keys.b[p.b]) }
    }

    mutating func add(_ other: PairChecksum) {
        pairs += other.pairs
        sum = sum &+ other.sum
    }

    var line: String { "pairs=\(pairs) checksum=\(sum % (1 << 61))" }
}

/// Formats file-to-file pairs (`a_id,b_id,distance_m` rows, or GeoJSON lines from each point to its
/// target) into bytes on the core that found them; the writer only appends them.
struct PairFormatter: Sendable {
    enum Style: Sendable { case csv, geojson(GeoJSONWriter.Layout) }

    let a: JoinLayer
    let b: JoinLayer
    let style: Style
    let precision: Int

    struct Formatted: Sendable {
        var bytes: [UInt8] = []
        var count = 0
        var failure: String?
    }

    func format(_ pairs: [ProximityPair]) -> Formatted {
        let sink = ByteSink.memory()
        do {
            switch style {
            case .csv: try csv(pairs, sink)
            case .geojson(let layout): try geoJSON(pairs, layout, sink)
            }
        } catch {
            return Formatted(failure: "\(error)")
        }
        return Formatted(bytes: Array(sink.contents), count: pairs.count)
    }

    private func csv(_ pairs: [ProximityPair], _ sink: ByteSink) throws {
        for p in pairs {
            try CSVWriter.field(a.ids[p.a].description, to: sink)
            try sink.append(UInt8(ascii: ","))
            try CSVWriter.field(b.ids[p.b].description, to: sink)
            try sink.append(UInt8(ascii: ","))
            try sink.append(fixed: p.distance, decimals: 3)
            try sink.append(UInt8(ascii: "\n"))
        }
    }

    private func geoJSON(_ pairs: [ProximityPair], _ layout: GeoJSONWriter.Layout, _ sink: ByteSink) throws {
        guard let from = a.points else { return }
        let writer = try GeoJSONWriter(sink: sink, layout: layout, precision: precision, fragment: true)
        for p in pairs {
            let start = from.coordinate(p.a)
            let end: Coordinate
            if let points = b.points { end = points.coordinate(p.b) } else if let geometries = b.geometries {
                end = try GeodesicDistance.nearest(from: start, to: geometries[p.b]).at
            } else { continue }
            try writer.write(Feature(geometry: .lineString(try LineString([start, end])), properties: JSONObject([
                ("a_id", Self.json(a.ids[p.a])), ("b_id", Self.json(b.ids[p.b])),
                ("distance_m", .double((p.distance * 1000).rounded() / 1000)),
            ])))
        }
    }

    static func json(_ id: FeatureID) -> JSONValue {
        switch id {
        case .int(let i): .int(i)
        case .string(let s): .string(s)
        }
    }
}
