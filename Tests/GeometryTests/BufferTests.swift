import Testing
@testable import Geometry

@Suite struct BufferTests {
    let g = Geodesic.wgs84
    let hasakah = Coordinate(lon: 40.75, lat: 36.50)

    @Test func oneKilometreRingAroundHasakahHolds999AndExcludes1001() throws {
        let ring = try GeodesicBuffer.circle(center: hasakah, radius: 1000)
        let prepared = try PreparedGeometry(ring)
        for azimuth in stride(from: 0.0, to: 360.0, by: 1.0) {
            let (inside, _) = g.direct(from: hasakah, azimuth: azimuth, distance: 999)
            let (outside, _) = g.direct(from: hasakah, azimuth: azimuth, distance: 1001)
            #expect(try prepared.contains(.point(Point(inside))), "999 m at \(azimuth)° should be inside")
            #expect(try !prepared.contains(.point(Point(outside))), "1001 m at \(azimuth)° should be outside")
        }
    }

    @Test(arguments: [-85.0, -60.0, -30.0, 0.0, 36.5, 60.0, 85.0])
    func everyVertexWithinOneThousandthOfTheRadius(lat: Double) throws {
        for radius in [100.0, 1_000, 25_000, 200_000] {
            let circle = try GeodesicBuffer.circle(center: Coordinate(lon: 10, lat: lat), radius: radius)
            let vertices = circle.allCoordinates
            #expect(vertices.count == 129)
            for v in vertices {
                let d = g.distance(from: Coordinate(lon: 10, lat: lat), to: v)
                #expect(abs(d - radius) <= radius * 0.001)
            }
        }
    }

    @Test func ringIsCounterClockwiseAndValid() throws {
        let circle = try GeodesicBuffer.circle(center: hasakah, radius: 5000)
        guard case .polygon(let p) = circle else { Issue.record("expected a polygon"); return }
        #expect(p.exterior.isCounterClockwise)
        #expect(try circle.isValid)
    }

    @Test func crossingTheAntimeridianIsCutIntoTwoParts() throws {
        let circle = try GeodesicBuffer.circle(center: Coordinate(lon: 179.999, lat: 0), radius: 1000)
        guard case .multiPolygon(let m) = circle else { Issue.record("expected a MultiPolygon, got \(circle.typeName)"); return }
        #expect(m.polygons.count == 2)
        #expect(circle.allCoordinates.allSatisfy { (-180...180).contains($0.x) })
        #expect(m.polygons.allSatisfy { $0.exterior.isCounterClockwise })
        // A point 500 m east, across the line, is in the western part.
        let (east, _) = g.direct(from: Coordinate(lon: 179.999, lat: 0), azimuth: 90, distance: 500)
        #expect(east.x < 0)
        #expect(try circle.contains(.point(Point(east))))
    }

    @Test func aCircleHoldingAPoleIsRefused() {
        #expect(throws: GeometryError.self) {
            try GeodesicBuffer.circle(center: Coordinate(lon: 0, lat: 89.99), radius: 5_000)
        }
    }

    @Test func nonsenseRadiusIsRefused() {
        #expect(throws: GeometryError.self) { try GeodesicBuffer.circle(center: hasakah, radius: -1) }
        #expect(throws: GeometryError.self) { try GeodesicBuffer.circle(center: hasakah, radius: .nan) }
        #expect(throws: GeometryError.self) { try GeodesicBuffer.circle(center: Coordinate(lon: 200, lat: 0), radius: 1) }
    }
}
