import Testing
@testable import Geometry

/// A small deterministic generator (PCG-style LCG), so failures reproduce.
struct SeededRandom {
    var state: UInt64
    mutating func next() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53)
    }
    mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + next() * (range.upperBound - range.lowerBound)
    }
}

@Suite struct STRtreeTests {
    func boxes(_ n: Int, seed: UInt64) -> [Envelope] {
        var r = SeededRandom(state: seed)
        return (0..<n).map { _ in
            let x = r.uniform(0...100), y = r.uniform(0...100)
            return Envelope(minX: x, minY: y, maxX: x + r.uniform(0...3), maxY: y + r.uniform(0...3))
        }
    }

    @Test(arguments: [0, 1, 15, 16, 17, 300, 5_000])
    func envelopeQueriesMatchBruteForce(count: Int) {
        let items = boxes(count, seed: UInt64(count) + 7)
        let tree = STRtree(items)
        #expect(tree.count == count)
        var r = SeededRandom(state: 99)
        for _ in 0..<200 {
            let x = r.uniform(-5...105), y = r.uniform(-5...105)
            let q = Envelope(minX: x, minY: y, maxX: x + r.uniform(0...10), maxY: y + r.uniform(0...10))
            let expected = items.indices.filter { items[$0].intersects(q) }
            #expect(tree.query(q) == expected)
            let within = items.indices.filter { items[$0].distanceSquared(to: q) <= 4 }
            #expect(tree.query(within: 2, of: q) == within)
        }
    }

    @Test func nearestMatchesBruteForce() {
        let items = boxes(2_000, seed: 3)
        let tree = STRtree(items)
        var r = SeededRandom(state: 5)
        for _ in 0..<50 {
            let p = Envelope(point: Coordinate(x: r.uniform(0...100), y: r.uniform(0...100)))
            let distance = { (i: Int) in items[i].distanceSquared(to: p).squareRoot() }
            let expected = items.indices.map { ($0, distance($0)) }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(5)
            let got = tree.nearest(to: p, k: 5, distance: distance)
            #expect(got.map(\.index) == expected.map(\.0))
        }
    }
}

@Suite struct ProximityJoinTests {
    let g = Geodesic.wgs84

    func points(_ n: Int, seed: UInt64, lon: ClosedRange<Double>, lat: ClosedRange<Double>) -> PointSet {
        var r = SeededRandom(state: seed)
        var lons: [Double] = [], lats: [Double] = []
        for _ in 0..<n {
            lons.append(r.uniform(lon))
            lats.append(r.uniform(lat))
        }
        return PointSet(lon: lons, lat: lats)
    }

    func bruteForce(_ a: PointSet, _ b: PointSet, _ d: Double) -> [ProximityPair] {
        var pairs: [ProximityPair] = []
        for i in 0..<a.count {
            for j in 0..<b.count {
                let s = g.distance(from: a.coordinate(i), to: b.coordinate(j))
                if s <= d { pairs.append(ProximityPair(a: i, b: j, distance: s)) }
            }
        }
        return pairs
    }

    @Test(arguments: [
        (40.0...40.2, 36.4...36.6, 1_000.0),        // near Al Hasakah
        (179.9...180.0, (-0.05)...0.05, 2_000.0),     // on the antimeridian (b is placed across it below)
        ((-30.0)...30.0, 89.5...89.99, 20_000.0),     // around the pole
        (10.0...10.5, (-60.0)...(-59.5), 3_000.0),
    ])
    func pairsMatchBruteForce(_ c: (ClosedRange<Double>, ClosedRange<Double>, Double)) {
        // Five probes an item: the join's coverage grid is in play (at four or more).
        let a = points(2_000, seed: 11, lon: c.0, lat: c.1)
        var b = points(400, seed: 12, lon: c.0, lat: c.1)
        if c.0.upperBound == 180 { b.lon = b.lon.map { -$0 } }  // b just across the antimeridian from a
        let expected = bruteForce(a, b, c.2)
        #expect(!expected.isEmpty)
        // Compared as Bools: a failure prints counts, not thousands of pairs.
        let want = expected.map { [$0.a, $0.b] }
        let exact = ProximityJoin.points(a, b, within: c.2)
        let exactMatches = exact.map { [$0.a, $0.b] } == want
        #expect(exactMatches, "exact: \(exact.count) pairs, brute force \(expected.count)")
        #expect(zip(exact, expected).allSatisfy { $0.distance == $1.distance })
        let membership = ProximityJoin.points(a, b, within: c.2, measure: .membershipOnly)
        let membershipMatches = membership.map { [$0.a, $0.b] } == want
        #expect(membershipMatches, "membership: \(membership.count) pairs, brute force \(expected.count)")
        // Either layer may be the indexed one; the answer is the same with the roles swapped.
        let swapped = ProximityJoin.points(b, a, within: c.2)
        let swappedMatches = Set(swapped.map { [$0.b, $0.a] }) == Set(want)
        #expect(swappedMatches, "swapped: \(swapped.count) pairs, brute force \(expected.count)")
    }

    /// The grid never clears a point that has an item within the distance — across the antimeridian too —
    /// and clears most of the points that have none (else it would be no use).
    @Test func coverageGridNeverMissesANearPoint() throws {
        for (lon, shift) in [(40.0...42.0, false), (179.0...180.0, true)] {
            var items = points(100, seed: 21, lon: lon, lat: 35.0...37.0)
            if shift { items.lon = items.lon.enumerated().map { $0.offset % 2 == 0 ? -$0.element : $0.element } }
            let grid = try #require(CoverageGrid(points: items, distance: 5_000))
            var probes = points(10_000, seed: 22, lon: lon, lat: 35.0...37.0)
            if shift { probes.lon = probes.lon.enumerated().map { $0.offset % 3 == 0 ? -$0.element : $0.element } }
            var missed = 0, cleared = 0, far = 0
            for p in 0..<probes.count {
                let near = (0..<items.count).contains { g.distance(from: probes.coordinate(p), to: items.coordinate($0)) <= 5_000 }
                let reach = grid.mayReach(lon: probes.lon[p], lat: probes.lat[p])
                if near, !reach { missed += 1 }
                if !near { far += 1; if !reach { cleared += 1 } }
            }
            #expect(missed == 0)
            #expect(cleared * 2 > far, "cleared \(cleared) of \(far) far points")
        }
    }

    @Test func pairsAtTheThresholdAreDecidedExactly() {
        // Points placed at 1000 m ± 10 µm: the chord bounds cannot decide them, the exact test must.
        let center = Coordinate(lon: 40.75, lat: 36.5)
        var lon: [Double] = [], lat: [Double] = [], expectNear: [Bool] = []
        for (k, azimuth) in stride(from: 0.0, to: 360.0, by: 7.5).enumerated() {
            let offset = k % 2 == 0 ? -1e-5 : 1e-5
            let (p, _) = g.direct(from: center, azimuth: azimuth, distance: 1000 + offset)
            lon.append(p.x)
            lat.append(p.y)
            expectNear.append(g.distance(from: center, to: p) <= 1000)
        }
        let pairs = ProximityJoin.points(PointSet(lon: lon, lat: lat), PointSet(lon: [center.x], lat: [center.y]), within: 1000, measure: .membershipOnly)
        #expect(pairs.map(\.a) == expectNear.indices.filter { expectNear[$0] })
    }

    @Test func chordBoundsNeverContradictTheGeodesic() {
        var r = SeededRandom(state: 77)
        for distance in [10.0, 1_000, 100_000, 900_000] {
            let bounds = ChordBounds(distance: distance)
            for _ in 0..<2_000 {
                let a = Coordinate(lon: r.uniform(-180...180), lat: r.uniform(-89...89))
                let (b, _) = g.direct(from: a, azimuth: r.uniform(0...360), distance: distance * r.uniform(0.9...1.1))
                let s = g.distance(from: a, to: b)
                switch bounds.classify(ChordBounds.ecef(lon: a.x, lat: a.y), ChordBounds.ecef(lon: b.x, lat: b.y)) {
                case .near: #expect(s <= distance)
                case .far: #expect(s > distance)
                case .undecided: break
                }
            }
        }
    }

    @Test func pointsToPolygonsAndLines() throws {
        let square = Geometry.box(minX: 40.70, minY: 36.45, maxX: 40.80, maxY: 36.55)
        let line = try Geometry(wkt: "LINESTRING (41.0 36.0, 41.0 37.0)")
        let a = PointSet(lon: [40.75, 40.80 + 0.0112, 40.99, 39.0], lat: [36.50, 36.50, 36.5, 36.5])
        let pairs = try ProximityJoin.pointsToGeometries(a, [square, line], within: 1_500)
        // Inside the square: 0 m. Just east of it: about 1 km to its edge. 0.01° west of the line: ~895 m.
        #expect(pairs.map { [$0.a, $0.b] } == [[0, 0], [1, 0], [2, 1]])
        #expect(pairs[0].distance == 0)
        let toEdge = g.distance(from: Coordinate(lon: 40.8112, lat: 36.5), to: Coordinate(lon: 40.80, lat: 36.5))
        #expect(abs(pairs[1].distance - toEdge) < 0.05)
        let toLine = g.distance(from: Coordinate(lon: 40.99, lat: 36.5), to: Coordinate(lon: 41.0, lat: 36.5))
        #expect(abs(pairs[2].distance - toLine) < 0.05)
    }
}

@Suite struct LocalProjectionTests {
    @Test func projDatabaseIsFound() throws {
        try PROJInstallation.check()
        #expect(PROJInstallation.databasePath?.hasSuffix("proj.db") == true)
    }

    @Test func centreIsTheOriginAndDistancesFromItAreGeodesic() throws {
        let center = Coordinate(lon: 40.75, lat: 36.5)
        let projection = try LocalProjection.centered(at: center)
        let origin = try projection.forward([center])[0]
        #expect(abs(origin.x) < 1e-6 && abs(origin.y) < 1e-6)
        for azimuth in stride(from: 0.0, to: 360.0, by: 30.0) {
            let (p, _) = Geodesic.wgs84.direct(from: center, azimuth: azimuth, distance: 25_000)
            let xy = try projection.forward([p])[0]
            #expect(abs((xy.x * xy.x + xy.y * xy.y).squareRoot() - 25_000) < 1e-3)
            let back = try projection.inverse([xy])[0]
            #expect(abs(back.x - p.x) < 1e-9 && abs(back.y - p.y) < 1e-9)
        }
        // lon/lat order: a point due east projects onto +x.
        let east = try projection.forward([Coordinate(lon: 40.76, lat: 36.5)])[0]
        #expect(east.x > 800 && abs(east.y) < 10)
    }

    @Test func invalidCentreIsRefused() {
        #expect(throws: GeometryError.self) { try LocalProjection.centered(at: Coordinate(lon: 0, lat: 95)) }
    }
}
