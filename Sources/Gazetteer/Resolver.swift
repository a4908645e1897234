import Foundation
import Geometry

/// What is known around a name: a country or admin1 it is in, a point it is near, other places in the same
/// document. Each raises the candidates that agree with it.
public struct ResolutionContext: Sendable {
    public var countries: Set<String> = []
    public var admin1: Set<String> = []  // "US.VA"
    public var near: Coordinate?
    public var documentPlaces: [Place] = [] { didSet { documentAnchors = nil } }
    /// The document's places as ranking reads them, made once for a document's second pass; when set, they
    /// stand for `documentPlaces`.
    var documentAnchors: [DocumentAnchor]?
    /// The share of a document's evidence each country holds (from a first pass over all its mentions).
    public var documentCountries: [String: Double] = [:]
    /// The same for first-level divisions ("US.TN"): a Tennessee paper's Paris is Paris, Tennessee.
    public var documentAdmin1: [String: Double] = [:]
    /// The leading candidates of each other name in the document (their points): a candidate close to one
    /// of another name's is likelier — Paris and Henry County are Paris, Tennessee and its county, though
    /// neither is sure alone.
    public var documentCandidates: [[Coordinate]] = []
    /// Whether to try names one edit away when nothing matches (typos in a name given to geocode); names
    /// found in running text match exactly, and leave it off.
    public var allowsFuzzy = true

    public init(countries: Set<String> = [], near: Coordinate? = nil, documentPlaces: [Place] = []) {
        self.countries = countries
        self.near = near
        self.documentPlaces = documentPlaces
    }
}

/// A place of the document as ranking reads it: its id, country and point on the sphere.
struct DocumentAnchor: Sendable {
    var id: Int
    var country: String
    var point: SpherePoint

    init(_ place: Place) {
        id = place.id
        country = place.country
        point = SpherePoint(Coordinate(lon: place.lon, lat: place.lat))
    }
}

public struct Match: Sendable {
    public var place: Place
    public var matchedName: String
    /// Matched as a demonym or adjective ("Turkish" → Turkey), not as a name of the place.
    public var isDemonym = false
    /// The share of the evidence for this candidate among all candidates (a softmax of the ranking scores).
    public var score: Double
    /// The raw ranking score, for ordering and diagnostics.
    public var rank: Double
    /// The place stands for a part of it the gazetteer does not know ("Damascus - Jobar" → Damascus).
    public var standsForPart = false

    /// ACLED's geo_precision: 1 the town itself, 2 a part of a town (or near it), 3 a region.
    public var geoPrecision: Int {
        switch place.kind {
        case .city, .site: standsForPart ? 2 : 1
        case .admin2: 2
        default: 3
        }
    }
}

public struct Resolution: Sendable {
    public enum Status: String, Sendable { case ok, ambiguous, notFound = "not_found" }
    public var query: String
    public var status: Status
    /// Best first.
    public var matches: [Match]
    public var best: Match? { matches.first }
}

extension Gazetteer {
    /// Designators that name an administrative unit: "Hasakah Governorate" is the governorate, not the city.
    public static let adminDesignators: Set<String> = ["governorate", "province", "state", "region", "oblast", "county",
                                                "district", "prefecture", "department", "muhafazat", "wilayah", "vilayet",
                                                "parish", "borough", "municipality", "city"]

    static let designatorEnds: Set<UInt16> = Set(adminDesignators.map { UInt16($0.utf8.first!) << 8 | UInt16($0.utf8.last!) })

    /// Resolves one name: the candidates ranked by kind (continent, country, capital, admin1, seat, town),
    /// population and agreement with the context, with a qualifier after a comma or "in" ("Homs, Syria",
    /// "Alexandria, Va.", "Aleppo in Syria") read as context.
    /// `keep`: how many of the ranked matches come back with their names (all are scored).
    public func resolve(_ query: String, context: ResolutionContext = ResolutionContext(), keep: Int = 10) -> Resolution {
        resolve(lookUp(query, allowsFuzzy: context.allowsFuzzy, countries: context.countries), context: context, keep: keep)
    }

    /// A name's candidates as the index gives them, before any ranking: what a document's passes rank again
    /// and again, looked up once.
    struct Lookup: Sendable {
        var query: String
        var name: String
        /// The country and first-level division a qualifier gave ("Homs, Syria"), as context.
        var countries: Set<String> = []
        var admin1: Set<String> = []
        var candidates: [Candidate] = []
        var wantsAdmin = false
        /// The answer when there is nothing to rank (a demonym, or no place).
        var answer: Resolution?
    }

    /// The candidates for `query`: its exact matches, else a demonym, else its spelling variants, its other
    /// forms (`NameForms`), its parts ("Damascus - Jobar", "X (Y)"), and (with `allowsFuzzy`) names one edit
    /// away; a designator ("Hasakah Governorate") asks for divisions. With `countries` (the caller's or a
    /// qualifier's), each further step is taken until one finds a candidate there.
    func lookUp(_ query: String, allowsFuzzy: Bool, countries: Set<String> = []) -> Lookup {
        var name = trimmed(query)
        var found = Lookup(query: query, name: name)
        var containers: [Place] = []
        if let (head, qualifier) = splitQualifier(name) {
            containers = qualifierPlaces(qualifier)
            if !containers.isEmpty {
                name = head
                found.name = head
            }
            for container in containers {
                found.countries.insert(container.country)
                if container.kind == .admin1 { found.admin1.insert("\(container.country).\(container.admin1)") }
            }
        }
        var candidates = self.candidates(name, skeletons: false)
        // A demonym, or its plural ("Palestinians", "Americans"), before any spelling variant: "Americans"
        // is one letter from Americana, Brazil. And before a small town that bears it ("Canadian", Texas).
        if let code = demonym(name) ?? (name.count > 4 && name.hasSuffix("s") ? demonym(String(name.dropLast())) : nil),
           candidates.allSatisfy({ $0.place.kind >= .city && Gazetteer.rankingPopulation($0.place.kind, $0.place.population) < Gazetteer.demonymOverTownBelow }) {
            // "Turkish" names Turkey; "Kurdish" names a people, not a country: no place.
            if let country = country(code: code) {
                found.answer = Resolution(query: query, status: .ok, matches: [Match(place: country, matchedName: name, isDemonym: true, score: 1, rank: 0)])
            } else {
                found.answer = Resolution(query: query, status: .notFound, matches: [])
            }
            return found
        }
        let wanted = countries.union(found.countries)
        candidates = otherForms(of: name, after: candidates, wanted: wanted)
        if !Gazetteer.settles(candidates, wanted) { Gazetteer.merge(partCandidates(name, wanted: wanted), into: &candidates) }
        if !wanted.isEmpty, !Gazetteer.settles(candidates, wanted) { Gazetteer.merge(countrySkeletonCandidates(name, wanted: wanted), into: &candidates) }
        if !Gazetteer.settles(candidates, wanted), allowsFuzzy { Gazetteer.merge(fuzzyCandidates(name), into: &candidates) }
        if candidates.isEmpty || endsWithDesignator(name) {
            // "Hasakah Governorate" → the admin1 named Hasakah.
            let words = name.split(separator: " ")
            let stripped = words.filter { !Gazetteer.adminDesignators.contains($0.lowercased()) }.joined(separator: " ")
            if stripped.count < name.count, !stripped.isEmpty {
                let admins = self.candidates(stripped).filter { $0.place.kind == .admin1 || $0.place.kind == .admin2 }
                if !admins.isEmpty {
                    candidates = admins
                    found.wantsAdmin = true
                }
            }
        }
        if candidates.isEmpty, let base = Gazetteer.directionBase(name) {
            // "western Africa", "southern England", "North London": a part of an area the gazetteer has no
            // polygon for (a continent, England, a city) is, more coarsely, that area. Only an area or a city
            // of 100,000 named as written: "West Bank" is not the town of Bank, nor South Ossetia Haiti's Ouest
            // (a spelling variant).
            candidates = self.candidates(base, skeletons: false).filter {
                $0.place.kind <= .admin1 || $0.place.kind == .city && $0.place.population >= 100_000
            }
        }
        if candidates.isEmpty { found.answer = Resolution(query: query, status: .notFound, matches: []) }
        // A qualifier is the writer's own word on where the place is: its candidates there, when it has any,
        // are the only ones ("Alexandria, Va." is not Alexandria, Kentucky, whatever else the report names).
        if !containers.isEmpty {
            let inside = candidates.filter { c in
                containers.contains { $0.country == c.place.country && ($0.kind == .country || $0.admin1 == c.place.admin1) && $0.id != c.place.id }
            }
            if !inside.isEmpty { candidates = inside }
        }
        found.candidates = candidates
        return found
    }

    /// What a name matched in another of its forms (Tell for Tall, without Qaryat) loses in ranking: more than
    /// an alternate name as written, less than a match by consonants alone.
    static let formPenalty = 1.5

    /// A demonym names its country rather than a town of fewer people that bears it.
    public static let demonymOverTownBelow = 100_000

    /// Whether `name` is the name of a first- or second-level division (as "Hasakah" is): what a designator
    /// after it ("Hasakah Governorate") asks for.
    public func namesDivision(_ name: String) -> Bool {
        candidates(trimmed(name)).contains { $0.place.kind == .admin1 || $0.place.kind == .admin2 }
    }

    /// Ranks a lookup's candidates in `context` (with its qualifier's country and division added).
    func resolve(_ lookup: Lookup, context: ResolutionContext, keep: Int) -> Resolution {
        if let answer = lookup.answer { return answer }
        var context = context
        context.countries.formUnion(lookup.countries)
        context.admin1.formUnion(lookup.admin1)
        let query = lookup.query, candidates = lookup.candidates, wantsAdmin = lookup.wantsAdmin
        // An admin1 named after its seat ("Al Hasakah", "Homs") yields to the seat when both match; one that
        // shares its name only with towns elsewhere ("Nebraska", "Georgia") keeps its rank.
        let seats = candidates.filter { $0.place.feature == "PPLA" || $0.place.feature == "PPLC" }.map(\.place)
        let anchors = context.documentAnchors ?? context.documentPlaces.map(DocumentAnchor.init)
        let queryKey = candidates.contains { $0.quality != .exact } ? Array(NameKey.exactBytes(lookup.name)) : []
        var scored = candidates.map { c in
            var r = rank(c, context, wantsAdmin: wantsAdmin, anchors: anchors)
            // Among spellings that are not the name as written, the closer one is likelier (Haweeja: Hawijah
            // before Hajiawa, though both have its consonants).
            if c.quality != .exact {
                r -= Gazetteer.spellingDistanceWeight * (1 - Gazetteer.similarity(queryKey, NameKey.exactBytes(matchedName(c))))
            }
            // A county named bare ("Arlington", "Delaware") is usually the town or state of that name: the
            // county wins on its bare name only with evidence for it. (A division whose own name is bare —
            // Cornwall, Devon, Fife — is named as it is called.)
            if c.place.kind == .admin2, !wantsAdmin, !endsWithDesignator(matchedName(c)), !index.hitIsMainName(c.hit) { r -= 2.5 }
            if c.place.kind == .admin1, !wantsAdmin, seats.contains(where: { Gazetteer.isSeat($0, of: c.place) }) { r -= Gazetteer.divisionBehindSeat }
            return (candidate: c, rank: r)
        }
        if !context.documentCandidates.isEmpty, let leader = scored.map(\.rank).max() {
            // Agreement with up to two other names of the document, a point each: less than a country's
            // share, so a lone coincidence does not outweigh the rest of the evidence. Measured only for the
            // candidates it could carry to the top (it is the costly part of ranking a name).
            for k in scored.indices where scored[k].rank > leader - Gazetteer.maxCoherence {
                let p = scored[k].candidate.place
                guard p.kind != .country, p.kind != .continent else { continue }
                scored[k].rank += min(Gazetteer.maxCoherence, coherence(Coordinate(lon: p.lon, lat: p.lat), context.documentCandidates))
            }
        }
        scored.sort { ($0.rank, -$0.candidate.place.id) > ($1.rank, -$1.candidate.place.id) }
        // Softmax over the ranks: how much of the evidence each has. Only the kept ones are named.
        let top = scored[0].rank
        let weights = scored.map { exp($0.rank - top) }
        let total = weights.reduce(0, +)
        var ranked = scored.prefix(max(keep, 2)).enumerated().map { i, s in
            let (place, matched) = named(s.candidate)
            return Match(place: place, matchedName: matched, score: weights[i] / total, rank: s.rank,
                         standsForPart: s.candidate.standsForPart)
        }
        let status: Resolution.Status
        // Ambiguous: a far-away runner-up with nearly as much evidence as the best.
        if ranked.count > 1, ranked[1].score > 0.6 * ranked[0].score, farApart(ranked[0].place, ranked[1].place) {
            status = .ambiguous
        } else {
            status = .ok
        }
        if ranked.count > keep { ranked.removeLast(ranked.count - keep) }
        return Resolution(query: query, status: status, matches: ranked)
    }

    /// What a spelling variant loses for being unlike the name as written, at most (1 − similarity, times this).
    static let spellingDistanceWeight = 3.0

    /// 1 − the edit distance between two keys over the longer's length: 1 for the same key, 0 for nothing alike.
    static func similarity(_ a: [UInt8], _ b: [UInt8]) -> Double {
        guard !a.isEmpty || !b.isEmpty else { return 1 }
        var previous = Array(0...b.count), current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            current[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        let distance = a.isEmpty ? b.count : previous[b.count]
        return 1 - Double(distance) / Double(max(a.count, b.count))
    }

    /// What a division loses beside its seat of the same name ("Idlib" is the city unless the text says the
    /// governorate): enough to leave the division a small share.
    static let divisionBehindSeat = 4.0

    /// Whether `seat` (a PPLA or PPLC) is `division`'s seat: in it, or a capital within 100 km of its point
    /// (Kyiv is a division of its own beside Kiev Oblast).
    static func isSeat(_ seat: Place, of division: Place) -> Bool {
        guard seat.country == division.country else { return false }
        if seat.admin1 == division.admin1 { return true }
        return seat.feature == "PPLC" && Coordinate(lon: seat.lon, lat: seat.lat).roughKilometres(to: Coordinate(lon: division.lon, lat: division.lat)) < 100
    }

    /// `anchors`: the document's places (`context.documentPlaces`).
    func rank(_ c: Candidate, _ context: ResolutionContext, wantsAdmin: Bool, anchors: [DocumentAnchor]) -> Double {
        let p = c.place
        var score: Double
        switch p.kind {
        case .continent: score = 6.0
        case .country: score = 5.5
        case .admin1: score = wantsAdmin ? 6.0 : 3.0
        case .admin2: score = wantsAdmin ? 5.5 : 2.0
        // A mountain, a base, a wadi: below a town of the same name.
        case .site: score = 0.5
        case .city:
            switch p.feature {
            case "PPLC": score = 3.5
            case "PPLA": score = 2.2
            // A county seat (PPLA2) gains nothing over its population: the feature codes are known only for
            // towns of 15,000 or more (the 2014 list), and not for all seats (Kansas City, Missouri is a
            // PPL), so the bonus favoured whichever twin the list happened to code (LGL +0.004 without it).
            default: score = 1.0
            }
        }
        // Population: a town of 10k scores 2, a city of a million 3, on a log scale.
        score += 0.5 * log10(Double(max(Gazetteer.rankingPopulation(p.kind, p.population), 0)) + 1)
        // A place's own name is better evidence than one of its alternate (often historic) names.
        if c.quality == .exact, !index.hitIsMainName(c.hit) { score -= 1.0 }
        if c.quality == .form { score -= Gazetteer.formPenalty }
        if c.quality == .skeleton { score -= 2.0 }
        if c.quality == .fuzzy { score -= 3.0 }
        if !context.countries.isEmpty {
            score += context.countries.contains(p.country) ? 3.0 : -3.0
        }
        if !context.admin1.isEmpty, context.admin1.contains("\(p.country).\(p.admin1)") { score += 2.0 }
        if let near = context.near {
            let km = near.roughKilometres(to: Coordinate(lon: p.lon, lat: p.lat))
            score += 3.0 * exp(-km / 250)
        }
        if let share = context.documentCountries[p.country] {
            // A report's places mostly lie in one or two countries…
            score += 4.0 * share
        }
        if !context.documentAdmin1.isEmpty, !p.admin1.isEmpty, p.kind != .country,
           let share = context.documentAdmin1[p.country + "." + p.admin1] {
            // …and, in local news, one state: Paris in a Tennessee paper is Paris, Tennessee.
            score += 3.0 * share
        }
        if !anchors.isEmpty {
            // Places of one report cluster: the same country, and nearness to the others.
            if anchors.contains(where: { $0.country == p.country && $0.id != p.id }) { score += 1.5 }
            let here = SpherePoint(Coordinate(lon: p.lon, lat: p.lat))
            let nearest = anchors.lazy.filter { $0.id != p.id }.map { $0.point.chordSquared(to: here) }.min()
            if let nearest { score += 3.0 * exp(-SpherePoint.kilometres(chordSquared: nearest) / 150) }
        }
        return score
    }

    private func farApart(_ a: Place, _ b: Place) -> Bool {
        Coordinate(lon: a.lon, lat: a.lat).roughKilometres(to: Coordinate(lon: b.lon, lat: b.lat)) > 161
    }

    private func endsWithDesignator(_ name: String) -> Bool {
        let last = name.utf8.lastIndex(of: 0x20).map { name[name.index(after: $0)...] } ?? name[...]
        // Designators are 4 to 12 ASCII letters: most last words are ruled out by their length, or by their
        // first and last letters, alone.
        guard (4...12).contains(last.utf8.count), let a = last.utf8.first, let z = last.utf8.last,
              Gazetteer.designatorEnds.contains(UInt16(a | 0x20) << 8 | UInt16(z | 0x20)) else { return false }
        return last.count >= 5 && Gazetteer.adminDesignators.contains(last.lowercased())
    }

    /// "Homs, Syria" → ("Homs", "Syria"); "Aleppo in Syria" → ("Aleppo", "Syria").
    private func splitQualifier(_ name: String) -> (String, String)? {
        // Most names hold neither a comma nor a space-separated "in": one pass over the bytes rules them out.
        guard name.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == 0x20 }) else { return nil }
        if let comma = name.utf8.lastIndex(of: UInt8(ascii: ",")) {
            let head = trimmed(name[..<comma]), tail = trimmed(name[name.index(after: comma)...])
            if !head.isEmpty, !tail.isEmpty { return (head, tail) }
        }
        // The last " in ", found on the bytes (a generic substring search is slow per name).
        let bytes = Array(name.utf8)
        var i = bytes.count - 4
        while i > 0 {
            if bytes[i] == 0x20, bytes[i + 1] == UInt8(ascii: "i"), bytes[i + 2] == UInt8(ascii: "n"), bytes[i + 3] == 0x20 {
                let head = trimmed(String(decoding: bytes[..<i], as: UTF8.self))
                let tail = trimmed(String(decoding: bytes[(i + 4)...], as: UTF8.self))
                if !head.isEmpty, !tail.isEmpty { return (head, tail) }
            }
            i -= 1
        }
        return nil
    }

    /// Without leading and trailing white space (stdlib only: Foundation's trimming is slow on Linux).
    func trimmed<S: StringProtocol>(_ s: S) -> String {
        // Most names have none: no Character walk for them.
        let whole = String(s)
        if let first = whole.utf8.first, let last = whole.utf8.last, first > 0x20, first < 0x80, last > 0x20, last < 0x80 { return whole }
        var cut = s[...]
        while let c = cut.first, c.isWhitespace { cut.removeFirst() }
        while let c = cut.last, c.isWhitespace { cut.removeLast() }
        return String(cut)
    }

    /// The countries and first-level divisions a qualifier may name ("Syria", "SY", "Va.", "Virginia"):
    /// every one, so that "Atlanta, Georgia" looks in the state as well as the country, and "Louisville, KY"
    /// in Kentucky as well as the Cayman Islands (the head's own candidates then decide).
    private func qualifierPlaces(_ qualifier: String) -> [Place] {
        var places = candidates(qualifier)
            .filter { $0.quality == .exact && ($0.place.kind == .country || $0.place.kind == .admin1) }
            .map(\.place)
        if qualifier.count == 2, let country = country(code: qualifier) { places.append(country) }
        // "Bandar Abbas, Hormozgan Province": the division without its designator.
        if places.isEmpty, endsWithDesignator(qualifier), let space = qualifier.lastIndex(of: " ") {
            places = candidates(String(qualifier[..<space])).filter { $0.quality == .exact && $0.place.kind == .admin1 }.map(\.place)
        }
        return places
    }
}


