import Foundation
import Testing
@testable import Gazetteer

/// `scripts/build-geodata --geonames` on the committed cut of the dump's format (Fixture/geonames): every
/// feature class the resolver uses, with its feature code; GeoNames' own points for countries and divisions;
/// alternate names without links and codes. (The packages it still reads come from geodata/.cache, which
/// scripts/setup fills.)
@Suite struct GeoNamesDumpTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let built: Result<Gazetteer, Error> = Result {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("geotrack-dump-\(UUID().uuidString)")
        let dump = root.appendingPathComponent("Tests/GazetteerTests/Fixture/geonames")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", root.appendingPathComponent("scripts/build-geodata").path, "--out", out.path,
                             "--geonames", dump.appendingPathComponent("SY.txt").path, dump.appendingPathComponent("alternateNamesV2.txt").path]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw GazetteerError.missing("build-geodata --geonames failed (\(process.terminationStatus))") }
        return try Gazetteer(directory: out)
    }

    func best(_ name: String) throws -> Place? { try Self.built.get().resolve(name).best?.place }

    @Test func featuresOfEveryUsefulClassWithTheirCodes() throws {
        let mountain = try #require(try best("Jebel Semaan"))
        #expect(mountain.id == 99000001 && mountain.kind == .site && mountain.feature == "MT")
        #expect(try best("Kuweires Air Base")?.feature == "AIRB")
        #expect(try best("Wadi Barada")?.kind == .site)
        let quarter = try #require(try best("Bab Touma"))
        #expect(quarter.kind == .city && quarter.feature == "PPLX")
        #expect(try best("Kafr Nboudeh")?.id == 99000006)
        #expect(try best("Aleppo")?.id == 170063)
        // A road is left out, and so is the row of too few columns.
        #expect(try best("Aleppo Damascus Highway")?.id != 99000007)
        #expect(try Self.built.get().place(id: 99000099) == nil)
    }

    @Test func alternateNamesWithoutLinksAndCodes() throws {
        #expect(try best("Kweires")?.id == 99000002)
        #expect(try best("باب توما")?.id == 99000004)
        #expect(try best("OSKW") == nil)
        #expect(try best("M5 Highway") == nil)
    }

    @Test func countriesAndDivisionsTakeGeoNamesOwnPoints() throws {
        let gazetteer = try Self.built.get()
        let syria = try #require(gazetteer.country(code: "SY"))
        #expect(syria.lat == 35.0 && syria.lon == 38.0)
        let idlib = try #require(gazetteer.admin1(country: "SY", code: "12"))
        #expect(abs(idlib.lat - 35.83333) < 1e-4)
    }
}
