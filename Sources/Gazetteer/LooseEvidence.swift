extension Gazetteer {
    /// The evidence for `name` in its other forms — the variants of `NameForms` ("Tall", "Tell", "Tal";
    /// "Ein", "'Ayn"; a Turkish case ending cut) — when its exact key has none; nil when no form finds a
    /// place. For names running text puts where a place belongs ("the town of X"), which the exact lookup of
    /// `evidence` missed. Consonant skeletons are left out: in running text they find too many strangers
    /// ("Barzeh" is Paris's).
    ///
    /// `skeletonCountry`: a country the text is known to be about; a name none of the forms finds is then
    /// looked up by its consonants too, among that country's places only ("Jandairis" is Jindayris, Syria).
    public func looseEvidence(_ name: String, skeletonCountry: String? = nil) -> NameEvidence? {
        let forms = NameForms.bundled
        var keys = forms.variants(of: NameKey.exact(name))
        if let cut = forms.withoutCaseEnding(name) { keys = [NameKey.exact(cut)] + forms.variants(of: NameKey.exact(cut)) + keys }
        var found: [Candidate] = []
        for key in keys { Gazetteer.merge(candidates(key: key, skeletons: false, quality: .form), into: &found) }
        if found.isEmpty, let country = skeletonCountry {
            for key in [NameKey.exact(name)] + keys {
                Gazetteer.merge(skeletonCandidates(key: key).filter { $0.place.country == country && $0.place.kind >= .city }, into: &found)
            }
        }
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
