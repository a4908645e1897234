import Gazetteer

/// Reads events out of a report, sentence by sentence: a trigger from the lexicon gives the type; the
/// sentence's literal places the location; the actors on either side of the trigger (or after "by") who
/// did what to whom; dates, times, death tolls, counts and stated distances come from the same sentence,
/// and an account without a place of its own joins the event it continues ("Four hours later, the F-16
/// downed the drone").
struct EventExtractor: Sendable {
    let gazetteer: Gazetteer
    let lexicon: EventLexicon

    static let military: WordSet = ["troops", "troop", "soldiers", "soldier", "forces", "force", "military", "army",
                                        "navy", "drone", "drones", "jet", "jets", "warplanes", "aircraft", "fighter",
                                        "air", "armed", "marines", "defense", "defence", "f", "warships", "artillery"]
    static let government: WordSet = ["government", "officials", "official", "president", "minister", "ministry",
                                          "foreign", "authorities", "readout", "embassy", "secretary", "state",
                                          "lawmakers", "diplomats", "counterpart", "administration", "leaders"]
    /// Verbs of witnessing or reporting: the actor before one watched or told, it did not act.
    static let witness: WordSet = ["saw", "see", "watched", "observed", "reported", "said", "says", "told", "according",
                                       "announced", "claimed", "confirmed", "stated"]
    /// Words before a trigger that make it something not (yet) done: "would continue to strike".
    static let unreal: WordSet = ["would", "will", "could", "may", "might", "plans", "plan", "planned", "not", "never",
                                      "threatened", "vowed", "to", "if", "avoid", "prevent", "preventing"]
    static let airCues: WordSet = ["airstrike", "airstrikes", "drone", "drones", "warplanes", "warplane", "jets",
                                       "aircraft", "air", "helicopter", "helicopters", "bombers"]
    static let droneWords: WordSet = ["drone", "drones"]
    static let artilleryCues: WordSet = ["artillery", "shelling", "shells", "rockets", "rocket", "mortar", "mortars", "missiles", "missile"]
    static let conflictCues: WordSet = airCues.union(artilleryCues).union(["military", "troops", "soldiers", "forces",
                                                                                 "army", "militants", "rebels", "militia", "militias"])

    struct ActorSpan {
        var name: String
        var start: Int
        var end: Int
        /// Derived from a place: whether the noun after it says military or government (nil: neither).
        var military: Bool?
        var country: String?
    }

    func extract(from text: Text, places: [ResolvedPlace], report: Report) -> [Event] {
        let tokens = text.tokens
        let documentCues = (air: tokens.contains { EventExtractor.airCues.contains($0) },
                            artillery: tokens.contains { EventExtractor.artilleryCues.contains($0) },
                            conflict: tokens.contains { EventExtractor.conflictCues.contains($0) })
        let droneOwner = droneOwner(text)
        var carriedDate = report.published.map { ($0, 1) }
        var lastTime: Int?
        var events: [Event] = []
        // Each sentence's places, found once (a filter per sentence made a long report quadratic).
        let placesBySentence = Dictionary(grouping: places, by: \.mention.sentence)
        for (s, sentence) in text.sentences.enumerated() {
            let written = TextCues.date(in: sentence, text, published: report.published)
            if let written { carriedDate = written }
            var time = TextCues.timeUTC(in: sentence, text)
            if time == nil, let hours = TextCues.hoursLater(in: sentence, text), let last = lastTime { time = (last + hours * 60) % 1440 }
            if let time { lastTime = time }
            let triggers = findTriggers(in: sentence, text, cues: documentCues)
            guard !triggers.isEmpty, !TextCues.isHistorical(sentence, text, published: report.published) else { continue }
            let here = placesBySentence[s] ?? []
            let actors = findActors(in: sentence, text, places: here)
            let evidence = Event.Evidence(report: report.id, start: tokens[sentence.lowerBound].start,
                                          end: tokens[sentence.upperBound - 1].end,
                                          text: text.slice(tokens[sentence.lowerBound].start, tokens[sentence.upperBound - 1].end))
            let deaths = TextCues.fatalities(in: sentence, text)
            for (k, trigger) in triggers.enumerated() {
                let clause = self.clause(of: trigger, sentence: sentence, text,
                                         previousEnd: k > 0 ? triggers[k - 1].end : nil,
                                         nextStart: k + 1 < triggers.count ? triggers[k + 1].start : nil)
                var (actor1, actor2) = assignActors(actors, trigger: trigger, text, clause: clause)
                // "three drones conducting airstrikes" in a report about a Turkish drone: Turkey's drones.
                if actor1 == nil, trigger.subEventType == "Air/drone strike", let droneOwner, droneOwner != actor2,
                   tokens[clause].indices.contains(where: { ($0 < trigger.start || $0 >= trigger.end) && ["drone", "drones"].contains(tokens[$0].lowered) }) {
                    actor1 = droneOwner
                }
                var event = Event(eventType: trigger.type.eventType, subEventType: trigger.subEventType, actor1: actor1, actor2: actor2,
                                  date: (written ?? carriedDate)?.0, timePrecision: (written ?? carriedDate)?.1 ?? 1,
                                  dateIsWritten: written != nil, timeUTC: time, location: nil,
                                  fatalities: deaths?.0, fatalitiesLowerBound: deaths?.1 ?? false,
                                  counts: TextCues.counts(in: sentence, text), relations: TextCues.proximity(in: sentence, text),
                                  evidence: [evidence])
                let locations = chooseLocations(here, trigger: trigger, text, clause: clause)
                if locations.isEmpty { events.append(event) }
                for location in locations {
                    event.location = location
                    events.append(event)
                }
            }
        }
        return mergeWithinReport(events)
    }

    /// The tokens a trigger's places and actors are looked for in: back to the previous trigger or a word
    /// that starts another clause ("after", "according"), forward likewise.
    func clause(of trigger: FoundTrigger, sentence: Range<Int>, _ text: Text, previousEnd: Int?, nextStart: Int?) -> Range<Int> {
        var start = trigger.start
        let floor = previousEnd ?? sentence.lowerBound
        while start > floor, !Words.clauseBreaks.contains(text.tokens[start - 1]) { start -= 1 }
        var end = trigger.end
        let ceiling = nextStart ?? sentence.upperBound
        while end < ceiling, !Words.clauseBreaks.contains(text.tokens[end]),
              !EventExtractor.witness.contains(text.tokens[end]) { end += 1 }
        return start..<end
    }

    /// Whether a place is where something happens: a locative preposition before it, across the places
    /// listed with it ("in Iraq and Syria", "in Hasakah, Syria").
    static func isLocated(_ span: Range<Int>, _ text: Text) -> Bool {
        var k = span.lowerBound - 1
        var hops = 0
        while k >= 0, hops < 8 {
            let t = text.tokens[k]
            if Words.eventLocative.contains(t) { return true }
            guard t.isCapitalised || ["and", "or", ",", "the", "-"].contains(t.lowered) || Words.directions.contains(t) else { return false }
            k -= 1
            hops += 1
        }
        return false
    }

    struct FoundTrigger {
        var type: EventLexicon.Trigger
        var subEventType: String
        var start: Int
        var end: Int
    }

    /// The triggers of a sentence, one per sub-event type; a weak one only where no strong one of its
    /// event type is, and only in a document about armed conflict.
    func findTriggers(in sentence: Range<Int>, _ text: Text, cues: (air: Bool, artillery: Bool, conflict: Bool)) -> [FoundTrigger] {
        var found: [FoundTrigger] = []
        var i = sentence.lowerBound
        while i < sentence.upperBound {
            guard let (target, end) = lexicon.triggerMatch(at: i, in: text, limit: sentence.upperBound) else { i += 1; continue }
            let trigger = lexicon.triggers[target]
            let before = text.tokens[max(sentence.lowerBound, i - 3)..<i].map(\.lowered)
            let unreal = before.last == "to" || before.contains { EventExtractor.unreal.contains($0) && $0 != "to" }
            if !unreal {
                var sub = trigger.subEventType
                var type = trigger
                if trigger.weak {
                    let words = text.tokens[sentence]
                    if !words.contains(where: { EventExtractor.airCues.contains($0) }) && words.contains(where: { EventExtractor.artilleryCues.contains($0) })
                        || !cues.air && cues.artillery {
                        sub = "Shelling/artillery/missile attack"
                    } else if !cues.air {
                        type.eventType = "Battles"
                        sub = "Armed clash"
                    }
                }
                if !trigger.weak || cues.conflict {
                    found.append(FoundTrigger(type: type, subEventType: sub, start: i, end: end))
                }
            }
            i = end
        }
        let strongTypes = Set(found.filter { !$0.type.weak }.map(\.type.eventType))
        var seen = Set<String>()
        return found.filter { t in
            if t.type.weak && strongTypes.contains(t.type.eventType) { return false }
            return seen.insert(t.type.eventType + "/" + t.subEventType).inserted
        }
    }

    /// Whose drones the report is about: the actor most often named with "drone" ("Turkish drone"), if any.
    func droneOwner(_ text: Text) -> String? {
        var tally: [String: Int] = [:]
        // The same word ("Turkish") before many drones: its actor is found once.
        var actorOf: [String: String?] = [:]
        func actor(_ word: String) -> String? {
            if let known = actorOf[word] { return known }
            var found: String?
            if let code = gazetteer.demonym(word) ?? (gazetteer.evidence(word)?.topKind == .country ? gazetteer.resolve(word).best?.place.country : nil),
               !code.isEmpty, let country = gazetteer.country(code: code) {
                found = "Military Forces of " + EventExtractor.withArticle(country.name)
            }
            actorOf[word] = found
            return found
        }
        for i in text.tokens.indices where EventExtractor.droneWords.contains(text.tokens[i]) {
            var k = i - 1
            while k >= 0, i - k <= 2, text.tokens[k].kind == .word, !text.tokens[k].isCapitalised { k -= 1 }
            guard k >= 0, let name = actor(text.tokens[k].text) else { continue }
            tally[name, default: 0] += 1
        }
        return tally.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
    }

    /// Actors named in the sentence: the lexicon's, and states named by a country, capital or demonym before
    /// a military or government noun ("US troops", "Turkish Foreign Minister", "Ankara claimed").
    func findActors(in sentence: Range<Int>, _ text: Text, places: [ResolvedPlace]) -> [ActorSpan] {
        let tokens = text.tokens
        var found: [ActorSpan] = []
        var i = sentence.lowerBound
        while i < sentence.upperBound {
            if let (target, end) = lexicon.actorMatch(at: i, in: text, limit: sentence.upperBound) {
                let actor = lexicon.actors[target]
                found.append(ActorSpan(name: actor.name, start: i, end: end, military: nil, country: actor.country))
                i = end
            } else { i += 1 }
        }
        for p in places {
            guard let country = p.place?.country, !country.isEmpty, p.region == nil,
                  p.place?.kind == .country || p.place?.isCapital == true || p.mention.role == .demonym else { continue }
            let span = tokenRange(of: p.mention, text)
            guard !found.contains(where: { $0.start <= span.lowerBound && span.lowerBound < $0.end }) else { continue }
            let next = span.upperBound < sentence.upperBound ? tokens[span.upperBound].lowered : ""
            let after = span.upperBound + 1 < sentence.upperBound ? tokens[span.upperBound + 1].lowered : ""
            var military: Bool?
            if EventExtractor.military.contains(next) || (next == "’s" && EventExtractor.military.contains(after)) { military = true }
            if EventExtractor.government.contains(next) { military = next == "defense" || next == "defence" }
            let isTrigger = !EventExtractor.isLocated(span, text)
                && lexicon.triggerMatch(at: min(span.upperBound, sentence.upperBound - 1), in: text, limit: sentence.upperBound) != nil
            guard military != nil || p.mention.role == .metonym || p.mention.role == .modifier || isTrigger else { continue }
            if p.mention.role == .demonym, military == nil { continue }
            found.append(ActorSpan(name: "", start: span.lowerBound, end: span.upperBound, military: military, country: country))
        }
        return found.sorted { $0.start < $1.start }
    }

    func tokenRange(of m: PlaceMention, _ text: Text) -> Range<Int> {
        if !m.tokens.isEmpty { return m.tokens }
        let first = text.tokens.firstIndex { $0.end > m.start } ?? 0
        let last = text.tokens.lastIndex { $0.start < m.end } ?? first
        return first..<(last + 1)
    }

    /// Who did it (actor1) and to whom (actor2): the nearest actor before the trigger and the nearest after
    /// it — or, in the passive ("was shot down by the U.S. military", "had been hit"), the other way round.
    func assignActors(_ actors: [ActorSpan], trigger: FoundTrigger, _ text: Text, clause: Range<Int>) -> (String?, String?) {
        let tokens = text.tokens
        func name(_ a: ActorSpan) -> String? {
            if !a.name.isEmpty { return a.name }
            guard let code = a.country, let country = gazetteer.country(code: code) else { return nil }
            let wantsMilitary = a.military ?? (trigger.type.eventType != "Strategic developments" || trigger.subEventType == "Disrupted weapons use")
            return (wantsMilitary ? "Military Forces of " : "Government of ") + EventExtractor.withArticle(country.name)
        }
        let passive = trigger.start > clause.lowerBound && ["been", "was", "were", "is", "are", "be"].contains(tokens[trigger.start - 1].lowered)
        let byActor = actors.first { a in
            a.start >= trigger.end && a.start < clause.upperBound
                && (tokens[max(0, a.start - 1)].lowered == "by" || (a.start >= 2 && tokens[a.start - 2].lowered == "by"))
        }
        let before = actors.filter { a in
            a.end <= trigger.start && a.start >= clause.lowerBound
                && !tokens[a.end..<trigger.start].contains { EventExtractor.witness.contains($0) }
        }
        // Who it was done to is in the trigger's own phrase: up to the first comma.
        let comma = tokens[trigger.end..<clause.upperBound].firstIndex { $0.text == "," } ?? clause.upperBound
        // "1km away from US troops", "close to American troops": where it was, not whom it hit.
        let after = actors.filter { a in
            a.start >= trigger.end && a.start < comma && a.start != byActor?.start
                && !["from", "to", "near", "towards", "toward"].contains(tokens[a.start - 1].lowered)
        }
        var actor1: String?
        var actor2: String?
        if let byActor {
            actor1 = name(byActor)
            actor2 = (before.reversed().lazy.compactMap(name).first { $0 != actor1 }) ?? after.lazy.compactMap(name).first { $0 != actor1 }
        } else if passive {
            actor2 = before.last.flatMap(name)
        } else {
            actor1 = before.last.flatMap(name)
            actor2 = after.lazy.compactMap(name).first { $0 != actor1 }
        }
        return (actor1, actor2)
    }

    static func withArticle(_ country: String) -> String {
        let the = ["United", "Netherlands", "Philippines", "Democratic", "Central African", "Czech", "Dominican",
                   "Gambia", "Bahamas", "Maldives", "Comoros", "Solomon", "Marshall"]
        return the.contains { country.hasPrefix($0) } ? "the " + country : country
    }

    /// The event's place: the most precise literal place of its clause, after the trigger first, before it
    /// else; one per country when it names several countries and nothing finer ("in Syria and Iraq").
    func chooseLocations(_ places: [ResolvedPlace], trigger: FoundTrigger, _ text: Text, clause: Range<Int>) -> [ResolvedPlace] {
        let usable = places.filter { p in
            let r = tokenRange(of: p.mention, text)
            // "came from Syria" names an origin, not where it happened.
            // "struck Homs": the place a trigger takes as its object is where it happened.
            let object = r.lowerBound == trigger.end || (r.lowerBound == trigger.end + 1 && text.tokens[trigger.end].lowered == "the")
            return p.mention.role == .literal && p.coordinate != nil && p.status != .notFound && (object || EventExtractor.isLocated(r, text))
        }
        // A diplomatic call or agreement is placed only by a place right after it ("talks in Ankara").
        let reach = trigger.type.eventType == "Strategic developments" && trigger.subEventType != "Disrupted weapons use" ? 4 : Int.max
        let after = usable.filter { p in
            let r = tokenRange(of: p.mention, text)
            return r.lowerBound >= trigger.end && r.lowerBound < clause.upperBound && r.lowerBound - trigger.end <= reach
        }
        let before = usable.filter { let r = tokenRange(of: $0.mention, text); return r.upperBound <= trigger.start && r.lowerBound >= clause.lowerBound }
        let pool = after.isEmpty ? before : after
        guard let best = pool.map(\.fineness).min() else { return [] }
        let finest = pool.filter { $0.fineness == best }
        if finest.count > 1, finest.allSatisfy({ $0.place?.kind == .country && $0.region == nil }) {
            var seen = Set<String>()
            return finest.filter { seen.insert($0.place!.country).inserted }
        }
        return [finest[0]]
    }

    /// Accounts of one event within a report become one: an account with a place joins an earlier one it can
    /// merge with; one without a place joins the latest account of its type (before it, else after it), or is
    /// dropped — ACLED records no event without a location.
    func mergeWithinReport(_ events: [Event]) -> [Event] {
        var merged: [Event] = []
        var unplaced: [Event] = []
        // The event told most recently: the latest sentence among its accounts.
        func latest(_ e: Event) -> Int { e.evidence.map(\.start).max() ?? 0 }
        for e in events {
            if e.location == nil {
                let candidates = merged.indices.filter { merged[$0].subEventType == e.subEventType && merged[$0].canMerge(with: e) }
                if let k = candidates.max(by: { latest(merged[$0]) < latest(merged[$1]) }) { merged[k].absorb(e) } else { unplaced.append(e) }
            } else if let k = merged.firstIndex(where: { $0.canMerge(with: e) }) {
                merged[k].absorb(e)
            } else {
                merged.append(e)
            }
        }
        for e in unplaced {
            if let k = merged.firstIndex(where: { $0.subEventType == e.subEventType && $0.canMerge(with: e) }) { merged[k].absorb(e) }
        }
        return merged
    }
}
