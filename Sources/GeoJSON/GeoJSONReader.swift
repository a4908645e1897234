import Geometry

/// A feature that could not be read, and where it was. Readers report these and go on; the caller decides
/// whether one stops the run (`--strict`).
public struct RecordIssue: Sendable, Equatable, CustomStringConvertible {
    public var location: String
    public var message: String
    public init(location: String, message: String) {
        self.location = location
        self.message = message
    }
    public var description: String { "\(location): \(message)" }
}

/// A feature with its place in its file: `number` is its 1-based position among the file's records (bad
/// ones counted, so later numbers never shift), `location` names it in messages ("feature 3 (byte 120)",
/// "line 4").
public struct LocatedFeature: Sendable {
    public var feature: Feature
    public var number: Int
    public var location: String
    public init(_ feature: Feature, number: Int, location: String) {
        self.feature = feature
        self.number = number
        self.location = location
    }
}

/// Reads RFC 7946 documents (a FeatureCollection, a single Feature, or a bare geometry) and RFC 8142
/// GeoJSON text sequences (RS-prefixed or plain newline-delimited, one feature a line).
public enum GeoJSONReader {
    public static let recordSeparator: UInt8 = 0x1E

    /// All features of `data`. A syntax error in a document stops the read (nothing after it can be trusted);
    /// a feature that is well-formed JSON but not valid GeoJSON goes to `onIssue`, as does any bad line of a
    /// sequence, and the read goes on.
    public static func read(
        _ data: UnsafeBufferPointer<UInt8>, maxDepth: Int = 64, onIssue: (RecordIssue) throws -> Void
    ) throws -> [Feature] {
        var features: [Feature] = []
        try forEach(data, maxDepth: maxDepth, onIssue: onIssue) { features.append($0.feature) }
        return features
    }

    /// The same, one feature at a time: a large layer is never held whole (a syntax error in a document
    /// stops the read after the features before it were given).
    public static func forEach(
        _ data: UnsafeBufferPointer<UInt8>, maxDepth: Int = 64, onIssue: (RecordIssue) throws -> Void,
        _ body: (LocatedFeature) throws -> Void
    ) throws {
        if isSequence(data) { return try readSequence(data, maxDepth: maxDepth, onIssue: onIssue, body) }
        var parser = JSONParser(bytes: data, maxDepth: maxDepth)
        guard parser.peek() == UInt8(ascii: "{") else {
            throw GeoJSONError.syntax(offset: parser.position, message: "expected a GeoJSON object, found \(parser.describeNext())")
        }
        try readDocument(&parser, onIssue: onIssue, body)
        parser.skipWhitespace()
        guard parser.isAtEnd else { throw GeoJSONError.syntax(offset: parser.position, message: "unexpected data after the GeoJSON object") }
    }

    /// A sequence starts with RS, or holds a second top-level value after the first line's.
    static func isSequence(_ data: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < data.count, [0x20, 0x0A, 0x0D, 0x09].contains(data[i]) { i += 1 }
        if i < data.count, data[i] == recordSeparator { return true }
        guard let newline = data[i...].firstIndex(of: 0x0A) else { return false }
        var parser = JSONParser(bytes: data, start: i)
        guard parser.skipValue() else { return false }
        parser.skipWhitespace()
        return !parser.isAtEnd && parser.position > newline
    }

    private static func readDocument(
        _ parser: inout JSONParser, onIssue: (RecordIssue) throws -> Void, _ body: (LocatedFeature) throws -> Void
    ) throws {
        let start = parser.position
        try parser.expect(UInt8(ascii: "{"))
        var type: String? = nil
        var members: [(key: String, value: JSONValue)] = []
        var sawFeatures = false
        if !parser.consume(UInt8(ascii: "}")) {
            repeat {
                guard parser.peek() == UInt8(ascii: "\"") else {
                    throw GeoJSONError.syntax(offset: parser.position, message: "expected a member name in quotes")
                }
                let key = try parser.parseString()
                try parser.expect(UInt8(ascii: ":"))
                if key == "features" {
                    // Walk the array one feature at a time: offsets for errors, no tree of the whole document.
                    sawFeatures = true
                    try parser.expect(UInt8(ascii: "["))
                    if !parser.consume(UInt8(ascii: "]")) {
                        var number = 0
                        repeat {
                            _ = parser.peek()
                            let offset = parser.position
                            let value = try parser.parseValue()
                            number += 1
                            let location = "feature \(number) (byte \(offset))"
                            var feature: Feature?
                            do {
                                guard case .object(let object) = value else {
                                    throw GeoJSONError.invalid(at: location, message: "a feature must be an object, found \(value.kind)")
                                }
                                feature = try Feature(json: object, at: location)
                            } catch let error as GeoJSONError {
                                if case .invalid(let at, let message) = error {
                                    try onIssue(RecordIssue(location: at, message: message))
                                } else { throw error }
                            }
                            // The caller's errors are its own, not this feature's.
                            if let feature { try body(LocatedFeature(feature, number: number, location: location)) }
                        } while parser.consume(UInt8(ascii: ","))
                        try parser.expect(UInt8(ascii: "]"))
                    }
                } else {
                    let value = try parser.parseValue()
                    if key == "type" { type = value.stringValue }
                    members.append((key, value))
                }
            } while parser.consume(UInt8(ascii: ","))
            try parser.expect(UInt8(ascii: "}"))
        }
        let object = JSONObject(members)
        switch type {
        case "FeatureCollection":
            guard sawFeatures else { throw GeoJSONError.invalid(at: "byte \(start)", message: "a FeatureCollection needs a \"features\" array") }
        case "Feature":
            let location = "feature 1 (byte \(start))"
            try body(LocatedFeature(try Feature(json: object, at: location), number: 1, location: location))
        case let t? where t != "GeometryCollection" && object["coordinates"] == nil:
            throw GeoJSONError.invalid(at: "byte \(start)", message: "unknown GeoJSON type \"\(t)\"")
        case _?:
            // A bare geometry: one feature without properties.
            let geometry: Geometry
            do { geometry = try Geometry(geoJSON: .object(object)) } catch {
                guard case .invalid(_, let message) = error else { throw error }
                throw GeoJSONError.invalid(at: "byte \(start)", message: message)
            }
            try body(LocatedFeature(Feature(geometry: geometry, properties: nil), number: 1, location: "byte \(start)"))
        case nil:
            throw GeoJSONError.invalid(at: "byte \(start)", message: "the object has no \"type\" member")
        }
    }

    private static func readSequence(
        _ data: UnsafeBufferPointer<UInt8>, maxDepth: Int, onIssue: (RecordIssue) throws -> Void, _ body: (LocatedFeature) throws -> Void
    ) throws {
        var lineStart = 0
        var lineNumber = 0
        var records = 0
        while lineStart < data.count {
            lineNumber += 1
            let lineEnd = data[lineStart...].firstIndex(of: 0x0A) ?? data.count
            defer { lineStart = lineEnd + 1 }
            var s = lineStart, e = lineEnd
            while s < e, data[s] == recordSeparator || data[s] == 0x20 || data[s] == 0x09 { s += 1 }
            while e > s, data[e - 1] == 0x0D || data[e - 1] == 0x20 || data[e - 1] == 0x09 { e -= 1 }
            if s == e { continue }
            records += 1
            let location = "line \(lineNumber)"
            var feature: Feature?
            do {
                var parser = JSONParser(bytes: UnsafeBufferPointer(rebasing: data[s..<e]), maxDepth: maxDepth)
                let value = try parser.parseValue()
                parser.skipWhitespace()
                guard parser.isAtEnd else { throw GeoJSONError.syntax(offset: parser.position, message: "unexpected data after the feature") }
                guard case .object(let object) = value else {
                    throw GeoJSONError.invalid(at: location, message: "a feature must be an object, found \(value.kind)")
                }
                feature = object["type"]?.stringValue == "Feature" ? try Feature(json: object, at: location)
                    : Feature(geometry: try Geometry(geoJSON: value), properties: nil)
            } catch let error as GeoJSONError {
                switch error {
                case .syntax(let offset, let message):
                    try onIssue(RecordIssue(location: "\(location), column \(offset + s - lineStart + 1)", message: message))
                case .invalid(_, let message):
                    try onIssue(RecordIssue(location: location, message: message))
                default: throw error
                }
            }
            if let feature { try body(LocatedFeature(feature, number: records, location: location)) }
        }
    }
}
