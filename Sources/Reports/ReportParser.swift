import Foundation
import Gazetteer
import Geometry

/// A report read: its places (found in the text, or the gold spans given) resolved with the whole
/// document as context, and the events it tells.
public struct ParsedReport: Sendable {
    public var report: Report
    public var places: [ResolvedPlace]
    public var events: [Event]
    /// Why the report gave no event, when it gave none from running text.
    public var noEvent: NoEventReason?
    /// The name the gazetteer did not know, when that is why ("Hbit").
    public var unknownPlace: String?
}

/// Text → places → events, for one report at a time (reentrant: one parser serves every thread).
public struct ReportParser: Sendable {
    public let gazetteer: Gazetteer
    let finder: PlaceFinder
    let events: EventExtractor

    public init(gazetteer: Gazetteer, commonWords: some Sequence<String>, properNames: some Sequence<String>, lexicon: EventLexicon) {
        self.gazetteer = gazetteer
        finder = PlaceFinder(gazetteer: gazetteer, commonWords: commonWords, properNames: properNames, lexicon: lexicon)
        events = EventExtractor(gazetteer: gazetteer, lexicon: lexicon)
    }

    /// The parser over a built gazetteer: the word lists of its directory (`words.txt`, `propernames.txt`)
    /// and the bundled event lexicon.
    public static func load(gazetteer: Gazetteer) throws -> ReportParser {
        // Tens of thousands of words, read at every start: lines split and ASCII lower-cased on bytes.
        func list(_ name: String) throws -> [String] {
            let url = gazetteer.directory.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw ReportsError.missingData("\(url.path) is missing: run scripts/build-geodata")
            }
            return data.withUnsafeBytes { raw in
                raw.split(separator: 0x0A).map { line in
                    guard line.allSatisfy({ $0 < 0x80 }) else { return String(decoding: line, as: UTF8.self).lowercased() }
                    return String(unsafeUninitializedCapacity: line.count) { buffer in
                        for (i, b) in line.enumerated() { buffer[i] = b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
                        return line.count
                    }
                }
            }
        }
        return ReportParser(gazetteer: gazetteer, commonWords: try list("words.txt"), properNames: try list("propernames.txt"),
                            lexicon: try EventLexicon.bundled())
    }

    /// `keep`: how many candidates each place keeps under `alternatives` (beyond the best).
    public func parse(_ report: Report, keep: Int = 1) -> ParsedReport {
        let text = Text(report.text)
        let mentions: [PlaceMention]
        if let gold = report.mentions {
            mentions = gold.map { span in
                let sentence = text.sentences.lastIndex { text.tokens[$0.lowerBound].start <= span.lowerBound } ?? 0
                let s = text.slice(span.lowerBound, span.upperBound)
                // A qualifier after the span is read as in running text ("Alexandria, Va.").
                var query = s
                if let first = text.tokens.firstIndex(where: { $0.start >= span.lowerBound }),
                   let end = text.tokens[first...].firstIndex(where: { $0.end > span.upperBound }) ?? Optional(text.tokens.count),
                   first < end, text.tokens[end - 1].end == span.upperBound, text.sentences.indices.contains(sentence) {
                    query += finder.qualifierText(after: first..<end, in: text, sentence: text.sentences[sentence],
                                                  nameIsMajorArea: gazetteer.evidence(s)?.isMajorArea ?? false)
                }
                return PlaceMention(start: span.lowerBound, end: span.upperBound, text: s, role: .literal, query: query,
                                    tokens: 0..<0, sentence: sentence)
            }
        } else {
            mentions = finder.find(in: text)
        }
        let places = resolve(mentions, keep: keep)
        guard report.mentions == nil else { return ParsedReport(report: report, places: places, events: [], noEvent: nil, unknownPlace: nil) }
        // The report's country weights, read once (each reading scans the text for actors): they guide the
        // second look for places and name the actors.
        let actors = events.actorWeights(text)
        let tally = events.countryTally(places, actors: actors)
        let country = EventExtractor.dominant(in: tally)
        let leading = EventExtractor.leading(in: tally)
        // The names' consonants in every country, looked up once for the looks in each.
        let consonants = ConsonantLookups(gazetteer)
        let atHome = placesAtHome(townsWhereTheTextSaysSo(places, text, country: country), actors: actors, consonants: consonants, keep: keep)
        let placed = placesBySkeleton(text, adding: atHome, countries: leading, consonants: consonants, keep: keep)
        // The country read before the looks holds while they changed no answer (the tally is read again else).
        let unchanged = placed.count == places.count && zip(placed, places).allSatisfy { $0.place?.id == $1.place?.id }
        let found = events.extract(from: text, places: placed, report: report, country: unchanged ? .some(country) : nil, actors: actors)
        return ParsedReport(report: report, places: placed, events: found.events, noEvent: found.noEvent, unknownPlace: found.unknownPlace)
    }

    /// A report about one country names villages the gazetteer spells otherwise ("Jandairis", Jindayris):
    /// once the country is known, the names where the text puts a place that no lookup found are tried by
    /// their consonants among its places, and resolved there. With several countries (a report that leans to
    /// none), each in turn, the first that knows a name keeping it.
    /// Last, a name one letter off a town of those countries ("Saraqab"), or of a big town anywhere when the
    /// report names no country.
    func placesBySkeleton(_ text: Text, adding places: [ResolvedPlace], countries: [String], consonants: ConsonantLookups, keep: Int) -> [ResolvedPlace] {
        var covered = places.compactMap { events.actorRules.tokenRange(of: $0.mention, text) }
        var added: [ResolvedPlace] = []
        let looks = countries.map { PlaceFinder.SecondLook.consonants(country: $0, lookups: consonants) } + [.oneLetter(countries: countries)]
        for look in looks {
            let more = finder.namesBySecondLook(in: text, look, covered: covered)
            let context: ResolutionContext
            switch look {
            case .consonants(let country, _): context = ResolutionContext(countries: [country])
            // The countries as the document's evidence, not as a filter: a filter would have the lookup search
            // every country's places by consonants (its tables cost more than the look); the answer is then
            // taken among the looked-in countries' towns.
            case .oneLetter(let countries):
                var soft = ResolutionContext()
                soft.documentCountries = Dictionary(countries.map { ($0, 1.0 / Double(countries.count)) }, uniquingKeysWith: max)
                context = soft
            }
            let wanted: Set<String> = switch look {
            case .consonants(let country, _): [country]
            case .oneLetter(let countries): Set(countries)
            }
            for m in more {
                let r = gazetteer.resolve(m.query, context: context, keep: 50)
                // The look found a town of those countries: the answer is one ("Oroumiyeh" is Urmia, not Oromiya).
                let matches = r.matches.filter { $0.place.kind >= .city && (wanted.isEmpty || wanted.contains($0.place.country)) }
                guard let best = matches.first else { continue }
                added.append(ResolvedPlace(mention: m, place: nil, region: nil, status: r.status, score: 0)
                    .answered(by: best, alternatives: matches, keep: keep))
                covered.append(m.tokens)
            }
        }
        guard !added.isEmpty else { return places }
        return (places + added).sorted { $0.mention.start < $1.mention.start }
    }

    /// A small place that resolved far from every country the report names ("Quwa village" in Pakistan, in
    /// a report of Houthi fire on Saudi soldiers) is that name's place in those countries when they have
    /// one, else a place the gazetteer does not know there. Towns of 100,000 or more stay where they are.
    func placesAtHome(_ places: [ResolvedPlace], actors: [String: Double], consonants: ConsonantLookups, keep: Int) -> [ResolvedPlace] {
        func small(_ p: ResolvedPlace) -> Bool {
            guard p.mention.role == .literal || p.mention.role == .modifier, p.region == nil, let place = p.place else { return false }
            return (place.kind == .city || place.kind == .site || place.kind == .admin2) && place.population < EventExtractor.majorPopulation
        }
        // The countries the report names by more than a small place: its areas, big towns, peoples and actors.
        let countries = EventExtractor.leading(in: events.countryTally(places.filter { !small($0) }, actors: actors))
        guard !countries.isEmpty else { return places }
        let home = places.compactMap { p in p.place.map { countries.contains($0.country) } == true ? p.coordinate : nil }
            + countries.compactMap { gazetteer.country(code: $0).map { Coordinate(lon: $0.lon, lat: $0.lat) } }
        return places.map { p in
            guard small(p), let place = p.place, let at = p.coordinate, !countries.contains(place.country), !home.contains(where: { $0.roughKilometres(to: at) < ReportParser.homeReach }) else { return p }
            // Only a name that sounds the same there (its consonants), not a part of it or a distant spelling.
            // Asked first of the skeleton index (cheap), so that only a country that has the name is searched.
            let bones = NameKey.skeleton(NameKey.exact(p.mention.query))
            let homes = countries.filter { consonants.evidence(p.mention.query, country: $0) != nil }
            guard !homes.isEmpty, let match = gazetteer.resolve(p.mention.query, context: ResolutionContext(countries: Set(homes)), keep: 50).matches.first(where: {
                homes.contains($0.place.country) && NameKey.skeleton(NameKey.exact($0.matchedName)) == bones
            }) else { return p }
            return p.answered(by: match, alternatives: [match], keep: keep)
        }
    }

    /// How far from every country a report names a namesake may lie and still be the place meant.
    static let homeReach = 1_000.0

    /// "The city of Amara", "Amara town": a place the text calls a town is a town — the populated place of
    /// that name when the answer was a division or a country (Amhara, Ethiopia's region, for Amara in Iraq).
    func townsWhereTheTextSaysSo(_ places: [ResolvedPlace], _ text: Text, country: String?) -> [ResolvedPlace] {
        let tokens = text.tokens
        let context = ResolutionContext(countries: country.map { [$0] } ?? [])
        return places.map { p in
            guard p.mention.role == .literal, p.region == nil, let place = p.place, place.kind <= .admin1 || place.kind == .admin2,
                  let r = events.actorRules.tokenRange(of: p.mention, text) else { return p }
            let lexicon = events.lexicon
            let before = r.lowerBound >= 2 && tokens[r.lowerBound - 1].lowered == "of" && lexicon.isWord(.town, at: r.lowerBound - 2, in: tokens)
            let after = r.upperBound < tokens.count && lexicon.isWord(.town, at: r.upperBound, in: tokens)
            guard before || after,
                  let town = gazetteer.resolve(p.mention.query, context: context, keep: 50).matches.first(where: { $0.place.kind == .city }) else { return p }
            return p.answered(by: town, alternatives: nil, keep: 1)
        }
    }

    /// Every mention resolved with the document as context; demonyms by the demonym table.
    func resolve(_ mentions: [PlaceMention], keep: Int) -> [ResolvedPlace] {
        let named = mentions.indices.filter { mentions[$0].role != .demonym }
        var context = ResolutionContext()
        // Names found in the text matched exactly; gold spans may hold typos.
        context.allowsFuzzy = mentions.first?.tokens.isEmpty ?? true
        // A people named is evidence for its country ("Lebanese soldiers … Tripoli" is Lebanon's Tripoli): each
        // demonym's country joins the document as a mention of its own, its answer unused.
        let peoples = mentions.filter { $0.role == .demonym }.compactMap { m in
            gazetteer.demonym(m.query).flatMap { $0.isEmpty ? nil : gazetteer.country(code: $0)?.name }
        }
        let answers = gazetteer.resolveDocument(named.map { mentions[$0].query } + peoples, context: context, keep: max(keep, 2))
        var resolved = mentions.map { m -> ResolvedPlace in
            // A demonym names its country ("Turkish" → Turkey), an ethnic group none ("Kurdish"); the other
            // mentions take their answers below.
            guard m.role == .demonym else { return ResolvedPlace(mention: m, place: nil, region: nil, status: .notFound, score: 0) }
            let country = gazetteer.demonym(m.query).flatMap { $0.isEmpty ? nil : gazetteer.country(code: $0) }
            return ResolvedPlace(mention: m, place: country, region: nil, status: country == nil ? .notFound : .ok, score: country == nil ? 0 : 1)
        }
        for (k, i) in named.enumerated() {
            switch answers[k] {
            case .region(let region):
                resolved[i].region = region
                resolved[i].place = region.base
                resolved[i].status = .ok
                resolved[i].score = 1
            case .resolution(let r):
                resolved[i].place = r.best?.place
                resolved[i].status = r.status
                resolved[i].score = r.best?.score ?? 0
                if keep > 1 { resolved[i].alternatives = r.matches.prefix(keep).map { Coordinate(lon: $0.place.lon, lat: $0.place.lat) } }
            }
        }
        return resolved
    }
}

public enum ReportsError: Error, Sendable, CustomStringConvertible {
    case missingData(String)
    case badLexicon(file: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case .missingData(let why): why
        case .badLexicon(let file, let line, let reason): "\(file) line \(line): \(reason)"
        }
    }
}
