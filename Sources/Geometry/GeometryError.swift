/// Everything that can go wrong in the Geometry module, with the message GEOS or PROJ gave where there is one.
public enum GeometryError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidWKT(String)
    case invalidWKB(String)
    case invalidRing(String)
    case invalidCoordinate(String)
    case invalidGeometry(String)
    /// A GEOS operation failed; the text is GEOS's own error message.
    case geos(operation: String, message: String)
    /// A PROJ operation failed; the text is PROJ's own error message.
    case proj(operation: String, message: String)
    /// PROJ could not find its database (proj.db): the text says how to fix it.
    case projDatabaseMissing(String)
    case unsupported(String)

    public var description: String {
        switch self {
        case .invalidWKT(let m): "invalid WKT: \(m)"
        case .invalidWKB(let m): "invalid WKB: \(m)"
        case .invalidRing(let m): "invalid ring: \(m)"
        case .invalidCoordinate(let m): "invalid coordinate: \(m)"
        case .invalidGeometry(let m): "invalid geometry: \(m)"
        case .geos(let op, let m): "GEOS \(op) failed: \(m)"
        case .proj(let op, let m): "PROJ \(op) failed: \(m)"
        case .projDatabaseMissing(let m): m
        case .unsupported(let m): "unsupported: \(m)"
        }
    }
}
