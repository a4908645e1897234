/// Plain Swift value types for the OGC simple-feature geometries. They hold no C pointers: GEOS handles are
/// made from them for an operation and freed when it ends (see `GEOSGeometryHandle`).
public struct Point: Hashable, Sendable {
    public var coordinate: Coordinate
    public init(_ coordinate: Coordinate) { self.coordinate = coordinate }
    public init(lon: Double, lat: Double) { self.coordinate = Coordinate(x: lon, y: lat) }
}

public struct LineString: Hashable, Sendable {
    public var coordinates: [Coordinate]
    /// Throws unless there are at least two positions (empty is allowed: the empty line).
    public init(_ coordinates: [Coordinate]) throws(GeometryError) {
        guard coordinates.isEmpty || coordinates.count >= 2 else {
            throw .invalidGeometry("a LineString needs at least 2 positions, got \(coordinates.count)")
        }
        self.coordinates = coordinates
    }
}

/// A closed ring: first and last positions equal, at least four positions.
public struct LinearRing: Hashable, Sendable {
    public var coordinates: [Coordinate]
    public init(_ coordinates: [Coordinate]) throws(GeometryError) {
        guard coordinates.count >= 4, let first = coordinates.first, let last = coordinates.last else {
            throw .invalidRing("a ring needs at least 4 positions, got \(coordinates.count)")
        }
        guard first.x == last.x, first.y == last.y else {
            throw .invalidRing("first and last positions differ (the ring is not closed)")
        }
        self.coordinates = coordinates
    }

    /// A ring this module built closed itself (a box, a circle): not checked again.
    init(closed coordinates: [Coordinate]) { self.coordinates = coordinates }

    /// Twice the signed planar area (shoelace): positive when the ring runs counter-clockwise.
    public var signedDoubleArea: Double {
        var sum = 0.0
        for i in 0..<(coordinates.count - 1) {
            let a = coordinates[i], b = coordinates[i + 1]
            sum += (a.x * b.y) - (b.x * a.y)
        }
        return sum
    }

    public var isCounterClockwise: Bool { signedDoubleArea > 0 }

    public func reversed() -> LinearRing {
        var ring = self
        ring.coordinates.reverse()
        return ring
    }
}

public struct Polygon: Hashable, Sendable {
    public var exterior: LinearRing
    public var holes: [LinearRing]
    public init(exterior: LinearRing, holes: [LinearRing] = []) {
        self.exterior = exterior
        self.holes = holes
    }

    /// The RFC 7946 winding: exterior counter-clockwise, holes clockwise.
    public func orientedForRFC7946() -> Polygon {
        Polygon(
            exterior: exterior.isCounterClockwise ? exterior : exterior.reversed(),
            holes: holes.map { $0.isCounterClockwise ? $0.reversed() : $0 })
    }
}

public struct MultiPoint: Hashable, Sendable {
    public var points: [Point]
    public init(_ points: [Point]) { self.points = points }
}

public struct MultiLineString: Hashable, Sendable {
    public var lineStrings: [LineString]
    public init(_ lineStrings: [LineString]) { self.lineStrings = lineStrings }
}

public struct MultiPolygon: Hashable, Sendable {
    public var polygons: [Polygon]
    public init(_ polygons: [Polygon]) { self.polygons = polygons }
}

public struct GeometryCollection: Hashable, Sendable {
    public var geometries: [Geometry]
    public init(_ geometries: [Geometry]) { self.geometries = geometries }
}

public indirect enum Geometry: Hashable, Sendable {
    case point(Point)
    case lineString(LineString)
    case polygon(Polygon)
    case multiPoint(MultiPoint)
    case multiLineString(MultiLineString)
    case multiPolygon(MultiPolygon)
    case geometryCollection(GeometryCollection)

    /// The GeoJSON / OGC type name.
    public var typeName: String {
        switch self {
        case .point: "Point"
        case .lineString: "LineString"
        case .polygon: "Polygon"
        case .multiPoint: "MultiPoint"
        case .multiLineString: "MultiLineString"
        case .multiPolygon: "MultiPolygon"
        case .geometryCollection: "GeometryCollection"
        }
    }

    /// Every position, in order (rings included).
    public var allCoordinates: [Coordinate] {
        switch self {
        case .point(let p): [p.coordinate]
        case .lineString(let l): l.coordinates
        case .polygon(let p): ([p.exterior] + p.holes).flatMap(\.coordinates)
        case .multiPoint(let m): m.points.map(\.coordinate)
        case .multiLineString(let m): m.lineStrings.flatMap(\.coordinates)
        case .multiPolygon(let m): m.polygons.flatMap { ([$0.exterior] + $0.holes).flatMap(\.coordinates) }
        case .geometryCollection(let c): c.geometries.flatMap(\.allCoordinates)
        }
    }

    /// The bounding box, or nil for an empty geometry.
    public var envelope: Envelope? { Envelope(covering: allCoordinates) }

    /// Throws when a coordinate is not finite or (for geographic data) outside lon/lat ranges.
    public func validatingCoordinates(geographic: Bool = true) throws(GeometryError) -> Geometry {
        for c in allCoordinates { _ = try c.validated(geographic: geographic) }
        return self
    }

    /// The same geometry with every polygon wound as RFC 7946 asks.
    public func orientedForRFC7946() -> Geometry {
        switch self {
        case .polygon(let p): .polygon(p.orientedForRFC7946())
        case .multiPolygon(let m): .multiPolygon(MultiPolygon(m.polygons.map { $0.orientedForRFC7946() }))
        case .geometryCollection(let c): .geometryCollection(GeometryCollection(c.geometries.map { $0.orientedForRFC7946() }))
        default: self
        }
    }
}
