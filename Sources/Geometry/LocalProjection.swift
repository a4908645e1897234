import CPROJ

/// A metric plane around one point: the azimuthal equidistant projection on WGS84 centred there
/// (`proj_create` of the pipeline degrees → radians → aeqd: input is lon, lat in degrees). Distances and azimuths from the centre are exact; elsewhere
/// the scale error grows slowly (about 0.1 % at 150 km), which is why exact answers are re-measured
/// with `Geodesic`. Bound to its thread's PROJ context: not `Sendable`.
public final class LocalProjection {
    public let center: Coordinate
    private let context: PROJContext
    private let pj: OpaquePointer

    /// The calling thread's (cached) projection centred on `center`.
    public static func centered(at center: Coordinate) throws(GeometryError) -> LocalProjection {
        try PROJContext.current.localProjection(centeredAt: try center.validated())
    }

    init(context: PROJContext, center: Coordinate) throws(GeometryError) {
        self.center = center
        self.context = context
        // The operation EPSG:4326 → aeqd on WGS84 (lon, lat in degrees → metres), written as the pipeline
        // PROJ would build from the two CRSs: `proj_create` on it reads no database, where
        // `proj_create_crs_to_crs` looked the CRSs up in proj.db each time (a fifth of parsing reports that
        // name "northern Hama" or "southern Idlib", whose cuts each centre a plane of their own).
        let pipeline = "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad "
            + "+step +proj=aeqd +lat_0=\(center.y) +lon_0=\(center.x) +x_0=0 +y_0=0 +ellps=WGS84"
        guard let created = proj_create(context.handle, pipeline) else {
            throw context.error("proj_create(aeqd pipeline at \(center.y), \(center.x))")
        }
        pj = created
    }

    deinit { proj_destroy(pj) }

    /// lon/lat degrees → metres east/north of the centre.
    public func forward(_ coordinates: [Coordinate]) throws(GeometryError) -> [Coordinate] {
        try transform(coordinates, PJ_FWD, "forward")
    }

    /// Metres east/north of the centre → lon/lat degrees.
    public func inverse(_ coordinates: [Coordinate]) throws(GeometryError) -> [Coordinate] {
        try transform(coordinates, PJ_INV, "inverse")
    }

    public func forward(_ geometry: Geometry) throws(GeometryError) -> Geometry {
        try geometry.mapCoordinateArrays { (c) throws(GeometryError) in try forward(c) }
    }

    public func inverse(_ geometry: Geometry) throws(GeometryError) -> Geometry {
        try geometry.mapCoordinateArrays { (c) throws(GeometryError) in try inverse(c) }
    }

    /// `proj_trans_generic` over x and y arrays; any point PROJ cannot transform (its result is HUGE_VAL,
    /// which pyproj would hand back as `inf`) is an error naming the point.
    private func transform(_ coordinates: [Coordinate], _ direction: PJ_DIRECTION, _ name: String) throws(GeometryError) -> [Coordinate] {
        var xs = coordinates.map(\.x), ys = coordinates.map(\.y)
        proj_errno_reset(pj)
        let stride = MemoryLayout<Double>.stride
        let n = coordinates.count
        _ = xs.withUnsafeMutableBufferPointer { x in
            ys.withUnsafeMutableBufferPointer { y in
                proj_trans_generic(pj, direction, x.baseAddress, stride, n, y.baseAddress, stride, n, nil, 0, 0, nil, 0, 0)
            }
        }
        if proj_errno(pj) != 0 { throw context.error("\(name) transform") }
        var result: [Coordinate] = []
        result.reserveCapacity(n)
        for i in 0..<n {
            guard xs[i].isFinite, ys[i].isFinite, abs(xs[i]) < 1e30, abs(ys[i]) < 1e30 else {
                throw .proj(operation: "\(name) transform", message: "point \(i) (\(coordinates[i].x), \(coordinates[i].y)) cannot be transformed")
            }
            result.append(Coordinate(x: xs[i], y: ys[i], z: coordinates[i].z))
        }
        return result
    }
}

extension Geometry {
    /// The same geometry with every coordinate array (a point, a line, a ring) replaced by `transform` of it.
    public func mapCoordinateArrays(_ transform: ([Coordinate]) throws(GeometryError) -> [Coordinate]) throws(GeometryError) -> Geometry {
        func ring(_ r: LinearRing) throws(GeometryError) -> LinearRing { try LinearRing(try transform(r.coordinates)) }
        func polygon(_ p: Polygon) throws(GeometryError) -> Polygon {
            var holes: [LinearRing] = []
            for h in p.holes { holes.append(try ring(h)) }
            return Polygon(exterior: try ring(p.exterior), holes: holes)
        }
        switch self {
        case .point(let p):
            return .point(Point(try transform([p.coordinate])[0]))
        case .lineString(let l):
            return .lineString(try LineString(try transform(l.coordinates)))
        case .polygon(let p):
            return .polygon(try polygon(p))
        case .multiPoint(let m):
            return .multiPoint(MultiPoint(try transform(m.points.map(\.coordinate)).map(Point.init)))
        case .multiLineString(let m):
            var lines: [LineString] = []
            for l in m.lineStrings { lines.append(try LineString(try transform(l.coordinates))) }
            return .multiLineString(MultiLineString(lines))
        case .multiPolygon(let m):
            var polygons: [Polygon] = []
            for p in m.polygons { polygons.append(try polygon(p)) }
            return .multiPolygon(MultiPolygon(polygons))
        case .geometryCollection(let c):
            var members: [Geometry] = []
            for g in c.geometries { members.append(try g.mapCoordinateArrays(transform)) }
            return .geometryCollection(GeometryCollection(members))
        }
    }
}
