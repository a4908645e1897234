import Foundation
import Testing
@testable import Gazetteer
import Geometry

/// The committed fixture (scripts/make-gazetteer-fixture): all countries and admin1s, Syria's, Turkey's,
/// Iraq's and Libya's towns, a few US places. Its index is built on first use, like the full one.
let fixture: Gazetteer = {
    let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixture")
    return try! Gazetteer(directory: directory)
}()

@Suite struct NameKeyTests {
    @Test func spellingsOfOnePlaceShareAKey() {
        let hasakah = ["Al Hasakah", "Hasakah", "Al-Hasakah", "al-Ḩasakah", "AL HASAKAH", "El-Hasakah"].map(NameKey.exact)
        #expect(Set(hasakah) == ["hasakah"])
        #expect(NameKey.exact("الحسكة") == NameKey.exact("حسكة"))
        #expect(NameKey.exact("St. Petersburg") == NameKey.exact("Saint Petersburg"))
        #expect(NameKey.exact("Ra's al 'Ayn") == "ras ayn")
        #expect(NameKey.exact("Deir ez-Zor") == "deir zor")
        #expect(NameKey.exact("Democratic Republic of the Congo") == NameKey.exact("Democratic Republic of Congo"))
        #expect(NameKey.exact("Democratic Republic of the Congo") == NameKey.exact("Democratic Republic of the Congo ").trimmingCharacters(in: .whitespaces))
        #expect(NameKey.exact("Ḩay of the Bāb") == "hay of bab" && NameKey.exact("Theodore of Thebes") == "theodore of thebes")
    }

    @Test func transliterationsShareASkeleton() {
        let skeleton = { NameKey.skeleton(NameKey.exact($0)) }
        #expect(Set(["Hasakah", "Hasaka", "Hasakeh", "Haseke"].map(skeleton)).count == 1)
        #expect(skeleton("Qamishli") == skeleton("Qamishlo"))
        #expect(Set(["Deir ez-Zor", "Deir al-Zour", "Dayr az Zawr"].map(skeleton)).count == 1)
        #expect(skeleton("Homs") == skeleton("Hims"))
        #expect(skeleton("Ankara") != skeleton("Antalya"))
        // The byte path of ASCII keys gives what the Character path gives.
        for key in ["khan shaykhun", "tall tamr", "chahar mahal", "ghazzah", "wadi hawran", "aazaz", "zhob"] {
            #expect(NameKey.skeleton(key) == NameKey.characterSkeleton(key))
        }
    }
}

@Suite struct ResolutionTests {
    func best(_ query: String, _ context: ResolutionContext = ResolutionContext()) -> Place? {
        fixture.resolve(query, context: context).best?.place
    }

    @Test(arguments: ["Al Hasakah", "Hasakah", "Al-Hasakah", "Hasaka", "الحسكة"])
    func hasakahIsTheCityInSyria(_ name: String) throws {
        let place = try #require(best(name))
        #expect(place.id == 173811)
        #expect(place.kind == .city && place.country == "SY")
        #expect(abs(place.lat - 36.50) < 0.01 && abs(place.lon - 40.75) < 0.01)
    }

    @Test func theGovernorateIsTheAdmin1() throws {
        let place = try #require(best("Hasakah Governorate"))
        #expect(place.kind == .admin1 && place.country == "SY" && place.admin1 == "01")
    }

    @Test func ankaraIsTheCapital() throws {
        let place = try #require(best("Ankara"))
        #expect(place.isCapital && place.country == "TR" && place.kind == .city)
    }

    @Test func homsWithSyrianContextIsInSyria() throws {
        #expect(best("Homs", ResolutionContext(countries: ["SY"]))?.country == "SY")
        #expect(best("Homs, Syria")?.country == "SY")
        // Al Khums in Libya is also called Homs: Libyan context must find it.
        #expect(best("Homs", ResolutionContext(countries: ["LY"]))?.country == "LY")
        // And so must nearness.
        #expect(best("Homs", ResolutionContext(near: Coordinate(lon: 14.26, lat: 32.65)))?.country == "LY")
    }

    @Test func washingtonAloneIsTheCapital() throws {
        let place = try #require(best("Washington"))
        #expect(place.id == 4140963 && place.admin1 == "DC")
        #expect(best("Alexandria, Va.")?.admin1 == "VA")
    }

    @Test func countiesAreAdmin2() throws {
        let laurel = try #require(best("Laurel County"))
        #expect(laurel.kind == .admin2 && laurel.country == "US" && laurel.admin1 == "KY")
        #expect(fixture.chain(of: laurel).map(\.kind) == [.admin2, .admin1, .country, .continent])
        #expect(best("Rapides Parish")?.admin1 == "LA")
    }

    @Test func demonymsAndEthnicGroups() {
        let turkish = fixture.resolve("Turkish")
        #expect(turkish.best?.place.kind == .country && turkish.best?.place.country == "TR")
        #expect(turkish.best?.isDemonym == true)
        #expect(fixture.resolve("Kurdish").status == .notFound)
        // Plurals name the country too ("Palestinians", "Americans": before any spelling variant is tried,
        // or "Americans" is Americana, Brazil); an ethnic group's, none.
        for (plural, country) in [("Iraqis", "IQ"), ("Americans", "US"), ("Syrians", "SY")] {
            let r = fixture.resolve(plural)
            #expect(r.best?.place.country == country && r.best?.isDemonym == true, "\(plural)")
        }
        #expect(fixture.resolve("Kurds").status == .notFound)
    }

    @Test func unknownNamesAreNotFound() {
        #expect(fixture.resolve("Xyzzyplace").status == .notFound)
        #expect(fixture.resolve("").status == .notFound)
        #expect(fixture.resolve("   ").status == .notFound)
    }

    @Test func transliterationVariantsResolveWithLowerScores() throws {
        let exact = try #require(fixture.resolve("Al Qamishli").best)
        let variant = try #require(fixture.resolve("Qamishlo").best)
        #expect(exact.place.id == variant.place.id)
        #expect(fixture.resolve("Dayr az Zawr").best?.place.country == "SY")
    }

    @Test func typosInLongerNamesMatchOneEditAway() throws {
        #expect(best("Damascsu")?.country == "SY")         // swapped letters
        #expect(best("Ankqra")?.isCapital == true)         // a changed letter
        #expect(best("Al Hasakahh")?.id == 173811)         // an extra letter
        #expect(fixture.resolve("Xyzzyplace").status == .notFound)  // nothing one edit away
        #expect(fixture.resolve("Homz").status == .notFound)        // too short to guess at
        // An exact name never goes through the fuzzy path.
        #expect(fixture.resolve("Ankara").best?.matchedName == "Ankara")
    }

    @Test func parentChainsClimbToTheContinent() throws {
        let city = try #require(best("Al Hasakah"))
        #expect(fixture.chain(of: city).map(\.kind) == [.city, .admin1, .country, .continent])
    }
}

@Suite struct IndexTests {
    @Test func aStaleOrDamagedIndexIsRebuilt() throws {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixture")
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("gaz-\(UUID())")
        try FileManager.default.copyItem(at: source, to: copy)
        defer { try? FileManager.default.removeItem(at: copy) }
        try? FileManager.default.removeItem(at: copy.appendingPathComponent("index.bin"))
        var builds = 0
        _ = try Gazetteer(directory: copy) { _ in builds += 1 }
        _ = try Gazetteer(directory: copy) { _ in builds += 1 }
        #expect(builds == 1)
        try Data("garbage".utf8).write(to: copy.appendingPathComponent("index.bin"))
        let rebuilt = try Gazetteer(directory: copy) { _ in builds += 1 }
        #expect(builds == 2)
        #expect(rebuilt.resolve("Ankara").best?.place.country == "TR")
    }

    /// A place's hit for a key is its own name when that has the key, whichever of its names comes first:
    /// "Port au Prince" listed before "Port-au-Prince" must not make the capital look like a place known
    /// only by an alternate name.
    @Test func aPlacesOwnNameIsItsHitForItsKey() throws {
        let place = Place(id: 3718426, kind: .city, name: "Port-au-Prince", country: "HT", admin1: "11", lat: 18.54, lon: -72.34,
                          population: 1_234_742, feature: "PPLC", parent: 0)
        let data = try IndexWriter.build(places: [place], names: [(0, "Port au Prince"), (0, "Port-au-Prince")], stamp: 1)
        let index = try IndexFile(MappedBytes(copying: data))
        let hits = index.hitRange("port au prince", skeleton: false)
        #expect(hits.count == 1)
        #expect(hits.allSatisfy(index.hitIsMainName))
    }

    @Test func aMissingGazetteerSaysHowToBuildIt() {
        #expect {
            try Gazetteer(directory: URL(fileURLWithPath: "/nonexistent"))
        } throws: { error in
            "\(error)".contains("scripts/build-geodata")
        }
    }
}

@Suite struct RegionTests {
    func contains(_ region: Region, _ lat: Double, _ lon: Double) throws -> Bool {
        try region.geometry!.contains(.point(Point(lon: lon, lat: lat)))
    }

    @Test func northernSyriaIsTheNorthOfSyria() throws {
        let region = try #require(try fixture.region("northern Syria"))
        let syria = try #require(try fixture.polygon(of: fixture.country(code: "SY")!))
        #expect(region.kind == .part && region.base.country == "SY")
        // Inside Syria (allowing for the edge rounding of the projection round trip).
        #expect(try syria.buffer(1e-6).contains(region.geometry!))
        let centre = try syria.centroid().allCoordinates[0]
        #expect(region.representative.lat > centre.lat)
        #expect(try contains(region, 36.50237, 40.74772))   // Al Hasakah
        #expect(try contains(region, 37.05215, 41.23142))   // Qamishli
        #expect(try !contains(region, 33.5102, 36.29128))   // Damascus
        #expect(try region.geometry!.isValid)
    }

    @Test func otherDirections() throws {
        let northeast = try #require(try fixture.region("north-eastern Syria"))
        #expect(try contains(northeast, 36.50237, 40.74772))   // Al Hasakah
        #expect(try !contains(northeast, 33.5102, 36.29128))   // Damascus
        let south = try #require(try fixture.region("southern Syria"))
        #expect(try contains(south, 33.5102, 36.29128))
        let central = try #require(try fixture.region("central Turkey"))
        #expect(try contains(central, 39.91987, 32.85427))     // Ankara
        #expect(try !contains(central, 41.01384, 28.94966))    // Istanbul
    }

    @Test func nearAndOffsets() throws {
        let near = try #require(try fixture.region("near Homs", context: ResolutionContext(countries: ["SY"])))
        #expect(near.kind == .near && near.base.country == "SY")
        #expect(try contains(near, 34.72405, 36.72559))
        let offset = try #require(try fixture.region("30 km north of Al Hasakah"))
        let d = Geodesic.wgs84.inverse(from: Coordinate(lon: offset.base.lon, lat: offset.base.lat), to: offset.representative)
        #expect(abs(d.distance - 30_000) < 0.01 && abs(d.initialAzimuth) < 1e-6)
        #expect(offset.uncertainty == 10_000)
        #expect(try fixture.region("5mi west of Ankara") != nil)
    }

    @Test func aPartOfAnAreaWithoutAPolygonResolvesToTheArea() throws {
        // No continent has a polygon: "western Africa" is, more coarsely, Africa; "south-central Syria" is a
        // region like "southern Syria".
        #expect(try fixture.region("western Africa") == nil)
        #expect(fixture.resolve("western Africa").best?.place.kind == .continent)
        #expect(try fixture.region("south-central Syria")?.base.country == "SY")
        // Only an area, or a city of 100,000: a town's part is no town ("West Bank" is not Bank).
        #expect(fixture.resolve("northern Tall Tamr").status == .notFound)
        #expect(fixture.resolve("East Raqqa").best?.place.name == "Ar Raqqah")
        // A direction in two words is one.
        let northeast = try #require(try fixture.region("North East Syria"))
        #expect(try contains(northeast, 36.50237, 40.74772) && !contains(northeast, 33.5102, 36.29128))
    }

    @Test func notARegion() throws {
        #expect(try fixture.region("Al Hasakah") == nil)
        #expect(try fixture.region("northern Xyzzyplace") == nil)
        #expect(try fixture.region("north") == nil)
        // A place's own name is not a region of another place.
        #expect(try fixture.region("West Virginia") == nil)
        #expect(fixture.resolve("West Virginia").best?.place.kind == .admin1)
        // A spelling variant of one place only is a base ("eastern Ankra" is Ankara's east; an ambiguous one
        // is not: see SpellingVariantTests), and so is a name with its designator.
        #expect(try fixture.region("eastern Ankra")?.base.name == "Ankara")
        // A designator after the base is no variant: the governorate's north is a region.
        #expect(try fixture.region("northern Hasakah Governorate")?.base.kind == .admin1)
    }
}
