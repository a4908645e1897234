import CGEOS

/// Owns one `GEOSGeometry*` and frees it (`GEOSGeom_destroy_r`) with the context that made it.
/// It never leaves this module: callers see `Geometry` values.
final class GEOSGeometryHandle {
    let context: GEOSContext
    let pointer: OpaquePointer

    /// Takes ownership of `pointer`, or throws the context's error when GEOS returned NULL.
    init(_ pointer: OpaquePointer?, context: GEOSContext, operation: String) throws(GeometryError) {
        guard let pointer else { throw context.error(operation) }
        self.context = context
        self.pointer = pointer
    }

    deinit { GEOSGeom_destroy_r(context.handle, pointer) }

    /// Builds the GEOS geometry for a value (`GEOSGeom_create*_r`).
    convenience init(_ geometry: Geometry, context: GEOSContext = .current) throws(GeometryError) {
        try self.init(GEOSBuilder(context: context).make(geometry), context: context, operation: "create geometry")
    }

    /// Reads the geometry back into a value. An empty geometry of any type comes back as an empty collection.
    func value() throws(GeometryError) -> Geometry {
        try GEOSReader(context: context).read(pointer)
    }
}

/// Makes GEOS geometries from values. Each intermediate pointer is owned by the geometry that takes it,
/// so on failure the partly built pieces are destroyed here.
private struct GEOSBuilder {
    let context: GEOSContext
    var h: GEOSContextHandle_t { context.handle }

    func make(_ geometry: Geometry) throws(GeometryError) -> OpaquePointer {
        switch geometry {
        case .point(let p):
            return try check(GEOSGeom_createPoint_r(h, try sequence([p.coordinate])), "create point")
        case .lineString(let l):
            if l.coordinates.isEmpty { return try check(GEOSGeom_createEmptyLineString_r(h), "create line") }
            return try check(GEOSGeom_createLineString_r(h, try sequence(l.coordinates)), "create line")
        case .polygon(let p):
            return try polygon(p)
        case .multiPoint(let m):
            return try collection(GEOS_MULTIPOINT, m.points.map { .point($0) })
        case .multiLineString(let m):
            return try collection(GEOS_MULTILINESTRING, m.lineStrings.map { .lineString($0) })
        case .multiPolygon(let m):
            return try collection(GEOS_MULTIPOLYGON, m.polygons.map { .polygon($0) })
        case .geometryCollection(let c):
            return try collection(GEOS_GEOMETRYCOLLECTION, c.geometries)
        }
    }

    private func check(_ pointer: OpaquePointer?, _ operation: String) throws(GeometryError) -> OpaquePointer {
        guard let pointer else { throw context.error(operation) }
        return pointer
    }

    /// `GEOSCoordSeq_copyFromBuffer_r`: x, y[, z] interleaved.
    private func sequence(_ coordinates: [Coordinate]) throws(GeometryError) -> OpaquePointer {
        let hasZ = coordinates.contains { $0.z != nil }
        var buffer = [Double]()
        buffer.reserveCapacity(coordinates.count * (hasZ ? 3 : 2))
        for c in coordinates {
            buffer.append(c.x)
            buffer.append(c.y)
            if hasZ { buffer.append(c.z ?? .nan) }
        }
        return try check(
            GEOSCoordSeq_copyFromBuffer_r(h, buffer, UInt32(coordinates.count), hasZ ? 1 : 0, 0),
            "create coordinate sequence")
    }

    private func ring(_ r: LinearRing) throws(GeometryError) -> OpaquePointer {
        try check(GEOSGeom_createLinearRing_r(h, try sequence(r.coordinates)), "create ring")
    }

    private func polygon(_ p: Polygon) throws(GeometryError) -> OpaquePointer {
        let shell = try ring(p.exterior)
        var holes: [OpaquePointer?] = []
        do {
            for hole in p.holes { holes.append(try ring(hole)) }
        } catch {
            GEOSGeom_destroy_r(h, shell)
            for hole in holes { GEOSGeom_destroy_r(h, hole) }
            throw error
        }
        let made = holes.withUnsafeMutableBufferPointer {
            GEOSGeom_createPolygon_r(h, shell, $0.baseAddress, UInt32($0.count))
        }
        return try check(made, "create polygon")
    }

    private func collection(_ type: GEOSGeomTypes, _ parts: [Geometry]) throws(GeometryError) -> OpaquePointer {
        var made: [OpaquePointer?] = []
        do {
            for part in parts { made.append(try make(part)) }
        } catch {
            for part in made { GEOSGeom_destroy_r(h, part) }
            throw error
        }
        let result = made.withUnsafeMutableBufferPointer {
            GEOSGeom_createCollection_r(h, Int32(type.rawValue), $0.baseAddress, UInt32($0.count))
        }
        return try check(result, "create collection")
    }
}

/// Reads GEOS geometries into values (`GEOSGeomTypeId_r`, `GEOSCoordSeq_copyToBuffer_r`, …).
private struct GEOSReader {
    let context: GEOSContext
    var h: GEOSContextHandle_t { context.handle }

    func read(_ g: OpaquePointer) throws(GeometryError) -> Geometry {
        if GEOSisEmpty_r(h, g) == 1 { return .geometryCollection(GeometryCollection([])) }
        let type = GEOSGeomTypeId_r(h, g)
        switch type {
        case Int32(GEOS_POINT.rawValue):
            return .point(Point(try position(g)))
        case Int32(GEOS_LINESTRING.rawValue), Int32(GEOS_LINEARRING.rawValue):
            return .lineString(try LineString(try coordinates(g)))
        case Int32(GEOS_POLYGON.rawValue):
            return .polygon(try polygon(g))
        case Int32(GEOS_MULTIPOINT.rawValue):
            var points: [Point] = []
            for part in try parts(g) { points.append(Point(try position(part))) }
            return .multiPoint(MultiPoint(points))
        case Int32(GEOS_MULTILINESTRING.rawValue):
            var lines: [LineString] = []
            for part in try parts(g) {
                let positions = try coordinates(part)
                guard !positions.isEmpty else { throw .invalidGeometry("a line without positions") }
                lines.append(try LineString(positions))
            }
            return .multiLineString(MultiLineString(lines))
        case Int32(GEOS_MULTIPOLYGON.rawValue):
            var polygons: [Polygon] = []
            for part in try parts(g) { polygons.append(try polygon(part)) }
            return .multiPolygon(MultiPolygon(polygons))
        case Int32(GEOS_GEOMETRYCOLLECTION.rawValue):
            var members: [Geometry] = []
            for part in try parts(g) { members.append(try read(part)) }
            return .geometryCollection(GeometryCollection(members))
        default:
            throw context.error("read geometry type \(type)")
        }
    }

    /// A point's one position. A part of a collection may be empty where the whole is not
    /// ("MULTIPOINT (EMPTY, (3 4))"): a point without a position has no value here.
    private func position(_ g: OpaquePointer) throws(GeometryError) -> Coordinate {
        guard let first = try coordinates(g).first else { throw .invalidGeometry("a point without a position") }
        return first
    }

    private func parts(_ g: OpaquePointer) throws(GeometryError) -> [OpaquePointer] {
        let n = GEOSGetNumGeometries_r(h, g)
        guard n >= 0 else { throw context.error("GEOSGetNumGeometries") }
        var result: [OpaquePointer] = []
        for i in 0..<n {
            guard let part = GEOSGetGeometryN_r(h, g, i) else { throw context.error("GEOSGetGeometryN") }
            result.append(part)
        }
        return result
    }

    private func polygon(_ g: OpaquePointer) throws(GeometryError) -> Polygon {
        guard let shell = GEOSGetExteriorRing_r(h, g) else { throw context.error("GEOSGetExteriorRing") }
        let n = GEOSGetNumInteriorRings_r(h, g)
        guard n >= 0 else { throw context.error("GEOSGetNumInteriorRings") }
        var holes: [LinearRing] = []
        for i in 0..<n {
            guard let hole = GEOSGetInteriorRingN_r(h, g, i) else { throw context.error("GEOSGetInteriorRingN") }
            holes.append(try LinearRing(try coordinates(hole)))
        }
        return Polygon(exterior: try LinearRing(try coordinates(shell)), holes: holes)
    }

    private func coordinates(_ g: OpaquePointer) throws(GeometryError) -> [Coordinate] {
        guard let seq = GEOSGeom_getCoordSeq_r(h, g) else { throw context.error("GEOSGeom_getCoordSeq") }
        var size: UInt32 = 0
        guard GEOSCoordSeq_getSize_r(h, seq, &size) != 0 else { throw context.error("GEOSCoordSeq_getSize") }
        let hasZ = GEOSHasZ_r(h, g) == 1
        let stride = hasZ ? 3 : 2
        var buffer = [Double](repeating: 0, count: Int(size) * stride)
        guard GEOSCoordSeq_copyToBuffer_r(h, seq, &buffer, hasZ ? 1 : 0, 0) != 0 else {
            throw context.error("GEOSCoordSeq_copyToBuffer")
        }
        return (0..<Int(size)).map { i in
            Coordinate(x: buffer[i * stride], y: buffer[i * stride + 1], z: hasZ ? buffer[i * stride + 2] : nil)
        }
    }
}
