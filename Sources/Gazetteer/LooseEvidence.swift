extension Gazetteer {
    /// The evidence for `name` in its other forms — the variants of `NameForms` ("Tall", "Tell", "Tal";
    /// "Ein", "'Ayn"; a Turkish case ending cut) — when its exact key has none; nil when no form finds a
    /// place. For names running text puts where a place belongs ("the town of X"), which the exact lookup of
    /// `evidence` missed. Consonant skeletons are left out: in running text they find too many strangers
    /// ("Barzeh" is Paris's).
    public func looseEvidence(_ name: String) -> NameEvidence? {
        var found: [Candidate] = []
        for key in formKeys(name) { Gazetteer.merge(candidates(key: key, skeletons: false, quality: .form), into: &found) }
        return Gazetteer.evidence(of: found)
    }

    /// The towns of every country whose name has the consonants of `name` or of one of its other forms.
    func consonantTowns(_ name: String) -> [Candidate] {
        var found: [Candidate] = []
        for key in [NameKey.exact(name)] + formKeys(name) {
            Gazetteer.merge(skeletonCandidates(key: key).filter { $0.place.kind >= .city }, into: &found)
        }
        return found
    }

    /// The evidence for `name` one letter away (changed, swapped, added or dropped: "Saraqab" is Saraqib)
    /// among the towns of `countries`, or, with none, among towns of `oneLetterTownPopulation` or more
    /// anywhere: for running text that puts a place there and knows no other spelling of it.
    public func oneLetterEvidence(_ name: String, countries: [String]) -> NameEvidence? {
        let found = fuzzyCandidates(name).filter { c in
            c.place.kind >= .city && (countries.isEmpty ? c.place.population >= Gazetteer.oneLetterTownPopulation : countries.contains(c.place.country))
        }
        return Gazetteer.evidence(of: found)
    }

    /// How big a town a name one letter off may mean when the text says nothing of its country.
    public static let oneLetterTownPopulation = 20_000

    /// The keys of a name's other forms: its `NameForms` variants, and a Turkish case ending cut.
    private func formKeys(_ name: String) -> [String] {
        let forms = NameForms.bundled
        var keys = forms.variants(of: NameKey.exact(name))
        if let cut = forms.withoutCaseEnding(name) { keys = [NameKey.exact(cut)] + forms.variants(of: NameKey.exact(cut)) + keys }
        return keys
    }

    fileprivate static func evidence(of found: [Candidate]) -> NameEvidence? {
        guard !found.isEmpty else { return nil }
        var evidence = NameEvidence(places: found.count, topKind: .site, maxPopulation: 0, hasCapital: false)
        for c in found {
            let place = c.place
            if place.kind < evidence.topKind { evidence.topKind = place.kind }
            let population = Gazetteer.rankingPopulation(place.kind, place.population)
            evidence.maxPopulation = max(evidence.maxPopulation, population)
            if place.isCapital { evidence.hasCapital = true }
        }
        return evidence
    }
}

/// The evidence for a name by its consonants (and its forms' consonants) among one country's towns, for a
/// text known to be about that country ("Jandairis" is Jindayris, Syria), asked after `evidence` and
/// `looseEvidence` found nothing. Each name's towns are looked up once (`Gazetteer.consonantTowns`): a
/// report's second look asks for a name once per country it names. Not shared between threads: one report's.
public final class ConsonantLookups {
    private let gazetteer: Gazetteer
    private var towns: [String: [Gazetteer.Candidate]] = [:]

    public init(_ gazetteer: Gazetteer) { self.gazetteer = gazetteer }

    public func evidence(_ name: String, country: String) -> NameEvidence? {
        let found = towns[name] ?? gazetteer.consonantTowns(name)
        towns[name] = found
        return Gazetteer.evidence(of: found.filter { $0.place.country == country })
    }
}
