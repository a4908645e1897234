import Foundation

/// Points as two parallel arrays of degrees: the compact form the join runs on (16 bytes a point).
public struct PointSet: Sendable {
    public var lon: [Double]
    public var lat: [Double]
    public init(lon: [Double], lat: [Double]) {
        precondition(lon.count == lat.count, "lon and lat arrays must be the same length")  // unreachable: every caller builds the two arrays together
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

    /// Pairs (i, j) with geodesic distance(a[i], b[j]) ≤ `distance` metres, all at once, ordered by `a`
    /// then `b`. For a large answer, `streamPoints` hands it over a chunk at a time instead.
    public static func points(
        _ a: PointSet, _ b: PointSet, within distance: Double, measure: Measure = .exact,
        geodesic: Geodesic = .wgs84, progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) -> [ProximityPair] {
        var pairs: [ProximityPair] = []
        var swapped = false
        streamPoints(a, b, within: distance, measure: measure, ordered: false, geodesic: geodesic, progress: progress,
                     transform: { $0 }) { chunk in
            swapped = chunk.swapped
            pairs.append(contentsOf: chunk.pairs)
        }
        if swapped { pairs.sort { ($0.a, $0.b) < ($1.a, $1.b) } }
        return pairs
    }

    /// A run of the answer: the pairs of the probes `probes` (items of `a`, or of `b` when `swapped`).
    public struct Chunk: Sendable {
        public var probes: Range<Int>
        public var pairs: [ProximityPair]
        /// The larger layer was indexed and the smaller probed: pairs are ordered by `b`, not `a`.
        public var swapped: Bool
    }

    /// The same join streamed: the answer is cut into chunks of a few hundred probes, `transform` runs on
    /// each on every core (to count, format or select its pairs), and `consume` takes the results in order
    /// on the calling thread. Memory holds one batch of chunks (a few thousand probes' pairs), never the
    /// whole answer. `ordered` keeps chunks in the order of `a` (pairs by `a`, then `b`); without it the
    /// smaller layer may be the indexed one, which is faster when `a` is the smaller.
    public static func streamPoints<T: Sendable>(
        _ a: PointSet, _ b: PointSet, within distance: Double, measure: Measure = .exact, ordered: Bool = true,
        geodesic: Geodesic = .wgs84, progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil,
        transform: @Sendable (Chunk) -> T, consume: (T) throws -> Void
    ) rethrows {
        guard a.count > 0, b.count > 0 else { return }
        // Index the smaller layer when order allows: building is O(n log n), querying O(log n) per probe.
        let swapped = !ordered && b.count > a.count
        let (indexed, probes) = swapped ? (a, b) : (b, a)
        let tree = STRtree((0..<indexed.count).map { Envelope(point: indexed.coordinate($0)) })
        let positions = (0..<indexed.count).map { ChordBounds.ecef(lon: indexed.lon[$0], lat: indexed.lat[$0]) }
        let bounds = ChordBounds(distance: distance)
        // Many more probes than items: most probes are far from every item, and a bitmap says so.
        let coverage = probes.count >= 4 * indexed.count ? CoverageGrid(points: indexed, distance: distance) : nil
        try streamChunks(count: probes.count, chunkSize: 256, progress: progress, { range in
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
            return transform(Chunk(probes: range, pairs: found, swapped: swapped))
        }, consume: consume)
    }

    /// Pairs (i, j) with the geodesic distance from point a[i] to geometry b[j] (0 inside a polygon, else to
    /// its nearest edge) ≤ `distance` metres, all at once.
    public static func pointsToGeometries(
        _ a: PointSet, _ b: [Geometry], within distance: Double,
        geodesic: Geodesic = .wgs84, progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) throws(GeometryError) -> [ProximityPair] {
        var pairs: [ProximityPair] = []
        do {
            try streamPointsToGeometries(a, b, within: distance, geodesic: geodesic, progress: progress,
                                         transform: { $0 }) { chunk in pairs.append(contentsOf: chunk.pairs) }
        } catch let error as GeometryError {
            throw error
        } catch {
            throw .invalidGeometry("\(error)")  // the consumer above throws nothing else
        }
        return pairs
    }

    /// The same join streamed in the order of `a`, as `streamPoints` streams. A GEOS failure in a chunk
    /// (a `GeometryError`) is thrown when its turn comes, as is an error of `consume`.
    public static func streamPointsToGeometries<T: Sendable>(
        _ a: PointSet, _ b: [Geometry], within distance: Double,
        geodesic: Geodesic = .wgs84, progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil,
        transform: @Sendable (Chunk) -> T, consume: (T) throws -> Void
    ) throws {
        // An empty geometry has no envelope and is near nothing (readers report such features).
        let kept = b.indices.compactMap { i in b[i].envelope.map { (i, $0) } }
        guard a.count > 0, !kept.isEmpty else { return }
        let tree = STRtree(kept.map(\.1))
        var failure: (any Error)?
        streamChunks(count: a.count, chunkSize: 1024, progress: progress, { range -> Result<T, GeometryError> in
            // Prepared geometries are bound to this thread's GEOS context: one set per chunk.
            var prepared: [Int: PreparedGeometry] = [:]
            var found: [ProximityPair] = []
            var hits: [Int] = []
            do {
                for p in range {
                    let point = a.coordinate(p)
                    hits.removeAll(keepingCapacity: true)
                    forEachSearchBox(lon: point.x, lat: point.y, distance: distance) { box in tree.collect(box, into: &hits) }
                    for k in hits.sorted() {
                        let geometry = b[kept[k].0]
                        var prep: PreparedGeometry? = nil
                        if geometry.isPolygonal {
                            let made = try prepared[k] ?? PreparedGeometry(geometry)
                            prepared[k] = made
                            prep = made
                        }
                        let d = try GeodesicDistance.distance(from: point, to: geometry, prepared: prep, geodesic: geodesic)
                        if d <= distance { found.append(ProximityPair(a: p, b: kept[k].0, distance: d)) }
                    }
                }
            } catch let error as GeometryError {
                return .failure(error)
            } catch {
                return .failure(.invalidGeometry("\(error)"))
            }
            return .success(transform(Chunk(probes: range, pairs: found, swapped: false)))
        }, consume: { result in
            // The first failure ends the join: later chunks are not consumed.
            guard failure == nil else { return }
            switch result {
            case .success(let value):
                do { try consume(value) } catch { failure = error }
            case .failure(let error): failure = error
            }
        })
        if let failure { throw failure }
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

    /// Runs `work` over chunks of 0..<count on every core, a batch of chunks at a time, and hands each
    /// chunk's result to `consume` in order on the calling thread before the next batch is made: at most
    /// one batch of results is held.
    static func streamChunks<T: Sendable>(
        count: Int, chunkSize: Int, progress: (@Sendable (Int, Int) -> Void)?,
        _ work: @Sendable (Range<Int>) -> T, consume: (T) throws -> Void
    ) rethrows {
        let chunks = stride(from: 0, to: count, by: chunkSize).map { $0..<min($0 + chunkSize, count) }
        let batch = max(8, Parallel.cores * 4)
        var done = 0
        for first in stride(from: 0, to: chunks.count, by: batch) {
            let slice = chunks[first..<min(first + batch, chunks.count)]
            let results = Parallel.map(slice.count) { work(slice[slice.startIndex + $0]) }
            for (range, result) in zip(slice, results) {
                try consume(result)
                done += range.count
            }
            progress?(done, count)
        }
    }
}
