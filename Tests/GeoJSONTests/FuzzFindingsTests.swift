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
}
