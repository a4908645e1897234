import Foundation

/// Distances in metres on WGS84 between a point and any geometry whose edges are straight in lon/lat
/// (as RFC 7946 defines them).
public enum GeodesicDistance {
    /// Longest lon/lat edge (degrees) measured without inserting vertices: edges are densified to this before
    /// projecting, so the projected polyline follows the lon/lat-straight edge to well under a metre.
    static let densifyStep = 0.01

    /// Metres from `point` to the nearest part of `geometry`: 0 inside a polygon, else to the nearest edge or
    /// point. The geometry is projected into an azimuthal equidistant plane centred on `point`, where distance
    /// from the origin is exact geodesic distance; GEOS finds the nearest projected point, and that point's
    /// geodesic distance is the answer.
    public static func distance(
        from point: Coordinate, to geometry: Geometry, prepared: PreparedGeometry? = nil, geodesic: Geodesic = .wgs84
    ) throws(GeometryError) -> Double {
        try nearest(from: point, to: geometry, prepared: prepared, geodesic: geodesic).distance
    }

    /// The distance (as `distance` computes it) and the nearest position of `geometry` (`point` itself
    /// when it lies inside).
    public static func nearest(
        from point: Coordinate, to geometry: Geometry, prepared: PreparedGeometry? = nil, geodesic: Geodesic = .wgs84
    ) throws(GeometryError) -> (distance: Double, at: Coordinate) {
        if case .point(let p) = geometry { return (geodesic.distance(from: point, to: p.coordinate), p.coordinate) }
        if geometry.isPolygonal {
            let inside: Bool
            if let prepared { inside = try prepared.contains(x: point.x, y: point.y) }
            else { inside = try geometry.intersects(.point(Point(point))) }
            if inside { return (0, point) }
        }
        let projection = try LocalProjection.centered(at: point)
        let plane = try projection.forward(geometry.densified(maxStep: densifyStep))
        guard let (_, nearest) = try Geometry.point(Point(Coordinate(x: 0, y: 0))).nearestPoints(to: plane) else {
            throw .invalidGeometry("distance to an empty geometry")
        }
        let back = try projection.inverse([nearest])[0]
        return (geodesic.distance(from: point, to: back), back)
    }
}

extension Geometry {
    /// Inserts vertices so that no lon/lat edge is longer than `maxStep` degrees (points are left alone).
    public func densified(maxStep: Double) throws(GeometryError) -> Geometry {
        try mapCoordinateArrays { coordinates in
            guard coordinates.count > 1 else { return coordinates }
            var out: [Coordinate] = [coordinates[0]]
            for (a, b) in zip(coordinates, coordinates.dropFirst()) {
                let steps = Int((max(abs(b.x - a.x), abs(b.y - a.y)) / maxStep).rounded(.up))
                if steps > 1 {
                    for k in 1..<steps {
                        let t = Double(k) / Double(steps)
                        out.append(Coordinate(x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t))
                    }
                }
                out.append(b)
            }
            return out
        }
    }
}
