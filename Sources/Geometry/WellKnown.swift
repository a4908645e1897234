import CGEOS

extension Geometry {
    /// Parses WKT (`GEOSWKTReader_read_r`); GEOS's parse message names what is wrong. Nesting deeper than
    /// JSON's cap and numbers other than plain decimals are refused first (`WKTCheck`).
    public init(wkt: String) throws(GeometryError) {
        try WKTCheck.check(wkt)
        let context = GEOSContext.current
        guard let pointer = GEOSWKTReader_read_r(context.handle, try context.sharedWKTReader(), wkt) else {
            throw .invalidWKT(context.takeMessage() ?? "unreadable")
        }
        let read = try GEOSGeometryHandle(pointer, context: context, operation: "read WKT").value()
        // GEOS gives a position written without the altitude its neighbours have a NaN one
        // ("LINESTRING (0 1 2, 3 4)"), and parts of a collection their own dimension ("MULTILINESTRING
        // ((0 0 0, 0 1 1), (2 2, 3 3))"): such a text has no geometry, and has no WKT to write back.
        let coordinates = read.allCoordinates
        let withAltitude = coordinates.count(where: { $0.z != nil })
        if coordinates.contains(where: { $0.z?.isNaN == true }) || (withAltitude > 0 && withAltitude < coordinates.count) {
            throw .invalidWKT("positions mix two and three dimensions")
        }
        // "8E2151" is plain decimal, and beyond a Double: strtod makes it infinite.
        if coordinates.contains(where: { !$0.x.isFinite || !$0.y.isFinite || $0.z?.isFinite == false }) {
            throw .invalidWKT("a number too large for a coordinate")
        }
        self = read
    }

    /// Parses ISO/OGC WKB, either byte order (`GEOSWKBReader_read_r`).
    public init(wkb: [UInt8]) throws(GeometryError) {
        let context = GEOSContext.current
        guard let pointer = GEOSWKBReader_read_r(context.handle, try context.sharedWKBReader(), wkb, wkb.count) else {
            throw .invalidWKB(context.takeMessage() ?? "unreadable")
        }
        self = try GEOSGeometryHandle(pointer, context: context, operation: "read WKB").value()
    }

    /// WKT with trailing zeros trimmed (written in Swift: see `WKTWriter`); `precision` rounds to that many
    /// decimals.
    public func wkt(precision: Int? = nil) throws(GeometryError) -> String {
        try WKTWriter(precision: precision).text(self)
    }

    /// Little-endian ISO WKB (`GEOSWKBWriter_write_r`), with Z when the geometry has it.
    public func wkb() throws(GeometryError) -> [UInt8] {
        let handle = try GEOSGeometryHandle(self)
        let h = handle.context.handle
        guard let writer = GEOSWKBWriter_create_r(h) else { throw handle.context.error("GEOSWKBWriter_create") }
        defer { GEOSWKBWriter_destroy_r(h, writer) }
        GEOSWKBWriter_setOutputDimension_r(h, writer, 3)
        GEOSWKBWriter_setByteOrder_r(h, writer, Int32(GEOS_WKB_NDR.rawValue))
        var size = 0
        guard let bytes = GEOSWKBWriter_write_r(h, writer, handle.pointer, &size) else {
            throw handle.context.error("GEOSWKBWriter_write")
        }
        defer { GEOSFree_r(h, bytes) }
        return Array(UnsafeBufferPointer(start: bytes, count: size))
    }
}
