import Geometry

/// Streams features as an RFC 7946 FeatureCollection or an RFC 8142 GeoJSON text sequence: each feature
/// is written as it comes, so memory stays constant. Positions are [lon, lat], rounded to `precision`
/// decimals (6 ≈ 0.1 m), polygons wound counter-clockwise (holes clockwise), and no `crs` member.
public final class GeoJSONWriter {
    public enum Layout: Sendable {
        /// `{"type":"FeatureCollection","features":[…]}`, one feature a line.
        case featureCollection
        /// RFC 8142: each feature preceded by RS (0x1E) and followed by a newline.
        case sequence
    }

    public let sink: ByteSink
    public let layout: Layout
    public let precision: Int
    public private(set) var featureCount = 0
    private var finished = false

    /// With `fragment`, only the features are written (no collection header or footer): a piece of a larger
    /// output that other cores format, handed to the real writer with `append(fragment:features:)`.
    public init(sink: ByteSink, layout: Layout = .featureCollection, precision: Int = 6, fragment: Bool = false) throws(GeoJSONError) {
        guard (0...15).contains(precision) else { throw .io("precision must be 0 to 15 decimals, got \(precision)") }
        self.sink = sink
        self.layout = layout
        self.precision = precision
        finished = fragment
        if layout == .featureCollection, !fragment { try sink.append("{\"type\":\"FeatureCollection\",\"features\":[\n") }
    }

    /// Appends features formatted by a fragment writer of the same layout.
    public func append(fragment bytes: UnsafeBufferPointer<UInt8>, features: Int) throws(GeoJSONError) {
        guard features > 0 else { return }
        if layout == .featureCollection, featureCount > 0 { try sink.append(",\n") }
        try sink.append(bytes)
        featureCount += features
    }

    public func write(_ feature: Feature) throws(GeoJSONError) {
        try beginFeature(id: feature.id)
        if let properties = feature.properties { try encode(.object(properties)) } else { try sink.append("null") }
        try sink.append(",\"geometry\":")
        if let geometry = feature.geometry { try write(geometry: geometry) } else { try sink.append("null") }
        try endFeature()
    }

    /// Opens a feature and its `properties` member: the caller writes the properties object next, then
    /// `",\"geometry\":"` and a geometry, then calls `endFeature`. The streaming converters use this to
    /// write straight from their input bytes.
    public func beginFeature(id: JSONValue? = nil) throws(GeoJSONError) {
        switch layout {
        case .featureCollection: if featureCount > 0 { try sink.append(",\n") }
        case .sequence: try sink.append(GeoJSONReader.recordSeparator)
        }
        try sink.append("{\"type\":\"Feature\",")
        if let id {
            try sink.append("\"id\":")
            try encode(id)
            try sink.append(UInt8(ascii: ","))
        }
        try sink.append("\"properties\":")
    }

    public func endFeature() throws(GeoJSONError) {
        try sink.append(UInt8(ascii: "}"))
        if layout == .sequence { try sink.append(UInt8(ascii: "\n")) }
        featureCount += 1
    }

    /// Closes the collection and flushes.
    public func finish() throws(GeoJSONError) {
        guard !finished else { return }
        finished = true
        if layout == .featureCollection { try sink.append(featureCount > 0 ? "\n]}\n" : "]}\n") }
        try sink.flush()
    }

    // MARK: Geometry

    public func write(geometry: Geometry) throws(GeoJSONError) {
        switch geometry.orientedForRFC7946() {
        case .point(let p):
            try sink.append("{\"type\":\"Point\",\"coordinates\":")
            try position(p.coordinate)
        case .lineString(let l):
            try sink.append("{\"type\":\"LineString\",\"coordinates\":")
            try positions(l.coordinates)
        case .polygon(let p):
            try sink.append("{\"type\":\"Polygon\",\"coordinates\":")
            try rings(p)
        case .multiPoint(let m):
            try sink.append("{\"type\":\"MultiPoint\",\"coordinates\":")
            try positions(m.points.map(\.coordinate))
        case .multiLineString(let m):
            try sink.append("{\"type\":\"MultiLineString\",\"coordinates\":[")
            for (i, l) in m.lineStrings.enumerated() {
                if i > 0 { try sink.append(UInt8(ascii: ",")) }
                try positions(l.coordinates)
            }
            try sink.append(UInt8(ascii: "]"))
        case .multiPolygon(let m):
            try sink.append("{\"type\":\"MultiPolygon\",\"coordinates\":[")
            for (i, p) in m.polygons.enumerated() {
                if i > 0 { try sink.append(UInt8(ascii: ",")) }
                try rings(p)
            }
            try sink.append(UInt8(ascii: "]"))
        case .geometryCollection(let c):
            try sink.append("{\"type\":\"GeometryCollection\",\"geometries\":[")
            for (i, g) in c.geometries.enumerated() {
                if i > 0 { try sink.append(UInt8(ascii: ",")) }
                try write(geometry: g)
            }
            try sink.append(UInt8(ascii: "]"))
        }
        try sink.append(UInt8(ascii: "}"))
    }

    /// A Point geometry from two numbers, without building a value.
    public func writePoint(lon: Double, lat: Double) throws(GeoJSONError) {
        try sink.append("{\"type\":\"Point\",\"coordinates\":[")
        try sink.append(fixed: lon, decimals: precision)
        try sink.append(UInt8(ascii: ","))
        try sink.append(fixed: lat, decimals: precision)
        try sink.append("]}")
    }

    private func position(_ c: Coordinate) throws(GeoJSONError) {
        try sink.append(UInt8(ascii: "["))
        try sink.append(fixed: c.x, decimals: precision)
        try sink.append(UInt8(ascii: ","))
        try sink.append(fixed: c.y, decimals: precision)
        if let z = c.z {
            try sink.append(UInt8(ascii: ","))
            try sink.append(fixed: z, decimals: max(precision, 3))
        }
        try sink.append(UInt8(ascii: "]"))
    }

    private func positions(_ cs: [Coordinate]) throws(GeoJSONError) {
        try sink.append(UInt8(ascii: "["))
        for (i, c) in cs.enumerated() {
            if i > 0 { try sink.append(UInt8(ascii: ",")) }
            try position(c)
        }
        try sink.append(UInt8(ascii: "]"))
    }

    private func rings(_ p: Polygon) throws(GeoJSONError) {
        try sink.append(UInt8(ascii: "["))
        for (i, r) in ([p.exterior] + p.holes).enumerated() {
            if i > 0 { try sink.append(UInt8(ascii: ",")) }
            try positions(r.coordinates)
        }
        try sink.append(UInt8(ascii: "]"))
    }

    // MARK: Values

    /// Any JSON value, compact; doubles in their shortest round-trip form.
    public func encode(_ value: JSONValue) throws(GeoJSONError) {
        try JSONEncoding.write(value, to: sink)
    }
}

/// Compact JSON text for `JSONValue`s.
public enum JSONEncoding {
    public static func write(_ value: JSONValue, to sink: ByteSink) throws(GeoJSONError) {
        switch value {
        case .null: try sink.append("null")
        case .bool(let b): try sink.append(b ? "true" : "false")
        case .int(let i): try sink.append(integer: i)
        case .double(let d): try sink.append(shortest: d)
        case .string(let s): try sink.append(jsonString: s)
        case .array(let items):
            try sink.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { try sink.append(UInt8(ascii: ",")) }
                try write(item, to: sink)
            }
            try sink.append(UInt8(ascii: "]"))
        case .object(let object):
            try sink.append(UInt8(ascii: "{"))
            for (i, member) in object.members.enumerated() {
                if i > 0 { try sink.append(UInt8(ascii: ",")) }
                try sink.append(jsonString: member.key)
                try sink.append(UInt8(ascii: ":"))
                try write(member.value, to: sink)
            }
            try sink.append(UInt8(ascii: "}"))
        }
    }
}
