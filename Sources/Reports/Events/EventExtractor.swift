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
struct EventExtractor: Sendable {
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
    }

    func extract(from text: Text, places: [ResolvedPlace], report: Report) -> (events: [Event], noEvent: NoEventReason?) {
        let reportCountry = dominantCountry(places)
        var carriedDate = report.published.map { ($0, 1) }
        var lastTime: Int?
        var drafts: [Draft] = []
        var sawTrigger = false
        // Each sentence's places, found once (a filter per sentence made a long report quadratic).
        let placesBySentence = Dictionary(grouping: places, by: \.mention.sentence)
        // What the whole report says, read once (read again per event, a long report was quadratic).
        let cues = ReportCues(means: reportMeans(text), droneCountry: droneCountry(text))
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
            let triggers = triggerRules.triggers(in: sentence, text)
            if triggers.isEmpty {
                // A toll told on its own ("2 fatalities.") belongs to the event told last.
                if let toll, !drafts.isEmpty { drafts[drafts.count - 1].tolls.append(toll) }
                continue
            }
            sawTrigger = true
            let sentencePlaces = placesBySentence[s] ?? []
            let candidates = triggerRules.events(from: triggers, sentence: sentence, text)
            var placed = candidates.map { locationRules.place(for: $0, alone: candidates.count == 1, places: sentencePlaces, text) { actorRules.tokenRange(of: $0, text) } }
            // "clashes took place … amid shelling of Salata town": an event whose clause names no place
            // happened where the sentence's other event did.
            if let k = candidates.indices.first(where: { candidates[$0].trigger.concurrent && placed[$0] != nil }), let shared = placed[k] {
                for k in placed.indices where placed[k] == nil && !candidates[k].trigger.background { placed[k] = shared }
            }
            for (k, candidate) in candidates.enumerated() {
                let located = placed[k]
                let date = written ?? carriedDate
                let setting = ActorRules.Setting(country: located?.place.place?.country ?? reportCountry, date: date?.0)
                var event = read(candidate, s: s, text: text, places: sentencePlaces, setting: setting, report: report, cues: cues)
                event.date = date?.0
                event.timePrecision = date?.1 ?? 1
                event.dateIsWritten = written != nil
                event.timeUTC = time
                event.location = located?.place
                event.geoPrecisionStated = located?.precision
                drafts.append(Draft(event: event, tolls: k == 0 ? [toll].compactMap { $0 } : [], weak: candidate.trigger.cls.isWeak))
                for country in located?.alsoIn ?? [] {
                    var there = event
                    there.location = country
                    drafts.append(Draft(event: there, tolls: [], weak: candidate.trigger.cls.isWeak))
                }
            }
        }
        var events = place(mergeWithinReport(drafts), places: places, text: text)
        for i in events.indices where events[i].fatalities == nil { events[i].fatalities = 0 }
        guard events.isEmpty else { return (events, nil) }
        if !sawTrigger { return ([], .noTrigger) }
        let unresolved = places.contains { $0.status == .notFound && $0.mention.role == .literal }
        return ([], unresolved ? .placeNotFound : .noPlace)
    }

    /// One event candidate read: its actors, roles and sub-event type, its counts and stated distances.
    func read(_ c: EventCandidate, s: Int, text: Text, places: [ResolvedPlace], setting: ActorRules.Setting, report: Report,
              cues: ReportCues) -> Event {
        let actors = actorRules.actors(in: c.sentence, text, places: places, setting: setting)
        let (agent, patient) = actorRules.roles(actors, event: c, text)
        // The candidate's sentence is sentence `s`; looked up only if not (a search per event was quadratic).
        let index = text.sentences.indices.contains(s) && text.sentences[s] == c.sentence ? s : text.sentences.firstIndex(of: c.sentence)
        let context = c.sentence.lowerBound..<(index.map { demonstrationContextEnd(after: $0, text) } ?? c.sentence.upperBound)
        let reading = SubEventRules.Reading(event: c, context: context, agent: agent, patient: patient, reportMeans: cues.means,
                                            passive: actorRules.isPassive(c.trigger.span, sentence: c.sentence, text))
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
    /// - Riots: actor1 is "Rioters (country)", actor2 whom they fought or attacked;
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

    /// The country most of the report's places lie in (towns count over provinces and countries).
    func dominantCountry(_ places: [ResolvedPlace]) -> String? {
        var tally: [String: Double] = [:]
        for p in places where p.mention.role == .literal || p.mention.role == .modifier {
            guard let c = p.place?.country, !c.isEmpty else { continue }
            tally[c, default: 0] += p.place?.kind == .city ? 2 : 1
        }
        return tally.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
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

    /// Events still without a place are dropped (ACLED records no event without a location); the toll of
    /// each is settled.
    func place(_ drafts: [Draft], places: [ResolvedPlace], text: Text) -> [Event] {
        var events: [Event] = []
        for d in drafts {
            var e = d.event
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
