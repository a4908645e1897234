import Foundation
import Synchronization

/// Points as two parallel arrays of degrees: the compact form the join runs on (16 bytes a point).
public struct PointSet: Sendable {
    public var lon: [Double]
    public var lat: [Double]
    public init(lon: [Double], lat: [Double]) {
        precondition(lon.count == lat.count, "lon and lat arrays must be the same length")
        self.lon = lon
        self.lat = lat
    }
    public var count: Int { lon.count }
    public func coordinate(_ i: Int) -> Coordinate { Coordinate(x: lon[i], y: lat[i]) }
}

/// One answer of a join: item `a` of the first layer and item `b` of the second, `distance` metres apart.
public struct ProximityPair: Sendable, Hashable {
    public var a: Int
    public var b: Int
    public var distance: Double
    public init(a: Int, b: Int, distance: Double) {
        self.a = a
        self.b = b
        self.distance = distance
    }
}

/// All pairs within a geodesic distance, the way shapely's STRtree `dwithin` query is meant to be used:
/// an STRtree over one layer, each item of the other queried with a box widened to a proven bound
/// (`geodesicSearchRadius`), then the exact test on WGS84 (`geod_inverse`). Work is split into chunks run
/// on every core; the pairs come back ordered by `a`, then `b`.
public enum ProximityJoin {
    /// What a join reports for each pair it finds.
    public enum Measure: Sendable {
        /// Each pair's exact geodesic distance (`geod_inverse`).
        case exact
        /// Membership only (`distance` is NaN): pairs whose chord bounds settle the question skip
        /// `geod_inverse` altogether, which is most of them.
        case membershipOnly
    }

    /// Pairs (i, j) with geodesic distance(a[i], b[j]) ≤ `distance` metres.
    public static func points(
        _ a: PointSet, _ b: PointSet, within distance: Double, measure: Measure = .exact,
        geodesic: Geodesic = .wgs84, progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) -> [ProximityPair] {
        guard a.count > 0, b.count > 0 else { return [] }
        // Index the smaller layer: building is O(n log n), querying O(log n) per probe.
        let (indexed, probes, swapped) = b.count <= a.count ? (b, a, false) : (a, b, true)
        let tree = STRtree((0..<indexed.count).map { Envelope(point: indexed.coordinate($0)) })
        let positions = (0..<indexed.count).map { ChordBounds.ecef(lon: indexed.lon[$0], lat: indexed.lat[$0]) }
        let bounds = ChordBounds(distance: distance)
        // Many more probes than items: most probes are far from every item, and a bitmap says so.
        let coverage = probes.count >= 4 * indexed.count ? CoverageGrid(points: indexed, distance: distance) : nil
        var pairs = parallelChunks(count: probes.count, progress: progress) { range in
            var found: [ProximityPair] = []
            var hits: [Int] = []
            for p in range {
                let lon = probes.lon[p], lat = probes.lat[p]
                if let coverage, !coverage.mayReach(lon: lon, lat: lat) { continue }
                hits.removeAll(keepingCapacity: true)
                forEachSearchBox(lon: lon, lat: lat, distance: distance) { box in tree.collect(box, into: &hits) }
                if hits.isEmpty { continue }
                if hits.count > 1 { hits.sort() }
                let position = ChordBounds.ecef(lon: lon, lat: lat)
                for q in hits {
                    var d = Double.nan
                    switch bounds.classify(position, positions[q]) {
                    case .far: continue
                    case .near:
                        if measure == .exact { d = geodesic.distance(lon1: lon, lat1: lat, lon2: indexed.lon[q], lat2: indexed.lat[q]) }
                    case .undecided:
                        d = geodesic.distance(lon1: lon, lat1: lat, lon2: indexed.lon[q], lat2: indexed.lat[q])
                        if !(d <= distance) { continue }
                        if measure == .membershipOnly { d = .nan }
                    }
                    found.append(swapped ? ProximityPair(a: q, b: p, distance: d) : ProximityPair(a: p, b: q, distance: d))
                }
            }
            return found
        }
        if swapped { pairs.sort { ($0.a, $0.b) < ($1.a, $1.b) } }
        return pairs
    }

    /// Pairs (i, j) with the geodesic distance from point a[i] to geometry b[j] (0 inside a polygon, else to
    /// its nearest edge) ≤ `distance` metres.
    public static func pointsToGeometries(
        _ a: PointSet, _ b: [Geometry], within distance: Double,
        geodesic: Geodesic = .wgs84, progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) throws(GeometryError) -> [ProximityPair] {
        // An empty geometry has no envelope and is near nothing.
        let kept = b.indices.filter { b[$0].envelope != nil }
        let envelopes = kept.map { b[$0].envelope! }
        guard a.count > 0, !kept.isEmpty else { return [] }
        let tree = STRtree(envelopes)
        let results = parallelChunks(count: a.count, progress: progress) { range -> Result<[ProximityPair], GeometryError> in
            // Prepared geometries are bound to this thread's GEOS context: one set per chunk.
            var prepared: [Int: PreparedGeometry] = [:]
            var found: [ProximityPair] = []
            do {
                for p in range {
                    let point = a.coordinate(p)
                    var hits: [Int] = []
                    forEachSearchBox(lon: point.x, lat: point.y, distance: distance) { box in tree.collect(box, into: &hits) }
                    for k in hits.sorted() {
                        let geometry = b[kept[k]]
                        var prep: PreparedGeometry? = nil
                        if geometry.isPolygonal {
                            if prepared[k] == nil { prepared[k] = try PreparedGeometry(geometry) }
                            prep = prepared[k]
                        }
                        let d = try GeodesicDistance.distance(from: point, to: geometry, prepared: prep, geodesic: geodesic)
                        if d <= distance { found.append(ProximityPair(a: p, b: kept[k], distance: d)) }
                    }
                }
            } catch let error as GeometryError {
                return .failure(error)
            } catch {
                return .failure(.invalidGeometry("\(error)"))
            }
            return .success(found)
        }
        return try results.get()
    }

    /// The lon/lat boxes that hold every point within `distance` metres of (lon, lat): one box, or two when it
    /// crosses the antimeridian, or a full band of longitudes near a pole.
    @inline(__always)
    static func forEachSearchBox(lon: Double, lat: Double, distance: Double, _ body: (Envelope) -> Void) {
        let (dLat, dLon) = geodesicSearchRadius(distance: distance, lat: lat)
        let minY = max(-90, lat - dLat), maxY = min(90, lat + dLat)
        guard let dLon else { return body(Envelope(minX: -180, minY: minY, maxX: 180, maxY: maxY)) }
        body(Envelope(minX: max(-180, lon - dLon), minY: minY, maxX: min(180, lon + dLon), maxY: maxY))
        if lon - dLon < -180 { body(Envelope(minX: lon - dLon + 360, minY: minY, maxX: 180, maxY: maxY)) }
        if lon + dLon > 180 { body(Envelope(minX: -180, minY: minY, maxX: lon + dLon - 360, maxY: maxY)) }
    }

    /// Runs `work` over contiguous chunks of 0..<count on every core and joins the chunks' answers in order.
    static func parallelChunks<T: Sendable>(
        count: Int, progress: (@Sendable (Int, Int) -> Void)?, _ work: @Sendable (Range<Int>) -> [T]
    ) -> [T] {
        switch parallelChunks(count: count, progress: progress, { range -> Result<[T], Never> in .success(work(range)) }) {
        case .success(let pairs): return pairs
        }
    }

    static func parallelChunks<T: Sendable, E: Error>(
        count: Int, progress: (@Sendable (Int, Int) -> Void)?, _ work: @Sendable (Range<Int>) -> Result<[T], E>
    ) -> Result<[T], E> {
        let chunkSize = max(1024, count / (ProcessInfo.processInfo.activeProcessorCount * 16))
        let chunks = stride(from: 0, to: count, by: chunkSize).map { $0..<min($0 + chunkSize, count) }
        let done = Atomic<Int>(0)
        let results = Parallel.map(chunks.count) { c in
            let result = work(chunks[c])
            let finished = done.add(chunks[c].count, ordering: .relaxed).newValue
            progress?(finished, count)
            return result
        }
        var joined: [T] = []
        for result in results {
            switch result {
            case .success(let part): joined.append(contentsOf: part)
            case .failure(let error): return .failure(error)
            }
        }
        return .success(joined)
    }
}
