import Foundation
import Testing
import Gazetteer
import Geometry
@testable import Reports
import TestSupport

/// The full gazetteer that scripts/build-geodata writes (CI builds it before the tests run).
let parser: ReportParser = {
    let gazetteer = try! Gazetteer(directory: projectRoot.appendingPathComponent("geodata"))
    return try! ReportParser.load(gazetteer: gazetteer)
}()

func seedReports() throws -> [Report] {
    let folder = projectRoot.appendingPathComponent("seeds")
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".txt") }.sorted()
    return try names.map { name in
        let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        return Report(id: String(name.dropLast(4)), text: text, published: CivilDate(iso: "2023-10-06"))
    }
}

func near(_ c: Coordinate?, lat: Double, lon: Double, km: Double) -> Bool {
    guard let c else { return false }
    return Geodesic.wgs84.inverse(from: c, to: Coordinate(lon: lon, lat: lat)).distance <= km * 1000
}

@Suite struct PlaceFindingTests {
    func places(_ text: String) -> [ResolvedPlace] { parser.parse(Report(id: "t", text: text)).places }

    @Test func peopleAndCommonWordsAreNotPlaces() {
        let found = places("Pat Ryder met Lloyd Austin and Hakan Fidan. Later, Ryder said the Police would act. Most agreed.")
        #expect(found.isEmpty, "found \(found.map(\.mention.text))")
        // A first name that no place bears as its own name (only as an old name of Ristiina, Finland) is a
        // person; one that a place does bear, in a place's context, stays a place.
        let named = places("Kristina said the family moved to Florence, Italy.")
        #expect(named.map(\.mention.text) == ["Florence", "Italy"])
    }

    /// Ordinary words name a place only when a sizeable place bears them as its own name — "White House"
    /// is a Tennessee town of 11,000 and, translated, Casablanca's alternate name — or when a state vouches
    /// for them after a comma.
    @Test func ordinaryWordsNeedTheirOwnLargePlaceOrAQualifier() throws {
        #expect(places("The White House said on Monday that talks went well.").isEmpty)
        let qualified = places("He lives in White House, Tennessee.")
        #expect(qualified.first?.mention.text == "White House" && qualified.first?.place?.admin1 == "TN")
        // A province's name that is also a word is no place alone ("Central"), unless its seat bears it:
        // "Shanghai" is a verb in the dictionary, and a city of 22 million.
        #expect(places("Officials in Central said so.").isEmpty)
        // A town of 10,000 or more that ordinary words name is a place where it is not "the …" something:
        // Boulder City, Nevada (15,000).
        #expect(places("The fire spread in Boulder City on Monday.").first?.place?.admin1 == "NV")
        #expect(places("There are 600 stores in Shanghai alone.").first?.place?.country == "CN")
    }

    @Test func rolesFollowUse() throws {
        let found = places("Ankara only claimed the drone was lost while Washington said US troops in Al Hasakah were safe. Turkish jets flew over northern Syria.")
        func role(_ text: String) -> PlaceMention.Role? { found.first { $0.mention.text == text }?.mention.role }
        #expect(role("Ankara") == .metonym)
        #expect(role("Washington") == .metonym)
        #expect(role("US") == .modifier)
        #expect(role("Al Hasakah") == .literal)
        #expect(role("Turkish") == .demonym)
        let region = try #require(found.first { $0.mention.text == "northern Syria" })
        #expect(region.region?.kind == .part && region.geoPrecision == 3)
        #expect(near(found.first { $0.mention.text == "Al Hasakah" }?.coordinate, lat: 36.50, lon: 40.75, km: 10))
    }

    /// "W.Va." and "W. Va." name West Virginia, not Virginia after a stray initial.
    @Test func apAbbreviationsWithAnInitialNameTheirState() throws {
        for text in ["The school in Morgantown, W.Va., closed.", "Officials in Charleston, W. Va. agreed."] {
            let state = try #require(places(text).first { $0.mention.text.hasPrefix("W") })
            #expect(state.place?.kind == .admin1 && state.place?.name == "West Virginia")
        }
    }

    /// A region's base is read with the rest of the report: northeast Georgia beside Atlanta is the state's.
    @Test func aRegionsBaseTakesTheDocumentsSide() throws {
        let found = places("Rain fell across northeast Georgia on Monday. In Atlanta and Gainesville, schools closed.")
        let region = try #require(found.first { $0.mention.text == "northeast Georgia" })
        #expect(region.region != nil && region.place?.country == "US")
    }

    @Test func aStateNamedInTheReportPullsItsTowns() throws {
        let found = places("Flooding closed roads in Nashville, Memphis and Knoxville on Monday. In Paris, the library stayed open.")
        let paris = try #require(found.first { $0.mention.text == "Paris" })
        #expect(paris.place?.country == "US" && paris.place?.admin1 == "TN")
        let alone = try #require(places("In Paris, the library stayed open.").first)
        #expect(alone.place?.country == "FR")
    }

    @Test func twoWordAndPluralDemonyms() throws {
        let found = places("Sri Lankan troops and Americans met Kurds.")
        #expect(found.map(\.mention.text) == ["Sri Lankan", "Americans", "Kurds"])
        #expect(found.allSatisfy { $0.mention.role == .demonym })
        #expect(found[0].place?.country == "LK" && found[1].place?.country == "US" && found[2].place == nil)
    }

    /// Canadian Press province abbreviations name their province, except as an era after a number.
    @Test func canadianProvinceAbbreviationsButNotEras() throws {
        let found = places("The town was founded in 500 B.C. by settlers. Officials in B.C. and N.S. said so.")
        #expect(found.map(\.mention.text) == ["B.C.", "N.S."])
        #expect(found.map { $0.place?.kind } == [.admin1, .admin1] && found.allSatisfy { $0.place?.country == "CA" })
        // A division's acronym of three letters or more names it after a locative word, not alone.
        #expect(places("Cases rose in NSW on Monday.").first?.place?.country == "AU")
        #expect(places("NSW Health said cases rose.").isEmpty)
        // A country's abbreviation after a number is still the country.
        #expect(places("Among them were 13 U.S. senators.").map { $0.place?.country } == ["US"])
    }

    /// A demonym names its country before a small town that bears it (Canadian, Texas; English, Indiana).
    @Test func aDemonymBeforeASmallTownOfItsName() throws {
        let found = places("Canadian officials met English and Spanish diplomats.")
        #expect(found.map(\.mention.role) == [.demonym, .demonym, .demonym])
        #expect(found.map { $0.place?.country } == ["CA", "GB", "ES"])
        #expect(parser.gazetteer.resolve("Canadian").best?.place.kind == .country)
    }

    @Test func kurdishIsAPeopleNotACountry() throws {
        let kurdish = try #require(places("Kurdish fighters held the town.").first)
        #expect(kurdish.mention.role == .demonym && kurdish.place == nil)
    }

    @Test func qualifiersAndAcronyms() {
        let found = places("A drone came close to troops in Hasakah, Syria, and NATO allies met. Nato said IS fighters left.")
        #expect(found.map(\.mention.text) == ["Hasakah", "Syria"])
        #expect(found.first?.place?.country == "SY")
    }

    /// A qualifier is the writer's word on where a place is: it outweighs the other places of the report,
    /// names a US state as well as a country ("Georgia"), and an abbreviation qualifies even a name that is
    /// also an area's ("Alexandria" is an Egyptian governorate); a list of areas stays a list.
    @Test func qualifiersOutweighTheReportsOtherPlaces() throws {
        let offices = places("The firm has offices in Indianapolis, Indiana, Atlanta, Georgia and Louisville, KY.")
        let atlanta = try #require(offices.first { $0.mention.text == "Atlanta" })
        #expect(atlanta.place?.country == "US" && atlanta.place?.admin1 == "GA")
        let trip = places("We drove from Louisville, KY to Lexington, Ky. and then to Alexandria, Va. and Paris, Texas.")
        let alexandria = try #require(trip.first { $0.mention.text == "Alexandria" })
        #expect(alexandria.place?.admin1 == "VA")
        let paris = try #require(trip.first { $0.mention.text == "Paris" })
        #expect(paris.place?.admin1 == "TX")
        // A qualifier of two words is read whole.
        let officials = places("Officials in Chicago, Illinois and Springfield, New Jersey met.")
        let springfield = try #require(officials.first { $0.mention.text == "Springfield" })
        #expect(springfield.place?.admin1 == "NJ")
        let list = places("Strikes hit Syria, Iraq and Turkey.")
        #expect(list.map { $0.place?.kind } == [.country, .country, .country])
    }

    @Test func aDesignatorJoinsOnlyADivisionsName() throws {
        // "Rapides Parish" names the parish; "Edwardsville City Council" and "U.S. Department" no division.
        let parish = try #require(places("Flooding hit Rapides Parish on Monday.").first)
        #expect(parish.mention.text == "Rapides Parish" && parish.place?.kind == .admin2)
        let council = places("The Edwardsville City Council met on Monday in Illinois.")
        #expect(council.first?.mention.text == "Edwardsville" && council.first?.place?.admin1 == "IL")
        let department = places("The U.S. Department of Justice said so.")
        #expect(department.first?.mention.text == "U.S." && department.first?.place?.country == "US")
    }

    @Test func aPartOfAnAreaWithoutAPolygonIsThatArea() throws {
        let found = places("Drought hit western Africa, and rain fell in southern England and south-central Kansas.")
        #expect(found.map(\.mention.text) == ["western Africa", "southern England", "south-central Kansas"])
        #expect(found[0].place?.kind == .continent && found[0].place?.name == "Africa")
        #expect(found[1].place?.kind == .admin1 && found[1].place?.country == "GB" && found[1].region == nil)
        // Kansas has a polygon: its southern part.
        #expect(found[2].region != nil && found[2].place?.admin1 == "KS")
    }

    /// A gold span's qualifier after it is read as in running text: the writer's word on its state.
    @Test func goldSpansReadTheirQualifier() {
        let text = "We drove from Louisville, KY to Lexington, Ky. and then to Alexandria, Va. in the rain."
        func span(_ s: String) -> Range<Int> {
            let start = text.distance(from: text.startIndex, to: text.range(of: s)!.lowerBound)
            return start..<(start + s.count)
        }
        let report = parser.parse(Report(id: "t", text: text, mentions: [span("Louisville"), span("Lexington"), span("Alexandria")]))
        #expect(report.places.map(\.mention.text) == ["Louisville", "Lexington", "Alexandria"])
        #expect(report.places.last?.place?.admin1 == "VA")
    }

    @Test func offsetsMatchTheText() {
        let text = "In 🚀 Homs, Syria, the academy was hit."
        let report = parser.parse(Report(id: "t", text: text))
        let scalars = Array(text.unicodeScalars)
        for p in report.places {
            #expect(String(String.UnicodeScalarView(scalars[p.mention.start..<p.mention.end])) == p.mention.text)
        }
        #expect(report.places.first?.mention.start == 5)
    }

    @Test func goldSpansAreResolvedAsGiven() {
        let text = "Fighting near Homs and in Ankara."
        let report = parser.parse(Report(id: "t", text: text, mentions: [14..<18, 26..<32]))
        #expect(report.places.map(\.mention.text) == ["Homs", "Ankara"])
        #expect(report.places.allSatisfy { $0.place != nil })
        #expect(report.events.isEmpty)
    }
}

/// The reports issue's acceptance, on the three seed reports published 2023-10-06 (a Friday).
@Suite struct SeedAcceptanceTests {
    let parsed: [ParsedReport]
    let merged: [Event]

    init() throws {
        parsed = try seedReports().map { parser.parse($0) }
        merged = EventMerger.merge(parsed.flatMap(\.events))
    }

    @Test func theStrikesInAlHasakahAt0430UTCAbout1kmFromUSTroops() throws {
        let strike = try #require(merged.first { e in
            guard e.subEventType == .airDroneStrike, let place = e.location?.place else { return false }
            return place.kind == .city && place.country == "SY" && place.name.contains("asakah")
        })
        #expect(strike.eventType == .explosions)
        #expect(strike.actor1 == "Military Forces of Turkey (2016-)")
        #expect(strike.date?.description == "2023-10-05")
        #expect(strike.timeUTCText == "04:30")
        #expect(strike.location?.geoPrecision == 1)
        #expect(strike.relations.contains(ProximityRelation(distance: 1000, approximate: true, to: "US troops")))
        #expect(strike.counts.contains(Event.Count(count: 3, of: "drones")))
    }

    @Test func theDroneShotDownIsOneEventWithThreeSources() throws {
        let downings = merged.filter { $0.subEventType == .disruptedWeaponsUse }
        #expect(downings.count == 1)
        let downing = try #require(downings.first)
        #expect(downing.eventType == .strategicDevelopments)
        #expect(downing.sources.count == 3)
        #expect(downing.actor1 == "Military Forces of the United States (2021-2025)")
        #expect(downing.actor2 == "Military Forces of Turkey (2016-)")
        #expect(downing.date?.description == "2023-10-05")
        #expect(downing.timeUTCText == "08:30")  // "Four hours later" than 04:30 UTC
        #expect(near(downing.location?.coordinate, lat: 36.50, lon: 40.75, km: 10))
    }

    @Test func theSuicideAttackInAnkara() throws {
        let attack = try #require(merged.first { $0.subEventType == .suicideBomb })
        #expect(attack.location?.place?.name == "Ankara")
        #expect(attack.location?.geoPrecision == 1)
    }

    @Test func strikesOnFifteenKurdishTargetsInNorthernSyria() throws {
        let strikes = try #require(merged.first { $0.counts.contains(Event.Count(count: 15, of: "targets")) })
        #expect(strikes.subEventType == .airDroneStrike)
        #expect(strikes.actor1 == "Military Forces of Turkey (2016-)")
        let place = try #require(strikes.location)
        #expect(place.region?.kind == .part && place.geoPrecision == 3)
        #expect(place.region?.geometry != nil)
        #expect(place.region?.name == "northern Syria")
    }

    @Test func theHomsAcademyAttackWithAtLeast60Dead() throws {
        let homs = try #require(merged.first { $0.location?.place?.name == "Homs" })
        #expect(homs.eventType == .explosions)
        #expect(homs.fatalities == 60 && homs.fatalitiesLowerBound)
    }

    @Test func speakersAreMetonymsAndPennsylvaniaIsJustAPlace() throws {
        let first = parsed[0].places
        #expect(first.contains { $0.mention.text == "Ankara" && $0.mention.role == .metonym })
        #expect(first.contains { $0.mention.text == "Washington" && $0.mention.role == .metonym })
        let pennsylvania = try #require(parsed[2].places.first { $0.mention.text == "Pennsylvania" })
        #expect(pennsylvania.mention.role == .literal && pennsylvania.place?.kind == .admin1)
        #expect(!merged.contains { $0.location?.place?.name == "Pennsylvania" })
    }

    @Test func readingAReportTwiceAddsNothing() {
        let again = EventMerger.merge(parsed.flatMap(\.events) + parsed[0].events)
        #expect(again.count == merged.count)
        #expect(again.map(\.evidence.count) == merged.map(\.evidence.count))
    }
}

@Suite struct DocumentCoherenceTests {
    func admin1(_ answer: DocumentPlace) -> String? {
        guard case .resolution(let r) = answer, let best = r.best else { return nil }
        return parser.gazetteer.admin1(country: best.place.country, code: best.place.admin1)?.name
    }

    /// Names that are each ambiguous alone settle one another: Henry County, where a man from Paris was
    /// held, is Tennessee's (with a Paris in it), not Virginia's; Columbus beside Franklin County is Ohio's,
    /// not the Honduran department also called Columbus.
    @Test func ambiguousNamesPickTheCandidatesThatLieTogether() {
        let henry = parser.gazetteer.resolveDocument(["Henry County", "Paris"])
        #expect(admin1(henry[0]) == "Tennessee")
        let ohio = parser.gazetteer.resolveDocument(["Dublin", "Columbus", "Franklin County"])
        #expect(admin1(ohio[1]) == "Ohio" && admin1(ohio[2]) == "Ohio")
        // Alone, each keeps its usual reading.
        #expect(admin1(parser.gazetteer.resolveDocument(["Henry County"])[0]) != "Tennessee")
    }

    /// A name whose country or state the document changes is read again with its new answer: "Georgia"
    /// alone is the country, so on the first pass only Texas spoke for a state, and Atlanta went to Texas.
    @Test func evidenceIsReadAgainWhenANameMoves() {
        let answers = parser.gazetteer.resolveDocument(["Atlanta", "Georgia", "Georgia", "Texas"])
        #expect(admin1(answers[0]) == "Georgia" && admin1(answers[1]) == "Georgia" && admin1(answers[3]) == "Texas")
        // However many matches the caller keeps, the answers are the same (the evidence reads two of each).
        let names = ["Paris", "Dallas", "Georgia", "Columbus", "Franklin County", "Texas", "Athens"]
        let one = parser.gazetteer.resolveDocument(names, keep: 1), many = parser.gazetteer.resolveDocument(names, keep: 200)
        for (a, b) in zip(one, many) {
            guard case .resolution(let x) = a, case .resolution(let y) = b else { continue }
            #expect(x.best?.place.id == y.best?.place.id && x.matches.count == 1)
        }
    }

    /// Of two towns of one name, the larger wins on its own: Kansas City, Missouri (475,000) over Kansas
    /// City, Kansas (153,000), which the 2014 feature list happens to code as a county seat.
    @Test func populationOverACountySeatCode() {
        #expect(parser.gazetteer.resolve("Kansas City").best?.place.admin1 == "MO")
    }

    /// A name's own first guess does not count as the document's evidence for it: Paris beside Dallas is
    /// Paris, Texas — France's only support was Paris itself.
    @Test func aNameDoesNotVoteForItself() {
        let answers = parser.gazetteer.resolveDocument(["Paris", "Dallas", "Paris"])
        #expect(admin1(answers[0]) == "Texas" && admin1(answers[2]) == "Texas")
        #expect(admin1(parser.gazetteer.resolveDocument(["Paris"])[0]) == "Île-de-France")
    }

    /// A place's own name outranks another place's alternate name: Columbus is Ohio's capital, not the
    /// Honduran department that also goes by it.
    @Test func anAlternateNameYieldsToAPlacesOwnName() {
        let best = parser.gazetteer.resolve("Columbus").best?.place
        #expect(best?.country == "US" && best?.admin1 == "OH")
    }
}

/// Names the gazetteer holds only as spelling variants of other places' names.
@Suite struct SpellingVariantTests {
    /// A direction before an ambiguous variant is no region: "Ossetia" shares its consonants with Haiti's
    /// Ouest department, among others, and South Ossetia is no part of Haiti.
    @Test func anAmbiguousVariantIsNoRegionsBase() throws {
        let gazetteer = parser.gazetteer
        #expect(gazetteer.resolve("Ossetia").status == .ambiguous)
        #expect(try gazetteer.region("South Ossetia") == nil)
        #expect(gazetteer.resolve("South Ossetia").best?.place.country != "HT")
    }

    /// A plural demonym names its country before any variant is tried: "Americans" is one letter from
    /// Americana, Brazil.
    @Test func pluralDemonymsBeforeVariants() {
        for (plural, country) in [("Americans", "US"), ("Palestinians", "PS"), ("Canadians", "CA")] {
            let best = parser.gazetteer.resolve(plural).best
            #expect(best?.place.country == country && best?.isDemonym == true, "\(plural)")
        }
    }
}

/// Second-level divisions the postal dump names but does not code as GeoNames does (Great Britain's
/// counties and council areas) are joined by name.
@Suite struct CountyTests {
    @Test func britishCountiesAreAdmin2() throws {
        let cambridgeshire = try #require(parser.gazetteer.resolve("Cambridgeshire").best?.place)
        #expect(cambridgeshire.kind == .admin2 && cambridgeshire.country == "GB")
        #expect(near(Coordinate(lon: cambridgeshire.lon, lat: cambridgeshire.lat), lat: 52.33, lon: 0.08, km: 30))
        let fife = parser.gazetteer.resolve("Fife", context: ResolutionContext(countries: ["GB"])).best?.place
        #expect(fife?.kind == .admin2 && fife?.country == "GB")
        // A division called by its own bare name is that division (Cornwall, not the Ontario town); a county
        // named without its designator is still the town first (Arlington).
        let cornwall = parser.gazetteer.resolve("Cornwall").best?.place
        #expect(cornwall?.kind == .admin2 && cornwall?.country == "GB")
        #expect(parser.gazetteer.resolve("Arlington").best?.place.kind == .city)
    }
}

@Suite struct CountryPointTests {
    /// Countries no package gives a point for get one inside them (the middle of their largest part), not
    /// 0,0 off Africa; "Palestinian" names Palestine.
    @Test func everyCountryHasAPointOfItsOwn() throws {
        let gazetteer = parser.gazetteer
        let palestine = try #require(gazetteer.resolve("Palestinian").best?.place)
        #expect(palestine.country == "PS" && near(Coordinate(lon: palestine.lon, lat: palestine.lat), lat: 31.9, lon: 35.2, km: 50))
        let kosovo = try #require(gazetteer.resolve("Kosovo").best?.place)
        #expect(kosovo.kind == .country && near(Coordinate(lon: kosovo.lon, lat: kosovo.lat), lat: 42.6, lon: 20.9, km: 60))
    }
}
