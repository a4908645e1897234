import CGEOS

/// A geometry prepared once (`GEOSPrepare_r`) for many predicate tests against it, as shapely's
/// `prepare` does: the first test builds internal indexes, later ones reuse them.
/// It owns a GEOS handle bound to the creating thread's context, so it is not `Sendable`:
/// prepare one per thread.
public final class PreparedGeometry {
    private let geometry: GEOSGeometryHandle
    private let prepared: OpaquePointer

    public init(_ value: Geometry) throws(GeometryError) {
        geometry = try GEOSGeometryHandle(value)
        guard let prepared = GEOSPrepare_r(geometry.context.handle, geometry.pointer) else {
            throw geometry.context.error("GEOSPrepare")
        }
        self.prepared = prepared
    }

    deinit { GEOSPreparedGeom_destroy_r(geometry.context.handle, prepared) }

    /// `GEOSPreparedContains_r`
    public func contains(_ other: Geometry) throws(GeometryError) -> Bool {
        try test(other, "GEOSPreparedContains", GEOSPreparedContains_r)
    }

    /// `GEOSPreparedIntersects_r`
    public func intersects(_ other: Geometry) throws(GeometryError) -> Bool {
        try test(other, "GEOSPreparedIntersects", GEOSPreparedIntersects_r)
    }

    /// `GEOSPreparedContains_r` with a point built straight from x, y (no value round trip).
    public func contains(x: Double, y: Double) throws(GeometryError) -> Bool {
        let context = geometry.context
        let point = try GEOSGeometryHandle(GEOSGeom_createPointFromXY_r(context.handle, x, y), context: context,
                                           operation: "GEOSGeom_createPointFromXY")
        return try answer(GEOSPreparedContains_r(context.handle, prepared, point.pointer), context, "GEOSPreparedContains")
    }

    /// `GEOSPreparedDistanceWithin_r`: planar distance ≤ `distance`.
    public func isWithinDistance(_ distance: Double, of other: Geometry) throws(GeometryError) -> Bool {
        let context = geometry.context
        let b = try GEOSGeometryHandle(other, context: context)
        return try answer(GEOSPreparedDistanceWithin_r(context.handle, prepared, b.pointer, distance), context,
                          "GEOSPreparedDistanceWithin")
    }

    private func test(
        _ other: Geometry, _ name: String,
        _ call: (GEOSContextHandle_t?, OpaquePointer?, OpaquePointer?) -> CChar
    ) throws(GeometryError) -> Bool {
        let context = geometry.context
        let b = try GEOSGeometryHandle(other, context: context)
        return try answer(call(context.handle, prepared, b.pointer), context, name)
    }
}
