import Foundation
import Testing
@testable import GeoJSON
@testable import Geometry

/// Inputs the fuzzers (Fuzz/, scripts/fuzz) found to break a reader or writer, kept as tests once fixed.
@Suite struct FuzzFindingsTests {
    /// A column name with a control character was copied into the streamed GeoJSON unescaped: the output
    /// did not read back.
    @Test func aColumnNameWithAControlCharacterIsEscaped() throws {
        let text = "id,lon,lat,na\u{0}m\u{1F}e\n1,40.75,36.5,x\n"
        let back = try streamed(text)
        #expect(back.features.count == 1)
        #expect(back.features == (try csvFeatures(text).features))
        #expect(back.features.first?.properties?["na\u{0}m\u{1F}e"] == .string("x"))
    }

    /// A lone `x` column beside a `wkt` column was taken for a longitude by the streaming conversion and the
    /// join's reader, which then refused every row the general path read from the WKT.
    @Test func aLoneXColumnIsAProperty() throws {
        let text = "x,id,wkt\n7,1,POINT (40.75 36.5)\n"
        let general = try csvFeatures(text)
        #expect(general.issues.isEmpty && general.features.count == 1)
        #expect(general.features.first?.properties?["x"] == .int(7))
        #expect(try streamed(text).features == general.features)
        let layer = try JoinLayer.read(LayerFile(name: "x.csv", data: Data(text.utf8))) { issue in Issue.record("\(issue)") }
        #expect(layer.count == 1 && layer.points?.coordinate(0) == Coordinate(lon: 40.75, lat: 36.5))
    }
}
