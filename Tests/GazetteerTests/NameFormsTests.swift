import Foundation
import Testing
@testable import Gazetteer

@Suite struct NameFormsTests {
    let forms = NameForms.bundled

    @Test func spellingsPrefixesAndTheEzafeAreVariants() {
        #expect(forms.variants(of: "tell tamr").contains("tall tamr"))
        #expect(forms.variants(of: "kfar zayta").contains("kafr zayta"))
        #expect(forms.variants(of: "qaryat tall tamr").contains("tall tamr"))
        #expect(forms.variants(of: "qaryat tell tamr").contains("tall tamr"))  // both rules at once
        #expect(forms.variants(of: "kuy e nasr").contains("nasr") && forms.variants(of: "kuy e nasr").contains("kuy nasr"))
        #expect(forms.variants(of: "kuy nasr").contains("kuy e nasr"))
        #expect(forms.variants(of: "baglar mahallesi").contains("baglar"))
        #expect(!forms.variants(of: "homs").contains("homs"))
        #expect(forms.variants(of: "deir ez zor deir ez zor deir ez zor deir ez zor").count <= NameForms.variantLimit)
    }

    /// A shadda written as a doubled consonant or a single one: both are variants; a doubled vowel (a long
    /// one) is kept.
    @Test func aDoubledConsonantWrittenOnceIsAVariant() {
        #expect(forms.variants(of: "ayn issa").contains("ayn isa"))
        #expect(forms.variants(of: "raqqa").contains("raqa"))
        #expect(NameForms.singled("khadraa") == "khadraa")
        #expect(NameForms.singled("ammar") == "amar")
    }

    @Test func assimilatedArticlesAreArticles() {
        #expect(NameKey.exact("Busra esh-Sham") == NameKey.exact("Busra ash Sham"))
        #expect(NameKey.exact("Tell er-Rumeida") == NameKey.exact("Tall ar Rumaydah").replacingOccurrences(of: "tall rumaydah", with: "tell rumeida"))
        #expect(NameKey.exact("Jisr eth-Thughur") == "jisr thughur")
    }

    @Test func turkishCaseEndingsAreCutAfterAnApostrophe() {
        #expect(forms.withoutCaseEnding("Ankara'da") == "Ankara")
        #expect(forms.withoutCaseEnding("Diyarbakır'ın") == "Diyarbakır")
        #expect(forms.withoutCaseEnding("Şırnak’tan") == "Şırnak")
        #expect(forms.withoutCaseEnding("Ra's al 'Ayn") == nil)
        #expect(forms.withoutCaseEnding("Ankara") == nil)
    }

    @Test func spellingSimilarityIsOneMinusTheEditDistanceShare() {
        let sim = { (a: String, b: String) in Gazetteer.similarity(Array(a.utf8), Array(b.utf8)) }
        #expect(sim("hawija", "hawija") == 1 && sim("", "") == 1 && sim("abc", "") == 0)
        #expect(abs(sim("haweeja", "hawijah") - (1 - 3.0 / 7)) < 1e-9)  // e→i, e dropped, h added
        #expect(sim("haweeja", "hawijah") > sim("haweeja", "hajiawa"))
    }

    @Test func aTableLineOfAnUnknownKindIsAnError() {
        #expect(throws: GazetteerError.self) { try NameForms("prefix\ttall|tell\n") }
        #expect((try? NameForms("# a comment\nsame\tfoo|bar\n"))?.variants(of: "foo x") == ["bar x"])
    }
}

@Suite struct NameFormResolutionTests {
    func resolve(_ name: String, country: String? = nil) -> Match? {
        fixture.resolve(name, context: ResolutionContext(countries: country.map { [$0] } ?? [])).best
    }

    @Test func anotherFormFindsThePlaceAtALowerScore() throws {
        let asWritten = try #require(resolve("Tall Tamr"))
        let otherForm = try #require(resolve("Tell Tamr"))
        #expect(asWritten.place.id == 163434 && otherForm.place.id == 163434)
        #expect(otherForm.rank < asWritten.rank)
        #expect(resolve("Kfar Zayta")?.place.id == 168620)
        #expect(resolve("Qaryat Tell Tamr")?.place.id == 163434)
        #expect(resolve("Ankara'da")?.place.id == 323786)
        #expect(resolve("Diyarbakır'ın")?.place.id == 316541)
    }

    @Test func cityDashPartIsThePartNearTheCityElseTheCityForItsPart() throws {
        let part = try #require(resolve("Damascus - Harasta"))
        #expect(part.place.id == 169897 && part.geoPrecision == 1)
        let whole = try #require(resolve("Damascus - Some Quarter Unknown", country: "SY"))
        #expect(whole.place.id == 170654 && whole.standsForPart && whole.geoPrecision == 2)
        #expect(resolve("Aleppo-Nowhere")?.place.id == 170063)
        // A part far from the city is not its part: the city stands for it.
        let far = try #require(resolve("Damascus - Saraqib"))
        #expect(far.place.id == 170654 && far.standsForPart)
    }

    @Test func withACountryAShortSkeletonIsReadAmongItsPlaces() {
        // "Heet": skeleton "ht", too short to look up among the world's names, telling within Iraq.
        #expect(resolve("Heet", country: "IQ")?.place.id == 95788)
        #expect(resolve("Heet")?.place.id != 95788)
    }

    @Test func eitherNameOfXParenYFinds() {
        #expect(resolve("Kafr Nabl (Kafranbel)")?.place.id == 168661)
        #expect(resolve("Nowhere Town (Saraqib)")?.place.id == 164816)
    }

    @Test func aRowsCountryByNameOrCodeAndItsDivision() {
        #expect(fixture.countryCode("Syria") == "SY" && fixture.countryCode("sy") == "SY" && fixture.countryCode("Narnia") == nil)
        #expect(fixture.admin1Keys("Idlib", country: "SY") == ["SY.12"])
        #expect(fixture.admin1Keys("SY.12", country: nil) == ["SY.12"])
        #expect(fixture.admin1Keys("12", country: "SY") == ["SY.12"])
    }

    @Test func aSeatNamedLikeItsDivisionIsTheCity() throws {
        let idlib = try #require(resolve("Idlib"))
        #expect(idlib.place.id == 169389 && idlib.score > 0.9)
        #expect(resolve("Idlib Governorate")?.place.kind == .admin1)
    }
}

@Suite struct IndexedFormTests {
    /// A gazetteer name with a word that says what the place is is indexed without it too, as a form: a
    /// text's bare name finds "Qaryat …" and "… Mahallesi"; English words stay (Camp David is not David).
    @Test func genericWordsAreIndexedAwayAsForms() throws {
        func place(_ id: Int, _ name: String) -> Place {
            Place(id: id, kind: .city, name: name, country: "TR", admin1: "21", lat: 37.9, lon: 40.2, population: 0, feature: "PPLX", parent: 0)
        }
        let data = try IndexWriter.build(places: [place(1, "Bağlar Mahallesi"), place(2, "Qaryat Umm Hajar"), place(3, "Camp David")],
                                     names: [], stamp: 1)
        let index = try IndexFile(MappedBytes(copying: data))
        let baglar = index.hitRange("baglar", skeleton: false)
        #expect(baglar.count == 1 && baglar.allSatisfy(index.hitIsForm))
        #expect(index.hitRange("umm hajar", skeleton: false).count == 1)
        #expect(index.hitRange("baglar mahallesi", skeleton: false).allSatisfy { !index.hitIsForm($0) })
        #expect(index.hitRange("david", skeleton: false).isEmpty)
    }
}
