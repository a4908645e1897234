/// An axis-aligned box: in lon/lat degrees for geographic data, in metres in a projection.
public struct Envelope: Hashable, Sendable {
    public var minX: Double
    public var minY: Double
    public var maxX: Double
    public var maxY: Double

    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
    }

    public init(point c: Coordinate) { self.init(minX: c.x, minY: c.y, maxX: c.x, maxY: c.y) }

    /// nil when there are no coordinates.
    public init?(covering coordinates: [Coordinate]) {
        guard let first = coordinates.first else { return nil }
        self.init(point: first)
        for c in coordinates.dropFirst() { expand(toInclude: c) }
    }

    public mutating func expand(toInclude c: Coordinate) {
        minX = Swift.min(minX, c.x)
        minY = Swift.min(minY, c.y)
        maxX = Swift.max(maxX, c.x)
        maxY = Swift.max(maxY, c.y)
    }

    public func union(_ other: Envelope) -> Envelope {
        Envelope(minX: Swift.min(minX, other.minX), minY: Swift.min(minY, other.minY),
                 maxX: Swift.max(maxX, other.maxX), maxY: Swift.max(maxY, other.maxY))
    }

    @inline(__always)
    public func intersects(_ other: Envelope) -> Bool {
        minX <= other.maxX && other.minX <= maxX && minY <= other.maxY && other.minY <= maxY
    }

    public func contains(_ c: Coordinate) -> Bool {
        minX <= c.x && c.x <= maxX && minY <= c.y && c.y <= maxY
    }

    public func expanded(by dx: Double, _ dy: Double) -> Envelope {
        Envelope(minX: minX - dx, minY: minY - dy, maxX: maxX + dx, maxY: maxY + dy)
    }

    public var center: Coordinate { Coordinate(x: (minX + maxX) / 2, y: (minY + maxY) / 2) }

    /// Squared planar distance between boxes (0 when they overlap).
    public func distanceSquared(to other: Envelope) -> Double {
        let dx = Swift.max(0, Swift.max(other.minX - maxX, minX - other.maxX))
        let dy = Swift.max(0, Swift.max(other.minY - maxY, minY - other.maxY))
        return dx * dx + dy * dy
    }
}
