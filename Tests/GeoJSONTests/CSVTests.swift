import Foundation
import Testing
@testable import GeoJSON
@testable import Geometry

/// Reads `text` as a CSV layer and returns its features and issues, by the general path.
func csvFeatures(_ text: String, types: [ColumnType]? = nil) throws -> (features: [Feature], issues: [RecordIssue]) {
    let bytes = Array(text.utf8)
    return try bytes.withUnsafeBufferPointer { buffer in
        let layer = try CSVLayer(bytes: buffer, columnTypes: types)
        var features: [Feature] = [], issues: [RecordIssue] = []
        try layer.forEachRow { line, fields in
            do { features.append(try layer.feature(fields, line: line)) } catch let GeoJSONError.csv(line, message) {
                issues.append(RecordIssue(location: "line \(line)", message: message))
            }
        }
        return (features, issues)
    }
}

/// Converts `text` by the streaming path and reads the GeoJSON back.
func streamed(_ text: String, types: [ColumnType]? = nil) throws -> (features: [Feature], issues: [RecordIssue]) {
    let bytes = Array(text.utf8)
    var issues: [RecordIssue] = []
    let json = try ByteSink.capturing { sink in
        try bytes.withUnsafeBufferPointer { buffer in
            let writer = try GeoJSONWriter(sink: sink)
            try CSVToGeoJSON.convert(try CSVLayer(bytes: buffer, columnTypes: types), to: writer) { issues.append($0) }
            try writer.finish()
        }
    }
    return (try read(json).features, issues)
}

@Suite struct CSVTests {
    let sample = "\u{FEFF}id,lon,lat,kind,place,score\r\n"
        + "1,40.750000,36.500000,strike,\"Idlib \"\"Bab al-Hawa\"\" crossing\",0.5\r\n"
        + "2,36.2,37.2,strike,\"Aleppo (حلب)\",2\r\n"
        + "\r\n"
        + "3,38.99,35.95,troops,\"Homs, old city\nsecond line\",\r\n"

    @Test func quotingUTF8AndTypesAreRead() throws {
        let (features, issues) = try csvFeatures(sample)
        #expect(issues.isEmpty)
        #expect(features.count == 3)
        #expect(features[0].geometry == .point(Point(lon: 40.75, lat: 36.5)))
        #expect(features[0].properties?["id"] == .int(1))
        #expect(features[0].properties?["place"] == .string("Idlib \"Bab al-Hawa\" crossing"))
        #expect(features[1].properties?["place"] == .string("Aleppo (حلب)"))
        #expect(features[2].properties?["place"] == .string("Homs, old city\nsecond line"))
        // A column of 0.5 and 2 is real; an empty real is null.
        #expect(features[1].properties?["score"] == .double(2))
        #expect(features[2].properties?["score"] == .null)
        #expect(features[0].properties?.keys == ["id", "kind", "place", "score"])
    }

    @Test func sidecarTypesWin() throws {
        let (features, _) = try csvFeatures(sample, types: [.string, .real, .real, .string, .string, .string])
        #expect(features[0].properties?["id"] == .string("1"))
        #expect(features[0].properties?["score"] == .string("0.5"))
        #expect(ColumnType(gdalName: "Integer64") == .integer)
        #expect(ColumnType(gdalName: "Real(Float32)") == .real)
        #expect(ColumnType(gdalName: "DateTime") == .string)
    }

    @Test func streamingConversionEqualsTheGeneralPath() throws {
        let general = try csvFeatures(sample).features
        #expect(try streamed(sample).features == general)
    }

    @Test func badRowsAreReportedByLineAndSkipped() throws {
        let text = """
            id,lon,lat,n
            1,40.75,36.5,7
            2,abc,36.5,7
            3,40.75,95,7
            4,40.75,36.5
            5,40.75,36.5,seven
            6,40.75,36.5,8
            """
        for (features, issues) in [try csvFeatures(text, types: [.integer, .real, .real, .integer]),
                                   try streamed(text, types: [.integer, .real, .real, .integer])] {
            #expect(features.map { $0.properties?["id"] } == [.int(1), .int(6)])
            #expect(issues.map(\.location) == ["line 3", "line 4", "line 5", "line 6"])
            #expect(issues[0].message.contains("not a number"))
            #expect(issues[1].message.contains("latitude 95"))
            #expect(issues[2].message.contains("3 fields, the header has 4"))
            #expect(issues[3].message.contains("typed Integer"))
        }
    }

    @Test func anUnclosedQuoteStopsTheFileWithItsLine() {
        #expect {
            try csvFeatures("id,lon,lat,p\n1,1,1,ok\n2,1,1,\"never closed\n3,1,1,x\n")
        } throws: { error in
            guard case GeoJSONError.csv(let line, let message) = error else { return false }
            return line == 3 && message.contains("never closed")
        }
    }

    @Test func aLayerWithoutCoordinatesIsRefused() {
        #expect(throws: GeoJSONError.self) { try csvFeatures("id,name\n1,x\n") }
        #expect(throws: GeoJSONError.self) { try csvFeatures("") }
    }

    @Test func wktColumnsCarryAnyGeometry() throws {
        let (features, issues) = try csvFeatures("id,wkt\n1,\"POLYGON ((0 0, 1 0, 1 1, 0 0))\"\n2,\"POINT (1\"\n")
        #expect(features.count == 1)
        #expect(features[0].geometry?.typeName == "Polygon")
        #expect(issues.count == 1)
    }

    @Test func writingCSVKeepsTypesThroughTheSidecar() throws {
        let (features, _) = try csvFeatures(sample)
        let schema = CSVWriter.schema(for: features)
        #expect(schema.header == ["lon", "lat", "id", "kind", "place", "score"])
        #expect(CSVWriter.sidecar(schema) == "\"Real\",\"Real\",\"Integer64\",\"String\",\"String\",\"Real\"\n")
        let text = try ByteSink.capturing { try CSVWriter.write(features, schema: schema, to: $0) }
        #expect(text.contains("\"Idlib \"\"Bab al-Hawa\"\" crossing\""))
        let back = try csvFeatures(text, types: schema.types.map(ColumnType.init(gdalName:))).features
        #expect(back == features)
    }

    @Test func rowChunksCutOnlyBetweenRows() throws {
        // Quoted newlines everywhere: any cut the parity check accepts must give the same rows as one piece.
        var text = "id,lon,lat,note\n"
        for i in 1...20_000 { text += "\(i),1.5,2.5,\"a\nb, \"\"c\"\"\"\n" }
        let bytes = Array(text.utf8)
        try bytes.withUnsafeBufferPointer { buffer in
            let layer = try CSVLayer(bytes: buffer)
            let chunks = try #require(layer.rowChunks(4))
            var rows = 0
            for range in chunks {
                var scanner = CSVScanner(bytes: buffer, range: range, firstLine: 1)
                var fields: [CSVField] = []
                while try scanner.nextRow(&fields) {
                    #expect(fields.count == 4)
                    rows += 1
                }
            }
            #expect(rows == 20_000)
            #expect(chunks.count == 4)
        }
    }

    @Test func strayQuotesAreCounted() throws {
        let bytes = Array("id,lon,lat,size\n1,1,1,5 inch\" pipe\n".utf8)
        try bytes.withUnsafeBufferPointer { buffer in
            var scanner = CSVScanner(bytes: buffer)
            var fields: [CSVField] = []
            while try scanner.nextRow(&fields) {}
            #expect(scanner.strayQuotes == 1)
        }
    }

    @Test func numbersParseExactly() {
        for text in ["36.500000", "-0.000001", "40.123456789012345", "1e-7", "+3", "179.9999999"] {
            let parsed = Array(text.utf8).withUnsafeBufferPointer { parseNumber($0) }
            #expect(parsed == Double(text))
        }
        for bad in ["", "-", "1.2.3", "abc", "1e", "nan", "inf"] {
            #expect(Array(bad.utf8).withUnsafeBufferPointer { parseNumber($0) } == nil, "\(bad) is not a number")
        }
    }
}
