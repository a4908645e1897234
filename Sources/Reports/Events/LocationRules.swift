import Gazetteer

/// Where an event happened, by ACLED's rules: the most specific place attached to its trigger, and how
/// precisely the text places it there.
struct LocationRules: Sendable {
    let lexicon: EventLexicon

    /// The event's place and its `geo_precision` when the text makes it coarser than the place's kind.
    struct Located {
        var place: ResolvedPlace
        var precision: Int?
        /// Further countries named with it and nothing finer ("airstrikes in Syria and Iraq"): one event each.
        var alsoIn: [ResolvedPlace] = []
    }

    /// Places an event can be located at: places where something is or happens ("in Homs"), resolved.
    /// A place that qualifies a noun ("Idlib countryside", "Aleppo province") locates too; a demonym, a
    /// capital speaking for its government, or a place named as an origin ("came from Syria") does not.
    func usable(_ p: ResolvedPlace, _ text: Text, tokenRange: (PlaceMention) -> Range<Int>?) -> Bool {
        guard p.coordinate != nil, p.status != .notFound, p.place != nil else { return false }
        switch p.mention.role {
        case .literal: return true
        case .demonym, .metonym: return false
        case .modifier:
            // "Idlib countryside", "Baydha's Natea district" place; "US dollar", "Tabriz company" do not.
            guard let r = tokenRange(p.mention) else { return false }
            var next = r.upperBound
            let tokens = text.tokens
            // "Tehran's metro line", "Yazd's governorate": a town's or province's own things are there.
            if next < tokens.count, tokens[next].isPossessive {
                if p.place?.kind != .country { return true }
                next += 1
            }
            // "in south Tel Aviv Saturday": a day after the name.
            if next < tokens.count, Words.calendar.contains(tokens[next]) { return true }
            // "the Gaza Strip", "Idlib countryside", "Hama's northern countryside".
            while next < tokens.count, next < r.upperBound + 3 {
                if lexicon.cue(.settlement, at: next, in: tokens, limit: tokens.count) != nil
                    || lexicon.cue(.near, at: next, in: tokens, limit: tokens.count) != nil { return true }
                guard tokens[next].isCapitalised else { return false }
                next += 1
            }
            return false
        }
    }

    /// Codebook, "Event Geography": the event is coded to the most specific location named for it.
    /// The place attached to the trigger wins — the first town after it in its clause ("shelled Kafr
    /// Zeita"), else the nearest before it ("in Homs, clashes …"), else the sentence's first town, else any
    /// place of the sentence; a province or country only when nothing finer is named there.
    func place(for c: EventCandidate, alone: Bool, places: [ResolvedPlace], reportCountry: String?, _ text: Text,
               tokenRange: (PlaceMention) -> Range<Int>?) -> Located? {
        // A town in the event's clause places it, locative or not ("the security branch of Salkhad city");
        // a province or country only with one ("informed the US" puts nothing in the US).
        var here: [(p: ResolvedPlace, r: Range<Int>)] = places.compactMap { p in
            guard usable(p, text, tokenRange: tokenRange), let r = tokenRange(p.mention), c.sentence.contains(r.lowerBound), !isOrigin(r, text),
                  (p.fineness <= 2 && c.clause.contains(r.lowerBound) && !namesAnActor(r, c.sentence, text))
                    || isLocated(r, sentence: c.sentence, trigger: c.trigger.span, text) else { return nil }
            return (p, r)
        }
        // The located places of every country: a city a part is said to be of, by a word for a part, keeps its
        // place ("the Shabab area of Baghdad", Shabab resolved abroad in a report then read as Iranian) —
        // whichever country the report reads as.
        let locatedAnywhere = here
        // A report about one country: a name that resolved abroad ("Qantara village in southern Hama" to the
        // Egyptian town) gives way to the places named in that country.
        if let reportCountry, here.contains(where: { $0.p.place?.country == reportCountry }) {
            here = here.filter { $0.p.place?.country == reportCountry || $0.p.place?.kind == .country }
        }
        guard !here.isEmpty else { return alone ? unlocatedFallback(c, places: places, text, tokenRange: tokenRange) : nil }
        let trigger = c.trigger.span
        // A place after another trigger of the clause is that one's ("protests against the attacks on
        // Afrin were organised in Tehran"): the main trigger's own places first.
        let supports = c.support.filter { $0.cls.family != c.trigger.cls.family && !isTriggersOwnVerb($0.span, after: trigger, text) }.map(\.span)
        let topic = c.trigger.cls.family == TriggerClass.protest.family ? topic(of: trigger, clause: c.clause, text) : 0..<0
        let afterAll = here.filter { $0.r.lowerBound >= trigger.upperBound && $0.r.lowerBound < c.clause.upperBound && !topic.contains($0.r.lowerBound) }
        let own = afterAll.filter { p in !supports.contains { $0.lowerBound >= trigger.upperBound && $0.upperBound <= p.r.lowerBound && p.r.lowerBound - $0.upperBound <= 3 } }
        let after = own.isEmpty ? afterAll : own
        // The nearest place before the trigger — or the first of the list it ends ("in Hamidiyeh and Dezful
        // towns staged a protest": Hamidiyeh).
        let before = here.filter { $0.r.upperBound <= trigger.lowerBound && $0.r.lowerBound >= c.clause.lowerBound }.reversed()
            .map { firstOfList($0, among: here, text) }
        // The rest of the sentence only when its clause names no place and it is the sentence's only event.
        let rest = alone ? here : []
        // A town that only says which area ("Atareb city in Aleppo countryside", "the countryside of Hama")
        // gives way to the town it qualifies.
        for pool in [Array(after), Array(before), rest] {
            let towns = pool.filter { $0.p.fineness <= 2 }
            let placeEnds = Set(here.map(\.r.upperBound))
            guard let town = towns.first(where: { !namesAnArea($0.r, text, placeEnds: placeEnds) }) ?? towns.first else { continue }
            if let city = cityOfNeighbourhood(town, among: here, text) ?? cityOfNeighbourhood(town, among: locatedAnywhere, text, needsWord: true) {
                var found = located(city.p, city.r, text)
                found.precision = 2
                return found
            }
            return located(town.p, town.r, text)
        }
        for pool in [Array(after), Array(before), rest] {
            guard let finest = pool.min(by: { $0.p.fineness < $1.p.fineness }) else { continue }
            var found = located(finest.p, finest.r, text)
            // Codebook: an event reported in several countries is coded once in each.
            let countries = pool.filter { $0.p.place?.kind == .country && $0.p.region == nil }
            if finest.p.place?.kind == .country, finest.p.region == nil {
                var seen: Set<String> = [finest.p.place?.country ?? ""]
                found.alsoIn = countries.map(\.p).filter { seen.insert($0.place?.country ?? "").inserted }
            }
            return found
        }
        return nil
    }

    /// A demonstration's topic, not its place: what follows "against", "demanding", "in solidarity with" — up
    /// to the next verb or comma ("Protests against the shelling of Idlib | were held in Tehran") — or the
    /// object right after a verb of protest ("rallied in Baghdad to protest the visit of …").
    func topic(of trigger: Range<Int>, clause: Range<Int>, _ text: Text) -> Range<Int> {
        let tokens = text.tokens
        if let start = (trigger.upperBound..<clause.upperBound).first(where: { lexicon.cue(.topic, at: $0, in: tokens, limit: clause.upperBound) != nil }) {
            let end = ((start + 1)..<clause.upperBound).first { k in
                [",", ";"].contains(tokens[k].text) || lexicon.cue(.passive, at: k, in: tokens, limit: k + 1) != nil
            } ?? clause.upperBound
            return start..<end
        }
        if trigger.upperBound < clause.upperBound, tokens[trigger.upperBound].kind == .word, !Words.eventLocative.contains(tokens[trigger.upperBound]),
           tokens[trigger.lowerBound].lowered.hasPrefix("protest") || tokens[trigger.lowerBound].lowered.hasPrefix("denounc") {
            return trigger.upperBound..<clause.upperBound
        }
        return 0..<0
    }

    /// Whether the text puts something at the place: a locative before it ("in Homs", "on the outskirts of
    /// Idlib", "in the town of Kafr Zeita"), or the trigger itself ("shelled Kafr Zeita"), across the words
    /// that may stand between — settlement words, articles, other names of a list ("in Hama and Idlib").
    /// "the US said", "informed the US", "Turkey's ministry" put nothing there.
    func isLocated(_ r: Range<Int>, sentence: Range<Int>, trigger: Range<Int>, _ text: Text) -> Bool {
        let tokens = text.tokens
        var k = r.lowerBound - 1
        var hops = 0
        // Two other words may stand between ("on lands east of", "in the badia of").
        var free = 2
        while k >= sentence.lowerBound, hops < 12 {
            if k == trigger.upperBound - 1 { return true }
            if lexicon.cue(.locative, at: k, in: tokens, limit: k + 1) != nil { return true }
            let t = tokens[k]
            let between = t.isCapitalised || t.isPossessive || lexicon.isWord(.linker, at: k, in: tokens)
                || lexicon.cue(.settlement, at: k, in: tokens, limit: r.lowerBound) != nil || Words.directions.contains(t)
                || Words.nameParticles.contains(t)
            if !between {
                guard t.kind == .word, free > 0, !lexicon.has(.witness, in: k..<(k + 1), of: tokens), !Words.function.contains(t) else { return false }
                free -= 1
            }
            k -= 1
            hops += 1
        }
        return false
    }

    /// A sentence that tells an event and names places, none of them with a locative ("Workers of Tehran's
    /// metro line protested", "residents of Rumaithah staged a protest"): its first town, else its first
    /// place — unless the place only names an actor ("US troops", "Turkey's ministry").
    func unlocatedFallback(_ c: EventCandidate, places: [ResolvedPlace], _ text: Text, tokenRange: (PlaceMention) -> Range<Int>?) -> Located? {
        let tokens = text.tokens
        let here: [(p: ResolvedPlace, r: Range<Int>)] = places.compactMap { p in
            // A country named without a locative is more often an actor than a setting; "according to X" a source.
            // A town that names a company or its people ("Isfahan Tile company's workers") is where they are.
            let townModifier = p.mention.role == .modifier && p.place?.kind == .city && p.coordinate != nil
            guard usable(p, text, tokenRange: tokenRange) || townModifier, p.place?.kind != .country, let r = tokenRange(p.mention), c.sentence.contains(r.lowerBound), !isOrigin(r, text),
                  !tokens[max(c.sentence.lowerBound, r.lowerBound - 3)..<r.lowerBound].contains(where: { $0.lowered == "according" }) else { return nil }
            var next = r.upperBound
            if next < c.sentence.upperBound, tokens[next].isPossessive { next += 1 }
            for actorNoun in [CueClass.military, .police, .government] where next < c.sentence.upperBound {
                if lexicon.cue(actorNoun, at: next, in: tokens, limit: c.sentence.upperBound) != nil { return nil }
            }
            return (p, r)
        }
        guard let best = here.first(where: { $0.p.fineness <= 2 }) ?? here.min(by: { $0.p.fineness < $1.p.fineness }) else { return nil }
        return located(best.p, best.r, text)
    }

    /// Codebook: a neighbourhood is coded to its city, with geo_precision 2. "Qanawat neighbourhood in
    /// Damascus", "the Shabab area (Karkh) of Baghdad", "Sumer neighbourhood (Al-Salam), Mosul": when
    /// the part's name resolved away from the city (to a namesake elsewhere), the city is the place. Without
    /// a word for a part ("Khor Maksar in Aden"), only a namesake in another country than the city's.
    /// `needsWord`: only a part the text calls one ("X area", "X square"), which ties the two.
    func cityOfNeighbourhood(_ part: (p: ResolvedPlace, r: Range<Int>), among here: [(p: ResolvedPlace, r: Range<Int>)], _ text: Text,
                             needsWord: Bool = false) -> (p: ResolvedPlace, r: Range<Int>)? {
        let tokens = text.tokens
        let window = part.r.upperBound..<min(tokens.count, part.r.upperBound + 8)
        // The word for a part stands before the next place ("Jobar, Damascus, near the hospital": none).
        let nextPlace = here.map(\.r.lowerBound).filter { $0 >= part.r.upperBound }.min() ?? window.upperBound
        let word = (window.lowerBound..<max(window.lowerBound, min(window.upperBound, nextPlace)))
            .first(where: { lexicon.isWord(.part, at: $0, in: tokens) || lexicon.isWord(.landmark, at: $0, in: tokens) })
        guard word != nil || !needsWord else { return nil }
        // A landmark ("X Street in Y", "X Bank branch in Y") is the city's only when its name resolved far off.
        let landmark = word.map { lexicon.isWord(.landmark, at: $0, in: tokens) } ?? false
        let between = { (city: (p: ResolvedPlace, r: Range<Int>)) in
            ((word.map { $0 + 1 } ?? part.r.upperBound)..<city.r.lowerBound).allSatisfy {
                lexicon.isWord(.partOf, at: $0, in: tokens) || lexicon.isWord(.area, at: $0, in: tokens) || lexicon.isWord(.part, at: $0, in: tokens)
                    || lexicon.isWord(.landmark, at: $0, in: tokens) || tokens[$0].isCapitalised
            }
        }
        // The city is no part itself ("Zahra area in the Midan quarter of Damascus": Damascus), nor an area in
        // brackets ("the Shabab area (Mansour district) of Baghdad": Baghdad).
        let isPart = { (c: (p: ResolvedPlace, r: Range<Int>)) in
            let next = c.r.upperBound
            guard next < tokens.count else { return false }
            return lexicon.isWord(.part, at: next, in: tokens)
                || (c.r.lowerBound > 0 && tokens[c.r.lowerBound - 1].text == "(" && next + 1 < tokens.count && lexicon.isWord(.area, at: next, in: tokens) && tokens[next + 1].text == ")")
        }
        // "Beirut's Hamra district": the word for the part right after it (or after one more word of its name).
        if let word, word <= part.r.upperBound + 1,
           let city = cityBefore(part, among: here, text, reach: landmark ? LocationRules.landmarkReach : LocationRules.partReach) { return city }
        guard let city = here.first(where: { $0.r.lowerBound > (word ?? part.r.upperBound - 1) && window.contains($0.r.lowerBound) && $0.p.place?.kind == .city && !isPart($0)
                  // "Al-Bab area, in the countryside of Aleppo": Aleppo names an area; a district of a big city
                  // is its part ("Shuub district of Sanaa").
                  && !($0.r.lowerBound >= 2 && tokens[$0.r.lowerBound - 1].lowered == "of" && lexicon.isWord(.area, at: $0.r.lowerBound - 2, in: tokens)
                       && !($0.r.lowerBound - 2 == word && isBigCity($0.p, of: part.p)))
                  && $0.p.region == nil && [",", "of", "in", "("].contains(tokens[$0.r.lowerBound - 1].lowered) }),
              between(city),
              // "Al Malahit area of Saada governorate": the province, not its seat (a district is its seat's).
              city.r.upperBound >= tokens.count || !["governorate", "province"].contains(tokens[city.r.upperBound].lowered),
              // Without a word for a part: a namesake abroad, or the text's own "in the city of Y".
              word != nil || (city.p.place?.country != part.p.place?.country && part.p.place?.isCapital == false)
                  || (city.r.lowerBound >= 3 && tokens[city.r.lowerBound - 3].lowered == "the" && tokens[city.r.lowerBound - 2].lowered == "city"
                      && tokens[city.r.lowerBound - 1].lowered == "of"),
              let a = part.p.coordinate, let b = city.p.coordinate else { return nil }
        let km = a.roughKilometres(to: b)
        return km > (landmark ? LocationRules.landmarkReach : LocationRules.partReach) ? city : nil
    }

    /// A city of `EventExtractor.majorPopulation` or more (or a capital) in the part's country: one whose
    /// districts are its parts, not the province's ("Az Zahir district of Al Bayda"). A province's seat is
    /// no big city here, unlike `EventExtractor.isMajor`: its districts are the province's.
    func isBigCity(_ city: ResolvedPlace, of part: ResolvedPlace) -> Bool {
        guard let place = city.place, place.country == part.place?.country else { return false }
        return place.isCapital || place.population >= EventExtractor.majorPopulation
    }

    /// "Beirut's Hamra district", "Aden city's Mansurah area": the city named before its part, as its owner;
    /// the city's when the part's name resolved farther off than `reach`.
    func cityBefore(_ part: (p: ResolvedPlace, r: Range<Int>), among here: [(p: ResolvedPlace, r: Range<Int>)], _ text: Text, reach: Double) -> (p: ResolvedPlace, r: Range<Int>)? {
        let tokens = text.tokens
        let owner = part.r.lowerBound - 1
        guard owner > 0, tokens[owner].isPossessive else { return nil }
        let end = lexicon.isWord(.town, at: owner - 1, in: tokens) ? owner - 1 : owner
        guard let city = here.first(where: { $0.r.upperBound == end && $0.p.place?.kind == .city && $0.p.region == nil }),
              let a = part.p.coordinate, let b = city.p.coordinate, a.roughKilometres(to: b) > reach else { return nil }
        return city
    }

    /// How far a part's name must have resolved from its city to be read as the city's (nearer, the
    /// gazetteer's point for the part is taken as it is).
    static let partReach = 15.0

    /// How far a landmark's name must have resolved from the city after it to be read as the city's
    /// ("Hamra Street in Beirut" resolved to a village abroad); nearer, it may be a town of its own.
    static let landmarkReach = 100.0

    /// The first place of the list `p` ends ("Hamidiyeh and Dezful", "Rafah, Khan Yunis or Beit Hanoun").
    func firstOfList(_ p: (p: ResolvedPlace, r: Range<Int>), among here: [(p: ResolvedPlace, r: Range<Int>)], _ text: Text) -> (p: ResolvedPlace, r: Range<Int>) {
        var first = p
        while let earlier = here.last(where: { $0.r.upperBound <= first.r.lowerBound }), earlier.r.upperBound < first.r.lowerBound,
              text.tokens[earlier.r.upperBound..<first.r.lowerBound].allSatisfy({ LocationRules.listWords.contains($0) }) {
            first = earlier
        }
        return first
    }

    static let listWords: WordSet = ["and", "or", ","]

    /// A verb right after the trigger's noun, or after it and an adverb ("shells hit X", "an airstrike
    /// reportedly struck X"), tells the trigger's own event, not another one.
    func isTriggersOwnVerb(_ verb: Range<Int>, after trigger: Range<Int>, _ text: Text) -> Bool {
        verb.lowerBound == trigger.upperBound
            || (verb.lowerBound == trigger.upperBound + 1 && Words.adverbs.contains(text.tokens[trigger.upperBound]))
    }

    /// "Hama countryside", "the countryside of Idlib", "Aleppo province": a town named for the area around it.
    func namesAnArea(_ r: Range<Int>, _ text: Text, placeEnds: Set<Int> = []) -> Bool {
        let tokens = text.tokens
        var next = r.upperBound
        if next < tokens.count, tokens[next].isPossessive { next += 1 }
        // "Zakho district, in Duhok": a district is named after its seat, the town itself.
        if next < tokens.count, lexicon.isWord(.area, at: next, in: tokens), tokens[next].lowered != "district" { return true }
        // "Jamilah area in Majz district, Saada", "Daran (West of Isfahan)": a qualifier after a comma or
        // in brackets.
        if r.lowerBound >= 2, ["(", ","].contains(tokens[r.lowerBound - 1].text),
           tokens[r.lowerBound - 2].isCapitalised || lexicon.isWord(.area, at: r.lowerBound - 2, in: tokens) || tokens[r.lowerBound - 2].lowered == "area" {
            return tokens[r.lowerBound - 1].text == "(" || r.upperBound >= tokens.count || [".", ")", ";"].contains(tokens[r.upperBound].text) || tokens[r.upperBound].kind != .punctuation
        }
        // "in Nawa in Dar'a", "Khomam town in Rasht": the second place says where the first is.
        if r.lowerBound >= 2, tokens[r.lowerBound - 1].lowered == "in", placeEnds.contains(r.lowerBound - 1)
            || (placeEnds.contains(r.lowerBound - 2) && lexicon.isWord(.town, at: r.lowerBound - 2, in: tokens)) { return true }
        var k = r.lowerBound - 1
        if k >= 0, tokens[k].lowered == "of" { k -= 1 } else { return false }
        // "east of Raqqa": a point of reference.
        if k >= 0, Words.directions.contains(tokens[k]) { return true }
        while k >= 0, r.lowerBound - k <= 4, Words.directions.contains(tokens[k]) || tokens[k].lowered == "the" { k -= 1 }
        return k >= 0 && lexicon.isWord(.area, at: k, in: tokens)
    }

    /// "US troops", "Turkey's ministry", "Ankara said": a place that names an actor, not a setting.
    func namesAnActor(_ r: Range<Int>, _ sentence: Range<Int>, _ text: Text) -> Bool {
        let tokens = text.tokens
        var next = r.upperBound
        if next < sentence.upperBound, tokens[next].isPossessive { next += 1 }
        guard next < sentence.upperBound else { return false }
        return [CueClass.military, .police, .government].contains { lexicon.cue($0, at: next, in: tokens, limit: sentence.upperBound) != nil }
    }

    /// "came from Syria", "fled to Turkey": a place an event's people came from or went to, not where it
    /// happened.
    func isOrigin(_ r: Range<Int>, _ text: Text) -> Bool {
        guard r.lowerBound > 0 else { return false }
        let before = text.tokens[r.lowerBound - 1].lowered
        guard before == "from" || before == "to" else { return false }
        // "launched from X", "fired from X" name where the shooting was; "from X to Y" still names X.
        let verb = r.lowerBound >= 2 ? text.tokens[r.lowerBound - 2].lowered : ""
        return ["came", "fled", "returned", "travelled", "traveled", "moved", "displaced", "deported", "transferred", "headed", "went"].contains(verb)
    }

    /// Codebook, spatial precision: 1 when the town itself is named, 2 when the event took place near a town
    /// or in part of an area ("on the outskirts of Idlib", "Hama countryside", "east of Raqqa"), 3 when only a
    /// region is known.
    func located(_ p: ResolvedPlace, _ r: Range<Int>, _ text: Text) -> Located {
        let tokens = text.tokens
        var near = false
        let before = max(0, r.lowerBound - 4)..<r.lowerBound
        // "near X", "the outskirts of X" — but "the Aleppo countryside town of Atareb" names the town itself.
        if let cue = before.last(where: { lexicon.cue(.near, at: $0, in: tokens, limit: r.lowerBound) != nil }),
           !((cue + 1)..<r.lowerBound).contains(where: { lexicon.isWord(.town, at: $0, in: tokens) }) { near = true }
        // "Basra area", "Idlib countryside" — not "Basra around 15 February".
        if r.upperBound < tokens.count, lexicon.isWord(.area, at: r.upperBound, in: tokens) || lexicon.isWord(.around, at: r.upperBound, in: tokens) {
            near = true
        }
        return Located(place: p, precision: near ? 2 : nil)
    }
}
