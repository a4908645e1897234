import Foundation
import Testing
import TestSupport
@testable import GeoJSON
@testable import Geometry

func read(_ text: String, maxDepth: Int = 64) throws -> (features: [Feature], issues: [RecordIssue]) {
    var issues: [RecordIssue] = []
    let bytes = Array(text.utf8)
    let features = try bytes.withUnsafeBufferPointer { buffer in
        try GeoJSONReader.read(buffer, maxDepth: maxDepth) { issues.append($0) }
    }
    return (features, issues)
}

func write(_ features: [Feature], layout: GeoJSONWriter.Layout = .featureCollection, precision: Int = 6) throws -> String {
    try ByteSink.capturing { sink in
        let writer = try GeoJSONWriter(sink: sink, layout: layout, precision: precision)
        for f in features { try writer.write(f) }
        try writer.finish()
    }
}

@Suite struct GeoJSONRoundTripTests {
    let features: [Feature] = [
        Feature(id: .int(7), geometry: .point(Point(lon: 40.75, lat: 36.5)), properties: JSONObject([
            ("count", .int(15)), ("fatalities", .int(-3)), ("ratio", .double(0.25)), ("whole", .double(2.0)),
            ("name", .string("Al Hasakah (الحسكة) \"quoted\" \\ back\nline\u{01}")), ("none", .null),
            ("flag", .bool(true)), ("tags", .array([.string("a"), .int(1)])),
            ("nested", .object(JSONObject([("deep", .object(JSONObject([("x", .int(1))])))]))),
        ])),
        Feature(id: .string("troops-1"), geometry: nil, properties: JSONObject([("note", .string("no geometry"))])),
        Feature(geometry: .lineString(try! LineString([Coordinate(lon: 40, lat: 36), Coordinate(lon: 41, lat: 37)])), properties: nil),
        Feature(geometry: .polygon(Polygon(exterior: try! LinearRing([
            Coordinate(lon: 0, lat: 0), Coordinate(lon: 4, lat: 0), Coordinate(lon: 4, lat: 4), Coordinate(lon: 0, lat: 4), Coordinate(lon: 0, lat: 0),
        ]), holes: [try! LinearRing([
            Coordinate(lon: 1, lat: 1), Coordinate(lon: 1, lat: 2), Coordinate(lon: 2, lat: 2), Coordinate(lon: 2, lat: 1), Coordinate(lon: 1, lat: 1),
        ])]))),
        Feature(geometry: .multiPoint(MultiPoint([Point(lon: 1, lat: 2), Point(lon: 3, lat: 4)]))),
        Feature(geometry: .multiLineString(MultiLineString([try! LineString([Coordinate(lon: 0, lat: 0), Coordinate(lon: 1, lat: 1)])]))),
        Feature(geometry: .multiPolygon(MultiPolygon([Polygon(exterior: try! LinearRing([
            Coordinate(lon: 0, lat: 0), Coordinate(lon: 1, lat: 0), Coordinate(lon: 1, lat: 1), Coordinate(lon: 0, lat: 0),
        ]))]))),
        Feature(geometry: .geometryCollection(GeometryCollection([.point(Point(lon: 5, lat: 6)),
                                                                  .point(Point(Coordinate(x: 1, y: 2, z: 300.5)))]))),
    ]

    @Test(arguments: [GeoJSONWriter.Layout.featureCollection, .sequence])
    func everythingSurvivesARoundTrip(layout: GeoJSONWriter.Layout) throws {
        let text = try write(features, layout: layout)
        let (back, issues) = try read(text)
        #expect(issues.isEmpty)
        #expect(back == features)
        if case .int = back[0].properties?["count"] {} else { Issue.record("an integer must stay an integer") }
        if case .double = back[0].properties?["whole"] {} else { Issue.record("2.0 must stay a real") }
    }

    @Test func sequenceIsOneRecordSeparatedFeatureALine() throws {
        let text = try write(Array(features.prefix(3)), layout: .sequence)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { $0.first == "\u{1E}" })
        // Plain newline-delimited input (no RS) reads too.
        let plain = lines.map { $0.dropFirst() }.joined(separator: "\n")
        #expect(try read(plain).features.count == 3)
    }

    /// Finding where the first value ends (to tell a sequence from a document) skips strings with brackets
    /// and escaped quotes in them, and fails on unbalanced input.
    @Test func skippingAValueFindsItsEnd() {
        func end(_ text: String) -> Int? {
            let bytes = Array(text.utf8)
            return bytes.withUnsafeBufferPointer { b in
                var parser = JSONParser(bytes: b)
                return parser.skipValue() ? parser.position : nil
            }
        }
        #expect(end(#" {"a": "x}]\"{", "b": [1, {"c": null}]} {"#) == 39)
        #expect(end("[1, 2]\n[3]") == 6)
        #expect(end("-12.5e3, 4") == 7)
        #expect(end(#""a\"b" 1"#) == 6)
        #expect(end("{\"a\": [1, 2}") == nil)
        #expect(end("{\"a\": \"open") == nil)
        // A pretty-printed collection is one document; newline-delimited features are a sequence.
        let pretty = Array("{\"type\":\n \"FeatureCollection\", \"features\": []}\n".utf8)
        let lines = Array("{\"type\": \"Feature\"}\n{\"type\": \"Feature\"}\n".utf8)
        #expect(!pretty.withUnsafeBufferPointer(GeoJSONReader.isSequence))
        #expect(lines.withUnsafeBufferPointer(GeoJSONReader.isSequence))
    }

    @Test func polygonsAreWrittenCounterClockwiseWithClockwiseHoles() throws {
        let clockwise = Polygon(exterior: try LinearRing([
            Coordinate(lon: 0, lat: 0), Coordinate(lon: 0, lat: 4), Coordinate(lon: 4, lat: 4), Coordinate(lon: 4, lat: 0), Coordinate(lon: 0, lat: 0),
        ]), holes: [try LinearRing([
            Coordinate(lon: 1, lat: 1), Coordinate(lon: 2, lat: 1), Coordinate(lon: 2, lat: 2), Coordinate(lon: 1, lat: 2), Coordinate(lon: 1, lat: 1),
        ])])
        let (back, _) = try read(try write([Feature(geometry: .polygon(clockwise))]))
        guard case .polygon(let p)? = back[0].geometry else { Issue.record("expected a polygon"); return }
        #expect(p.exterior.isCounterClockwise)
        #expect(!p.holes[0].isCounterClockwise)
    }

    @Test func precisionRoundsAndTrims() throws {
        let f = Feature(geometry: .point(Point(lon: 40.123456789, lat: -0.0000004)), properties: nil)
        #expect(try write([f]).contains("[40.123457,0]"))
        #expect(try write([f], precision: 2).contains("[40.12,0]"))
        #expect(try write([Feature(geometry: .point(Point(lon: -180, lat: 36.5)))]).contains("[-180,36.5]"))
    }

    @Test func noCRSMemberAndLonLatOrder() throws {
        let text = try write([Feature(geometry: .point(Point(lon: 40.75, lat: 36.5)))])
        #expect(!text.contains("crs"))
        #expect(text.contains("\"coordinates\":[40.75,36.5]"))
    }

    @Test func writtenFilesPassTheRFC7946ValidatorAndOGR() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("geotrack-\(UUID()).geojson")
        defer { try? FileManager.default.removeItem(at: url) }
        let file = try OutputFile(path: url.path)
        let writer = try GeoJSONWriter(sink: file.sink)
        // ogrinfo needs one geometry type per layer to report it; the validator checks every feature.
        for f in features where f.geometry != nil { try writer.write(f) }
        try writer.finish()
        try file.commit()
        let result = try runValidator(url.path)
        #expect(result.status == 0, "validator said: \(result.output)")
    }
}

@Suite struct GeoJSONMalformedInputTests {
    func syntaxOffset(_ text: String) -> Int? {
        do {
            _ = try read(text)
            return nil
        } catch let GeoJSONError.syntax(offset, _) {
            return offset
        } catch {
            return nil
        }
    }

    @Test func syntaxErrorsSayTheByteOffset() {
        #expect(syntaxOffset(#"{"type":"FeatureCollection","features":[}"#) == 40)
        #expect(syntaxOffset(#"{"type":"Feature","geometry":null,"properties":{"a":tru}}"#) == 52)
        #expect(syntaxOffset(#"{"type":"Feature""#) == 17)
        #expect(syntaxOffset(#"{"type":"Feature","geometry":null,"properties":{"a":"\q"}}"#) == 53)
        #expect(syntaxOffset(#"{"a":01}"#) == 6)
        #expect(syntaxOffset(#"{"a":"unterminated}"#) == 5)
        #expect(syntaxOffset("{\"a\":\"bad \u{01} control\"}") == 10)
        #expect(syntaxOffset(#"{"type":"Feature","geometry":null} extra"#) == 35)
        #expect(syntaxOffset("[1, 2]") == 0)
    }

    @Test func invalidUTF8IsRefused() {
        var bytes = Array(#"{"type":"Feature","geometry":null,"properties":{"a":"x"}}"#.utf8)
        bytes[53] = 0xFF
        #expect(throws: GeoJSONError.self) {
            try bytes.withUnsafeBufferPointer { try GeoJSONReader.read($0) { _ in } }
        }
    }

    @Test func nestingDeeperThanTheCapIsRefused() {
        let deep = #"{"type":"Feature","geometry":null,"properties":{"a":"# + String(repeating: "[", count: 100)
            + String(repeating: "]", count: 100) + "}}"
        #expect {
            try read(deep, maxDepth: 64)
        } throws: { error in
            guard case GeoJSONError.syntax(_, let message) = error else { return false }
            return message.contains("nesting")
        }
        #expect(throws: Never.self) { try read(deep, maxDepth: 200) }
    }

    @Test func badFeaturesAreReportedWithTheirPlaceAndTheRestKept() throws {
        let text = """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","geometry":{"type":"Point","coordinates":[40.75,36.5]},"properties":{}},
            {"type":"Feature","geometry":{"type":"Point","coordinates":[40.75]},"properties":{}},
            {"type":"Feature","geometry":{"type":"Point","coordinates":[40.75,96.5]},"properties":{}},
            {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]},"properties":{}},
            {"type":"Feature","geometry":{"type":"LineString","coordinates":[[0,0]]},"properties":{}},
            {"type":"Feature","geometry":{"type":"Circle","coordinates":[0,0]},"properties":{}},
            {"type":"Feature","properties":{}},
            {"type":"Feature","geometry":null,"properties":[1]},
            {"type":"Feature","geometry":null,"properties":null},
            {"type":"Feature","geometry":{"type":"Point","coordinates":["a","b"]},"properties":{}}
            ]}
            """
        let (features, issues) = try read(text)
        #expect(features.count == 2)
        #expect(features[1].geometry == nil)
        #expect(issues.map(\.location.description).map { String($0.prefix(10)) } ==
                ["feature 2 ", "feature 3 ", "feature 4 ", "feature 5 ", "feature 6 ", "feature 7 ", "feature 8 ", "feature 10"])
        #expect(issues[0].location == "feature 2 (byte 132)")
        #expect(issues[0].message.contains("2 or 3 numbers"))
        #expect(issues[1].message.contains("latitude 96.5"))
        #expect(issues[2].message.contains("not closed"))
        #expect(issues[3].message.contains("at least 2 positions"))
        #expect(issues[4].message.contains("unknown geometry type"))
        #expect(issues[5].message.contains("needs a \"geometry\""))
    }

    @Test func badLinesOfASequenceAreReportedByLine() throws {
        let text = "\u{1E}{\"type\":\"Feature\",\"geometry\":null,\"properties\":{}}\n"
            + "\u{1E}{\"type\":\"Feature\",\"geometry\":nul}\n"
            + "\n"
            + "\u{1E}{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]},\"properties\":{\"k\":1}}\n"
            + "\u{1E}[1,2]\n"
        let (features, issues) = try read(text)
        #expect(features.count == 2)
        #expect(issues.map(\.location) == ["line 2, column 31", "line 5"])  // column of "nul", after the RS
    }

    @Test func bareGeometriesAndSingleFeaturesRead() throws {
        #expect(try read(#"{"type":"Point","coordinates":[1,2]}"#).features.count == 1)
        #expect(try read(#"{"type":"Feature","geometry":null,"properties":null,"id":3}"#).features[0].id == .int(3))
        #expect(throws: GeoJSONError.self) { try read(#"{"type":"Topology"}"#) }
        #expect(throws: GeoJSONError.self) { try read(#"{"type":"FeatureCollection"}"#) }
    }

    @Test func escapesAndSurrogatesDecode() throws {
        let (features, _) = try read(#"{"type":"Feature","geometry":null,"properties":{"s":"\u00e9\ud83d\ude00\n\/"}}"#)
        #expect(features[0].properties?["s"] == .string("é😀\n/"))
        #expect(throws: GeoJSONError.self) { try read(#"{"type":"Feature","geometry":null,"properties":{"s":"\ud83d"}}"#) }
    }
}
