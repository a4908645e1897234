import Testing
@testable import Geometry

@Suite struct GEOSTests {
    @Test func wktRoundTripsEveryType() throws {
        let texts = [
            "POINT (40.75 36.5)",
            "LINESTRING (0 0, 1 1, 2 0)",
            "POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0), (1 1, 1 2, 2 2, 2 1, 1 1))",
            "MULTIPOINT ((0 0), (1 1))",
            "MULTIPOINT (0 0, 1 1)",
            "MULTILINESTRING ((0 0, 1 1), (2 2, 3 3))",
            "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((2 2, 3 2, 3 3, 2 2)))",
            "GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1))",
            "POINT Z (1 2 3)",
        ]
        for text in texts {
            let g = try Geometry(wkt: text)
            // Compared as values: GEOS versions differ in how they spell MULTIPOINT.
            #expect(try Geometry(wkt: try g.wkt()) == g)
            #expect(try Geometry(wkb: try g.wkb()) == g)
        }
    }

    @Test func wktIsTrimmedAndRounded() throws {
        #expect(try Geometry(wkt: "POINT (40.750000 36.500000)").wkt() == "POINT (40.75 36.5)")
        #expect(try Geometry(wkt: "POINT (40.123456789 36.5)").wkt(precision: 3) == "POINT (40.123 36.5)")
    }

    @Test func valueTypesCarryTheParts() throws {
        let g = try Geometry(wkt: "POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0), (1 1, 1 2, 2 2, 2 1, 1 1))")
        guard case .polygon(let p) = g else { Issue.record("expected a polygon"); return }
        #expect(p.exterior.coordinates.count == 5)
        #expect(p.holes.count == 1)
        #expect(p.exterior.isCounterClockwise)
        #expect(!p.holes[0].isCounterClockwise)
    }

    @Test func badWKTIsATypedErrorWithGEOSsMessage() throws {
        #expect {
            try Geometry(wkt: "POLYGON ((0 0, 1 1")
        } throws: { error in
            guard case GeometryError.invalidWKT(let message) = error else { return false }
            return !message.isEmpty
        }
        #expect(throws: GeometryError.self) { try Geometry(wkt: "CIRCLE (0 0, 1)") }
        // Positions with and without an altitude in one geometry (found by fuzzing: it wrote back as "nan").
        #expect {
            try Geometry(wkt: "LINESTRING (0 1 12 0, 1 12)")
        } throws: { error in
            guard case GeometryError.invalidWKT(let message) = error else { return false }
            return message.contains("dimensions")
        }
        #expect(throws: GeometryError.self) { try Geometry(wkt: "MULTILINESTRING ((0 0 0, 0 1 1), (2 2, 3 3))") }
        // An empty part of a collection that is not empty (found by fuzzing: an index out of range).
        #expect(throws: GeometryError.self) { try Geometry(wkt: "MULTIPOINT (EMPTY, (3 4))") }
        #expect(throws: GeometryError.self) { try Geometry(wkt: "MULTILINESTRING (EMPTY, (0 0, 1 1))") }
        #expect(throws: GeometryError.self) { try Geometry(wkt: "MULTIPOLYGON (EMPTY, ((0 0, 1 0, 1 1, 0 0)))") }
        #expect(try Geometry(wkt: "LINESTRING Z (0 1 2, 3 4 5)").allCoordinates.allSatisfy { $0.z != nil })
        // A plain decimal beyond a Double (found by fuzzing: it became infinite and wrote back as "inf").
        #expect(throws: GeometryError.self) { try Geometry(wkt: "POINT (1 8E2151)") }
        #expect(throws: GeometryError.self) { try Geometry(wkb: [0x01, 0x01, 0x00]) }
        #expect(throws: GeometryError.self) { try Geometry(wkb: []) }
    }

    @Test func ringsMustBeClosedAndLongEnough() {
        let open = [Coordinate(x: 0, y: 0), Coordinate(x: 1, y: 0), Coordinate(x: 1, y: 1), Coordinate(x: 0, y: 1)]
        #expect(throws: GeometryError.invalidRing("first and last positions differ (the ring is not closed)")) {
            try LinearRing(open)
        }
        #expect(throws: GeometryError.self) { try LinearRing(Array(open.prefix(2)) + [open[0]]) }
        #expect(throws: GeometryError.self) { try LineString([Coordinate(x: 0, y: 0)]) }
    }

    @Test func coordinatesAreChecked() {
        #expect(throws: GeometryError.self) { try Coordinate(x: .nan, y: 0).validated() }
        #expect(throws: GeometryError.self) { try Coordinate(x: 0, y: 91).validated() }
        #expect(throws: GeometryError.self) { try Coordinate(x: -180.5, y: 0).validated() }
        #expect(throws: GeometryError.self) { try Geometry.point(Point(lon: 0, lat: .infinity)).validatingCoordinates() }
        #expect(throws: Never.self) { try Coordinate(x: 180, y: -90).validated() }
    }

    @Test func predicates() throws {
        let square = Geometry.box(minX: 0, minY: 0, maxX: 10, maxY: 10)
        let inside = Geometry.point(Point(lon: 5, lat: 5))
        let outside = Geometry.point(Point(lon: 15, lat: 5))
        #expect(try square.contains(inside))
        #expect(try !square.contains(outside))
        #expect(try inside.within(square))
        #expect(try square.intersects(Geometry(wkt: "LINESTRING (-1 5, 1 5)")))
        #expect(try square.isWithinDistance(5, of: outside))
        #expect(try !square.isWithinDistance(4.9, of: outside))
        #expect(try square.distance(to: outside) == 5)
    }

    @Test func preparedGeometryAgreesWithThePlainPredicate() throws {
        let shape = try Geometry(wkt: "POLYGON ((0 0, 10 0, 10 10, 5 4, 0 10, 0 0))")
        let prepared = try PreparedGeometry(shape)
        var state: UInt64 = 42
        for _ in 0..<500 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let x = Double(state >> 40 & 0xFFFF) / 65535 * 12 - 1
            let y = Double(state >> 20 & 0xFFFF) / 65535 * 12 - 1
            let p = Geometry.point(Point(lon: x, lat: y))
            #expect(try prepared.contains(p) == shape.contains(p))
            #expect(try prepared.intersects(p) == shape.intersects(p))
            #expect(try prepared.contains(x: x, y: y) == shape.contains(p))
            #expect(try prepared.isWithinDistance(0.5, of: p) == shape.isWithinDistance(0.5, of: p))
        }
    }

    @Test func overlayOperations() throws {
        let a = Geometry.box(minX: 0, minY: 0, maxX: 2, maxY: 2)
        let b = Geometry.box(minX: 1, minY: 1, maxX: 3, maxY: 3)
        #expect(area(try a.intersection(b)) == 1)
        #expect(area(try a.union(b)) == 7)
        #expect(area(try a.difference(b)) == 3)
        #expect(try Geometry.geometryCollection(GeometryCollection([a, b])).unaryUnion().polygons.count == 1)
        #expect(try a.centroid() == .point(Point(lon: 1, lat: 1)))
        #expect(try a.contains(try a.pointOnSurface()))
        #expect(try Geometry(wkt: "LINESTRING (0 0, 2 2)").envelopeGeometry().polygons.count == 1)
        // Disjoint inputs give an empty result, which comes back as an empty collection.
        #expect(try a.intersection(Geometry.box(minX: 5, minY: 5, maxX: 6, maxY: 6)) == .geometryCollection(GeometryCollection([])))
    }

    @Test func bufferAndSimplify() throws {
        let disc = try Geometry.point(Point(lon: 0, lat: 0)).buffer(1, quadrantSegments: 32)
        #expect(abs(area(disc) - Double.pi) < 0.01)
        let wiggly = try Geometry(wkt: "LINESTRING (0 0, 1 0.01, 2 0, 3 0.01, 4 0)")
        guard case .lineString(let simple) = try wiggly.simplify(tolerance: 0.1) else { Issue.record("expected a line"); return }
        #expect(simple.coordinates.count == 2)
    }

    @Test func invalidGeometryIsReportedAndRepaired() throws {
        let bowtie = try Geometry(wkt: "POLYGON ((0 0, 2 2, 2 0, 0 2, 0 0))")
        #expect(try !bowtie.isValid)
        let reason = try bowtie.validityReason()
        #expect(reason?.contains("Self-intersection") == true)
        let repaired = try bowtie.makeValid()
        #expect(try repaired.isValid)
        #expect(abs(area(repaired) - 2) < 1e-12)
    }

    @Test func geosErrorsSurfaceAsSwiftErrors() throws {
        // Overlay of an invalid polygon raises a TopologyException inside GEOS: it must come back as a
        // typed error carrying GEOS's message, and the context must stay usable afterwards.
        let bowtie = try Geometry(wkt: "POLYGON ((0 0, 2 2, 2 0, 0 2, 0 0))")
        #expect {
            try bowtie.union(Geometry.box(minX: 1, minY: 0, maxX: 3, maxY: 1))
        } throws: { error in
            guard case GeometryError.geos(let operation, let message) = error else { return false }
            return operation == "GEOSUnion" && message.contains("Self-intersection")
        }
        #expect(try Geometry.box(minX: 0, minY: 0, maxX: 1, maxY: 1).union(.box(minX: 1, minY: 0, maxX: 2, maxY: 1)).polygons.count == 1)
    }

    @Test func contextsArePerThread() async throws {
        // Many tasks at once, each doing GEOS work: with one context per thread none may interfere.
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for i in 0..<64 {
                group.addTask {
                    let g = try Geometry(wkt: "POINT (\(i) \(i))").buffer(1)
                    return try g.contains(.point(Point(lon: Double(i), lat: Double(i))))
                }
            }
            for try await ok in group { #expect(ok) }
        }
    }

    private func area(_ g: Geometry) -> Double {
        g.polygons.reduce(0) { sum, p in
            sum + p.exterior.signedDoubleArea / 2 * (p.exterior.isCounterClockwise ? 1 : -1)
                - p.holes.reduce(0) { $0 + abs($1.signedDoubleArea) / 2 }
        }
    }
}

/// Inputs the fuzzers found, kept as tests once fixed.
@Suite struct WKTFuzzFindingsTests {
    /// GEOS 3.11's WKT writer overran a 28-byte buffer on a large value ("stack smashing detected"); the
    /// Swift writer writes any finite number, and GEOS reads it back.
    @Test func largeValuesAreWrittenAndReadBack() throws {
        let g = try Geometry(wkt: "LINESTRING Z (1 2 8e251, 3 4 5)")
        let text = try g.wkt()
        #expect(text == "LINESTRING Z (1 2 8e+251, 3 4 5)")
        #expect(try Geometry(wkt: text) == g)
        #expect(try Geometry(wkt: "POINT (-1.5e2 8.E251)").wkt(precision: 6) == "POINT (-150 8e+251)")
    }

    @Test func everyKindIsWrittenAsGEOSWritesIt() throws {
        for text in ["POINT (40.75 36.5)", "POINT Z (1 2 3)", "LINESTRING (0 0, 1 1)", "POLYGON ((0 0, 4 0, 4 4, 0 0), (1 1, 2 1, 2 2, 1 1))",
                     "MULTIPOINT ((1 2), (3 4))", "MULTILINESTRING ((0 0, 1 1), (2 2, 3 3))",
                     "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))",
                     "GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1))", "GEOMETRYCOLLECTION EMPTY"] {
            #expect(try Geometry(wkt: text).wkt() == text)
        }
        #expect(try Geometry(wkt: "POINT (40.1234567 -0.0000004)").wkt(precision: 6) == "POINT (40.123457 0)")
        // Small values come out in exponent form, which reads back exactly.
        let small = try Geometry(wkt: "POINT (-0.000001 0.1)")
        #expect(try small.wkt() == "POINT (-1e-06 0.1)" && Geometry(wkt: small.wkt()) == small)
    }
}
