import Geometry

/// RFC 7946 geometry objects ↔ `Geometry` values.
extension Geometry {
    /// Reads a GeoJSON geometry object. Positions are [lon, lat] or [lon, lat, altitude], within range.
    public init(geoJSON value: JSONValue) throws(GeoJSONError) {
        guard case .object(let object) = value else { throw GeometryDecoder.invalid("a geometry must be an object, found \(value.kind)") }
        self = try GeometryDecoder().geometry(object)
    }
}

struct GeometryDecoder {
    static func invalid(_ message: String) -> GeoJSONError { .invalid(at: "geometry", message: message) }

    func geometry(_ object: JSONObject) throws(GeoJSONError) -> Geometry {
        guard let type = object["type"]?.stringValue else { throw Self.invalid("geometry has no \"type\" string") }
        if type == "GeometryCollection" {
            guard case .array(let members)? = object["geometries"] else {
                throw Self.invalid("GeometryCollection needs a \"geometries\" array")
            }
            var geometries: [Geometry] = []
            for m in members {
                guard case .object(let o) = m else { throw Self.invalid("GeometryCollection member is \(m.kind), not an object") }
                geometries.append(try geometry(o))
            }
            return .geometryCollection(GeometryCollection(geometries))
        }
        guard let coordinates = object["coordinates"] else { throw Self.invalid("\(type) has no \"coordinates\"") }
        do {
            switch type {
            case "Point": return .point(Point(try position(coordinates)))
            case "MultiPoint": return .multiPoint(MultiPoint(try positions(coordinates).map(Point.init)))
            case "LineString": return .lineString(try line(coordinates))
            case "MultiLineString":
                var lines: [LineString] = []
                for l in try array(coordinates, "MultiLineString") { lines.append(try line(l)) }
                return .multiLineString(MultiLineString(lines))
            case "Polygon": return .polygon(try polygon(coordinates))
            case "MultiPolygon":
                var polygons: [Polygon] = []
                for p in try array(coordinates, "MultiPolygon") { polygons.append(try polygon(p)) }
                return .multiPolygon(MultiPolygon(polygons))
            default:
                throw Self.invalid("unknown geometry type \"\(type)\"")
            }
        } catch let error as GeoJSONError {
            throw error
        } catch let error as GeometryError {
            throw Self.invalid("\(type): \(error)")
        } catch {
            throw Self.invalid("\(type): \(error)")
        }
    }

    private func array(_ value: JSONValue, _ what: String) throws(GeoJSONError) -> [JSONValue] {
        guard case .array(let items) = value else { throw Self.invalid("\(what) coordinates must be an array, found \(value.kind)") }
        return items
    }

    func position(_ value: JSONValue) throws(GeoJSONError) -> Coordinate {
        guard case .array(let items) = value else { throw Self.invalid("a position must be an array, found \(value.kind)") }
        guard items.count == 2 || items.count == 3 else {
            throw Self.invalid("a position needs 2 or 3 numbers (lon, lat[, altitude]), found \(items.count)")
        }
        guard let lon = items[0].doubleValue, let lat = items[1].doubleValue else { throw Self.invalid("position values must be numbers") }
        var z: Double? = nil
        if items.count == 3 {
            guard let altitude = items[2].doubleValue else { throw Self.invalid("altitude must be a number") }
            z = altitude
        }
        do {
            return try Coordinate(x: lon, y: lat, z: z).validated()
        } catch {
            throw Self.invalid("\(error)")
        }
    }

    private func positions(_ value: JSONValue) throws(GeoJSONError) -> [Coordinate] {
        var result: [Coordinate] = []
        for item in try array(value, "position list") { result.append(try position(item)) }
        return result
    }

    private func line(_ value: JSONValue) throws(GeoJSONError) -> LineString {
        let cs = try positions(value)
        guard cs.count >= 2 else { throw Self.invalid("a LineString needs at least 2 positions, found \(cs.count)") }
        do throws(GeometryError) { return try LineString(cs) } catch { throw Self.invalid("\(error)") }
    }

    private func polygon(_ value: JSONValue) throws(GeoJSONError) -> Polygon {
        var rings: [LinearRing] = []
        for (i, r) in try array(value, "Polygon").enumerated() {
            do {
                rings.append(try LinearRing(try positions(r)))
            } catch let error as GeometryError {
                throw Self.invalid("ring \(i): \(error)")
            } catch let error as GeoJSONError {
                throw error
            } catch {
                throw Self.invalid("ring \(i): \(error)")
            }
        }
        guard let exterior = rings.first else { throw Self.invalid("a Polygon needs at least one ring") }
        return Polygon(exterior: exterior, holes: Array(rings.dropFirst()))
    }
}
