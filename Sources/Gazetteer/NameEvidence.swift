/// What the gazetteer knows of a name, read without ranking or naming: enough to decide whether a word in
/// running text may be a place ("Police" names a Polish town of 34,000; "Turkey" a country).
public struct NameEvidence: Sendable, Equatable {
    /// How many places bear the name.
    public var places: Int
    /// The most important kind among them (continent < country < admin1 < city < admin2 < site).
    public var topKind: PlaceKind
    /// The largest population among them.
    public var maxPopulation: Int
    /// Whether one of them is a national capital (for "Ankara said": a capital speaking for its government).
    public var hasCapital: Bool
    /// The largest population among those that bear the name as their own (not only as an alternate or
    /// historic name: "White House" is also Casablanca's, translated); nil when none does.
    public var ownNamePopulation: Int?
    public var hasOwnName: Bool { ownNamePopulation != nil }
    /// Whether one of them is a division's seat (or a capital) bearing the name as its own: "Shanghai" is a
    /// city first, though its province bears the name too.
    public var hasSeat = false

    /// A country, continent or first-level division: names a reader takes as places whatever else they mean.
    public var isMajorArea: Bool { topKind <= .admin1 }
}

extension Gazetteer {
    /// The evidence for `name`'s exact key (after normalisation: case, diacritics, articles), or nil when no
    /// place bears it. One hash lookup; places are read without their names.
    public func evidence(_ name: String) -> NameEvidence? {
        let hits = index.hitRange(bytes: NameKey.exactBytes(name), skeleton: false)
        guard !hits.isEmpty else { return nil }
        var found = NameEvidence(places: 0, topKind: .site, maxPopulation: 0, hasCapital: false)
        for h in hits where !index.hitIsForm(h) {  // "Zayed" is no evidence of Madinat Zayed in running text
            found.places += 1
            // Three fields of the record, read in place (no place made: this runs for most capitalised words).
            let i = index.hitPlace(h)
            let kind = index.kind(i)
            if kind < found.topKind { found.topKind = kind }
            let population = Gazetteer.rankingPopulation(kind, index.population(i))
            found.maxPopulation = max(found.maxPopulation, population)
            if index.isCapital(i) { found.hasCapital = true }
            if index.hitIsMainName(h) {
                found.ownNamePopulation = max(found.ownNamePopulation ?? 0, population)
                if kind == .city, index.isSeat(i) { found.hasSeat = true }
            }
        }
        return found.places > 0 ? found : nil
    }

    /// No package gives second-level divisions a population: they are ranked and weighed as a county of
    /// this size (a mid-sized place), not as empty places.
    static let nominalAdmin2Population = 50_000

    /// A place's population as ranking and evidence read it (`nominalAdmin2Population` for an admin2 with none).
    static func rankingPopulation(_ kind: PlaceKind, _ population: Int) -> Int {
        kind == .admin2 && population == 0 ? nominalAdmin2Population : population
    }
}
