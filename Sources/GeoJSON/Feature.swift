import Geometry

/// A GeoJSON Feature: a geometry (or none: RFC 7946 allows `"geometry": null`), its properties in document
/// order, and the optional `id` (a string or a number).
public struct Feature: Sendable, Equatable {
    public var id: JSONValue?
    public var geometry: Geometry?
    public var properties: JSONObject?

    public init(id: JSONValue? = nil, geometry: Geometry?, properties: JSONObject? = JSONObject()) {
        self.id = id
        self.geometry = geometry
        self.properties = properties
    }

    /// Reads a Feature object; `at` names it in errors.
    public init(json object: JSONObject, at location: String) throws(GeoJSONError) {
        guard object["type"]?.stringValue == "Feature" else {
            throw .invalid(at: location, message: "expected \"type\": \"Feature\", found \(object["type"].map { "\($0)" } ?? "no type")")
        }
        switch object["geometry"] {
        case nil:
            throw .invalid(at: location, message: "a Feature needs a \"geometry\" member (null is allowed)")
        case .null?:
            geometry = nil
        case let value?:
            do { geometry = try Geometry(geoJSON: value) } catch {
                if case .invalid(_, let message) = error { throw .invalid(at: location, message: message) }
                throw error
            }
        }
        switch object["properties"] {
        case .object(let p)?: properties = p
        case .null?, nil: properties = nil
        case let other?: throw .invalid(at: location, message: "\"properties\" must be an object or null, found \(other.kind)")
        }
        switch object["id"] {
        case nil: id = nil
        case let value? where value.stringValue != nil || value.doubleValue != nil: id = value
        case let other?: throw .invalid(at: location, message: "\"id\" must be a string or a number, found \(other.kind)")
        }
    }
}
