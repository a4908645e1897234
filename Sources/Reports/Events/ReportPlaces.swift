import Gazetteer
import Geometry

/// Where a report as a whole puts its events (codebook, "Event Geography"): the countries it names, the
/// namesakes abroad or far off that speak for none of them, and the report's town an event falls back on.
extension EventExtractor {
    /// The towns that speak for no country: each lies more than `loneReach` from every other place of the
    /// report, in a country the report does not name (by its name or its people) — a namesake abroad ("the
    /// Serail" as a village in Iran, beside towns in Lebanon), which must not make its country the report's.
    static func loneNamesakes(_ places: [ResolvedPlace]) -> Set<Int> {
        let named = namedCountries(places)
        // The report's distinct places (a name told again is one place), each with its point.
        var points: [(id: Int, at: Coordinate)] = []
        var seen = Set<Int>()
        for p in places where p.mention.role != .demonym {
            guard let at = p.coordinate else { continue }
            if let id = p.place?.id, p.region == nil, !seen.insert(id).inserted { continue }
            points.append((p.place?.id ?? -1, at))
        }
        var lone = Set<Int>()
        for (k, p) in places.enumerated() {
            guard p.region == nil, let place = p.place, place.kind == .city, !named.contains(place.country), let here = p.coordinate else { continue }
            // Another place, and none of the others near (no list of the others made: this runs per town).
            var another = false, near = false
            for point in points where point.id != place.id {
                another = true
                if point.at.roughKilometres(to: here) <= loneReach { near = true; break }
            }
            if another, !near { lone.insert(k) }
        }
        return lone
    }

    /// The countries a report names, by their name or their people's ("Syria", "Syrian").
    static func namedCountries(_ places: [ResolvedPlace]) -> Set<String> {
        var named = Set<String>()
        for p in places where p.mention.role == .demonym || (p.place?.kind == .country && p.region == nil) {
            if let c = p.place?.country { named.insert(c) }
        }
        return named
    }

    /// Codebook: a neighbourhood, square or quarter is coded to its city (geo_precision 2). A small town
    /// abroad, in a country the report names neither by its name nor by its people, and the only place of
    /// that country in the report, is most often such a local name matched to a namesake ("a bomb went off in
    /// Ashar" in a report from Basra, Ashar read as the Iranian village): the event goes to a town of the
    /// report's country or of one it names — or, in a report that leans to no country, to a major town
    /// (`isMajor`) more than `loneReach` away (a namesake so far off is no neighbour of the town) — the
    /// sentence's own, else the one named last before, else the first after.
    func homeTownForStray(_ located: LocationRules.Located, places: [ResolvedPlace], named: Set<String>, reportCountry: String?) -> LocationRules.Located? {
        guard let stray = located.place.place, located.place.region == nil, stray.kind == .city, !named.contains(stray.country),
              !stray.isCapital, stray.population < EventExtractor.majorPopulation else { return nil }
        // No other place of the report lies in the stray's country.
        guard stray.country != reportCountry,
              !places.contains(where: { $0.place?.country == stray.country && $0.place?.id != stray.id }) else { return nil }
        let anchors = places.filter { p in
            guard p.mention.role != .demonym, p.region == nil, let town = p.place, town.kind == .city else { return false }
            if let reportCountry { return town.country == reportCountry || named.contains(town.country) }
            guard let far = p.coordinate, let here = located.place.coordinate else { return false }
            return EventExtractor.isMajor(town) && far.roughKilometres(to: here) > EventExtractor.loneReach
        }
        let at = located.place.mention
        let sameSentence = anchors.first { $0.mention.sentence == at.sentence && $0.mention.start > at.start }
        guard let town = sameSentence ?? EventExtractor.nearestBefore(at, among: anchors) else { return nil }
        return LocationRules.Located(place: town, precision: 2)
    }

    /// A small town (not `isMajor`) read loosely (its score short of `sureScore`) that lies more than
    /// `outlierReach` from every other place the report names in its country is a namesake of the village
    /// meant, which lies among them ("Karama" read as a town 250 km off, in a report about fighting near
    /// Raqqa): the event goes to the report's place there read more surely — the one named last before it,
    /// else the first after — near it (geo_precision 2) when it is a town.
    func outlierTown(_ located: LocationRules.Located, places: [ResolvedPlace]) -> LocationRules.Located? {
        let read = located.place
        guard let town = read.place, read.region == nil, town.kind == .city, !EventExtractor.isMajor(town),
              read.score < EventExtractor.sureScore, let here = read.coordinate else { return nil }
        let others = places.compactMap { p -> (p: ResolvedPlace, at: Coordinate)? in
            guard p.mention.role != .demonym, let place = p.place, place.kind != .country, place.country == town.country,
                  place.id != town.id, let at = p.coordinate else { return nil }
            return (p, at)
        }
        guard !others.isEmpty, others.allSatisfy({ $0.at.roughKilometres(to: here) > EventExtractor.outlierReach }) else { return nil }
        let surer = others.map(\.p).filter { $0.score > read.score }
        guard let other = EventExtractor.nearestBefore(read.mention, among: surer) else { return nil }
        return LocationRules.Located(place: other, precision: other.place?.kind == .city && other.region == nil ? 2 : nil)
    }

    /// Codebook: the event is coded to the most specific place the report gives for it. An event placed
    /// only at a province ("protested in the Gaza Strip", "in Diyala province") happened at the report's town
    /// in that province when the report names exactly one (geo_precision 2: near it, as far as the text says).
    func townOfProvince(_ located: LocationRules.Located, places: [ResolvedPlace]) -> LocationRules.Located? {
        guard let province = located.place.place, located.place.region == nil, province.kind == .admin1, !province.admin1.isEmpty else { return nil }
        let towns = places.filter { p in
            guard p.region == nil, p.mention.role == .literal || p.mention.role == .modifier, let town = p.place, town.kind == .city else { return false }
            return town.country == province.country && town.admin1 == province.admin1
        }
        guard let town = towns.first, towns.allSatisfy({ $0.place?.id == town.place?.id }) else { return nil }
        return LocationRules.Located(place: town, precision: 2)
    }

    /// How far from every other place of its country in the report a loosely read town must lie to be taken
    /// for a namesake (a province is some 100–200 km across).
    static let outlierReach = 100.0

    /// The score of an answer the resolver is sure of: an exact name with no rival of weight.
    static let sureScore = 0.9

    /// The place of `candidates` named last before `mention`, else the first after it.
    static func nearestBefore(_ mention: PlaceMention, among candidates: [ResolvedPlace]) -> ResolvedPlace? {
        candidates.last { $0.mention.start < mention.start } ?? candidates.first { $0.mention.start > mention.start }
    }

    /// A town no report names by chance: a capital, a province's seat, or one of `majorPopulation` or more.
    static func isMajor(_ town: Place) -> Bool {
        town.isCapital || town.feature == "PPLA" || town.population >= majorPopulation
    }

    static let majorPopulation = 100_000

    /// How far from every other place of a report a town must lie to be a lone namesake.
    static let loneReach = 1_000.0

    /// An event whose own sentences name no place most likely happened where the report is: its first town
    /// in `countries` (the report's country; else one it names — "Turkish soldiers were posted around the
    /// Syrian town of X. Clashes broke out …", foreign forces acting there), coded as near it (geo_precision
    /// 2); only a report without one gives the country (3).
    func reportTown(_ places: [ResolvedPlace], in countries: Set<String>) -> ResolvedPlace? {
        places.first { $0.mention.role == .literal && $0.region == nil && $0.place?.kind == .city && countries.contains($0.place?.country ?? "") }
    }
}
