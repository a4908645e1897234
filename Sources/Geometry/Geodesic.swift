import CPROJ
import Foundation

/// Geodesics on an ellipsoid, by Karney's algorithms as PROJ ships them (`geodesic.h`, the C port of
/// GeographicLib): accurate to ~15 nm, any two points, antipodes included. The `geod_geodesic` struct is
/// immutable after `geod_init`, so one value is shared by every thread.
public struct Geodesic: Sendable {
    private let g: geod_geodesic

    /// WGS84: a = 6378137 m, f = 1/298.257223563.
    public static let wgs84 = Geodesic(equatorialRadius: 6_378_137, flattening: 1 / 298.257223563)

    public init(equatorialRadius: Double, flattening: Double) {
        var g = geod_geodesic()
        geod_init(&g, equatorialRadius, flattening)
        self.g = g
    }

    public struct Inverse: Sendable, Equatable {
        /// Metres along the geodesic.
        public var distance: Double
        /// Initial and final azimuths, degrees clockwise from north.
        public var initialAzimuth: Double
        public var finalAzimuth: Double
    }

    /// `geod_inverse`: the shortest geodesic between two points.
    public func inverse(from a: Coordinate, to b: Coordinate) -> Inverse {
        var (s12, azi1, azi2) = (0.0, 0.0, 0.0)
        withUnsafePointer(to: g) { geod_inverse($0, a.y, a.x, b.y, b.x, &s12, &azi1, &azi2) }
        return Inverse(distance: s12, initialAzimuth: azi1, finalAzimuth: azi2)
    }

    /// `geod_inverse` asking for the distance only (metres), which skips the azimuth work.
    @inline(__always)
    public func distance(lon1: Double, lat1: Double, lon2: Double, lat2: Double) -> Double {
        var s12 = 0.0
        withUnsafePointer(to: g) { geod_inverse($0, lat1, lon1, lat2, lon2, &s12, nil, nil) }
        return s12
    }

    public func distance(from a: Coordinate, to b: Coordinate) -> Double {
        distance(lon1: a.x, lat1: a.y, lon2: b.x, lat2: b.y)
    }

    /// `geod_direct`: the point `distance` metres from `start` along initial azimuth `azimuth` (degrees),
    /// with the azimuth on arrival. Longitude comes back in [-180, 180].
    public func direct(from start: Coordinate, azimuth: Double, distance: Double) -> (Coordinate, finalAzimuth: Double) {
        var (lat2, lon2, azi2) = (0.0, 0.0, 0.0)
        withUnsafePointer(to: g) { geod_direct($0, start.y, start.x, azimuth, distance, &lat2, &lon2, &azi2) }
        return (Coordinate(x: lon2, y: lat2), azi2)
    }
}

/// How far, in degrees, a geodesic of length `distance` metres can move from a point at latitude `lat`:
/// the box to widen a search by before the exact test. Bounds, not estimates:
/// - latitude: a geodesic is at least as long as its meridional arc, and the meridional radius of curvature
///   is smallest at the equator, a(1 − e²), so Δφ ≤ s / (a(1 − e²));
/// - longitude: along the way dλ · N cos φ ≤ ds with N ≥ a, so Δλ ≤ s / (a cos φmax), φmax the highest
///   latitude the geodesic can reach; nil when that reaches a pole (every longitude is then possible).
/// A 1e-9 relative margin and one micro-degree absorb rounding.
public func geodesicSearchRadius(distance: Double, lat: Double) -> (dLat: Double, dLon: Double?) {
    let a = 6_378_137.0, f = 1 / 298.257223563
    let e2 = f * (2 - f)
    let degreesPerRadian = 180 / Double.pi
    let dLat = distance / (a * (1 - e2)) * degreesPerRadian * (1 + 1e-9) + 1e-6
    let highest = abs(lat) + dLat
    guard highest < 89.999 else { return (dLat, nil) }
    let dLon = distance / (a * cos(highest / degreesPerRadian)) * degreesPerRadian * (1 + 1e-9) + 1e-6
    return (dLat, dLon >= 180 ? nil : dLon)
}

extension Coordinate {
    /// The mean radius of the WGS84 ellipsoid (IUGG R1), in kilometres: the sphere rough distances use.
    public static let meanEarthRadiusKilometres = 6371.0088

    /// Great-circle distance on the mean-radius sphere (haversine), in kilometres: within 0.5 % of the
    /// geodesic, for weighing evidence (ranking, clustering) where `Geodesic` would cost ten times more.
    public func roughKilometres(to other: Coordinate) -> Double {
        let toRadians = Double.pi / 180
        let p1 = lat * toRadians, p2 = other.lat * toRadians
        let dp = p2 - p1, dl = (other.lon - lon) * toRadians
        let h = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2)
        return 2 * Coordinate.meanEarthRadiusKilometres * asin(min(1, h.squareRoot()))
    }
}

/// A point on the unit sphere: the great-circle distance from one point to many costs a few subtractions
/// each, and one arcsine for the nearest, instead of a haversine's trigonometry for every pair.
public struct SpherePoint: Sendable {
    public let x: Double, y: Double, z: Double

    public init(_ c: Coordinate) {
        let toRadians = Double.pi / 180
        let lat = c.lat * toRadians, lon = c.lon * toRadians
        x = cos(lat) * cos(lon)
        y = cos(lat) * sin(lon)
        z = sin(lat)
    }

    /// The squared chord to `other`: orders points by their distance from this one.
    @inlinable
    public func chordSquared(to other: SpherePoint) -> Double {
        let dx = x - other.x, dy = y - other.y, dz = z - other.z
        return dx * dx + dy * dy + dz * dz
    }

    /// A squared chord as `Coordinate.roughKilometres` measures distance (the haversine's h is a quarter of it).
    public static func kilometres(chordSquared: Double) -> Double {
        2 * Coordinate.meanEarthRadiusKilometres * asin(min(1, (chordSquared / 4).squareRoot()))
    }
}
