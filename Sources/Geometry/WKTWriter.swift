/// WKT written in Swift, not by GEOS: GEOS 3.11's writer formats each number into a fixed 28-byte buffer
/// and overruns it on large values (an altitude of 8e251 ends the process with "stack smashing detected",
/// found by fuzzing). The text is what GEOS writes with trimming: `POINT Z (1 2 3)`, `MULTIPOINT ((1 2))`.
struct WKTWriter {
    /// Round to this many decimals (trailing zeros trimmed); nil: the shortest text that reads back exactly.
    let precision: Int?

    func text(_ geometry: Geometry) throws(GeometryError) -> String {
        let coordinates = geometry.allCoordinates
        let withZ = coordinates.filter { $0.z != nil }.count
        guard withZ == 0 || withZ == coordinates.count else {
            throw .unsupported("a geometry mixing positions with and without altitude has no WKT")
        }
        var out = ""
        write(geometry, z: withZ > 0, to: &out)
        return out
    }

    private func write(_ geometry: Geometry, z: Bool, to out: inout String) {
        let tag = z ? " Z " : " "
        switch geometry {
        case .point(let p):
            out += "POINT" + tag + "(" + position(p.coordinate, z) + ")"
        case .lineString(let l):
            out += "LINESTRING" + tag + positions(l.coordinates, z)
        case .polygon(let p):
            out += "POLYGON" + tag + rings(p, z)
        case .multiPoint(let m):
            out += "MULTIPOINT" + tag + list(m.points.map { "(" + position($0.coordinate, z) + ")" })
        case .multiLineString(let m):
            out += "MULTILINESTRING" + tag + list(m.lineStrings.map { positions($0.coordinates, z) })
        case .multiPolygon(let m):
            out += "MULTIPOLYGON" + tag + list(m.polygons.map { rings($0, z) })
        case .geometryCollection(let c):
            out += "GEOMETRYCOLLECTION" + tag + list(c.geometries.map { g in
                var part = ""
                write(g, z: z, to: &part)
                return part
            })
        }
    }

    private func list(_ parts: [String]) -> String { parts.isEmpty ? "EMPTY" : "(" + parts.joined(separator: ", ") + ")" }

    private func positions(_ cs: [Coordinate], _ z: Bool) -> String { list(cs.map { position($0, z) }) }

    private func rings(_ p: Polygon, _ z: Bool) -> String { list(([p.exterior] + p.holes).map { positions($0.coordinates, z) }) }

    private func position(_ c: Coordinate, _ z: Bool) -> String {
        var text = number(c.x) + " " + number(c.y)
        if z { text += " " + number(c.z ?? 0) }
        return text
    }

    func number(_ value: Double) -> String {
        guard let precision, value.isFinite else { return Self.shortest(value) }
        let scale = Self.powersOfTen[min(max(precision, 0), 15)]
        let scaled = (value * scale).rounded()
        guard abs(scaled) < 9e15 else { return Self.shortest(value) }
        var units = Int64(scaled)
        let negative = units < 0
        units = units.magnitude == 0 ? 0 : Int64(units.magnitude)
        let whole = units / Int64(scale), fraction = units % Int64(scale)
        var text = (negative ? "-" : "") + String(whole)
        if fraction > 0 {
            var digits = String(fraction)
            digits = String(repeating: "0", count: min(max(precision, 0), 15) - digits.count) + digits
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return text
    }

    private static let powersOfTen: [Double] = (0...15).map { i in (0..<i).reduce(1.0) { r, _ in r * 10 } }

    /// Swift's shortest round-trip text, integers without ".0" (as GEOS trims them).
    static func shortest(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return value.description
    }
}
