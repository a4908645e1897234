import Foundation
import Testing
@testable import Reports

@Suite struct PlaceNamesInTextTests {
    func places(_ text: String) -> [ResolvedPlace] { parser.parse(Report(id: "t", text: text)).places }

    @Test func largeCitiesOutrankTheProperNameList() {
        let found = places("Shelling hit Kharkov and Odessa overnight, while clashes went on in Aleppo, Damascus and Mosul.")
        let names = Set(found.map(\.mention.text))
        #expect(names.isSuperset(of: ["Kharkov", "Odessa", "Aleppo", "Damascus", "Mosul"]))
    }

    @Test func anOrganisationsNameIsNoPlace() {
        #expect(places("The Kurdistan Workers Party said its fighters would withdraw.").isEmpty)
        #expect(places("Militants of the Tigray People's Liberation Front advanced.").allSatisfy { $0.mention.text != "Tigray" })
        #expect(places("Fighters withdrew from Kurdistan on Monday.").count == 1)
    }
}
