import Foundation
import Testing
@testable import Gazetteer

/// The full gazetteer that scripts/build-geodata writes (scripts/test builds it before the tests run): places
/// the fixture does not hold.
let full: Gazetteer = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return try! Gazetteer(directory: root.appendingPathComponent("geodata"))
}()

@Suite struct FullGazetteerTests {
    @Test(arguments: ["Kiev", "Kiev, Ukraine", "Kyiv"])
    func kievIsTheCapitalNotTheOblast(_ name: String) throws {
        let best = try #require(full.resolve(name).best)
        #expect(best.place.isCapital && best.place.country == "UA")
        #expect(full.resolve("Kiev Oblast").best?.place.kind == .admin1)
    }

    @Test func anAmbiguousPlaceToMeasureFromListsItsCandidates() throws {
        do {
            _ = try full.solePlace("Ariha")
            Issue.record("Ariha named one place")
        } catch let ambiguous as AmbiguousPlace {
            #expect(Set(ambiguous.candidates.map(\.place.country)).isSuperset(of: ["SY", "PS"]))
            #expect(ambiguous.description.contains("Idlib") && ambiguous.description.contains("population"))
        }
        #expect(try full.solePlace("Ariha", context: ResolutionContext(countries: ["SY"]))?.country == "SY")
        #expect(try full.solePlace("Ariha, Syria")?.country == "SY")
        #expect(try full.solePlace("Paris")?.country == "FR")
        #expect(try full.solePlace("Nowhere At All Surely") == nil)
    }

    @Test func aRegionOfAnyPolygonIsComputed() throws {
        // A part of the United States' polygon folded on its way back from the local plane.
        #expect(try full.region("North Americ") != nil)
        #expect(try full.region("northern Syria")?.geometry != nil)
    }
}
