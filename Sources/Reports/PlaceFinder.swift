import Foundation
import Gazetteer

/// A place named in a report, before resolution.
public struct PlaceMention: Sendable, Equatable {
    /// How the text uses the place (events take their location from literal places only).
    public enum Role: String, Sendable {
        /// Where something is or happened: "airstrikes in Al Hasakah".
        case literal
        /// A people's or country's adjective: "Turkish drone", "Kurdish groups" (an ethnicity: no country).
        case demonym
        /// A capital or country standing for its government: "Ankara claimed", "Washington said".
        case metonym
        /// A place qualifying a noun: "US troops", "Kurdistan Workers' Party", "Turkey's interior ministry".
        case modifier
    }
    /// Code points, end exclusive.
    public var start: Int
    public var end: Int
    public var text: String
    public var role: Role
    /// What the gazetteer resolves: the name, with its qualifier ("Hasakah, Syria") or as a region
    /// ("northeastern Syria").
    public var query: String
    public var tokens: Range<Int>
    public var sentence: Int

    public init(start: Int, end: Int, text: String, role: Role, query: String, tokens: Range<Int> = 0..<0, sentence: Int = 0) {
        self.start = start
        self.end = end
        self.text = text
        self.role = role
        self.query = query
        self.tokens = tokens
        self.sentence = sentence
    }
}

/// Finds places in running text with the gazetteer alone (no model download): the longest name at each
/// capitalised word, kept when capitalisation, sentence position, the common-word list and the neighbours
/// agree that it is a place and not a person, an organisation or an ordinary word.
public struct PlaceFinder: Sendable {
    public let gazetteer: Gazetteer
    /// Lower-case English words (geodata/words.txt): "Police", "Most", "Reading" need more evidence.
    let commonWords: WordSet
    /// The dictionary's capitalised words, lower-cased: first names and surnames among them ("pat", "lloyd").
    let properNames: WordSet
    /// The first words of the gazetteer's demonyms (`Gazetteer.demonymFirstWords`).
    let demonymFirstWords: WordSet
    /// The words of workplaces and of things named after places (cues.tsv).
    let lexicon: EventLexicon
    static let longestName = 6
    /// A place this large is a place in running text even when the dictionary lists its name among persons'.
    static let bigPlace = 100_000

    public init(gazetteer: Gazetteer, commonWords: some Sequence<String>, properNames: some Sequence<String>, lexicon: EventLexicon) {
        self.gazetteer = gazetteer
        self.commonWords = WordSet(commonWords)
        self.properNames = WordSet(properNames)
        demonymFirstWords = WordSet(gazetteer.demonymFirstWords)
        self.lexicon = lexicon
    }

    /// The gazetteer's administrative designators ("governorate", "parish"), as a word set.
    /// Not "city": "Tehran City" is Tehran, read by its own name (the designated reading found a "Tarun City"
    /// by its consonants).
    static let designators = WordSet(Gazetteer.adminDesignators.subtracting(["city"]))

    public func find(in text: Text) -> [PlaceMention] {
        let tokens = text.tokens
        // Words written in lower case somewhere in the text: "Police" at a sentence's start is "police".
        let lowercaseInText = TokenSet(text) { $0.kind == .word && !$0.isCapitalised && $0.text == $0.lowered }
        // Words written in capitals in mixed-case text are acronyms ("NATO"): "Nato" elsewhere is the same.
        let acronyms = TokenSet(text) { $0.kind == .word && $0.isAllCaps && (2...5).contains($0.text.count) }
        var persons = Set<String>()
        var found: [PlaceMention] = []
        for (s, sentence) in text.sentences.enumerated() {
            var words = 0, capitals = 0
            for t in tokens[sentence] where t.kind == .word {
                words += 1
                if t.isAllCaps { capitals += 1 }
            }
            let shouting = words >= 3 && capitals * 10 >= words * 8
            var i = sentence.lowerBound
            while i < sentence.upperBound {
                let demonym = demonymMention(at: i, text, sentence: s, shouting: shouting)
                // A two-word demonym ("Sri Lankan") wins over a place in its first word.
                if let demonym, demonym.tokens.count > 1 {
                    found.append(demonym)
                    i = demonym.tokens.upperBound
                    continue
                }
                guard tokens[i].kind == .word,
                      let (end, evidence) = name(at: i, in: text, sentence: sentence) else {
                    if let demonym { found.append(demonym) }
                    i += 1
                    continue
                }
                let span = i..<end
                var verdict = judge(span, evidence, text, sentence: sentence, shouting: shouting,
                                    lowercaseInText: lowercaseInText, acronyms: shouting ? nil : acronyms, persons: &persons)
                // "Kurdistan Workers Party", "Tigray People's Liberation Front": an organisation's name, not a place.
                if verdict == .modifier, startsOrganisationName(after: span, text, sentence: sentence) { verdict = nil }
                if verdict != nil, let demonym, span == demonym.tokens, evidence.topKind == .city,
                   evidence.maxPopulation < Gazetteer.demonymOverTownBelow {
                    // "Canadian" is Canada's people before it is a town in Texas.
                    found.append(demonym)
                } else if let role = verdict {
                    found.append(mention(span, role: role, text, sentence: s, in: sentence, evidence: evidence))
                } else if let demonym {
                    found.append(demonym)
                }
                i = verdict == nil ? i + 1 : end
            }
        }
        return found
    }

    /// The name at `start`: the longest exact one — or a longer one in another form where the text puts a
    /// place ("near the gates of Tal Tamer city": "Tal" alone is a name, "Tell Tamer" the place).
    func name(at start: Int, in text: Text, sentence: Range<Int>) -> (Int, NameEvidence)? {
        guard let exact = longestName(at: start, in: text, sentence: sentence) else { return looseName(at: start, in: text, sentence: sentence) }
        let tokens = text.tokens
        guard exact.0 < sentence.upperBound, tokens[exact.0 - 1].gap == .space || tokens[exact.0 - 1].gap == .hyphen,
              tokens[exact.0].kind == .word, tokens[exact.0].isCapitalised,
              let loose = looseName(at: start, in: text, sentence: sentence), loose.0 > exact.0 else { return exact }
        return loose
    }

    /// Whether a name ending before token `e` would leave its article behind ("Jabal al" of "Jabal
    /// al-Zawiya", "Tal Ed" of "Tal Ed-Daman"): an article joined by a hyphen belongs to the word after it.
    func cutsAnArticle(_ e: Int, _ text: Text) -> Bool {
        let last = text.tokens[e - 1]
        return last.gap == .hyphen && e < text.tokens.count && Words.nameParticles.contains(last.lowered)
    }

    /// The longest run of tokens from `start` that is a place name, and its evidence.
    func longestName(at start: Int, in text: Text, sentence: Range<Int>) -> (Int, NameEvidence)? {
        let tokens = text.tokens
        let first = tokens[start]
        // A name starts capitalised, or with an Arabic article joined by a hyphen ("al-Hasakah").
        guard first.isCapitalised || (first.gap == .hyphen && Words.nameParticles.contains(first.text)) else { return nil }
        var end = start + 1
        var ends: [Int] = []
        while end <= sentence.upperBound, end - start <= PlaceFinder.longestName {
            let last = tokens[end - 1]
            if last.kind == .punctuation { break }
            if last.isCapitalised || last.kind == .number && end - 1 > start { ends.append(end) }
            // "St. Petersburg", "Ft. Worth", "W. Va.": the abbreviation's stop is inside the name.
            if last.gap == .none, end + 1 < sentence.upperBound, tokens[end].text == ".",
               ["st", "ft", "mt", "pt"].contains(last.lowered) || end - 1 == start && last.text.count == 1 && last.isCapitalised,
               tokens[end].gap == .space, tokens[end + 1].isCapitalised {
                end += 2
                continue
            }
            guard last.gap == .space || last.gap == .hyphen, end < sentence.upperBound else { break }
            let next = tokens[end]
            guard next.kind == .word || next.kind == .number,
                  next.isCapitalised || Words.nameParticles.contains(next.text) || next.kind == .number else { break }
            end += 1
        }
        for e in ends.reversed() where !cutsAnArticle(e, text) {
            guard let evidence = gazetteer.evidence(text.text(ofTokens: start..<e)) else { continue }
            // "Tehran City", "Tripoli City": a capital's or a seat's name with "City" after it is that city,
            // unless a place ten times smaller bears the two words as its own name ("Kansas City", "Mexico
            // City", "New York City" stay whole).
            if e - start >= 2, tokens[e - 1].lowered == "city", let alone = gazetteer.evidence(text.text(ofTokens: start..<(e - 1))),
               alone.hasCapital || alone.hasSeat, (evidence.ownNamePopulation ?? 0) * 10 < alone.maxPopulation {
                return (e - 1, alone)
            }
            // "Hasakah Governorate", "Rapides Parish": the designator belongs to the name (the resolver reads
            // it) — when the name is a division's: "Edwardsville City Council", "U.S. Department" are not.
            if e < sentence.upperBound, tokens[e - 1].gap == .space, tokens[e].isCapitalised,
               PlaceFinder.designators.contains(tokens[e]), gazetteer.namesDivision(text.text(ofTokens: start..<e)) { return (e + 1, evidence) }
            return (e, evidence)
        }
        return nil
    }

    /// A name the exact lookup missed where the text puts a place — "the town of Khan Shaykun", "Kafr Zeita
    /// town", "in Ein Terma" — found in its other spellings (`Gazetteer.looseEvidence`): the longest run of
    /// capitalised words from `start` that one of them finds.
    /// `second`: the second look's lookup, once the forms were tried (`SecondLook`).
    /// `limit`: where the name must end at the latest (the next token already in a mention): a shorter name
    /// before it is tried, not the run into it; the words up to the run's end still tell what follows it
    /// ("between X and Y areas").
    func looseName(at start: Int, in text: Text, sentence: Range<Int>, second: SecondLook? = nil, limit: Int? = nil) -> (Int, NameEvidence)? {
        let tokens = text.tokens
        guard tokens[start].isCapitalised, !tokens[start].isAllCaps, !Words.function.contains(tokens[start]),
              !Words.calendar.contains(tokens[start]), !Words.directions.contains(tokens[start]) else { return nil }
        var end = start + 1
        while end < sentence.upperBound, end - start < PlaceFinder.longestName, tokens[end - 1].gap == .space || tokens[end - 1].gap == .hyphen,
              tokens[end].kind == .word, tokens[end].isCapitalised || Words.nameParticles.contains(tokens[end]) { end += 1 }
        while end > start + 1, Words.nameParticles.contains(tokens[end - 1]) { end -= 1 }
        let before = start > sentence.lowerBound ? tokens[start - 1] : nil
        let beforeThat = start - 1 > sentence.lowerBound ? tokens[start - 2] : nil
        let settlementBefore = before?.lowered == "of" && beforeThat.map { Words.settlements.contains($0) } == true
        let settlementAfter = end < sentence.upperBound && Words.settlements.contains(tokens[end])
        let locativeBefore = before.map { Words.eventLocative.contains($0) } ?? false
        // "Workers of Doroud Railways", "Oroumiyeh Steel company": a town naming a workplace, read on the
        // second look only (the report's places known).
        let placed = settlementBefore || settlementAfter || locativeBefore
        let workplace = { (e: Int) in second != nil && e < sentence.upperBound && lexicon.isWord(.workplace, at: e, in: tokens) }
        guard placed || ((start + 1)...end).contains(where: workplace) else { return nil }
        for e in stride(from: min(end, limit ?? end), to: start, by: -1) where !cutsAnArticle(e, text) && (placed || workplace(e)) {
            let words = tokens[start..<e]
            // A single word after a bare preposition must look like no English word or first name.
            if e - start == 1 {
                if commonWords.contains(tokens[start]) || properNames.contains(tokens[start]) || tokens[start].text.count < 4 { continue }
                if !settlementBefore && !settlementAfter && !workplace(e) && tokens[start].text.count < 6 { continue }
            }
            guard !words.allSatisfy({ commonWords.contains($0) || Words.nameParticles.contains($0) }) else { continue }
            let name = text.text(ofTokens: start..<e)
            let evidence = switch second {
            case nil: gazetteer.looseEvidence(name)
            case .consonants(let country, let lookups): lookups.evidence(name, country: country)
            case .oneLetter(let countries): gazetteer.oneLetterEvidence(name, countries: countries)
            }
            if let evidence { return (e, evidence) }
        }
        return nil
    }

    /// How the second look finds a name: by its consonants among one country's places ("Jandairis" is
    /// Jindayris), or one letter away ("Saraqab" is Saraqib) among some countries' towns, or big towns anywhere.
    /// `lookups`: the report's, shared by its looks in each country.
    public enum SecondLook {
        case consonants(country: String, lookups: ConsonantLookups)
        case oneLetter(countries: [String])
    }

    /// A second look, once the report's countries are read: names where the text puts a place that neither
    /// their exact key nor their forms found, looked up again as `look` says. Tokens already in a mention
    /// are passed over.
    public func namesBySecondLook(in text: Text, _ look: SecondLook, covered: [Range<Int>]) -> [PlaceMention] {
        let tokens = text.tokens
        var taken = [Bool](repeating: false, count: tokens.count)
        for r in covered { for i in r where i < tokens.count { taken[i] = true } }
        var found: [PlaceMention] = []
        let lowercaseInText = TokenSet(text) { $0.kind == .word && !$0.isCapitalised && $0.text == $0.lowered }
        var persons = Set<String>()
        for (s, sentence) in text.sentences.enumerated() {
            var i = sentence.lowerBound
            while i < sentence.upperBound {
                // A name does not run into one already found ("Rural Damascus" once Damascus is a place).
                guard !taken[i], tokens[i].kind == .word, tokens[i].isCapitalised,
                      let (end, evidence) = looseName(at: i, in: text, sentence: sentence, second: look,
                                                      limit: (i + 1..<min(sentence.upperBound, i + PlaceFinder.longestName + 1)).first { taken[$0] })
                else { i += 1; continue }
                // A modifier only of a workplace ("Doroud Railways"); others are actors' ("Russian forces").
                if let role = judge(i..<end, evidence, text, sentence: sentence, shouting: false, lowercaseInText: lowercaseInText, acronyms: nil, persons: &persons),
                   role == .literal || (role == .modifier && end < sentence.upperBound && lexicon.isWord(.workplace, at: end, in: tokens)) {
                    found.append(mention(i..<end, role: role, text, sentence: s, in: sentence, evidence: evidence))
                }
                i = end
            }
        }
        return found
    }

    /// Whether a name found in text is a place here, and its role; nil to leave it out.
    func judge(_ span: Range<Int>, _ evidence: NameEvidence, _ text: Text, sentence: Range<Int>, shouting: Bool,
               lowercaseInText: TokenSet, acronyms: TokenSet?, persons: inout Set<String>) -> PlaceMention.Role? {
        let tokens = text.tokens
        let head = tokens[span.lowerBound]
        let single = span.count == 1
        let lowered = head.lowered
        // "pro-Hadi forces", "anti-Assad protests": a side named after a person or place, not a place.
        // "pro Hadi forces" too.
        if span.lowerBound > sentence.lowerBound, ["pro", "anti"].contains(tokens[span.lowerBound - 1].lowered) { return nil }
        // "the US dollar", "Molotov cocktails": a thing named after a place.
        if span.upperBound < sentence.upperBound, lexicon.isWord(.namedAfter, at: span.upperBound, in: tokens) { return nil }
        let initial = span.lowerBound == sentence.lowerBound
            || (span.lowerBound - 1 >= sentence.lowerBound && tokens[span.lowerBound - 1].kind == .punctuation
                && ["“", "\"", "‘", "(", "'"].contains(tokens[span.lowerBound - 1].text) && span.lowerBound - 1 == sentence.lowerBound)
        if single {
            if Words.function.contains(head) && !(head.isAllCaps && !shouting && evidence.isMajorArea) { return nil }
            if Words.calendar.contains(head) || ["co", "inc", "corp", "ltd", "no", "jr", "sr"].contains(lowered) { return nil }
            if !head.isAllCaps, acronyms?.contains(head) == true, !evidence.isMajorArea { return nil }
            // A dotted abbreviation after a number is an era ("500 B.C."), not British Columbia — unless it
            // names a country ("13 U.S. senators").
            if head.text.utf8.contains(0x2E), evidence.topKind > .country, span.lowerBound > sentence.lowerBound,
               tokens[span.lowerBound - 1].kind == .number {
                return nil
            }
            var letters = 0
            for s in head.text.unicodeScalars where s.value < 0x80 ? (s.value | 0x20) >= 0x61 && (s.value | 0x20) <= 0x7A : s.properties.isAlphabetic {
                letters += 1
            }
            // Acronyms ("IS", "PKK", "NATO") are places only when they name a country or state ("US", "UK").
            if letters <= 3 || (head.isAllCaps && !shouting && (2...5).contains(letters)) {
                guard evidence.isMajorArea else { return nil }
                // "AP", "Co", "Ms" are no states; "Va." after a town and "D.C." are: a state's short form only
                // as a qualifier or written with stops, a country's ("US", "UK", "UAE") anywhere.
                let qualifier = span.lowerBound > sentence.lowerBound && tokens[span.lowerBound - 1].text == ","
                let dotted = head.text.utf8.contains(0x2E) || (span.upperBound < tokens.count && tokens[span.upperBound].text == "." && head.gap == .none)
                // A division's acronym of three letters or more after a locative word is one too ("in NSW").
                let located = letters >= 3 && span.lowerBound > sentence.lowerBound && Words.locative.contains(tokens[span.lowerBound - 1])
                guard evidence.topKind <= .country || qualifier || dotted || located else { return nil }
            }
            if persons.contains(lowered) && !evidence.isMajorArea { return nil }
            if lowercaseInText.contains(head) && !evidence.isMajorArea { return nil }
            // A first name or surname that no place bears as its own name ("Kristina" is only an old name of
            // Ristiina, Finland; "Marie" of Maglie, Italy) is a person.
            // A known place of 100,000 or more outranks the list ("Kharkov", "Kiev" are old names of big cities).
            if properNames.contains(head), !evidence.hasOwnName, !evidence.isMajorArea, evidence.maxPopulation < PlaceFinder.bigPlace { return nil }
        }
        let allCommon = tokens[span].allSatisfy { commonWords.contains($0) || Words.nameParticles.contains($0) }
        if allCommon && !evidence.isMajorArea {
            // "Police", "Most": ordinary words need a place of 10,000 or more that bears them as its own name
            // (Casablanca is also "White House", translated), and not at a sentence's start; after "the" they
            // are more often a noun phrase ("the White House"; the Tennessee town is 11,000): 20,000. A state
            // or country after a comma vouches for a smaller one: "White House, Tennessee".
            guard !initial, !shouting else { return nil }
            let afterThe = previousWord(before: span.lowerBound, in: sentence, text).map { tokens[$0].lowered == "the" } ?? false
            if (evidence.ownNamePopulation ?? 0) < (single ? 100_000 : afterThe ? 20_000 : 10_000) {
                guard qualifier(after: span, in: text, sentence: sentence) != nil else { return nil }
            }
        }
        // "Central", "Interior", "Lakes", "Gulf" name provinces somewhere, and are words first: a province's
        // name that is also a word must be its country's main division here, which a word alone cannot show.
        // (A province named after its seat is that city's name first: "Shanghai".)
        if allCommon, single, evidence.topKind == .admin1, !evidence.hasSeat { return nil }
        if shouting { return role(span, evidence, text, sentence: sentence) }
        // A capitalised word before the name, other than a function word, a title-less sentence start or a
        // place: the name is a person's ("Pat Ryder", "Lloyd Austin", "Mr. Fidan").
        if let p = previousWord(before: span.lowerBound, in: sentence, text) {
            let before = tokens[p]
            let isTitle = Words.titles.contains(before)
            if before.isCapitalised, !Words.function.contains(before), !Words.directions.contains(before),
               isTitle || !commonWords.contains(before) || properNames.contains(before),
               gazetteer.demonym(before.text) == nil, isTitle || gazetteer.evidence(before.text) == nil || !evidence.isMajorArea,
               !(before.isAllCaps && gazetteer.evidence(before.text)?.isMajorArea == true) {
                if single, !evidence.isMajorArea || isTitle { persons.insert(lowered) }
                if !evidence.isMajorArea || isTitle { return nil }
            }
        }
        // A small place's name before another capitalised word that is no place: a first name ("Hakan Fidan",
        // "Yasar Guler"), the surname remembered.
        if single, !evidence.isMajorArea, span.upperBound < sentence.upperBound, head.gap == .space {
            let next = tokens[span.upperBound]
            if next.kind == .word, next.isCapitalised, !next.isAllCaps, !Words.organisationHeads.contains(next),
               !commonWords.contains(next) || properNames.contains(next) && properNames.contains(head),
               !PlaceFinder.designators.contains(next), !Words.function.contains(next),
               !Words.calendar.contains(next), !Words.directions.contains(next),
               gazetteer.evidence(next.text).map({ !$0.isMajorArea }) ?? true, gazetteer.demonym(next.text) == nil {
                persons.insert(next.lowered)
                return nil
            }
        }
        return role(span, evidence, text, sentence: sentence)
    }

    /// The word token before `index` in the sentence, across a title's full stop ("Mr. Fidan"), or nil.
    func previousWord(before index: Int, in sentence: Range<Int>, _ text: Text) -> Int? {
        var p = index - 1
        guard p >= sentence.lowerBound else { return nil }
        if text.tokens[p].text == ".", text.tokens[p].gap != .none, p - 1 >= sentence.lowerBound,
           Words.titles.contains(text.tokens[p - 1]) { p -= 1 }
        let t = text.tokens[p]
        guard t.kind == .word, t.gap == .space || t.gap == .none && text.tokens[p + 1].text == "." else { return nil }
        return p
    }

    /// Whether the capitalised words after `span` end an organisation's name ("… Workers Party", "… Front").
    func startsOrganisationName(after span: Range<Int>, _ text: Text, sentence: Range<Int>) -> Bool {
        var k = span.upperBound
        while k < sentence.upperBound, k < span.upperBound + 5 {
            let t = text.tokens[k]
            if t.isPossessive || t.text == "'" || t.text == "’" { k += 1; continue }
            guard t.kind == .word, t.isCapitalised else { return false }
            if Words.organisationNames.contains(t) { return true }
            k += 1
        }
        return false
    }

    func role(_ span: Range<Int>, _ evidence: NameEvidence, _ text: Text, sentence: Range<Int>) -> PlaceMention.Role {
        let tokens = text.tokens
        let last = tokens[span.upperBound - 1]
        let next = span.upperBound < sentence.upperBound ? tokens[span.upperBound] : nil
        let before = span.lowerBound > sentence.lowerBound ? tokens[span.lowerBound - 1] : nil
        let locative = before.map { $0.kind == .word && Words.locative.contains($0) } ?? false
        if last.gap == .hyphen { return .modifier }  // "US-backed", "Syria-based"
        if let next {
            if next.isPossessive { return .modifier }
            if next.kind == .word, last.gap == .space || last.gap == .none && last.text.hasSuffix(".") {
                if Words.modified.contains(next) || next.text.hasPrefix("F") && next.gap == .hyphen { return .modifier }
                if next.isCapitalised, !locative, Words.organisationHeads.contains(next)
                    || (gazetteer.evidence(next.text) == nil && !Words.function.contains(next)
                        && !Words.directions.contains(next) && !Words.agency.contains(next)) {
                    return .modifier
                }
            }
        }
        if !locative, evidence.hasCapital || evidence.topKind == .country, speaksAfter(span, text, sentence: sentence) {
            return .metonym
        }
        return .literal
    }

    /// "Ankara claimed", "Washington said", "Ankara only claimed", "for Ankara and Washington to coordinate".
    func speaksAfter(_ span: Range<Int>, _ text: Text, sentence: Range<Int>) -> Bool {
        let tokens = text.tokens
        var k = span.upperBound
        while k < sentence.upperBound {
            let w = tokens[k]
            guard w.kind == .word else { return false }
            if Words.adverbs.contains(w) && !Words.agency.contains(w) { k += 1; continue }
            if w.lowered == "and", k + 1 < sentence.upperBound, tokens[k + 1].isCapitalised { k += 2; continue }
            if Words.agency.contains(w) { return true }
            if w.lowered == "to", precededByFor(span.lowerBound, text, sentence: sentence) { return true }
            return false
        }
        return false
    }

    /// "for Ankara and Washington to …": "for" before the name, across "X and".
    func precededByFor(_ start: Int, _ text: Text, sentence: Range<Int>) -> Bool {
        var k = start - 1
        while k - 1 >= sentence.lowerBound, text.tokens[k].lowered == "and", text.tokens[k - 1].isCapitalised { k -= 2 }
        return k >= sentence.lowerBound && text.tokens[k].lowered == "for"
    }

    /// "Turkish", "Syrian", "Kurdish", "Sri Lankan", "Americans": a people's or country's adjective or noun,
    /// one or two capitalised words, plural or not. The query is the demonym as the table has it.
    func demonymMention(at i: Int, _ text: Text, sentence: Int, shouting: Bool) -> PlaceMention? {
        let tokens = text.tokens
        let t = tokens[i]
        guard t.kind == .word, t.isCapitalised, t.text.count > 3 || i + 1 < tokens.count && tokens[i + 1].isCapitalised else { return nil }
        // A word of four or more plain letters is its own key: unless it (or, plural, its stem) starts a
        // demonym, no form made from it is one.
        if t.text.utf8.count > 3, t.text.utf8.allSatisfy({ ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }),
           !demonymFirstWords.contains(t), !(t.lowered.hasSuffix("s") && demonymFirstWords.contains(String(t.lowered.dropLast()))) {
            return nil
        }
        var candidates: [(end: Int, form: String)] = []
        if i + 1 < tokens.count, t.gap == .space, tokens[i + 1].kind == .word, tokens[i + 1].isCapitalised {
            let two = t.text + " " + tokens[i + 1].text
            candidates += [(i + 2, two), (i + 2, String(two.dropLast()))]
        }
        if t.text.count > 3 { candidates += [(i + 1, t.text)] }
        if t.text.count > 4, t.text.hasSuffix("s") { candidates += [(i + 1, String(t.text.dropLast()))] }
        for (end, form) in candidates where !(form.hasSuffix(" ") || form.isEmpty) {
            if end - i == 2, form.count < t.text.count + 2 { continue }  // a one-letter second word is no demonym
            if gazetteer.demonym(form) != nil {
                let start = t.start, stop = tokens[end - 1].end
                return PlaceMention(start: start, end: stop, text: text.slice(start, stop), role: .demonym, query: form,
                                    tokens: i..<end, sentence: sentence)
            }
        }
        return nil
    }

    /// The name after a comma that qualifies the one before it, a country or first-level division ("Hasakah,
    /// Syria", "White House, Tennessee", "Albany, New York"): its tokens. One reading for vouching and for
    /// resolving.
    func qualifier(after span: Range<Int>, in text: Text, sentence: Range<Int>) -> Range<Int>? {
        let q = span.upperBound
        guard q + 1 < sentence.upperBound, text.tokens[q].text == ",", text.tokens[q + 1].isCapitalised,
              let (end, evidence) = longestName(at: q + 1, in: text, sentence: sentence), evidence.isMajorArea else { return nil }
        return (q + 1)..<end
    }

    /// The qualifier as the query carries it (", Syria", ", Va."), or "". After an area's name, a comma more
    /// often lists the next area ("Syria, Iraq"); an abbreviation ("Va.", "KY") qualifies even then
    /// ("Alexandria, Va.": Alexandria is also an Egyptian governorate).
    func qualifierText(after span: Range<Int>, in text: Text, sentence: Range<Int>, nameIsMajorArea: Bool) -> String {
        guard let q = qualifier(after: span, in: text, sentence: sentence) else { return "" }
        let tokens = text.tokens, last = q.upperBound - 1
        let dotted = q.upperBound < tokens.count && tokens[q.upperBound].text == "." && tokens[last].gap == .none
        let code = q.count == 1 && tokens[last].text.utf8.count == 2 && tokens[last].text.allSatisfy(\.isUppercase)
        guard !nameIsMajorArea || dotted || code else { return "" }
        return ", " + text.text(ofTokens: q) + (dotted ? "." : "")
    }

    func mention(_ span: Range<Int>, role: PlaceMention.Role, _ text: Text, sentence: Int, in sentenceTokens: Range<Int>,
                 evidence: NameEvidence) -> PlaceMention {
        let tokens = text.tokens
        var start = span.lowerBound
        var query = text.text(ofTokens: span)
        // A region: a compass word before a country or first-level division ("northern Syria", "north-eastern Syria").
        if evidence.isMajorArea, role == .literal, start > 0, Words.directions.contains(tokens[start - 1]) {
            start -= 1
            if start > 0, tokens[start - 1].gap == .hyphen, Words.directions.contains(tokens[start - 1]) { start -= 1 }
            // "north-eastern" is one direction; the name keeps its own hyphens ("western Deir-ez-Zor").
            query = text.text(ofTokens: start..<span.lowerBound).replacingOccurrences(of: "-", with: "") + " " + text.text(ofTokens: span)
        }
        // A qualifier after a comma: "Hasakah, Syria", "Alexandria, Va." — read as context when resolving.
        query += qualifierText(after: span, in: text, sentence: sentenceTokens, nameIsMajorArea: evidence.isMajorArea)
        let startOffset = tokens[start].start
        let endOffset = tokens[span.upperBound - 1].end
        return PlaceMention(start: startOffset, end: endOffset, text: text.slice(startOffset, endOffset), role: role,
                            query: query, tokens: start..<span.upperBound, sentence: sentence)
    }
}
