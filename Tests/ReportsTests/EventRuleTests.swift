import Foundation
import Testing
import Gazetteer
@testable import Reports

// Event extraction rule by rule (issue 16): one or two short sentences written for each rule and each of
// ACLED's 25 sub-event types. None of them comes from the dev set, which is for measuring only.
//
// Expectations the current rules do not meet are wrapped in `withKnownIssue` with what the rules produce
// instead: they do not fail the run, and they fail as soon as a fix makes them pass (so the marker is
// removed with the fix).

/// The publication day the sentences are read against: a Wednesday, so "on Monday" is 2019-03-04 and
/// "yesterday" 2019-03-05. In 2019 Syria's forces are "(2000-2024)", Iraq's "(2018-2020)".
private let wednesday = CivilDate(iso: "2019-03-06")!

/// The events the shared parser reads from `text`.
private func events(_ text: String, published: CivilDate? = wednesday) -> [Event] {
    parser.parse(Report(id: "test", text: text, published: published)).events
}

/// The one event `text` tells: an issue is recorded when it tells several, and the test stops when none.
private func onlyEvent(_ text: String, published: CivilDate? = wednesday,
                       sourceLocation: SourceLocation = #_sourceLocation) throws -> Event {
    let found = events(text, published: published)
    #expect(found.count == 1, "\(found.count) events (\(found.map(\.subEventType.rawValue))) from: \(text)",
            sourceLocation: sourceLocation)
    return try #require(found.first, "no event from: \(text)", sourceLocation: sourceLocation)
}

private extension Event {
    /// The place as the text names it (robust to the gazetteer's spelling of its name).
    var placeText: String? { location?.mention.text }
    var country: String? { location?.place?.country }
}

/// A sentence as one text and the token range of its first sentence, for rule-level tests.
private func sentence(_ s: String) -> (Text, Range<Int>) {
    let text = Text(s)
    return (text, text.sentences.first ?? 0..<text.tokens.count)
}

/// Every suite of this file, so that `swift test --filter EventRuleTests` runs them all.
@Suite enum EventRuleTests {}

extension EventRuleTests {
    // MARK: - Sub-event types

    /// One sentence per sub-event type, with the town it must be placed at.
    struct SubEventCase: Sendable, CustomTestStringConvertible {
        var type: SubEventType
        var sentence: String
        var place: String
        var country: String
        var testDescription: String { type.rawValue }
    }

    @Suite struct SubEventTypeTests {
        static let cases: [SubEventCase] = [
            // Battles
            .init(type: .armedClash, sentence: "Rebels clashed with regime forces near Idlib on Monday.", place: "Idlib", country: "SY"),
            .init(type: .governmentRegainsTerritory, sentence: "Government forces recaptured the town of Saraqib from rebels on Monday.",
                  place: "Saraqib", country: "SY"),
            .init(type: .nonStateActorOvertakesTerritory, sentence: "IS militants captured the village of Sukhnah after heavy fighting on Tuesday.",
                  place: "Sukhnah", country: "SY"),
            // Explosions/Remote violence
            .init(type: .chemicalWeapon, sentence: "A chemical attack on the town of Douma left residents choking on Saturday.",
                  place: "Douma", country: "SY"),
            .init(type: .airDroneStrike, sentence: "Russian warplanes carried out air strikes on Saraqib on Tuesday.", place: "Saraqib", country: "SY"),
            .init(type: .suicideBomb, sentence: "A suicide bomber blew himself up at a checkpoint in Baghdad, killing five policemen.",
                  place: "Baghdad", country: "IQ"),
            .init(type: .shelling, sentence: "Regime forces shelled the town of Khan Shaykhun with artillery on Tuesday.",
                  place: "Khan Shaykhun", country: "SY"),
            .init(type: .remoteExplosive, sentence: "A roadside bomb hit a military patrol near Kirkuk, killing three soldiers.",
                  place: "Kirkuk", country: "IQ"),
            .init(type: .grenade, sentence: "Unknown assailants threw a hand grenade at a shop in Kirkuk, wounding two men.",
                  place: "Kirkuk", country: "IQ"),
            // Violence against civilians
            .init(type: .sexualViolence, sentence: "Soldiers raped a woman in the village of Kafr Nabl on Sunday.", place: "Kafr Nabl", country: "SY"),
            .init(type: .attack, sentence: "Unidentified gunmen shot dead a shepherd near Hebron on Monday.", place: "Hebron", country: "PS"),
            .init(type: .abduction, sentence: "Gunmen kidnapped a doctor in Taiz on Sunday.", place: "Taiz", country: "YE"),
            // Protests
            .init(type: .peacefulProtest, sentence: "Hundreds of people held a peaceful protest in Beirut on Sunday demanding jobs.",
                  place: "Beirut", country: "LB"),
            .init(type: .protestWithIntervention, sentence: "Police fired tear gas to disperse protesters in Tehran on Friday.",
                  place: "Tehran", country: "IR"),
            .init(type: .excessiveForceAgainstProtesters, sentence: "Police shot dead two protesters in Basra on Friday.", place: "Basra", country: "IQ"),
            // Riots
            .init(type: .violentDemonstration, sentence: "Rioters set fire to tyres and blocked the main road in Basra on Sunday.",
                  place: "Basra", country: "IQ"),
            .init(type: .mobViolence, sentence: "A mob lynched a man accused of theft in Aden on Sunday.", place: "Aden", country: "YE"),
            // Strategic developments
            .init(type: .agreement, sentence: "The Houthis and the government signed a prisoner exchange agreement in Sanaa on Monday.",
                  place: "Sanaa", country: "YE"),
            .init(type: .arrests, sentence: "Police arrested ten activists in Tehran on Tuesday.", place: "Tehran", country: "IR"),
            .init(type: .changeToGroupActivity, sentence: "Turkish forces deployed reinforcements to Afrin on Monday.", place: "Afrin", country: "SY"),
            .init(type: .disruptedWeaponsUse, sentence: "Iraqi security forces defused an IED planted on a road in Kirkuk on Monday.",
                  place: "Kirkuk", country: "IQ"),
            .init(type: .disruptedWeaponsUse, sentence: "Saudi air defences intercepted a missile over Jizan on Monday.", place: "Jizan", country: "SA"),
            .init(type: .headquartersEstablished, sentence: "Hezbollah established a new base near the town of Qusayr on Monday.",
                  place: "Qusayr", country: "SY"),
            .init(type: .lootingPropertyDestruction, sentence: "Rebels looted shops in the town of Saraqib on Monday.", place: "Saraqib", country: "SY"),
            .init(type: .nonViolentTransferOfTerritory, sentence: "Regime forces took control of Manbij after the rebels withdrew on Monday.",
                  place: "Manbij", country: "SY"),
            .init(type: .other, sentence: "A mass grave was found in Raqqa on Monday.", place: "Raqqa", country: "SY"),
            .init(type: .other, sentence: "Authorities imposed a curfew in Kirkuk on Monday.", place: "Kirkuk", country: "IQ"),
        ]

        @Test func everySubEventTypeHasASentence() {
            let covered = Set(Self.cases.map(\.type))
            #expect(covered == Set(SubEventType.allCases), "no sentence for \(Set(SubEventType.allCases).subtracting(covered).map(\.rawValue))")
        }

        @Test(arguments: cases) func theSentenceGivesItsType(_ c: SubEventCase) throws {
            let e = try onlyEvent(c.sentence)
            #expect(e.subEventType == c.type, "\(c.sentence)")
            #expect(e.eventType == c.type.eventType)
            #expect(e.placeText == c.place && e.country == c.country, "placed at \(e.placeText ?? "nothing") (\(e.country ?? "?"))")
        }
    }

    // MARK: - TriggerRules

    @Suite struct TriggerRuleTests {
        let rules = TriggerRules(lexicon: try! EventLexicon.bundled())

        /// A body found ("found dead") is a killing: an attack with its toll.
        @Test func aBodyFoundIsAKilling() throws {
            let e = try onlyEvent("A man was found dead in Kirkuk on Monday, shot in the head.")
            #expect(e.subEventType == .attack && e.fatalities == 1 && e.placeText == "Kirkuk")
        }

        /// Codebook: only events that took place are coded. Each negated or modal sentence has a plain
        /// counterpart that does give an event, so the test fails if the place or trigger alone were missing.
        @Test func negatedTriggersTellNoEvent() throws {
            #expect(events("The Syrian government denied attacking the town of Saraqib on Monday.").isEmpty)
            #expect(events("There were no clashes in Idlib on Monday.").isEmpty)
            #expect(try onlyEvent("The Syrian government attacked the town of Saraqib on Monday.").placeText == "Saraqib")
            #expect(try onlyEvent("There were clashes in Idlib on Monday.").subEventType == .armedClash)
        }

        @Test func modalTriggersTellNoEvent() throws {
            #expect(events("Regime forces would strike Idlib if the rebels refused to leave, an official said on Monday.").isEmpty)
            #expect(events("The Houthis threatened to attack Aden on Monday.").isEmpty)
            #expect(try onlyEvent("Regime forces struck Idlib on Monday.").placeText == "Idlib")
        }

        /// "tried to storm", "gathered to protest": an attempt or a purpose did happen.
        @Test func attemptsAndPurposesHappened() throws {
            #expect(try onlyEvent("Protesters tried to storm the parliament in Baghdad on Monday.").subEventType == .violentDemonstration)
            #expect(try onlyEvent("Hundreds gathered to protest in Basra on Monday.").subEventType == .peacefulProtest)
        }

        /// "a coalition that has battled IS": a relative clause in the perfect describes an actor.
        @Test func aRelativeClauseInThePerfectTellsNoEvent() throws {
            #expect(events("The Kurdish fighters belong to a coalition that has battled IS in Raqqa for years.").isEmpty)
            #expect(try onlyEvent("The Kurdish fighters battled IS in Raqqa on Monday.").subEventType == .armedClash)
            // Token 4 is "battled" in both.
            let (t, r) = sentence("a coalition that has battled IS")
            #expect(!rules.happened(4..<5, sentence: r, t))
            let (t2, r2) = sentence("a coalition which then battled IS")
            #expect(rules.happened(4..<5, sentence: r2, t2))
        }

        /// "Houthi-seized", "regime-besieged": a trigger joined to a name by a hyphen is an adjective.
        @Test func aTriggerHyphenJoinedToANameIsNoEvent() {
            let (t, r) = sentence("Ships avoided the Houthi-seized port of Hodeidah on Monday.")
            #expect(rules.triggers(in: r, t).isEmpty)
            let (t2, r2) = sentence("The Houthis seized the port of Hodeidah on Monday.")
            #expect(rules.triggers(in: r2, t2).map(\.cls) == [.capture])
            #expect(events("Ships avoided the Houthi-seized port of Hodeidah on Monday.").isEmpty)
        }

        /// "Following a suicide attack in Ankara, Turkey launched airstrikes in Iraq": the background clause
        /// tells an event of its own, at its own place.
        @Test func aBackgroundClauseTellsASecondEvent() throws {
            let found = events("Following a suicide attack in Ankara, Turkey launched airstrikes on PKK positions in Iraq on Sunday.")
            #expect(found.count == 2)
            let bombing = try #require(found.first { $0.subEventType == .suicideBomb })
            #expect(bombing.placeText == "Ankara" && bombing.country == "TR")
            let strikes = try #require(found.first { $0.subEventType == .airDroneStrike })
            #expect(strikes.country == "IQ")
            #expect(strikes.actor1 == "Military Forces of Turkey (2016-)" && strikes.actor2 == "PKK: Kurdistan Workers Party")
            #expect(found.allSatisfy { $0.date == CivilDate(iso: "2019-03-03") })
            // The clause is marked as background, and cut from the main one.
            let (t, r) = sentence("Following a suicide attack in Ankara, Turkey launched airstrikes on PKK positions in Iraq.")
            let triggers = rules.triggers(in: r, t)
            #expect(triggers.first { $0.cls == .suicide }?.background == true)
            #expect(triggers.first { $0.cls == .air }?.background == false)
            #expect(rules.clauseRanges(of: r, t).count == 2)
        }

        /// The same sentence with "warplanes struck" (a weak trigger) for "launched airstrikes".
        @Test func aWeakForegroundTriggerIsNotSwallowedByABackgroundEvent() {
            let found = events("Following a suicide attack in Ankara, Turkish warplanes struck PKK positions in Iraq on Sunday.")
            #expect(found.contains { $0.subEventType == .suicideBomb && $0.placeText == "Ankara" })
            #expect(found.count == 2)
            #expect(found.contains { $0.subEventType == .airDroneStrike && $0.country == "IQ" && $0.actor1 == "Military Forces of Turkey (2016-)" })
        }

        /// Two events in two places in one sentence, cut at "while", stay two events.
        @Test func eventsAtTwoPlacesInOneSentenceStayTwo() {
            let found = events("Regime forces shelled Saraqib while rebels clashed with IS near Raqqa on Monday.")
            #expect(found.contains { $0.subEventType == .armedClash && $0.placeText == "Raqqa" })
            #expect(found.contains { $0.subEventType == .shelling && $0.placeText == "Saraqib" })
        }

        /// Separate sentences at separate places are separate events, each with its own date.
        @Test func aSecondEventElsewhereIsItsOwn() throws {
            let found = events("Regime forces clashed with rebels near Idlib on Monday. On Tuesday, rebels shelled Hama.")
            #expect(found.map(\.subEventType) == [.armedClash, .shelling])
            #expect(found.map(\.placeText) == ["Idlib", "Hama"])
            #expect(found.map(\.date) == [CivilDate(iso: "2019-03-04"), CivilDate(iso: "2019-03-05")])
        }

        /// "Arrests: …": the heading names the report's first event, whatever its verbs say.
        @Test func aHeadingNamesTheFirstEvent() throws {
            // "raided … took two students" alone reads as an attack.
            #expect(try onlyEvent("Police raided a house in Tehran and took two students.").subEventType == .attack)
            let arrests = try onlyEvent("Arrests: police raided a house in Tehran and took two students.")
            #expect(arrests.subEventType == .arrests && arrests.placeText == "Tehran")
            #expect(arrests.actor1 == "Police Forces of Iran (1989-)")
            // A heading is the trigger of a sentence that has none.
            #expect(try onlyEvent("Arrests: two students from Tehran University were taken from their dormitory.").subEventType == .arrests)
            #expect(try onlyEvent("Non-violent activity: on Monday, regime troops fired into the air at a checkpoint near Homs.").subEventType == .other)
            let (t, _) = sentence("Arrests: police raided a house.")
            #expect(rules.heading(t)?.cls == .arrest)
            #expect(rules.heading(Text("Police arrests: none.")) == nil)  // not a label of headings.tsv
        }
    }

    // MARK: - SubEventRules

    @Suite struct SubEventRuleTests {
        /// Codebook, Explosions/Remote violence: the weapon decides, whatever the verb.
        @Test func remoteViolenceByMeans() throws {
            #expect(try onlyEvent("Militants attacked a checkpoint with mortars near Kirkuk on Monday.").subEventType == .shelling)
            #expect(try onlyEvent("A drone attack hit a car near Aden on Monday.").subEventType == .airDroneStrike)
            #expect(try onlyEvent("An explosion hit a market in Kirkuk on Monday.").subEventType == .remoteExplosive)
            #expect(try onlyEvent("A blast caused by a grenade hit a shop in Kirkuk on Monday.").subEventType == .grenade)
            // Without a means the attack is a battle or an attack on civilians (below), not remote violence.
            #expect(try onlyEvent("IS militants attacked army positions in Mosul on Monday.").subEventType == .armedClash)
        }

        /// Fire exchanged between two sides is a battle whatever the weapons.
        @Test func fireExchangedIsABattle() throws {
            let exchanged = try onlyEvent("Regime forces exchanged artillery fire with rebels near Hama on Monday.")
            #expect(exchanged.subEventType == .armedClash)
            #expect(exchanged.actor1 == "Military Forces of Syria (2000-2024)" && exchanged.actor2 == "Opposition Rebels (Syria)")
            #expect(exchanged.interaction == 12)
            #expect(try onlyEvent("The rebels responded by shelling regime positions near Hama on Monday.").subEventType == .armedClash)
            // One side shelling the other is remote violence.
            #expect(try onlyEvent("Regime forces shelled rebel positions near Hama on Monday.").subEventType == .shelling)
        }

        @Test func bothSidesThatExchangedFireAreItsActors() throws {
            let e = try onlyEvent("Regime forces and rebels exchanged artillery fire near Hama on Monday.")
            #expect(e.subEventType == .armedClash)
            #expect(Set([e.actor1, e.actor2].compactMap { $0 }) == ["Military Forces of Syria (2000-2024)", "Opposition Rebels (Syria)"])
        }

        /// Suicide attackers killed before they blew themselves up fought a battle.
        @Test func suicideAttackersKilledFirstFoughtABattle() throws {
            let e = try onlyEvent("Regime forces killed two suicide bombers near Homs on Monday.")
            #expect(e.subEventType == .armedClash && e.actor1 == "Military Forces of Syria (2000-2024)" && e.fatalities == 2)
            #expect(try onlyEvent("Suicide bombers were killed by the police in Baghdad on Monday.").subEventType == .armedClash)
        }

        /// …but a suicide bomber who kills is a suicide bombing.
        @Test func aSuicideBomberWhoKillsSetOffABomb() throws {
            let e = try onlyEvent("A suicide bomber killed five policemen in Baghdad on Monday.")
            #expect(e.fatalities == 5)
            #expect(e.subEventType == .suicideBomb)
            #expect(e.actor1 == "Unidentified Armed Group (Iraq)" && e.actor2 == "Police Forces of Iraq (2018-2020)")
        }

        /// Codebook: the target decides between a battle and violence against civilians.
        @Test func battleOrAttackOnCiviliansByTarget() throws {
            let civilian = try onlyEvent("Regime forces killed a man near Homs on Monday.")
            #expect(civilian.subEventType == .attack && civilian.actor2 == "Civilians (Syria)" && civilian.civilianTargeting)
            let armed = try onlyEvent("IS militants attacked an army post in Kirkuk on Monday, killing four soldiers.")
            #expect(armed.subEventType == .armedClash && armed.actor2 == "Military Forces of Iraq (2018-2020)" && !armed.civilianTargeting)
            #expect(try onlyEvent("Gunmen shot a soldier near Hebron on Monday.").subEventType == .armedClash)
            // A person named by nationality alone is a civilian, in the passive and the active.
            let passive = try onlyEvent("On Monday a Palestinian was shot by Israeli troops close to Nablus.")
            #expect(passive.subEventType == .attack)
            #expect(passive.actor1 == "Military Forces of Israel (2009-2021)" && passive.actor2 == "Civilians (Palestine)")
            #expect(try onlyEvent("Israeli soldiers shot a Palestinian near Hebron on Monday.").subEventType == .attack)
        }

        /// Codebook, Protests: how the demonstration was met, told in its sentence or the ones after it.
        @Test func demonstrationOutcomes() throws {
            #expect(try onlyEvent("Workers protested in Basra on Monday over unpaid wages.").subEventType == .peacefulProtest)
            #expect(try onlyEvent("Workers protested in Basra on Monday over unpaid wages. Police dispersed them with batons.").subEventType
                    == .protestWithIntervention)
            let shot = try onlyEvent("Police shot dead two protesters in Basra on Friday.")
            #expect(shot.subEventType == .excessiveForceAgainstProtesters && shot.fatalities == 2)
            #expect(shot.actor1 == "Protesters (Iraq)" && shot.actor2 == "Police Forces of Iraq (2018-2020)")
            #expect(try onlyEvent("Protesters tried to storm the parliament in Baghdad on Monday.").subEventType == .violentDemonstration)
        }

        /// Codebook: the actor who takes a place decides; a place taken without a fight is a transfer.
        @Test func territoryByActorAndUncontested() throws {
            #expect(try onlyEvent("Government forces recaptured the town of Saraqib from rebels on Monday.").subEventType == .governmentRegainsTerritory)
            #expect(try onlyEvent("IS militants captured the village of Sukhnah after heavy fighting on Tuesday.").subEventType
                    == .nonStateActorOvertakesTerritory)
            // The state's forces taking a place is the government's, whatever the verb.
            #expect(try onlyEvent("Regime forces captured the town of Saraqib on Monday.").subEventType == .governmentRegainsTerritory)
            // With no actor named the verb decides.
            #expect(try onlyEvent("The town of Saraqib was recaptured on Monday.").subEventType == .governmentRegainsTerritory)
            #expect(try onlyEvent("The town of Saraqib was seized on Monday.").subEventType == .nonStateActorOvertakesTerritory)
            #expect(try onlyEvent("Regime forces took control of Manbij after the rebels withdrew on Monday.").subEventType
                    == .nonViolentTransferOfTerritory)
            #expect(try onlyEvent("Rebels took over Saraqib without a fight on Monday.").subEventType == .nonViolentTransferOfTerritory)
        }
    }

    // MARK: - LocationRules

    @Suite struct LocationRuleTests {
        /// The place after the trigger, not the first place of the sentence.
        @Test func thePlaceAfterTheTrigger() throws {
            let e = try onlyEvent("Officials in Homs said regime forces shelled Saraqib on Monday.")
            #expect(e.placeText == "Saraqib")
            let protest = try onlyEvent("Protests against the shelling of Idlib were held in Tehran on Monday.")
            #expect(protest.subEventType == .peacefulProtest && protest.placeText == "Tehran")
        }

        /// A town that only names an area ("Aleppo countryside", "east of Raqqa") gives way to the town it
        /// qualifies, or places the event near itself.
        @Test func aTownThatNamesAnAreaGivesWay() throws {
            let atareb = try onlyEvent("Clashes broke out in Atareb city in Aleppo countryside on Monday.")
            #expect(atareb.placeText == "Atareb" && atareb.geoPrecision == 1)
            // Named before its area, the town itself (geo_precision 1).
            let before = try onlyEvent("Clashes broke out in the Aleppo countryside town of Atareb on Monday.")
            #expect(before.placeText == "Atareb" && before.geoPrecision == 1)
            let east = try onlyEvent("Regime forces shelled villages east of Raqqa on Monday.")
            #expect(east.placeText == "Raqqa" && east.geoPrecision == 2)
            let countryside = try onlyEvent("Regime forces shelled the countryside of Hama on Monday.")
            #expect(countryside.placeText == "Hama" && countryside.geoPrecision == 2)
        }

        /// "In Iraq's southern Karbala": a country's possessive stands between the locative and the place.
        @Test func aPossessiveBetweenTheLocativeAndThePlace() throws {
            let e = try onlyEvent("Students marched on Monday in Iraq's southern Karbala.")
            #expect(e.placeText == "southern Karbala" && e.country == "IQ")
        }

        /// A town's area "in the countryside of" a city: a town's area in a province named after its seat is the
        /// town's, not the seat city's part.
        @Test func aTownsAreaInTheCountrysideOfACity() throws {
            #expect(try onlyEvent("A shepherd was found dead on Monday in Al-Bab area, in the countryside of Aleppo.").placeText == "Al-Bab")
        }

        /// A district is named after its seat: "Zakho district, in Duhok" is Zakho.
        @Test func aDistrictIsItsSeat() throws {
            #expect(try onlyEvent("Gunmen abducted two reporters on Monday in Zakho district, in Duhok.").placeText == "Zakho")
        }

        /// A report about Syria: a name resolved abroad (Alexandria, Egypt) gives way to the Syrian place.
        @Test func theReportsCountryBeatsANameResolvedAbroad() throws {
            let e = try onlyEvent("Regime forces shelled Alexandria village in Homs countryside on Monday.")
            #expect(e.placeText == "Homs" && e.country == "SY")
            #expect(e.actor1 == "Military Forces of Syria (2000-2024)")
        }

        /// Codebook: a part of a city is coded to the city (geo_precision 2). A part whose name resolved to a
        /// namesake in another country ("Khor Maksar" to Al Khawr, Qatar) is read as the city's part even
        /// without a word for a part; a separate town next to a city keeps its own place.
        @Test func aPartResolvedAbroadIsItsCitysPart() throws {
            let aden = try onlyEvent("Gunmen shot a shopkeeper near a mosque in Khor Maksar in Aden on Monday.")
            #expect(aden.placeText == "Aden" && aden.country == "YE" && aden.geoPrecision == 2)
            let damascus = try onlyEvent("Mortar shells fell on the Old City area of Damascus on Monday.")
            #expect(damascus.placeText == "Damascus" && damascus.geoPrecision == 2)
            let baghdad = try onlyEvent("Gunmen shot three men on Monday in the Shaab area (Adhamiya) of Baghdad.")
            #expect(baghdad.placeText == "Baghdad" && baghdad.geoPrecision == 2)
            // "X area of Y governorate" names the province, not its seat: the area keeps its place.
            let province = try onlyEvent("Coalition jets struck Al Malahit area of Saada governorate on Monday.")
            #expect(province.placeText == "Al Malahit")
            // Not met: the report reads as Palestinian (the people, Gaza), and a place across the border gives
            // way to the report's country (a namesake abroad near the border is likelier on the dev set).
            let topic = try onlyEvent("Dozens of Palestinians protested in Jaffa on Monday against the bombing in Gaza.")
            withKnownIssue("Jaffa gives way to Gaza, the report country's place") { #expect(topic.placeText == "Jaffa") }
        }

        /// A district "of" a big city is the city's part (coded to the city, geo_precision 2) when its name
        /// resolved far off; a district "of" a smaller seat names the province, and keeps its place.
        @Test func aDistrictOfABigCityIsItsPart() throws {
            // (A district named like a town of the same country 300 km off.)
            let sanaa = try onlyEvent("Coalition jets struck a house in Sheikh Othman district of Sanaa on Monday.")
            #expect(sanaa.placeText == "Sanaa" && sanaa.geoPrecision == 2)
            let seat = try onlyEvent("Pro-government fighters ambushed a Houthi convoy in Az Zahir district of Al Bayda on Monday.")
            #expect(seat.placeText == "Az Zahir")
        }

        /// An area in brackets after a part is no city: the city is the one after the brackets, though the
        /// part and the area resolved in another country than the city's.
        @Test func anAreaInBracketsAfterAPartIsNoCity() throws {
            let baghdad = try onlyEvent("A trader was shot dead on Monday in Shabab quarter (Mansour district) of Baghdad.")
            #expect(baghdad.placeText == "Baghdad" && baghdad.country == "IQ" && baghdad.geoPrecision == 2)
        }

        /// A city may own its part before it ("Beirut's Hamra district").
        @Test func aCityBeforeItsPart() throws {
            let beirut = try onlyEvent("Syrian workers protested on Monday in Beirut's Hamra district.")
            #expect(beirut.placeText == "Beirut" && beirut.geoPrecision == 2)
        }

        /// "Workers of Khomam town in Rasht County": of a town and the place it is said to lie in, the town is
        /// the finer, and the event's.
        @Test func aTownSaidToLieInALocatedPlace() throws {
            let e = try onlyEvent("Workers of Khomam town in Rasht County staged a strike on Monday over unpaid wages.")
            #expect(e.placeText == "Khomam" && e.country == "IR")
            // In another clause than the trigger's.
            let apart = try onlyEvent("Workers of Khomam town in Rasht County, Gilan Province, staged a strike on Monday.")
            #expect(apart.placeText == "Khomam")
        }

        /// A landmark named after a place ("a Riyadh Bank branch in Sidon", "the Basra Oil Company in Kirkuk") is
        /// the city's when its name resolved far off (coded to the city, geo_precision 2); a near one may be a
        /// town of its own.
        @Test func aLandmarkNamedAfterAFarPlaceIsItsCitys() throws {
            let sidon = try onlyEvent("Gunmen opened fire on a Riyadh Bank branch in Sidon on Monday.")
            #expect(sidon.placeText == "Sidon" && sidon.geoPrecision == 2)
            let kirkuk = try onlyEvent("Gunmen attacked the Basra Oil Company in Kirkuk on Monday.")
            #expect(kirkuk.placeText == "Kirkuk" && kirkuk.geoPrecision == 2)
            // A landmark word after the city ("… in Aden, near the market") is no word for the part before it:
            // the part resolved abroad is still the city's.
            let aden = try onlyEvent("Gunmen shot a shopkeeper in Khor Maksar in Aden, near the market, on Monday.")
            #expect(aden.placeText == "Aden" && aden.geoPrecision == 2)
        }

        /// A verb right after the trigger's noun tells the trigger's event: "shells hit X" is shelling of X, as
        /// "forces shelled X" is — not another event that takes X away.
        @Test func aVerbRightAfterTheTriggerTellsItsEvent() throws {
            let noun = try onlyEvent("Regime shells hit Kafr Nabl town in Rural Idlib on Monday.")
            let verb = try onlyEvent("Regime forces shelled Kafr Nabl town in Rural Idlib on Monday.")
            let adverb = try onlyEvent("Regime shells reportedly hit Kafr Nabl town in Rural Idlib on Monday.")
            #expect(noun.placeText == "Kafr Nabl" && noun.placeText == verb.placeText && adverb.placeText == verb.placeText)
        }

        /// A division with no packaged point is placed by its polygon (scripts/build-geodata): "the northern
        /// Gaza Strip" is the Gaza Strip's north, not Gaza province in Mozambique.
        @Test func theGazaStripIsADivision() throws {
            let e = try onlyEvent("Israeli forces shelled the northern Gaza Strip on Monday.")
            #expect(e.country == "PS" && e.placeText == "northern Gaza Strip")
        }

        /// An event whose sentences name no place happened where the report is: its town, near which it is
        /// coded (geo_precision 2), not the whole country.
        @Test func anUnplacedEventTakesTheReportsTown() throws {
            let e = try onlyEvent("On Monday, clashes between regime forces and rebels killed four fighters. The rebels control much of Daraa.")
            #expect(e.placeText == "Daraa" && e.geoPrecision == 2)
            // With no town of its country, the country (3).
            let country = try onlyEvent("Syrian regime forces shelled rebel positions on Monday, killing three fighters.")
            #expect(country.location?.place?.kind == .country && country.geoPrecision == 3)
        }

        /// With no town of the report's country, a town of a country the report names by its people: foreign
        /// forces acting there (geo_precision 2), not the whole country of the forces.
        @Test func anUnplacedEventTakesATownOfACountryTheReportNames() throws {
            let e = try onlyEvent("Turkish soldiers were posted around the Syrian town of Qamishli on Sunday. Clashes broke out later between villagers and Turkish soldiers.")
            #expect(e.placeText == "Qamishli" && e.geoPrecision == 2, "\(String(describing: e.placeText)) \(String(describing: e.geoPrecision))")
        }

        /// A small town abroad, in a country the report does not name, is a local name (a quarter, a market)
        /// matched to a namesake: the event goes to the report's sure town, near it (geo_precision 2).
        @Test func aStrayNamesakeAbroadGivesWayToTheReportsTown() throws {
            let e = try onlyEvent("Police reinforced checkpoints in Basra after midnight. A bomb planted by unknown men went off in Ashar on Monday.")
            #expect(e.placeText == "Basra" && e.geoPrecision == 2, "\(String(describing: e.placeText)) \(String(describing: e.country))")
            // Its country named by its people, the namesake is the place meant.
            let named = try onlyEvent("Police reinforced checkpoints in Basra after midnight. A bomb planted by unknown Iranian men went off in Ashar on Monday.")
            #expect(named.placeText == "Ashar" && named.country == "IR")
        }

        /// An event placed only at a province happened at the report's town in that province when the report
        /// names exactly one (geo_precision 2); with two, or none, it stays at the province.
        @Test func anEventAtAProvinceTakesTheReportsOneTownThere() throws {
            let town = try onlyEvent("Hundreds of farmers protested on Friday in Diyala province over water shortages. The crowd gathered outside the council building in Baqubah.")
            #expect(town.placeText == "Baqubah" && town.geoPrecision == 2)
            let two = try onlyEvent("Hundreds of farmers protested on Friday in Diyala province over water shortages. Crowds came from Baqubah and Khanaqin.")
            #expect(two.placeText == "Diyala" && two.geoPrecision == 3)
        }

        /// A town read loosely (its score short of sure) far from every other place the report names in its
        /// country is a namesake of the village meant, which lies among them: the event goes to the report's
        /// place there, near it (geo_precision 2). A town read surely stays where it is.
        @Test func aLooselyReadTownFarFromTheReportsPlacesGivesWayToThem() throws {
            let loose = events("Islamic State fighters attacked an army post near Raqqa on Monday. Three soldiers died when the militants stormed the village of Karama.")
            #expect(loose.count == 2 && loose.allSatisfy { $0.placeText == "Raqqa" && $0.geoPrecision == 2 }, "\(loose.map { ($0.placeText, $0.location?.place?.name, $0.geoPrecision) })")
            let sure = events("Islamic State fighters attacked an army post near Raqqa on Monday. Three soldiers died when the militants stormed the town of Palmyra.")
            #expect(sure.last?.placeText == "Palmyra", "\(sure.map { ($0.placeText, $0.location?.place?.name, $0.geoPrecision) })")
        }

        /// A town far from every other place of a report, in a country the report never names, speaks for no
        /// country: a namesake abroad does not make its country the report's.
        @Test func aLoneNamesakeAbroadSpeaksForNoCountry() {
            func town(_ id: Int, _ name: String, _ country: String, _ lat: Double, _ lon: Double, role: PlaceMention.Role = .literal) -> ResolvedPlace {
                let place = Place(id: id, kind: .city, name: name, country: country, admin1: "01", lat: lat, lon: lon, population: 1_000, feature: "PPL", parent: 0)
                return ResolvedPlace(mention: PlaceMention(start: 0, end: 0, text: name, role: role, query: name), place: place, region: nil, status: .ok, score: 1)
            }
            let beside = town(1, "Here", "LB", 33.9, 35.5), near = town(2, "Near", "LB", 34.4, 35.8)
            let abroad = town(3, "Far", "IR", 35.7, 51.4)
            #expect(EventExtractor.loneNamesakes([beside, abroad, abroad, near]) == [1, 2])
            // Its country named by its people: it speaks.
            let iranian = ResolvedPlace(mention: PlaceMention(start: 0, end: 0, text: "Iranian", role: .demonym, query: "Iranian"),
                                        place: Place(id: 4, kind: .country, name: "Iran", country: "IR", admin1: "", lat: 32, lon: 53, population: 0, feature: "PCLI", parent: 0),
                                        region: nil, status: .ok, score: 1)
            #expect(EventExtractor.loneNamesakes([beside, abroad, near, iranian]).isEmpty)
        }

        /// An account without a place beside one with a place is that event retold, not another event of the
        /// whole country (which would come first when told first).
        @Test func anUnplacedAccountBesideAPlacedOneIsNoCountryEvent() throws {
            let found = events("Regime forces shelled the area on Monday. The shelling of Saraqib killed two civilians.")
            #expect(found.allSatisfy { $0.geoPrecision != 3 }, "\(found.map { ($0.placeText, $0.geoPrecision) })")
            #expect(found.first?.placeText == "Saraqib")
        }

        /// A report that leans to no one country: the names no lookup found are tried by their consonants in
        /// each of its leading countries, the first that knows one keeping it.
        @Test func namesByConsonantsInEachLeadingCountry() {
            let found = parser.placesBySkeleton(Text("Jets bombed the town of Jandairis on Monday."), adding: [], countries: ["RU", "SY"], consonants: ConsonantLookups(parser.gazetteer), keep: 1)
            #expect(found.map(\.mention.text) == ["Jandairis"] && found.first?.place?.country == "SY")
            #expect(parser.placesBySkeleton(Text("Jets bombed the town of Jandairis on Monday."), adding: [], countries: ["RU"], consonants: ConsonantLookups(parser.gazetteer), keep: 1).isEmpty)
        }

        /// A name one letter off a town of the report's country ("Khan Shaykun", Khan Shaykhun), or off a big
        /// town anywhere when the report names no country ("Quamishli"), is that town.
        @Test func aNameOneLetterOffIsTheTown() throws {
            let shaykhun = try onlyEvent("Regime jets bombed the town of Khan Shaykun on Monday.")
            #expect(shaykhun.placeText == "Khan Shaykun" && shaykhun.country == "SY")
            let qamishli = try onlyEvent("Protesters gathered in Quamishli on Monday.")
            #expect(qamishli.placeText == "Quamishli" && qamishli.country == "SY")
            #expect(parser.gazetteer.oneLetterEvidence("Quamishli", countries: ["SY"]) != nil)
            #expect(parser.gazetteer.oneLetterEvidence("Quamishli", countries: ["IQ"]) == nil)
        }

        /// "On Mar 26": a month's abbreviation is no unknown place.
        @Test func aMonthsAbbreviationIsNoUnknownPlace() {
            let parsed = parser.parse(Report(id: "t", text: "On Mar 26, a mortar shell fell in Zqxwville city.", published: wednesday))
            #expect(parsed.events.isEmpty && parsed.unknownPlace == "Zqxwville")
        }

        /// Places listed before the trigger: the list's first ("in Hamidiyeh and Dezful towns staged a protest").
        @Test func theFirstOfAListBeforeTheTrigger() throws {
            #expect(try onlyEvent("Teachers in Hamidiyeh and Dezful towns staged a protest on Monday.").placeText == "Hamidiyeh")
        }

        /// A town that names a company places its workers' event there, when nothing else does.
        @Test func aTownNamingACompanyPlacesItsWorkers() throws {
            #expect(try onlyEvent("Workers of the Isfahan Steel Company went on strike on Monday.").placeText == "Isfahan")
        }

        /// A street named after another city ("Algiers Street" in Sanaa) is no place of the report.
        @Test func aStreetNamedAfterACityIsNoPlace() throws {
            let e = try onlyEvent("Gunmen killed a shopkeeper on Monday in Algiers Street of Sanaa city.")
            #expect(e.placeText == "Sanaa" && e.country == "YE")
        }

        /// When no event of a sentence has a place in its own clause, the sentence's place is the first event's.
        @Test func theSentencesPlaceWhenNoClauseNamesOne() throws {
            let found = events("Militants shot a village headman and wounded his son, after storming the house in Zqxw, northwest Mosul.")
            #expect(found.first?.placeText == "Mosul", "\(found.map { ($0.placeText, $0.geoPrecision) })")
        }

        /// A name never ends on an article joined to the next word: "Jabal al" of "Jabal al-Zawiya" is no place.
        @Test func aNameKeepsItsHyphenatedArticle() throws {
            let parsed = parser.parse(Report(id: "t", text: "Warplanes struck a village in Jabal al-Zawiya in Idlib on Monday.", published: wednesday))
            #expect(!parsed.places.contains { $0.mention.text == "Jabal al" })
            #expect(parsed.events.first?.placeText == "Idlib")
        }

        /// A name in another form where the text puts a place beats a shorter exact name ("Tal" alone is a
        /// name; "Tal Tamer" is Tell Tamer), and the second look tries every country the report names, most
        /// named first ("Russian warplanes … regime forces": Kafr Zeita is Syria's Kafr Zayta).
        @Test func theSecondLookTriesEveryCountryNamed() throws {
            let tamer = try #require(events("US troops deployed on Monday near the gates of Tal Tamer city in Al-Hasakeh, blocking Russian patrols.").first)
            #expect(tamer.placeText == "Tal Tamer" && tamer.country == "SY")
            let zeita = try #require(events("Russian jets bombed the town of Kafr Zeita on Monday as regime forces pounded it with artillery.").first)
            #expect(zeita.placeText == "Kafr Zeita" && zeita.country == "SY")
        }

        /// "The city of Amara": a place the text calls a town is a town (Al Amarah, Iraq), not a division of
        /// that name elsewhere (Amhara, Ethiopia).
        @Test func aPlaceTheTextCallsATownIsATown() throws {
            let e = try onlyEvent("On Monday crowds rallied in the city of Amara to demand better services.")
            #expect(e.placeText == "Amara" && e.country == "IQ" && e.location?.place?.kind == .city)
        }

        /// A small place resolved far from every country the report names otherwise is that name's place
        /// there ("Regime forces … in Arbin": Syria's Irbin, not Arbin in France).
        @Test func aSmallPlaceFarFromTheReportComesHome() throws {
            let parsed = parser.parse(Report(id: "t", text: "Regime forces clashed with rebels in Arbin on Monday.", published: wednesday))
            #expect(parsed.places.first { $0.mention.text == "Arbin" }?.place?.country == "SY")
        }

        /// "Salh in the city of Taizz" is a part of Taizz; so is a part of a part ("the Zahra area in Al-Midan
        /// neighborhood in Damascus city").
        @Test func partsOfACityNamedAsSuch() throws {
            let taizz = try onlyEvent("A sniper killed a boy on Monday in Salh in the city of Taizz.")
            #expect(taizz.placeText == "Taizz" && taizz.geoPrecision == 2)
            let damascus = try onlyEvent("Mortar rounds hit Zahra area in the Midan quarter of Damascus on Monday.")
            #expect(damascus.placeText == "Damascus")
        }

        /// A town whose doubled consonant the gazetteer writes once ("Ain Issa" for 'Ayn 'Isa) is found in
        /// running text by that form.
        @Test func aDoubledConsonantWrittenOnceInTheGazetteer() throws {
            let e = try onlyEvent("Clashes broke out on Monday in Ain Issa.")
            #expect(e.placeText == "Ain Issa" && e.country == "SY")
        }

        /// A town naming a workplace ("Workers of Doroud Railways") is where its workers are, found on the
        /// second look (Doroud is Dorud, one letter off).
        @Test func aTownNamingAWorkplace() throws {
            let e = try onlyEvent("Train drivers of Doroud Railways held a protest on Monday over unpaid wages.")
            #expect(e.placeText == "Doroud" && e.country == "IR")
        }

        /// A people named counts as a country of the report for the second look ("Israeli forces … Palestinians
        /// … Kufr Qaddoum": Kafr Qaddum in Palestine, found by its consonants).
        @Test func aPeopleNamedJoinsTheSecondLook() throws {
            let e = try onlyEvent("Israeli forces fired tear gas at Palestinians protesting in the village of Kufr Qaddoum on Friday.")
            #expect(e.placeText == "Kufr Qaddoum" && e.country == "PS")
        }

        /// "Pro Hadi forces" (without a hyphen) name a side, not a place; a name one letter off found on the
        /// second look is a town, not a region ("Oroumiyeh" is Urmia, not Ethiopia's Oromiya).
        @Test func sidesAndTownsOnTheSecondLook() throws {
            let parsed = parser.parse(Report(id: "t", text: "Houthis shelled pro Hadi forces in Taiz on Monday.", published: wednesday))
            #expect(parsed.places.map(\.mention.text) == ["Taiz"])
            let urmia = try onlyEvent("Employees of Oroumiyeh Steel company held a rally on Monday over late wages.")
            #expect(urmia.country == "IR")
        }

        /// A square is a part of its city.
        @Test func aSquareIsPartOfItsCity() throws {
            #expect(try onlyEvent("Reporters rallied on Saturday in Manara Square in Ramallah.").placeText == "Ramallah")
        }

        /// "Molotov cocktails" are no place (Molotov was Perm's name).
        @Test func molotovCocktailsAreNoPlace() throws {
            #expect(try onlyEvent("Rioters threw Molotov cocktails at a bank in Beirut on Monday.").placeText == "Beirut")
        }

        /// "The US dollar" is a currency: it places nothing in the US, and weighs nothing for Sidon's country.
        @Test func aCurrencyNamesNoPlace() throws {
            let sidon = try onlyEvent("Protesters angry at the price of the US dollar blocked roads in Sidon on Monday.")
            #expect(sidon.placeText == "Sidon" && sidon.country == "LB")
            #expect(events("Protesters angry at the price of the US dollar blocked a highway on Monday.").isEmpty)
        }

        /// A qualifier with its designator ("Hormozgan Province") is a division's name: the town in it.
        @Test func aQualifierWithADesignatorQualifies() throws {
            let e = try onlyEvent("Nurses in Bandar Abbas, in Hormozgan Province, held a protest on Monday over wages.")
            #expect(e.placeText == "Bandar Abbas" && e.geoPrecision == 1)
        }

        /// Codebook, geo_precision: 1 in the town, 2 near it or on its outskirts, 3 a region only.
        @Test func geoPrecision() throws {
            #expect(try onlyEvent("IS militants attacked army positions in Mosul on Monday.").geoPrecision == 1)
            #expect(try onlyEvent("IS militants attacked army positions on the outskirts of Mosul on Monday.").geoPrecision == 2)
            #expect(try onlyEvent("Iraqi police clashed with IS militants near Mosul on Monday.").geoPrecision == 2)
            let province = try onlyEvent("Regime forces shelled Idlib province on Monday.")
            #expect(province.placeText == "Idlib" && province.geoPrecision == 2)
            let country = try #require(events("Following a suicide attack in Ankara, Turkey launched airstrikes on PKK positions in Iraq on Sunday.")
                .first { $0.subEventType == .airDroneStrike })
            #expect(country.geoPrecision == 3)
        }

        @Test func aDateAfterThePlaceDoesNotMakeItNear() throws {
            let e = try onlyEvent("Protesters rallied in Basra around 15 February 2018 (month of).")
            #expect(e.date == CivilDate(iso: "2018-02-15") && e.timePrecision == 3)
            #expect(e.geoPrecision == 1)
        }
    }

    // MARK: - ActorRules

    @Suite struct ActorRuleTests {
        /// ACLED names state forces by country and government period: the event's date picks the period.
        @Test func regimeForcesBySyriasPeriod() throws {
            let e2019 = try onlyEvent("Regime forces clashed with HTS near Idlib on Monday.")
            #expect(e2019.actor1 == "Military Forces of Syria (2000-2024)" && e2019.inter1 == .stateForces)
            #expect(e2019.actor2 == "HTS: Hayat Tahrir al-Sham" && e2019.inter2 == .rebelGroups)
            let e2025 = try onlyEvent("Regime forces clashed with HTS near Idlib on 5 March 2025.")
            #expect(e2025.actor1 == "Military Forces of Syria (2024-)")
        }

        @Test func namedGroupsByTheirAcledNames() throws {
            let houthis = try onlyEvent("Houthi forces shelled the city of Taiz on Monday.")
            #expect(houthis.actor1 == "Military Forces of Yemen (2016-) Supreme Political Council")
            let hadi = try onlyEvent("Houthis clashed with government forces near Taiz on Monday.")
            #expect(hadi.actor2 == "Military Forces of Yemen (2012-2022)")
            let sdf = try onlyEvent("Turkish troops shelled YPG positions near Afrin on Monday.")
            #expect(sdf.actor1 == "Military Forces of Turkey (2016-)" && sdf.actor2 == "YPG: Peoples Protection Units")
        }

        /// "Iraqi police", "Israeli forces": a demonym before a police or military noun.
        @Test func statesByNationality() throws {
            let e = try onlyEvent("Iraqi police clashed with IS militants near Mosul on Monday.")
            #expect(e.actor1 == "Police Forces of Iraq (2018-2020)" && e.actor2 == "Islamic State (Iraq)")
            #expect(e.interaction == 12)
        }

        /// Generic actors are named after the event's country.
        @Test func genericActorsTakeTheEventsCountry() throws {
            #expect(try onlyEvent("Gunmen attacked a police checkpoint in Kirkuk on Monday.").actor1 == "Unidentified Armed Group (Iraq)")
            #expect(try onlyEvent("Gunmen killed a farmer in Daraa on Monday.").actor1 == "Unidentified Armed Group (Syria)")
            let protest = try onlyEvent("Protesters rallied in Tehran on Monday.")
            #expect(protest.actor1 == "Protesters (Iran)" && protest.inter1 == .protesters && protest.interaction == 60)
            #expect(try onlyEvent("Rioters set fire to tyres and blocked the main road in Basra on Sunday.").actor1 == "Rioters (Iraq)")
            let victims = try onlyEvent("Gunmen kidnapped a doctor in Taiz on Sunday.")
            #expect(victims.actor2 == "Civilians (Yemen)" && victims.interaction == 37)
        }

        /// "was killed by IS militants": the by-phrase did it.
        @Test func thePassiveByPhraseIsTheAgent() throws {
            let e = try onlyEvent("A soldier was killed by IS militants in Kirkuk on Monday.")
            #expect(e.actor1 == "Islamic State (Iraq)" && e.fatalities == 1)
        }

        /// "clashes between X and Y": both sides, in order.
        @Test func clashesBetweenTwoSides() throws {
            let e = try onlyEvent("Clashes between the SDF and IS took place in Deir ez-Zor on Monday.")
            #expect(e.actor1 == "QSD: Syrian Democratic Forces" && e.actor2 == "Islamic State (Syria)")
            #expect(e.interaction == 22)
        }

        /// A lower-case alias ("rebels", "coalition") names its actor only in its own country; a proper name
        /// (Hezbollah) names its actor anywhere.
        @Test func aCommonAliasNamesAnActorOnlyInItsOwnCountry() throws {
            let syria = try onlyEvent("Rebels clashed with IS near Raqqa on Monday.")
            #expect(syria.actor1 == "Opposition Rebels (Syria)")
            let iraq = try onlyEvent("Rebels clashed with IS near Mosul on Monday.")
            #expect(iraq.actor1 == "Islamic State (Iraq)" && iraq.actor2 == nil)
            #expect(try onlyEvent("The coalition carried out an air strike near Raqqa on Monday.").actor1 == "Global Coalition Against Daesh")
            #expect(try onlyEvent("The coalition carried out an air strike near Sanaa on Monday.").actor1 == "Operation Restoring Hope")
            #expect(try onlyEvent("Hezbollah fighters clashed with IS near Raqqa on Monday.").actor1 == "Hezbollah")
        }

        /// The victims of an event told in the passive are not its perpetrators.
        @Test func victimsAreNoPerpetrators() throws {
            let strike = try onlyEvent("Dozens of civilians were killed in an air strike on Idlib on Monday.")
            #expect(strike.subEventType == .airDroneStrike)
            #expect(strike.actor1 != "Civilians (Syria)")
            #expect(strike.actor2 == "Civilians (Syria)")
            let attack = try onlyEvent("A dozen soldiers were killed in an IS attack near Kirkuk on Monday.")
            #expect(attack.fatalities == 12)
            #expect(attack.actor1 == "Islamic State (Iraq)" && attack.actor2 == "Military Forces of Iraq (2018-2020)")
        }
    }

    // MARK: - FatalityRules

    @Suite struct FatalityRuleTests {
        let rules = FatalityRules(lexicon: try! EventLexicon.bundled())

        func reading(_ s: String) -> FatalityRules.Reading? {
            let (t, r) = sentence(s)
            return rules.reading(in: r, t)
        }

        @Test func numbersAfterAndBeforeTheDeathWord() throws {
            #expect(try onlyEvent("Regime forces clashed with rebels near Idlib on Monday, killing four fighters.").fatalities == 4)
            #expect(try onlyEvent("4 fighters were killed in clashes with IS near Kirkuk on Monday.").fatalities == 4)
            // A toll in a sentence of its own belongs to the event before it.
            #expect(try onlyEvent("Regime forces clashed with rebels near Idlib on Monday. Four fighters were killed.").fatalities == 4)
            #expect(reading("Gunmen opened fire, killing four.") == .init(kind: .counted, deaths: 4, lowerBound: false))
        }

        /// "at least": the figure, kept as a lower bound.
        @Test func atLeastIsALowerBound() throws {
            let e = try onlyEvent("An air strike on Idlib killed at least 12 people on Monday.")
            #expect(e.fatalities == 12 && e.fatalitiesLowerBound)
            #expect(reading("The strike left at least 12 dead.") == .init(kind: .counted, deaths: 12, lowerBound: true))
            #expect(reading("The strike killed 12 people.")?.lowerBound == false)
        }

        /// numbers.tsv: "a dozen" is 12, "dozens" 12 (vague), "several" 10 (vague).
        @Test func numberWordsByTheTable() throws {
            #expect(reading("A dozen soldiers were killed.") == .init(kind: .counted, deaths: 12, lowerBound: false))
            #expect(reading("Dozens of civilians were killed.") == .init(kind: .counted, deaths: 12, lowerBound: true))
            #expect(reading("Several civilians were killed.") == .init(kind: .counted, deaths: 10, lowerBound: true))
            #expect(reading("Three civilians were killed.") == .init(kind: .counted, deaths: 3, lowerBound: false))
            #expect(try onlyEvent("Several civilians were killed in an air strike on Idlib on Monday.").fatalities == 10)
            #expect(try onlyEvent("Dozens of civilians were killed in an air strike on Idlib on Monday.").fatalities == 12)
        }

        @Test func noFatalitiesIsZero() throws {
            #expect(reading("No fatalities were reported.") == .init(kind: .none, deaths: 0, lowerBound: false))
            #expect(try onlyEvent("An air strike hit a market in Idlib on Monday. No fatalities were reported.").fatalities == 0)
            #expect(try onlyEvent("An air strike hit Idlib on Monday, causing no fatalities.").fatalities == 0)
        }

        /// The wounded are not deaths.
        @Test func woundedAreNotDeaths() throws {
            #expect(reading("The bomb went off, killing 2 and injuring 7.")?.deaths == 2)
            #expect(try onlyEvent("A car bomb exploded in Kirkuk on Monday, killing 2 and injuring 7.").fatalities == 2)
            #expect(try onlyEvent("Unknown assailants threw a hand grenade at a shop in Kirkuk, wounding two men.").fatalities == 0)
        }

        /// "N fatalities." in a sentence of its own is the event's total, over the deaths counted before it.
        @Test func aStatedTotal() throws {
            #expect(reading("5 fatalities.") == .init(kind: .total, deaths: 5, lowerBound: false))
            #expect(try onlyEvent("A car bomb exploded in Kirkuk on Monday. 5 fatalities.").fatalities == 5)
            #expect(try onlyEvent("A car bomb killed two people in Kirkuk on Monday. 5 fatalities.").fatalities == 5)
        }

        /// Deaths told without a figure: ACLED's figure for an unknown number (10); no word of deaths: 0.
        @Test func unknownDeathsAndNoWordOfDeaths() throws {
            let unknown = try onlyEvent("A car bomb exploded in Kirkuk on Monday, causing deaths among the passers-by.")
            #expect(unknown.fatalities == 10 && unknown.fatalitiesLowerBound)
            #expect(try onlyEvent("A car bomb exploded in Kirkuk on Monday, killing a number of people.").fatalities == 10)
            let silent = try onlyEvent("A car bomb exploded in Kirkuk on Monday.")
            #expect(silent.fatalities == 0 && !silent.fatalitiesLowerBound)
            #expect(reading("A car bomb exploded in Kirkuk.") == nil)
        }
    }

    // MARK: - DateRules

    @Suite struct DateRuleTests {
        let rules = DateRules(lexicon: try! EventLexicon.bundled())

        /// (date, precision) of the sentence, read against the Wednesday.
        func date(_ s: String, published: CivilDate? = wednesday) -> (String, Int)? {
            let (t, r) = sentence(s)
            return rules.date(in: r, t, published: published).map { ($0.0.description, $0.1) }
        }

        @Test func weekdaysAreTheLatestOnOrBeforePublication() throws {
            #expect(date("Protesters rallied in Basra on Monday.")! == ("2019-03-04", 1))
            #expect(date("Protesters rallied in Basra on Wednesday.")! == ("2019-03-06", 1))
            #expect(date("Protesters rallied in Basra on Thursday.")! == ("2019-02-28", 1))
            let e = try onlyEvent("Protesters rallied in Basra on Thursday.")
            #expect(e.date == CivilDate(iso: "2019-02-28") && e.timePrecision == 1 && e.dateIsWritten)
        }

        @Test func relativeDays() throws {
            #expect(date("Protesters rallied in Basra yesterday.")! == ("2019-03-05", 1))
            #expect(date("Protesters rallied in Basra last night.")! == ("2019-03-05", 1))
            #expect(date("Protesters rallied in Basra the day before yesterday.")! == ("2019-03-04", 1))
            #expect(try onlyEvent("Protesters rallied in Basra yesterday.").date == CivilDate(iso: "2019-03-05"))
        }

        @Test func writtenDates() throws {
            #expect(date("Protesters rallied in Basra on 5 March.")! == ("2019-03-05", 1))
            // A month later in the year than publication is last year's.
            #expect(date("Protesters rallied in Basra on 5 November.")! == ("2018-11-05", 1))
            #expect(date("Protesters rallied in Basra on March 5, 2018.")! == ("2018-03-05", 1))
            #expect(date("Protesters rallied in Basra on 5 March 2018.")! == ("2018-03-05", 1))
            #expect(try onlyEvent("Protesters rallied in Basra on March 5, 2018.").date == CivilDate(iso: "2018-03-05"))
        }

        @Test func isoDates() throws {
            let e = try onlyEvent("Protesters rallied in Basra on 2018-03-05.")
            #expect(date("Protesters rallied in Basra on 2018-03-05.").map(\.0) == "2018-03-05")
            #expect(e.date == CivilDate(iso: "2018-03-05"))
        }

        /// Codebook, time_precision: 2 when only the week is known, 3 when only the month.
        @Test func weeksAndMonths() throws {
            #expect(date("Protesters rallied in Basra this week.")! == ("2019-03-04", 2))
            #expect(date("Protesters rallied in Basra last week.")! == ("2019-02-25", 2))
            #expect(date("Protesters rallied in Basra in February 2018.")! == ("2018-02-15", 3))
            #expect(date("Protesters rallied in Basra during February.")! == ("2019-02-15", 3))
            #expect(date("Protesters rallied in Basra on 15 February 2018 (month of).")! == ("2018-02-15", 3))
            #expect(date("Protesters rallied in Basra on 15 February 2018 (week of).")! == ("2018-02-15", 2))
            let e = try onlyEvent("Protesters rallied in Basra this week.")
            #expect(e.date == CivilDate(iso: "2019-03-04") && e.timePrecision == 2)
        }

        /// The event's own sentence first, then the date written last in the report, then publication.
        @Test func dateCarriedFromTheReport() throws {
            let found = events("Regime forces shelled Saraqib on Monday. Rebels clashed with regime forces near Hama.")
            #expect(found.count == 2)
            #expect(found.allSatisfy { $0.date == CivilDate(iso: "2019-03-04") })
            #expect(found.map(\.dateIsWritten) == [true, false])
            #expect(try onlyEvent("Regime forces shelled Saraqib.").date == wednesday)
        }

        /// No date in the text and none published: the event says so, never the day of ingest.
        @Test func noDateAnywhereIsNil() throws {
            let e = try onlyEvent("Regime forces shelled the town of Saraqib.", published: nil)
            #expect(e.date == nil)
            // A weekday needs a publication date to be resolved against.
            #expect(try onlyEvent("Regime forces shelled the town of Saraqib on Monday.", published: nil).date == nil)
            #expect(date("Protesters rallied in Basra yesterday.", published: nil) == nil)
            // A full written date needs none.
            #expect(try onlyEvent("Regime forces shelled the town of Saraqib on 5 March 2019.", published: nil).date == CivilDate(iso: "2019-03-05"))
        }
    }

    // MARK: - Lexicon data

    @Suite struct LexiconDataTests {
        /// "Gunmen snatched a doctor": no trigger in the bundled data; one line in triggers.tsv makes it an abduction.
        @Test func aTriggerAddedToTheDataWorksWithoutSwift() throws {
            let text = "Gunmen snatched a doctor in Taiz on Sunday."
            let report = Report(id: "test", text: text, published: wednesday)
            let parsed = parser.parse(report)
            #expect(parsed.events.isEmpty)
            var files = try bundledLexiconFiles()
            files["triggers.tsv", default: ""] += "\nsnatch/v\tabduct\n"
            let extractor = EventExtractor(gazetteer: parser.gazetteer, lexicon: try EventLexicon(files: files))
            let found = extractor.extract(from: Text(text), places: parsed.places, report: report).events
            #expect(found.map(\.subEventType) == [.abduction])
            #expect(found.first?.actor1 == "Unidentified Armed Group (Yemen)" && found.first?.actor2 == "Civilians (Yemen)")
        }

        /// An armed group added to actors.tsv is named, with its type, without touching Swift.
        @Test func anActorAddedToTheDataWorksWithoutSwift() throws {
            let text = "The Kestrel Brigade clashed with regime forces near Idlib on Monday."
            let report = Report(id: "test", text: text, published: wednesday)
            let parsed = parser.parse(report)
            #expect(parsed.events.first?.actor1 == "Military Forces of Syria (2000-2024)")
            var files = try bundledLexiconFiles()
            files["actors.tsv", default: ""] += "\nKestrel Brigade\trebel\tSY\tKestrel Brigade|Kestrel fighters\n"
            let extractor = EventExtractor(gazetteer: parser.gazetteer, lexicon: try EventLexicon(files: files))
            let e = try #require(extractor.extract(from: Text(text), places: parsed.places, report: report).events.first)
            #expect(e.actor1 == "Kestrel Brigade" && e.inter1 == .rebelGroups)
            #expect(e.actor2 == "Military Forces of Syria (2000-2024)" && e.interaction == 12)
        }

        /// A cue added to cues.tsv changes how a trigger is read: "carnage" as a death word.
        @Test func aCueAddedToTheDataWorksWithoutSwift() throws {
            var files = try bundledLexiconFiles()
            let (t, r) = sentence("The shelling caused carnage.")
            #expect(FatalityRules(lexicon: try EventLexicon(files: files)).reading(in: r, t) == nil)
            files["cues.tsv", default: ""] += "\ndeath\tcarnage\n"
            #expect(FatalityRules(lexicon: try EventLexicon(files: files)).reading(in: r, t)?.kind == .unknown)
        }

        @Test func inflections() throws {
            let shell = Inflection.verb("shell")
            #expect(["shell", "shells", "shelled", "shelling"].allSatisfy { shell.contains($0) })
            #expect(["kidnapped", "kidnapping", "kidnaps"].allSatisfy { Inflection.verb("kidnap").contains($0) })
            #expect(["razed", "razing", "razes"].allSatisfy { Inflection.verb("raze").contains($0) })
            #expect(["rallied", "rallies", "rallying"].allSatisfy { Inflection.verb("rally").contains($0) })
            #expect(Inflection.noun("clash") == ["clash", "clashes"])
            #expect(Inflection.noun("militia") == ["militia", "militias"])
            // Irregular forms follow a colon; every form is matched in a text.
            #expect(try PhraseTable<Int>.forms(of: "shoot/v:shot").contains("shot"))
            let table = try PhraseTable([("shell/v", 1)])
            let t = Text("They were shelling it")
            #expect(table.match(at: 2, in: t.tokens, limit: t.tokens.count)?.target == 1)
        }

        /// A line the loader cannot read is reported with its file and line, never skipped.
        @Test(arguments: [
            ("numbers.tsv", "# c\nsome\tmany\tyes\n", 2),
            ("periods.tsv", "SY\tlast year\t\t(2000-2024)\n", 1),
            ("cues.tsv", "# c\n\nnot-a-class\tfoo\n", 3),
            ("actors.tsv", "Someone\tsoldiers\t*\tsomeone\n", 1),
            ("timewords.tsv", "yesterday\tminus one\n", 1),
            ("headings.tsv", "arrests\tarrested\n", 1),
        ])
        func badLinesAreReportedByFileAndLine(file: String, contents: String, line: Int) throws {
            var files = try bundledLexiconFiles()
            files[file] = contents
            let error = #expect(throws: LexiconError.self) { _ = try EventLexicon(files: files) }
            guard case let .badLine(f, l, _)? = error else { Issue.record("not a bad line: \(String(describing: error))"); return }
            #expect(f == file && l == line)
            #expect("\(error!)".hasPrefix("\(file) line \(line):"))
        }

        @Test func badMarksAndMissingFilesAreReported() throws {
            var files = try bundledLexiconFiles()
            files["triggers.tsv"] = "shell/x\tshell\n"
            let badMark = #expect(throws: LexiconError.self) { _ = try EventLexicon(files: files) }
            guard case .badPhrase("shell/x")? = badMark else { Issue.record("\(String(describing: badMark))"); return }
            files = try bundledLexiconFiles()
            files["numbers.tsv"] = "one\t1\tno\n"  // no figure for an unknown number
            #expect(throws: LexiconError.self) { _ = try EventLexicon(files: files) }
            files = try bundledLexiconFiles()
            files["periods.tsv"] = nil
            let missing = #expect(throws: LexiconError.self) { _ = try EventLexicon(files: files) }
            guard case .missing("periods.tsv")? = missing else { Issue.record("\(String(describing: missing))"); return }
        }
    }

    // MARK: - Taxonomy

    @Suite struct TaxonomyTests {
        /// ACLED's codebook: the event type of each of the 25 sub-event types.
        static let codebook: [SubEventType: EventType] = [
            .armedClash: .battles, .governmentRegainsTerritory: .battles, .nonStateActorOvertakesTerritory: .battles,
            .chemicalWeapon: .explosions, .airDroneStrike: .explosions, .suicideBomb: .explosions, .shelling: .explosions,
            .remoteExplosive: .explosions, .grenade: .explosions,
            .sexualViolence: .violenceAgainstCivilians, .attack: .violenceAgainstCivilians, .abduction: .violenceAgainstCivilians,
            .peacefulProtest: .protests, .protestWithIntervention: .protests, .excessiveForceAgainstProtesters: .protests,
            .violentDemonstration: .riots, .mobViolence: .riots,
            .agreement: .strategicDevelopments, .arrests: .strategicDevelopments, .changeToGroupActivity: .strategicDevelopments,
            .disruptedWeaponsUse: .strategicDevelopments, .headquartersEstablished: .strategicDevelopments,
            .lootingPropertyDestruction: .strategicDevelopments, .nonViolentTransferOfTerritory: .strategicDevelopments,
            .other: .strategicDevelopments,
        ]

        @Test func everySubEventTypeHasItsCodebookEventType() {
            #expect(SubEventType.allCases.count == 25 && EventType.allCases.count == 6 && DisorderType.allCases.count == 3)
            for sub in SubEventType.allCases { #expect(sub.eventType == Self.codebook[sub], "\(sub.rawValue)") }
        }

        @Test func disorderTypes() {
            let byDisorder = Dictionary(grouping: EventType.allCases, by: \.disorderType)
            #expect(Set(byDisorder[.politicalViolence] ?? []) == [.battles, .explosions, .violenceAgainstCivilians])
            #expect(Set(byDisorder[.demonstrations] ?? []) == [.protests, .riots])
            #expect(byDisorder[.strategicDevelopments] == [.strategicDevelopments])
        }

        /// The raw values are the codebook's names, as ACLED's data writes them.
        @Test func rawValuesAreTheCodebooksNames() {
            #expect(SubEventType.shelling.rawValue == "Shelling/artillery/missile attack")
            #expect(SubEventType.remoteExplosive.rawValue == "Remote explosive/landmine/IED")
            #expect(SubEventType.abduction.rawValue == "Abduction/forced disappearance")
            #expect(SubEventType.headquartersEstablished.rawValue == "Headquarters or base established")
            #expect(SubEventType.nonViolentTransferOfTerritory.rawValue == "Non-violent transfer of territory")
            #expect(EventType.explosions.rawValue == "Explosions/Remote violence")
            #expect(DisorderType.politicalViolence.rawValue == "Political violence")
            #expect(SubEventType(rawValue: "Government regains territory") == .governmentRegainsTerritory)
        }

        @Test func interactionCodes() {
            #expect(interaction(.stateForces, .rebelGroups) == 12)
            #expect(interaction(.rebelGroups, .stateForces) == 12)  // the lower code first
            #expect(interaction(.politicalMilitias, .civilians) == 37)
            #expect(interaction(.protesters, nil) == 60)  // one actor alone
            #expect(interaction(nil, .rioters) == 50)
            #expect(interaction(nil, nil) == nil)
            #expect(InterCode(name: "identity") == .identityMilitias && InterCode(name: "external") == .externalOther)
            #expect(InterCode(name: "militia") == nil)
            #expect(InterCode.allCases.map(\.rawValue) == Array(1...8))
        }

        /// Codebook: civilian targeting is political violence against civilians.
        @Test func civilianTargetingIsPoliticalViolenceAgainstCivilians() {
            #expect(civilianTargeting(subEventType: .attack, inter2: nil))
            #expect(civilianTargeting(subEventType: .shelling, inter2: .civilians))
            #expect(!civilianTargeting(subEventType: .shelling, inter2: .rebelGroups))
            #expect(!civilianTargeting(subEventType: .armedClash, inter2: .stateForces))
            // Demonstrations and strategic developments never target civilians in ACLED's sense.
            #expect(!civilianTargeting(subEventType: .excessiveForceAgainstProtesters, inter2: .civilians))
            #expect(!civilianTargeting(subEventType: .arrests, inter2: .civilians))
        }
    }

    // MARK: - Rules added after the first round

    @Suite struct SidesAndPlacesTests {
        /// Codebook: a battle needs two armed sides; security forces clashing with students are a riot, named
        /// in the order the text gives its sides.
        @Test func clashesWithUnarmedPeopleAreRiots() throws {
            let e = try onlyEvent("Clashes broke out between Israeli forces and students in Hebron on Monday.")
            #expect(e.subEventType == .violentDemonstration)
            #expect(e.actor1?.hasPrefix("Military Forces of Israel") == true && e.actor2 == "Rioters (Palestine)")
            let battle = try onlyEvent("Clashes broke out between regime forces and IS fighters near Palmyra on Monday.")
            #expect(battle.subEventType == .armedClash)
        }

        /// An alias with a name in it ("pro-Houthi forces") names its actor in a neighbouring country too.
        @Test func aliasesWithANameWorkAbroad() throws {
            let e = try onlyEvent("Pro-Houthi forces shelled Saudi border posts in Najran on Monday.")
            #expect(e.actor1 == "Military Forces of Yemen (2016-) Supreme Political Council")
            #expect(e.country == "SA")
        }

        /// "X City" is the capital or seat X when X alone is far larger.
        @Test func aCityNamedWithCityIsTheCity() throws {
            let e = try onlyEvent("Teachers staged a protest in Tehran City on Monday.")
            #expect(e.country == "IR" && e.location?.place?.name == "Tehran")
        }

        /// "the outskirts of X" is near X itself, with geo_precision 2.
        @Test func theOutskirtsOfATownAreNearIt() throws {
            let e = try onlyEvent("Warplanes struck the outskirts of Saraqib in Idlib countryside on Monday.")
            #expect(e.placeText == "Saraqib" && e.geoPrecision == 2)
        }

        /// A demonstration's topic is not its place.
        @Test func aProtestsTopicIsNotItsPlace() throws {
            let e = try onlyEvent("Hundreds gathered in Basra to protest the visit of the Iranian president to Baghdad on Monday.")
            #expect(e.placeText == "Basra")
        }
    }
}
