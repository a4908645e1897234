import Gazetteer

/// Why a report gave no event: reported on stderr and counted, never an error.
public enum NoEventReason: String, Sendable, CaseIterable {
    case noTrigger = "no trigger: nothing the lexicon knows happened"
    case noPlace = "a trigger without a place: the text names none where it happened"
    case placeNotFound = "a trigger whose place the gazetteer does not know"
}

/// Reads ACLED events out of a report, sentence by sentence: triggers grouped into events
/// (`TriggerRules`), each placed (`LocationRules`), its actors named and given roles (`ActorRules`), its
/// sub-event type decided (`SubEventRules`), its date (`DateRules`) and toll (`FatalityRules`) read; then
/// the accounts of one event within the report are merged.
final class EventExtractor: Sendable {
    let gazetteer: Gazetteer
    let lexicon: EventLexicon
    let triggerRules: TriggerRules
    let actorRules: ActorRules
    let subEventRules: SubEventRules
    let locationRules: LocationRules
    let fatalityRules: FatalityRules
    let dateRules: DateRules

    init(gazetteer: Gazetteer, lexicon: EventLexicon) {
        self.gazetteer = gazetteer
        self.lexicon = lexicon
        triggerRules = TriggerRules(lexicon: lexicon)
        actorRules = ActorRules(gazetteer: gazetteer, lexicon: lexicon)
        subEventRules = SubEventRules(lexicon: lexicon)
        locationRules = LocationRules(lexicon: lexicon)
        fatalityRules = FatalityRules(lexicon: lexicon)
        dateRules = DateRules(lexicon: lexicon)
    }

    /// An event as read from one sentence, with what its sentences say of the toll.
    struct Draft {
        var event: Event
        var tolls: [FatalityRules.Reading]
        var weak: Bool
        /// Told as the background of another event ("after heavy fighting").
        var background = false
    }

    /// `country`: the report's country when the caller knows it; else it is read from `places` and the
    /// actors (`actors`: their weights when the caller has them).
    func extract(from text: Text, places: [ResolvedPlace], report: Report, country: String?? = nil,
                 actors: [String: Double]? = nil) -> (events: [Event], noEvent: NoEventReason?, unknownPlace: String?) {
        let reportCountry = country ?? EventExtractor.dominant(in: countryTally(places, actors: actors ?? actorWeights(text)))
        var carriedDate = report.published.map { ($0, 1) }
        var lastTime: Int?
        var drafts: [Draft] = []
        var sawTrigger = false
        // Each sentence's places, found once (a filter per sentence made a long report quadratic).
        let placesBySentence = Dictionary(grouping: places, by: \.mention.sentence)
        // What the whole report says, read once (read again per event, a long report was quadratic).
        let cues = ReportCues(means: reportMeans(text), droneCountry: droneCountry(text))
        let named = EventExtractor.namedCountries(places)
        for (s, sentence) in text.sentences.enumerated() {
            let written = dateRules.date(in: sentence, text, published: report.published)
            if let written { carriedDate = written }
            var time = TextCues.timeUTC(in: sentence, text)
            if time == nil, let hours = TextCues.hoursLater(in: sentence, text), let last = lastTime { time = (last + hours * 60) % 1440 }
            if let time { lastTime = time }
            // A sentence about the past ("in 1984") or summing up a conflict ("so far") tells no event, and
            // its toll is none of this report's events'.
            if TextCues.isHistorical(sentence, text, published: report.published) || lexicon.has(.cumulative, in: sentence, of: text.tokens) { continue }
            let toll = fatalityRules.reading(in: sentence, text)
            var triggers = triggerRules.triggers(in: sentence, text)
            let heading = s == 0 ? triggerRules.heading(text) : nil
            if let heading, triggers.isEmpty { triggers = [heading] }
            if triggers.isEmpty {
                // A toll told on its own ("2 fatalities.") belongs to the event told last.
                if let toll, !drafts.isEmpty { drafts[drafts.count - 1].tolls.append(toll) }
                continue
            }
            sawTrigger = true
            let sentencePlaces = placesBySentence[s] ?? []
            var candidates = triggerRules.events(from: triggers, sentence: sentence, text)
            // The heading's class is the first event's.
            if let heading, !candidates.isEmpty, candidates[0].trigger.cls != heading.cls {
                candidates[0].support.append(candidates[0].trigger)
                candidates[0].trigger.cls = heading.cls
            }
            var placed = candidates.map { locationRules.place(for: $0, alone: candidates.count == 1, places: sentencePlaces, reportCountry: reportCountry, text) { actorRules.tokenRange(of: $0, text) } }
            // "Militants shot a headman …, after storming his house in Zqxw, northwest Mosul": when no event's
            // clause names a place, the sentence's place is the first event's.
            if candidates.count > 1, placed.allSatisfy({ $0 == nil }) {
                placed[0] = locationRules.place(for: candidates[0], alone: true, places: sentencePlaces, reportCountry: reportCountry, text) { actorRules.tokenRange(of: $0, text) }
            }
            // "clashes took place … amid shelling of Salata town": an event whose clause names no place
            // happened where the sentence's other event did.
            if let k = candidates.indices.first(where: { candidates[$0].trigger.concurrent && placed[$0] != nil }), let shared = placed[k] {
                for k in placed.indices where placed[k] == nil && !candidates[k].trigger.background { placed[k] = shared }
            }
            for (k, candidate) in candidates.enumerated() {
                let located = placed[k].map { homeTownForStray($0, places: places, named: named, reportCountry: reportCountry) ?? outlierTown($0, places: places)
                    ?? townOfProvince($0, places: places) ?? $0 }
                let date = written ?? carriedDate
                let setting = ActorRules.Setting(country: located?.place.place?.country ?? reportCountry, date: date?.0, reportCountry: reportCountry)
                var event = read(candidate, s: s, text: text, places: sentencePlaces, setting: setting, report: report, cues: cues)
                event.date = date?.0
                event.timePrecision = date?.1 ?? 1
                event.dateIsWritten = written != nil
                event.timeUTC = time
                event.location = located.map { cityForRegion($0.place, text) ?? $0.place }
                event.geoPrecisionStated = located?.precision ?? (located.map { cityForRegion($0.place, text) != nil } == true ? 2 : nil)
                drafts.append(Draft(event: event, tolls: k == 0 ? [toll].compactMap { $0 } : [], weak: candidate.trigger.cls.isWeak,
                                    background: candidate.trigger.background))
                for country in located?.alsoIn ?? [] {
                    var there = event
                    there.location = country
                    drafts.append(Draft(event: there, tolls: [], weak: candidate.trigger.cls.isWeak))
                }
            }
        }
        var events = place(mergeWithinReport(drafts), places: places, text: text, reportCountry: reportCountry, named: named)
        for i in events.indices where events[i].fatalities == nil { events[i].fatalities = 0 }
        guard events.isEmpty else { return (events, nil, nil) }
        if !sawTrigger { return ([], .noTrigger, nil) }
        if let name = unknownPlaceName(text, places: places) { return ([], .placeNotFound, name) }
        let unresolved = places.first { $0.status == .notFound && $0.mention.role == .literal }
        return ([], unresolved == nil ? .noPlace : .placeNotFound, unresolved?.mention.text)
    }

    /// "in the village of Zqxw": a capitalised name after a locative that no place mention covers — a place the
    /// gazetteer does not know.
    func unknownPlaceName(_ text: Text, places: [ResolvedPlace]) -> String? {
        let tokens = text.tokens
        let covered = places.compactMap { actorRules.tokenRange(of: $0.mention, text) }
        for i in tokens.indices where Words.eventLocative.contains(tokens[i]) {
            var k = i + 1
            while k < tokens.count, k <= i + 4, !tokens[k].isCapitalised, tokens[k].lowered == "the" || tokens[k].lowered == "of"
                    || lexicon.cue(.settlement, at: k, in: tokens, limit: k + 1) != nil { k += 1 }
            // "on Mar 26": a month's abbreviation before its day.
            guard k < tokens.count, tokens[k].isCapitalised, tokens[k].kind == .word, !Words.calendar.contains(tokens[k]),
                  !(k + 1 < tokens.count && tokens[k + 1].kind == .number && tokens[k].text.count <= 4),
                  !covered.contains(where: { $0.contains(k) }), lexicon.actorAliases.match(at: k, in: tokens, limit: tokens.count) == nil else { continue }
            var end = k + 1
            while end < tokens.count, end < k + 4, tokens[end].isCapitalised || Words.nameParticles.contains(tokens[end]) { end += 1 }
            return text.text(ofTokens: k..<end)
        }
        return nil
    }

    /// One event candidate read: its actors, roles and sub-event type, its counts and stated distances.
    func read(_ c: EventCandidate, s: Int, text: Text, places: [ResolvedPlace], setting: ActorRules.Setting, report: Report,
              cues: ReportCues) -> Event {
        let actors = actorRules.actors(in: c.sentence, text, places: places, setting: setting)
        var (agent, patient) = actorRules.roles(actors, event: c, text)
        // Civilians do not strike or shell: an agent found among them ("Dozens of civilians were killed in an
        // air strike") is the target.
        if let a = agent, a.inter == .civilians || a.inter == .protesters, [.clash, .attack, .fire, .air, .shell, .explosive, .explosion, .suicide, .grenade, .chemical].contains(c.trigger.cls) {
            if patient == nil { patient = a }
            agent = nil
        }
        if agent == nil, let named = actorRules.agentBefore([c.trigger] + c.support, among: actors, text), named.name != patient?.name { agent = named }
        // A demonstration's outcome may be told in the sentences after it. The candidate's sentence is
        // sentence `s`; looked up only if not (a search per event was quadratic).
        let demonstration = c.trigger.cls.family == TriggerClass.protest.family
        let index = text.sentences.indices.contains(s) && text.sentences[s] == c.sentence ? s : text.sentences.firstIndex(of: c.sentence)
        let context = c.sentence.lowerBound..<(demonstration ? index.map { demonstrationContextEnd(after: $0, text) } ?? c.sentence.upperBound : c.sentence.upperBound)
        let reading = SubEventRules.Reading(event: c, context: context, agent: agent, patient: patient, reportMeans: cues.means,
                                            passive: actorRules.isPassive(c.trigger.span, sentence: c.sentence, text),
                                            personsByNationality: personsByNationality(places, c.sentence, text),
                                            peoplesByNationality: places.compactMap { p in
                                                p.mention.role == .demonym && p.mention.text.hasSuffix("s") ? actorRules.tokenRange(of: p.mention, text) : nil
                                            })
        let sub = subEventRules.subEventType(reading, text)
        let (actor1, actor2) = codedActors(sub, agent: agent?.named(for: sub), patient: patient?.named(for: sub), setting: setting, c: c, text: text,
                                           droneCountry: cues.droneCountry)
        let tokens = text.tokens
        let evidence = Event.Evidence(report: report.id, start: tokens[c.sentence.lowerBound].start, end: tokens[c.sentence.upperBound - 1].end,
                                      text: text.slice(tokens[c.sentence.lowerBound].start, tokens[c.sentence.upperBound - 1].end))
        return Event(subEventType: sub, actor1: actor1?.name, actor2: actor2?.name, inter1: actor1?.inter, inter2: actor2?.inter,
                     date: nil, timePrecision: 1, dateIsWritten: false, timeUTC: nil, location: nil, fatalities: nil,
                     fatalitiesLowerBound: false, counts: TextCues.counts(in: c.sentence, text),
                     relations: TextCues.proximity(in: c.sentence, text), evidence: [evidence])
    }

    /// "central Kirkuk city", "western Taizz city": a part of a province named after its seat, with "city"
    /// after it or "central" before, is a part of the city — coded to the city (geo_precision 2).
    func cityForRegion(_ p: ResolvedPlace, _ text: Text) -> ResolvedPlace? {
        guard let region = p.region, region.kind == .part, region.base.kind == .admin1,
              let r = actorRules.tokenRange(of: p.mention, text) else { return nil }
        let tokens = text.tokens
        let city = r.upperBound < tokens.count && ["city", "town"].contains(tokens[r.upperBound].lowered)
        let central = tokens[r.lowerBound].lowered == "central"
        guard city || central else { return nil }
        let seat = gazetteer.resolve(region.base.name, context: ResolutionContext(countries: [region.base.country])).matches
            .first { $0.place.kind == .city && $0.place.admin1 == region.base.admin1 }?.place
        guard let seat else { return nil }
        var found = p
        found.place = seat
        found.region = nil
        return found
    }

    /// "a Palestinian", "two Syrians", "the Kurd": a demonym used as a noun (after an article or a number,
    /// no noun after it) names a person.
    func personsByNationality(_ places: [ResolvedPlace], _ sentence: Range<Int>, _ text: Text) -> [Range<Int>] {
        let tokens = text.tokens
        return places.compactMap { p in
            guard p.mention.role == .demonym, let r = actorRules.tokenRange(of: p.mention, text), sentence.contains(r.lowerBound), r.lowerBound > sentence.lowerBound else { return nil }
            let before = tokens[r.lowerBound - 1]
            guard ["a", "an", "the", "one"].contains(before.lowered) || before.kind == .number || fatalityRules.lexicon.numbers.match(at: r.lowerBound - 1, in: tokens, limit: r.lowerBound) != nil else { return nil }
            let next = r.upperBound < sentence.upperBound ? tokens[r.upperBound] : nil
            guard next.map({ $0.kind != .word || Words.function.contains($0) || lexicon.cue(.passive, at: r.upperBound, in: tokens, limit: sentence.upperBound) != nil || lexicon.triggers.match(at: r.upperBound, in: tokens, limit: sentence.upperBound) != nil }) ?? true else { return nil }
            return r
        }
    }

    /// The means of remote violence the report names most ("airstrikes", "shelling"): an attack told without
    /// its means ("it had resumed its attacks") used them.
    func reportMeans(_ text: Text) -> SubEventType? {
        var tally: [SubEventType: Int] = [:]
        for (cls, _) in lexicon.triggers.matches(in: 0..<text.tokens.count, of: text.tokens) {
            switch cls {
            case .air: tally[.airDroneStrike, default: 0] += 1
            case .shell: tally[.shelling, default: 0] += 1
            default: break
            }
        }
        return tally.max { ($0.value, $1.key.rawValue) < ($1.value, $0.key.rawValue) }?.key
    }

    /// A demonstration's outcome is often told in the sentences after it ("Police dispersed them"): up to the
    /// next sentence with a trigger of its own, at most two sentences on.
    func demonstrationContextEnd(after s: Int, _ text: Text) -> Int {
        var end = text.sentences[s].upperBound
        for next in text.sentences[(s + 1)..<min(text.sentences.count, s + 3)] {
            if triggerRules.triggers(in: next, text).contains(where: { !$0.cls.isWeak && $0.cls.family != TriggerClass.protest.family }) { break }
            end = next.upperBound
        }
        return end
    }

    /// ACLED's actor conventions by event type:
    /// - Protests: actor1 is "Protesters (country)", actor2 the force that met them;
    /// - Riots: actor1 is "Rioters (country)", actor2 whom they fought or attacked (in a clash, the side named
    ///   first comes first);
    /// - Violence against civilians: the perpetrator ("Unidentified Armed Group" when unknown) against
    ///   "Civilians (country)";
    /// - Explosions: the perpetrator (an unknown bomber is an "Unidentified Armed Group") against its target;
    /// - otherwise who did it and to whom, the one actor named coming first.
    func codedActors(_ sub: SubEventType, agent: ActorMention?, patient: ActorMention?, setting: ActorRules.Setting,
                     c: EventCandidate, text: Text, droneCountry: String?) -> (ActorMention?, ActorMention?) {
        func generic(_ inter: InterCode) -> ActorMention? {
            guard let actor = lexicon.actors.first(where: { $0.country == nil && $0.inter == inter && $0.template.contains("{country}") }),
                  let name = lexicon.name(of: actor, country: setting.country, countryName: actorRules.countryName(setting.country), date: setting.date)
            else { return nil }
            return ActorMention(name: name, inter: inter, span: 0..<0)
        }
        let others = [agent, patient].compactMap { $0 }.filter { $0.inter != .protesters && $0.inter != .rioters }
        switch sub.eventType {
        case .protests:
            return (generic(.protesters), others.first { $0.inter == .stateForces } ?? (sub == .peacefulProtest ? nil : others.first))
        case .riots:
            // A clash that is a riot keeps the order the text names its sides in ("clashes between Israeli
            // forces and Palestinians"): the security forces first when they come first.
            if c.trigger.cls == .clash, let first = agent, first.inter == .stateForces { return (first, generic(.rioters)) }
            return (generic(.rioters), others.first)
        case .violenceAgainstCivilians:
            let perpetrator = agent.flatMap { $0.inter == .civilians ? nil : $0 } ?? generic(.politicalMilitias)
            let victims = [patient, agent].compactMap { $0 }.first { $0.inter == .civilians } ?? generic(.civilians)
            return (perpetrator, victims)
        case .explosions:
            var perpetrator = agent ?? (sub == .airDroneStrike ? droneOwner(c, text, country: droneCountry, setting: setting) : nil)
            if perpetrator == nil, [.remoteExplosive, .suicideBomb, .grenade].contains(sub) { perpetrator = generic(.politicalMilitias) }
            return (perpetrator, patient.flatMap { $0.name == perpetrator?.name ? nil : $0 })
        default:
            if agent == nil { return (patient, nil) }
            return (agent, patient)
        }
    }

    /// "three drones conducting airstrikes" in a report about a Turkish drone: the state most often named
    /// with the word "drone" in the report owns the drones of a strike whose sentence names no actor.
    func droneOwner(_ c: EventCandidate, _ text: Text, country: String?, setting: ActorRules.Setting) -> ActorMention? {
        let tokens = text.tokens
        // "three drones conducting airstrikes": a drone named beside the trigger, not in it ("drone attack").
        guard c.clause.contains(where: { !c.trigger.span.contains($0) && ["drone", "drones"].contains(tokens[$0].lowered) }) else { return nil }
        guard let code = country, let name = actorRules.countryName(code) else { return nil }
        let the = ActorRules.takesArticle(name) ? "the " : ""
        let period = lexicon.period(of: code, on: setting.date).map { " " + $0 } ?? ""
        return ActorMention(name: "Military Forces of \(the)\(name)\(period)", inter: .stateForces, span: 0..<0)
    }

    /// The state most often named with the word "drone" in the report ("Turkish drones").
    func droneCountry(_ text: Text) -> String? {
        let tokens = text.tokens
        var tally: [String: Int] = [:]
        for i in tokens.indices where tokens[i].lowered == "drone" || tokens[i].lowered == "drones" {
            var k = i - 1
            while k >= 0, i - k <= 2, tokens[k].kind == .word, !tokens[k].isCapitalised { k -= 1 }
            guard k >= 0, let code = gazetteer.demonym(tokens[k].text), !code.isEmpty else { continue }
            tally[code, default: 0] += 1
        }
        return tally.max(by: { ($0.value, $1.key) < ($1.value, $0.key) })?.key
    }

    /// What a report says as a whole, read once per report.
    struct ReportCues {
        var means: SubEventType?
        var droneCountry: String?
    }

    /// The country the report is about: where its places lie (towns count over provinces and countries),
    /// whose people it names ("Syrian"), whose actors act in it ("regime forces" and "Houthis" belong to
    /// one country each): the one holding the majority of that weight (`countryTally`), if one does.
    static func dominant(in tally: [String: Double]) -> String? {
        let total = tally.values.reduce(0, +)
        guard let (country, weight) = tally.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }), weight * 2 > total else { return nil }
        return country
    }

    /// The countries a report names, most named first, for the second look at its names ("Russian warplanes
    /// bombed Kafr Zeita as regime forces pounded it": Russia, then Syria): each with at least a people's
    /// weight ("Israeli forces fired at Palestinians in Kufr Qaddoum": Israel, then Palestine).
    static func leading(in tally: [String: Double]) -> [String] {
        tally.filter { $0.value >= 0.5 }.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map(\.key)
    }

    /// Each country's weight in a report: its places (a town counts double; lone namesakes abroad not at all,
    /// `loneNamesakes`) and peoples, and its actors' weights (`actorWeights`, read once per report: the scan
    /// of the text for actors is the costly part). The places are the caller's: `placesAtHome` asks with the
    /// big ones only.
    func countryTally(_ places: [ResolvedPlace], actors: [String: Double]) -> [String: Double] {
        var tally = actors
        let lone = EventExtractor.loneNamesakes(places)
        for (k, p) in places.enumerated() where !lone.contains(k) {
            guard let c = p.place?.country, !c.isEmpty else { continue }
            switch p.mention.role {
            case .literal, .modifier: tally[c, default: 0] += p.place?.kind == .city ? 2 : 1
            case .demonym: tally[c, default: 0] += 0.5
            case .metonym: break
            }
        }
        return tally
    }

    /// The weight a report's actors give their countries: 1.5 each time it names an actor of one country
    /// ("regime forces", "Houthis").
    func actorWeights(_ text: Text) -> [String: Double] {
        var weights: [String: Double] = [:]
        for match in lexicon.actorAliases.matches(in: 0..<text.tokens.count, of: text.tokens) {
            let countries = Set(match.target.compactMap { lexicon.actors[$0.actor].country })
            if countries.count == 1, let c = countries.first { weights[c, default: 0] += 1.5 }
        }
        return weights
    }

    /// Accounts of one event within a report become one: an account with a place joins an earlier one it
    /// can merge with; one without a place joins the latest earlier account of its type — or, when it only
    /// tells an outcome ("4 fighters were killed"), the latest event of any type.
    func mergeWithinReport(_ drafts: [Draft]) -> [Draft] {
        var merged: [Draft] = []
        // Kept as the merge goes, so that each draft costs a look at the events of its own type, not a scan
        // of every account of every event (which made a long report quadratic): each merged event's latest
        // sentence start, the merged events of each sub-event type in order, and the latest event of all.
        var latest: [Int] = []
        var byType: [SubEventType: [Int]] = [:]
        var latestOfAll: Int?
        func update(_ k: Int, _ event: Event) {
            latest[k] = max(latest[k], event.evidence.map(\.start).max() ?? 0)
            // The first of equal latest starts, as max(by:) picks.
            if let best = latestOfAll, latest[best] > latest[k] || (latest[best] == latest[k] && best < k) { return }
            latestOfAll = k
        }
        for d in drafts {
            let target: Int?
            let sameType = byType[d.event.subEventType] ?? []
            if d.event.location == nil {
                // The event told most recently: the latest sentence among its accounts.
                let candidates = sameType.filter { merged[$0].event.canMerge(with: d.event) }
                target = candidates.max { latest[$0] < latest[$1] } ?? (d.weak ? latestOfAll : nil)
            } else {
                // Only an event of the same type can merge (canMerge compares types first).
                target = sameType.first { merged[$0].event.canMerge(with: d.event) }
            }
            if let k = target {
                var absorbed = d.event
                if merged[k].event.subEventType != d.event.subEventType { absorbed.subEventType = merged[k].event.subEventType }
                merged[k].event.absorb(absorbed)
                merged[k].tolls += d.tolls
                update(k, absorbed)
            } else {
                merged.append(d)
                latest.append(0)
                byType[d.event.subEventType, default: []].append(merged.count - 1)
                update(merged.count - 1, d.event)
            }
        }
        return merged
    }

    /// Events still without a place: one told by a strong trigger (or a weak one, when nothing else happened)
    /// in a report about one country ("Regime guns pounded the village of Zqxw", a village the gazetteer does not
    /// know) is placed at the report's town in that country or, else, in a country it names (`reportTown`,
    /// geo_precision 2), or else at the
    /// country (3), the name it could not place kept in `unplacedNames`; the others are dropped (ACLED
    /// records no event without a location). The toll of each is settled.
    func place(_ drafts: [Draft], places: [ResolvedPlace], text: Text, reportCountry: String?, named: Set<String>) -> [Event] {
        var events: [Event] = []
        let country = reportCountry.flatMap { gazetteer.country(code: $0) }
        // A weak trigger tells an outcome of another event, a background one an event told for its sake —
        // unless nothing else happened in the report.
        let nothingElse = !drafts.contains { $0.event.location != nil || (!$0.weak && !$0.background) }
        // An account without a place beside one with a place is that event retold, or one of its setting
        // ("an attack in Kafr Nabl … the shelling went on"): not an event of a whole country.
        let placed = drafts.contains { $0.event.location != nil }
        for d in drafts {
            var e = d.event
            // Background ("after heavy fighting") tells no event of its own without a place of its own.
            if e.location == nil, !placed, (!d.background && !d.weak) || nothingElse, let country {
                if let town = reportTown(places, in: [country.country]) ?? reportTown(places, in: named) {
                    e.location = town
                    e.geoPrecisionStated = 2
                } else {
                    let mention = PlaceMention(start: 0, end: 0, text: country.name, role: .literal, query: country.name)
                    e.location = ResolvedPlace(mention: mention, place: country, region: nil, status: .ok, score: 1)
                    e.geoPrecisionStated = 3
                }
            }
            guard e.location != nil else { continue }
            let (deaths, bound) = settle(d.tolls)
            e.fatalities = deaths
            e.fatalitiesLowerBound = bound
            events.append(e)
        }
        return events
    }

    /// Codebook: a stated total is the toll; else the largest count its sentences give (a toll retold is
    /// not added); else, when deaths are told without a figure, the figure for an unknown number; else 0 —
    /// "no fatalities reported" and no word of deaths alike.
    func settle(_ tolls: [FatalityRules.Reading]) -> (Int, Bool) {
        if let total = tolls.filter({ $0.kind == .total }).max(by: { $0.deaths < $1.deaths }) { return (total.deaths, total.lowerBound) }
        if let counted = tolls.filter({ $0.kind == .counted }).max(by: { $0.deaths < $1.deaths }) { return (counted.deaths, counted.lowerBound) }
        if let unknown = tolls.first(where: { $0.kind == .unknown }) { return (unknown.deaths, true) }
        return (0, false)
    }
}
