import Geometry

/// What went wrong reading or writing a layer, and where: a byte offset into a JSON document, a line of a
/// GeoJSONSeq or CSV file, a feature's position in its collection.
public enum GeoJSONError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not well-formed JSON at this byte offset (0-based).
    case syntax(offset: Int, message: String)
    /// Well-formed JSON but not valid GeoJSON; `at` says where (e.g. "feature 12 (byte 3401)").
    case invalid(at: String, message: String)
    /// A CSV problem on a 1-based line.
    case csv(line: Int, message: String)
    case io(String)

    public var description: String {
        switch self {
        case .syntax(let offset, let m): "byte \(offset): \(m)"
        case .invalid(let at, let m): "\(at): \(m)"
        case .csv(let line, let m): "line \(line): \(m)"
        case .io(let m): m
        }
    }
}
