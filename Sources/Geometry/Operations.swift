import CGEOS

/// Planar GEOS operations on values, in the geometry's own units (degrees for lon/lat data; use
/// `Geodesic`, `LocalProjection` or `GeodesicBuffer` for metres). Each says the GEOS call it makes.
extension Geometry {
    // MARK: Predicates

    /// `GEOSIntersects_r`
    public func intersects(_ other: Geometry) throws(GeometryError) -> Bool {
        try predicate(other, "GEOSIntersects", GEOSIntersects_r)
    }

    /// `GEOSContains_r`
    public func contains(_ other: Geometry) throws(GeometryError) -> Bool {
        try predicate(other, "GEOSContains", GEOSContains_r)
    }

    /// `GEOSWithin_r`
    public func within(_ other: Geometry) throws(GeometryError) -> Bool {
        try predicate(other, "GEOSWithin", GEOSWithin_r)
    }

    /// `GEOSDistanceWithin_r`: planar distance ≤ `distance`.
    public func isWithinDistance(_ distance: Double, of other: Geometry) throws(GeometryError) -> Bool {
        let (a, b) = (try GEOSGeometryHandle(self), try GEOSGeometryHandle(other))
        return try answer(GEOSDistanceWithin_r(a.context.handle, a.pointer, b.pointer, distance), a.context, "GEOSDistanceWithin")
    }

    /// `GEOSisValid_r`: no self-intersections, closed rings, holes inside shells, …
    public var isValid: Bool {
        get throws(GeometryError) { try validityReason() == nil }
    }

    /// `GEOSisValidReason_r`: nil when valid, else GEOS's reason (e.g. "Self-intersection[1 1]").
    public func validityReason() throws(GeometryError) -> String? {
        let handle = try GEOSGeometryHandle(self)
        let h = handle.context.handle
        guard let reason = GEOSisValidReason_r(h, handle.pointer) else { throw handle.context.error("GEOSisValidReason") }
        defer { GEOSFree_r(h, reason) }
        let text = String(cString: reason)
        return text == "Valid Geometry" ? nil : text
    }

    // MARK: Measures

    /// `GEOSDistance_r`: planar distance between the closest points.
    public func distance(to other: Geometry) throws(GeometryError) -> Double {
        let (a, b) = (try GEOSGeometryHandle(self), try GEOSGeometryHandle(other))
        var result = 0.0
        guard GEOSDistance_r(a.context.handle, a.pointer, b.pointer, &result) == 1 else {
            throw a.context.error("GEOSDistance")
        }
        return result
    }

    /// `GEOSNearestPoints_r`: the closest point on this geometry and on `other`, or nil if either is empty.
    public func nearestPoints(to other: Geometry) throws(GeometryError) -> (Coordinate, Coordinate)? {
        let (a, b) = (try GEOSGeometryHandle(self), try GEOSGeometryHandle(other))
        let h = a.context.handle
        guard let seq = GEOSNearestPoints_r(h, a.pointer, b.pointer) else {
            if let message = a.context.takeMessage() { throw .geos(operation: "GEOSNearestPoints", message: message) }
            return nil
        }
        defer { GEOSCoordSeq_destroy_r(h, seq) }
        var (x0, y0, x1, y1) = (0.0, 0.0, 0.0, 0.0)
        guard GEOSCoordSeq_getXY_r(h, seq, 0, &x0, &y0) == 1, GEOSCoordSeq_getXY_r(h, seq, 1, &x1, &y1) == 1 else {
            throw a.context.error("GEOSCoordSeq_getXY")
        }
        return (Coordinate(x: x0, y: y0), Coordinate(x: x1, y: y1))
    }

    // MARK: Constructive operations

    /// `GEOSBuffer_r` with `quadrantSegments` segments per quarter circle (planar: see `GeodesicBuffer` for metres).
    public func buffer(_ width: Double, quadrantSegments: Int = 16) throws(GeometryError) -> Geometry {
        try unary("GEOSBuffer") { GEOSBuffer_r($0, $1, width, Int32(quadrantSegments)) }
    }

    /// `GEOSUnion_r`
    public func union(_ other: Geometry) throws(GeometryError) -> Geometry {
        try binary(other, "GEOSUnion", GEOSUnion_r)
    }

    /// `GEOSUnaryUnion_r`: dissolves the parts of a collection into one geometry.
    public func unaryUnion() throws(GeometryError) -> Geometry {
        try unary("GEOSUnaryUnion", GEOSUnaryUnion_r)
    }

    /// `GEOSIntersection_r`
    public func intersection(_ other: Geometry) throws(GeometryError) -> Geometry {
        try binary(other, "GEOSIntersection", GEOSIntersection_r)
    }

    /// `GEOSDifference_r`
    public func difference(_ other: Geometry) throws(GeometryError) -> Geometry {
        try binary(other, "GEOSDifference", GEOSDifference_r)
    }

    /// `GEOSGetCentroid_r`
    public func centroid() throws(GeometryError) -> Geometry {
        try unary("GEOSGetCentroid", GEOSGetCentroid_r)
    }

    /// `GEOSPointOnSurface_r`: a point guaranteed to lie on the geometry (inside a polygon).
    public func pointOnSurface() throws(GeometryError) -> Geometry {
        try unary("GEOSPointOnSurface", GEOSPointOnSurface_r)
    }

    /// `GEOSEnvelope_r`: the bounding box as a polygon (a point for a point).
    public func envelopeGeometry() throws(GeometryError) -> Geometry {
        try unary("GEOSEnvelope", GEOSEnvelope_r)
    }

    /// `GEOSMakeValid_r`: repairs an invalid geometry without dropping any of its area.
    public func makeValid() throws(GeometryError) -> Geometry {
        try unary("GEOSMakeValid", GEOSMakeValid_r)
    }

    /// `GEOSTopologyPreserveSimplify_r` (keeps rings valid), or `GEOSSimplify_r` (plain Douglas-Peucker).
    public func simplify(tolerance: Double, preserveTopology: Bool = true) throws(GeometryError) -> Geometry {
        if preserveTopology {
            return try unary("GEOSTopologyPreserveSimplify") { GEOSTopologyPreserveSimplify_r($0, $1, tolerance) }
        }
        return try unary("GEOSSimplify") { GEOSSimplify_r($0, $1, tolerance) }
    }

    // MARK: Plumbing

    private func predicate(
        _ other: Geometry, _ name: String,
        _ call: (GEOSContextHandle_t?, OpaquePointer?, OpaquePointer?) -> CChar
    ) throws(GeometryError) -> Bool {
        let (a, b) = (try GEOSGeometryHandle(self), try GEOSGeometryHandle(other))
        return try answer(call(a.context.handle, a.pointer, b.pointer), a.context, name)
    }

    private func unary(
        _ name: String, _ call: (GEOSContextHandle_t?, OpaquePointer?) -> OpaquePointer?
    ) throws(GeometryError) -> Geometry {
        let a = try GEOSGeometryHandle(self)
        return try GEOSGeometryHandle(call(a.context.handle, a.pointer), context: a.context, operation: name).value()
    }

    private func binary(
        _ other: Geometry, _ name: String,
        _ call: (GEOSContextHandle_t?, OpaquePointer?, OpaquePointer?) -> OpaquePointer?
    ) throws(GeometryError) -> Geometry {
        let (a, b) = (try GEOSGeometryHandle(self), try GEOSGeometryHandle(other))
        return try GEOSGeometryHandle(call(a.context.handle, a.pointer, b.pointer), context: a.context, operation: name)
            .value()
    }
}

/// GEOS predicates answer 1 (true), 0 (false) or 2 (exception).
func answer(_ value: CChar, _ context: GEOSContext, _ name: String) throws(GeometryError) -> Bool {
    switch value {
    case 1: return true
    case 0: return false
    default: throw context.error(name)
    }
}
