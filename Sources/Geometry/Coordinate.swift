/// A position in WGS84: `x` is longitude, `y` latitude (degrees), in that order everywhere in geotrack,
/// as RFC 7946 and GEOS expect. `z` (altitude, metres) is carried when the input had one, never invented.
public struct Coordinate: Hashable, Sendable {
    public var x: Double
    public var y: Double
    public var z: Double?

    public init(x: Double, y: Double, z: Double? = nil) {
        self.x = x
        self.y = y
        self.z = z
    }

    public init(lon: Double, lat: Double, z: Double? = nil) {
        self.init(x: lon, y: lat, z: z)
    }

    public var lon: Double { x }
    public var lat: Double { y }

    /// Throws unless both values are finite and, when `geographic`, lon ∈ [-180, 180] and lat ∈ [-90, 90].
    public func validated(geographic: Bool = true) throws(GeometryError) -> Coordinate {
        guard x.isFinite, y.isFinite, z?.isFinite ?? true else {
            throw .invalidCoordinate("non-finite value in (\(x), \(y))")
        }
        if geographic {
            guard (-180...180).contains(x) else { throw .invalidCoordinate("longitude \(x) outside [-180, 180]") }
            guard (-90...90).contains(y) else { throw .invalidCoordinate("latitude \(y) outside [-90, 90]") }
        }
        return self
    }
}
