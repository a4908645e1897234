import Gazetteer

/// An actor named in a sentence, with ACLED's name and type for it.
struct ActorMention: Sendable {
    var name: String
    var inter: InterCode
    var span: Range<Int>
    /// A state named by its country alone ("Turkey announced it had resumed its attacks", "the U.S. shot
    /// down"): "the United States (2021-2025)", whose forces or government the event decides.
    var state: String?
    /// A generic actor ("gunmen", "soldiers"), named after the event's country.
    var generic = false

    /// The name for an event of `sub`: a state named alone acts by its government in strategic
    /// developments (but a weapon it downs is its forces'), by its forces in violence.
    func named(for sub: SubEventType) -> ActorMention {
        guard let state else { return self }
        var a = self
        let government = sub.eventType == .strategicDevelopments && sub != .disruptedWeaponsUse
        a.name = (government ? "Government of " : "Military Forces of ") + state
        return a
    }
}

/// Who did it and to whom: actors found by the lexicon's aliases and by nationality ("Turkish troops"),
/// named as ACLED names them in the country and period of the event, and given their roles from the clause.
struct ActorRules: Sendable {
    let gazetteer: Gazetteer
    let lexicon: EventLexicon

    /// What the names of an event's actors depend on: where it happened and when.
    struct Setting {
        var country: String?
        var date: CivilDate?
        /// The country the report is about, when it is clear.
        var reportCountry: String? = nil
    }

    /// ACLED's name of a country ("Palestine", "Syria"), from its ISO code.
    func countryName(_ code: String?) -> String? {
        guard let code, !code.isEmpty else { return nil }
        return lexicon.countryNames[code] ?? gazetteer.country(code: code)?.name
    }

    /// The actors of a sentence, left to right: the lexicon's first, then states by nationality.
    func actors(in sentence: Range<Int>, _ text: Text, places: [ResolvedPlace], setting: Setting) -> [ActorMention] {
        let tokens = text.tokens
        var found: [ActorMention] = []
        for match in lexicon.actorAliases.matches(in: sentence, of: tokens) {
            guard let actor = chooseActor(match.target, setting: setting) else { continue }
            let name = lexicon.name(of: actor, country: setting.country, countryName: countryName(setting.country), date: setting.date)
                ?? actor.template.replacingOccurrences(of: " ({country})", with: "").replacingOccurrences(of: " {period}", with: "")
            found.append(ActorMention(name: name, inter: actor.inter, span: match.span, generic: actor.country == nil && actor.template.contains("{country}")))
        }
        // A longer name wins where two overlap: "US soldiers" (a state's) over "soldiers" (the country's).
        for p in places {
            guard let mention = stateByNationality(p, sentence: sentence, text, setting: setting) else { continue }
            let overlapping = found.filter { $0.span.overlaps(mention.span) }
            guard overlapping.allSatisfy({ $0.span.count < mention.span.count }) else { continue }
            found.removeAll { $0.span.overlaps(mention.span) }
            found.append(mention)
        }
        found.sort { $0.span.lowerBound < $1.span.lowerBound }
        return joinedWithTheirNouns(found)
    }

    /// "AQAP militants", "IS fighters", "HTS gunmen": a named actor and the generic noun after it are one
    /// actor, the named one.
    func joinedWithTheirNouns(_ found: [ActorMention]) -> [ActorMention] {
        var joined: [ActorMention] = []
        for a in found {
            if let last = joined.last, last.span.upperBound == a.span.lowerBound, a.generic, !last.generic {
                joined[joined.count - 1].span = last.span.lowerBound..<a.span.upperBound
                continue
            }
            joined.append(a)
        }
        return joined
    }

    /// Whether the trigger is passive: "was shelled", "were reportedly killed", "was found killed", or
    /// followed by a by-phrase.
    func isPassive(_ trigger: Range<Int>, sentence: Range<Int>, _ text: Text) -> Bool {
        let tokens = text.tokens
        func aux(_ k: Int) -> Bool { k >= sentence.lowerBound && lexicon.cue(.passive, at: k, in: tokens, limit: k + 1) != nil }
        if aux(trigger.lowerBound - 1) { return true }
        if trigger.lowerBound - 2 >= sentence.lowerBound, aux(trigger.lowerBound - 2) {
            let between = tokens[trigger.lowerBound - 1].lowered
            return between.hasSuffix("ly") || ["found", "later", "also", "then", "being", "shot", "and", "reportedly"].contains(between)
        }
        return false
    }

    /// Of the actors an alias may name, the one this report means: the actor of the event's country, else a
    /// generic one, else — for a proper name, not a common noun — the actor of another country.
    func chooseActor(_ aliases: [EventLexicon.ActorAlias], setting: Setting) -> EventLexicon.Actor? {
        let actors = lexicon.actors
        if let own = aliases.first(where: { setting.country != nil && actors[$0.actor].country == setting.country }) { return actors[own.actor] }
        if let own = aliases.first(where: { setting.reportCountry != nil && actors[$0.actor].country == setting.reportCountry }) { return actors[own.actor] }
        if let generic = aliases.first(where: { actors[$0.actor].country == nil }) { return actors[generic.actor] }
        if let named = aliases.first(where: { !$0.common }) { return actors[named.actor] }
        return nil
    }

    /// Codebook: state forces are named after their state. "Turkish troops", "Iraqi police", "the Syrian
    /// government", "Ankara said": a country, capital or demonym before a military, police or government noun
    /// (or speaking for its state) is that state's forces or government.
    func stateByNationality(_ p: ResolvedPlace, sentence: Range<Int>, _ text: Text, setting: Setting) -> ActorMention? {
        guard let country = p.place?.country, !country.isEmpty, p.region == nil, p.mention.sentence >= 0,
              p.place?.kind == .country || p.place?.isCapital == true || p.mention.role == .demonym,
              let span = tokenRange(of: p.mention, text), sentence.contains(span.lowerBound) else { return nil }
        let tokens = text.tokens
        var next = span.upperBound
        if next < sentence.upperBound, tokens[next].isPossessive { next += 1 }
        let name = countryName(country) ?? p.place?.name ?? country
        let period = lexicon.period(of: country, on: setting.date).map { " " + $0 } ?? ""
        let the = ActorRules.takesArticle(name) ? "the " : ""
        if next < sentence.upperBound, let end = lexicon.cue(.police, at: next, in: tokens, limit: sentence.upperBound) {
            return ActorMention(name: "Police Forces of \(the)\(name)\(period)", inter: .stateForces, span: span.lowerBound..<end)
        }
        if next < sentence.upperBound, let end = lexicon.cue(.military, at: next, in: tokens, limit: sentence.upperBound) {
            return ActorMention(name: "Military Forces of \(the)\(name)\(period)", inter: .stateForces, span: span.lowerBound..<end)
        }
        if next < sentence.upperBound, let end = lexicon.cue(.government, at: next, in: tokens, limit: sentence.upperBound) {
            return ActorMention(name: "Government of \(the)\(name)\(period)", inter: .stateForces, span: span.lowerBound..<end)
        }
        // A country or capital that speaks ("Ankara claimed") or acts ("the U.S. shot down", "the United
        // States' downing of"): its state, by government or forces as the event decides.
        var acting = next
        if acting < sentence.upperBound, tokens[acting].text == "'" || tokens[acting].text == "’" { acting += 1 }
        // "in Syria shot down": after a preposition it is where, not who.
        let located = span.lowerBound > sentence.lowerBound && Words.eventLocative.contains(tokens[span.lowerBound - 1])
        let acts = !located && acting < sentence.upperBound && lexicon.triggers.match(at: acting, in: tokens, limit: sentence.upperBound) != nil
        if p.mention.role == .metonym || (acts && p.mention.role != .demonym) {
            let tail = "\(the)\(name)\(period)"
            return ActorMention(name: "Government of \(tail)", inter: .stateForces, span: span, state: tail)
        }
        return nil
    }

    static func takesArticle(_ country: String) -> Bool {
        ["United States", "United Kingdom", "United Arab Emirates", "Netherlands", "Philippines", "Central African Republic",
         "Czech Republic", "Dominican Republic", "Gambia", "Bahamas", "Maldives", "Comoros", "Solomon Islands",
         "Marshall Islands"].contains(country)
    }

    func tokenRange(of m: PlaceMention, _ text: Text) -> Range<Int>? {
        if !m.tokens.isEmpty { return m.tokens }
        guard let first = text.tokens.firstIndex(where: { $0.end > m.start }) else { return nil }
        let last = text.tokens.lastIndex { $0.start < m.end } ?? first
        return first..<(last + 1)
    }

    /// Who did it (agent) and to whom (patient), read from the clause:
    /// - "clashes between X and Y": X and Y;
    /// - "X clashed with Y": X and Y;
    /// - the passive ("was shelled by X", "were killed by X"): the by-phrase did it, the subject suffered it;
    /// - otherwise the nearest actor before the trigger (the sentence's subject if its clause has none) did
    ///   it, and the first after it (not one that only places it: "near", "from") suffered it.
    func roles(_ actors: [ActorMention], event c: EventCandidate, _ text: Text) -> (agent: ActorMention?, patient: ActorMention?) {
        let tokens = text.tokens
        let trigger = c.trigger.span
        let clause = c.clause
        let after = actors.filter { $0.span.lowerBound >= trigger.upperBound && $0.span.lowerBound < clause.upperBound }
        // An actor who only saw or told is no agent ("soldiers saw drones conducting strikes") — unless a
        // pronoun takes it up ("Turkey announced that it had resumed its attacks").
        // A background clause ("after a suicide attack near the ministry") names its own actors; the main
        // clause may take the sentence's subject.
        let scope = c.trigger.background ? clause.lowerBound : c.sentence.lowerBound
        let before = actors.filter { a in
            guard a.span.upperBound <= trigger.lowerBound, a.span.lowerBound >= scope else { return false }
            let between = a.span.upperBound..<trigger.lowerBound
            // "the Houthis claimed they had destroyed": the claimant claims its own act.
            let claimsOwnAct = tokens[between].contains { $0.lowered == "to" } && tokens[between].contains { $0.lowered == "have" }
            return !lexicon.has(.witness, in: between, of: tokens) || claimsOwnAct
                || tokens[between].contains { ["it", "they", "its", "their", "he", "she"].contains($0.lowered) }
        }
        func preceded(_ a: ActorMention, by words: Set<String>) -> Bool {
            let k = a.span.lowerBound - 1
            return k >= clause.lowerBound && (words.contains(tokens[k].lowered) || (k - 1 >= clause.lowerBound && words.contains(tokens[k - 1].lowered) && ["the", "a", "an"].contains(tokens[k].lowered)))
        }
        if let between = (trigger.upperBound..<clause.upperBound).first(where: { tokens[$0].lowered == "between" }) {
            let pair = actors.filter { $0.span.lowerBound > between && $0.span.lowerBound < clause.upperBound }
            if pair.count >= 2 { return (pair[0], pair.first { $0.name != pair[0].name }) }
            if pair.count == 1 { return (pair[0], nil) }
        }
        let byAgent = after.first { preceded($0, by: ["by"]) }
        let passive = byAgent != nil || isPassive(trigger, sentence: c.sentence, text)
        let patients = after.filter { a in
            a.span.lowerBound != byAgent?.span.lowerBound && !preceded(a, by: ["from", "near", "towards", "toward", "by", "of"])
        }
        if passive {
            // The subject of a passive heads its clause: "A Turkish drone that came close to US troops was shot down".
            let subject = before.first { a in a.span.lowerBound >= clause.lowerBound && !preceded(a, by: ["to", "from", "near", "of", "with"]) } ?? before.last
            return (byAgent, subject ?? patients.first)
        }
        // "Regime forces and rebels exchanged fire": two subjects joined by "and" are the two sides.
        let exchanged = lexicon.has(.exchange, in: max(c.sentence.lowerBound, trigger.lowerBound - 3)..<trigger.upperBound, of: tokens)
        if c.trigger.cls == .clash || exchanged, before.count >= 2 {
            let (a, b) = (before[before.count - 2], before[before.count - 1])
            if b.span.lowerBound - a.span.upperBound == 1, tokens[a.span.upperBound].lowered == "and", a.name != b.name { return (a, b) }
        }
        let agent = before.last
        let patient = patients.first { $0.name != agent?.name }
        return (agent, patient)
    }

    /// "an IS attack", "a Houthi drone strike", "regime shelling": an actor right before a trigger noun is its
    /// agent — when the event's own clause named none.
    func agentBefore(_ triggers: [FoundTrigger], among actors: [ActorMention], _ text: Text) -> ActorMention? {
        let tokens = text.tokens
        for t in triggers {
            if let a = actors.first(where: { a in
                a.span.upperBound == t.span.lowerBound
                    || (a.span.upperBound + 1 == t.span.lowerBound && lexicon.cue(.air, at: a.span.upperBound, in: tokens, limit: t.span.lowerBound) != nil)
            }) { return a }
        }
        return nil
    }
}
