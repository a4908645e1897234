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
    }

    @Test func transliterationsShareASkeleton() {
        let skeleton = { NameKey.skeleton(NameKey.exact($0)) }
        #expect(Set(["Hasakah", "Hasaka", "Hasakeh", "Haseke"].map(skeleton)).count == 1)
        #expect(skeleton("Qamishli") == skeleton("Qamishlo"))
        #expect(Set(["Deir ez-Zor", "Deir al-Zour", "Dayr az Zawr"].map(skeleton)).count == 1)
        #expect(skeleton("Homs") == skeleton("Hims"))
        #expect(skeleton("Ankara") != skeleton("Antalya"))
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

    @Test func demonymsAndEthnicGroups() {
        let turkish = fixture.resolve("Turkish")
        #expect(turkish.best?.place.kind == .country && turkish.best?.place.country == "TR")
        #expect(turkish.best?.isDemonym == true)
        #expect(fixture.resolve("Kurdish").status == .notFound)
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

    @Test func aMissingGazetteerSaysHowToBuildIt() {
        #expect {
            try Gazetteer(directory: URL(fileURLWithPath: "/nonexistent"))
        } throws: { error in
            "\(error)".contains("scripts/build-geodata")
        }
    }
}
