import Testing
@testable import Geometry

/// Known distances: constants of the WGS84 ellipsoid, and values from an independent Vincenty (1975)
/// implementation (shared/bench/join_reference.py), which agrees with GeographicLib to 0.02 mm on these.
@Suite struct GeodesicTests {
    let g = Geodesic.wgs84

    @Test func poleToPoleIsTwoMeridianQuadrants() {
        let d = g.distance(from: Coordinate(lon: 0, lat: 90), to: Coordinate(lon: 0, lat: -90))
        #expect(abs(d - 20_003_931.4586) < 0.001)
        let quadrant = g.distance(from: Coordinate(lon: 0, lat: 0), to: Coordinate(lon: 0, lat: 90))
        #expect(abs(quadrant - 10_001_965.7293) < 0.001)
    }

    @Test func equatorialAntipodesGoOverThePole() {
        // On an oblate ellipsoid the shortest path between equatorial antipodes is the meridian pair.
        let d = g.distance(from: Coordinate(lon: 0, lat: 0), to: Coordinate(lon: 180, lat: 0))
        #expect(abs(d - 20_003_931.4586) < 0.001)
    }

    @Test(arguments: [
        (36.5, 40.75, 39.93, 32.86, 788_479.002628),      // Al Hasakah → Ankara
        (36.5, 40.75, 36.51, 40.75, 1_109.683891),        // 0.01° north at Al Hasakah
        (80.0, 0.0, 80.0, 0.01, 193.934855),              // short, high latitude
        (89.9, 10.0, 89.9, 190.0, 22_338.795683),         // across the pole
        (-85.0, 20.0, -85.0, 21.0, 9_734.399962),         // far south
        (0.0, 179.9995, 0.0, -179.9995, 111.319487),      // across the antimeridian
        (51.5072, -0.1276, 40.7128, -74.006, 5_585_253.769606),
        (-33.8688, 151.2093, -33.4489, -70.6693, 11_368_984.480294),
    ])
    func agreesWithAnIndependentImplementationToAMillimetre(_ c: (Double, Double, Double, Double, Double)) {
        let d = g.distance(from: Coordinate(lon: c.1, lat: c.0), to: Coordinate(lon: c.3, lat: c.2))
        #expect(abs(d - c.4) < 0.001, "got \(d), expected \(c.4)")
    }

    @Test func azimuthsOfKnownDirections() {
        let north = g.inverse(from: Coordinate(lon: 40.75, lat: 36.5), to: Coordinate(lon: 40.75, lat: 36.51))
        #expect(abs(north.initialAzimuth) < 1e-9)
        let east = g.inverse(from: Coordinate(lon: 0, lat: 0), to: Coordinate(lon: 1, lat: 0))
        #expect(abs(east.initialAzimuth - 90) < 1e-9)
        let ankara = g.inverse(from: Coordinate(lon: 40.75, lat: 36.5), to: Coordinate(lon: 32.86, lat: 39.93))
        #expect(abs(ankara.initialAzimuth - -58.742734731) < 1e-6)
    }

    @Test func directThenInverseRoundTrips() {
        for lat in stride(from: -85.0, through: 85.0, by: 17.0) {
            for azimuth in stride(from: -180.0, to: 180.0, by: 45.0) {
                let start = Coordinate(lon: 40.75, lat: lat)
                let (end, _) = g.direct(from: start, azimuth: azimuth, distance: 12_345.678)
                let back = g.inverse(from: start, to: end)
                #expect(abs(back.distance - 12_345.678) < 1e-6)
            }
        }
    }

    @Test func searchRadiusHoldsEveryPointAtTheDistance() {
        // The widened box must contain the destination of every azimuth, at every latitude.
        for lat in stride(from: -89.0, through: 89.0, by: 8.0) {
            for distance in [1.0, 1_000, 50_000, 400_000] {
                let (dLat, dLon) = geodesicSearchRadius(distance: distance, lat: lat)
                for azimuth in stride(from: 0.0, to: 360.0, by: 5.0) {
                    let (end, _) = g.direct(from: Coordinate(lon: 0, lat: lat), azimuth: azimuth, distance: distance)
                    #expect(abs(end.y - lat) <= dLat)
                    if let dLon { #expect(abs(end.x) <= dLon) }
                }
            }
        }
    }
}
