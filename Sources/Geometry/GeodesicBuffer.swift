import Foundation

/// Circles of a radius in metres on the WGS84 ellipsoid, as lon/lat polygons.
public enum GeodesicBuffer {
    /// The circle of `radius` metres around `center`: `segments` vertices, each placed exactly on the circle by
    /// `geod_direct`, wound counter-clockwise. With the default 128 the straight lon/lat edges between vertices
    /// stay within 0.03 % of the radius (1 − cos(π/128)), so a point at 999 m of a 1 km circle is inside and one
    /// at 1001 m outside. A circle crossing the antimeridian is cut there into a MultiPolygon (RFC 7946 §3.1.9).
    /// A circle that would hold a pole has no lon/lat polygon of this form and is refused.
    public static func circle(
        center: Coordinate, radius: Double, segments: Int = 128, geodesic: Geodesic = .wgs84
    ) throws(GeometryError) -> Geometry {
        let center = try center.validated()
        guard radius.isFinite, radius > 0 else { throw .invalidGeometry("buffer radius must be a positive distance, got \(radius) m") }
        guard segments >= 8 else { throw .invalidGeometry("a circle needs at least 8 segments, got \(segments)") }
        for pole in [90.0, -90.0] where geodesic.distance(from: center, to: Coordinate(x: center.x, y: pole)) <= radius {
            throw .unsupported("a circle of \(radius) m around (\(center.y), \(center.x)) contains the \(pole > 0 ? "north" : "south") pole")
        }
        var ring: [Coordinate] = []
        ring.reserveCapacity(segments + 1)
        for i in 0..<segments {
            // Azimuths run clockwise from north, so stepping them backwards winds the ring counter-clockwise.
            let azimuth = -360.0 * Double(i) / Double(segments)
            var (vertex, _) = geodesic.direct(from: center, azimuth: azimuth, distance: radius)
            // Keep longitudes continuous around the centre; the antimeridian is dealt with below.
            vertex.x = center.x + remainder(vertex.x - center.x, 360)
            ring.append(vertex)
        }
        ring.append(ring[0])
        let polygon = Geometry.polygon(Polygon(exterior: try LinearRing(ring)))
        guard ring.contains(where: { abs($0.x) > 180 }) else { return polygon }
        return try cutAtAntimeridian(polygon)
    }

    /// Splits a polygon whose longitudes run past ±180 into parts inside [-180, 180], shifting the part beyond.
    static func cutAtAntimeridian(_ polygon: Geometry) throws(GeometryError) -> Geometry {
        var parts: [Polygon] = []
        for shift in [0.0, -360.0, 360.0] {
            let window = Geometry.box(minX: -180 - shift, minY: -90, maxX: 180 - shift, maxY: 90)
            let piece = try polygon.intersection(window)
            let moved = try piece.mapCoordinateArrays { cs in cs.map { Coordinate(x: $0.x + shift, y: $0.y, z: $0.z) } }
            parts.append(contentsOf: moved.polygons)
        }
        return .multiPolygon(MultiPolygon(parts.map { $0.orientedForRFC7946() }))
    }
}

extension Geometry {
    /// An axis-aligned rectangle, wound counter-clockwise.
    public static func box(minX: Double, minY: Double, maxX: Double, maxY: Double) -> Geometry {
        let ring = [Coordinate(x: minX, y: minY), Coordinate(x: maxX, y: minY), Coordinate(x: maxX, y: maxY),
                    Coordinate(x: minX, y: maxY), Coordinate(x: minX, y: minY)]
        return .polygon(Polygon(exterior: LinearRing(closed: ring)))
    }

    /// The polygons in this geometry (its parts, for a multi-polygon or collection).
    public var polygons: [Polygon] {
        switch self {
        case .polygon(let p): [p]
        case .multiPolygon(let m): m.polygons
        case .geometryCollection(let c): c.geometries.flatMap(\.polygons)
        default: []
        }
    }

    /// Whether the geometry has area (a polygon, or a collection holding one).
    public var isPolygonal: Bool { !polygons.isEmpty }
}
