import Foundation
import Geometry

/// The steps a name takes when it does not match as written: its other forms (`NameForms`), its consonants,
/// and its parts ("City - Part", "X (Y)").
extension Gazetteer {
    /// A whole that a "City - Part" name is read against is a division, or a town of at least this many people
    /// ("Al-Hibet" is not the part Hibet of a hamlet called Al).
    static let partWholeMinPopulation = 10_000
    /// A part found by its own name lies within this distance of the whole's point.
    static let partReachKm = 20.0

    /// Whether `candidates` answer a name: any at all, or, with `wanted` countries, one in them.
    static func settles(_ candidates: [Candidate], _ wanted: Set<String>) -> Bool {
        wanted.isEmpty ? !candidates.isEmpty : candidates.contains { wanted.contains($0.place.country) }
    }

    /// Adds `more`, each place once (the match found first, the better one, is kept).
    static func merge(_ more: [Candidate], into candidates: inout [Candidate]) {
        guard !more.isEmpty else { return }
        var seen = Set(candidates.map(\.place.id))
        for c in more where seen.insert(c.place.id).inserted { candidates.append(c) }
    }

    /// After `exact` (the name's exact matches): the name in its other forms, then by its consonants, then its
    /// forms by their consonants — each step taken while the ones before have not settled it.
    func otherForms(of name: String, after exact: [Candidate], wanted: Set<String>) -> [Candidate] {
        var found = exact
        if Gazetteer.settles(found, wanted) { return found }
        let forms = NameForms.bundled
        let key = NameKey.exact(name)
        var variants = forms.variants(of: key)
        if let cut = forms.withoutCaseEnding(name) {
            let cutKey = NameKey.exact(cut)
            variants = [cutKey] + forms.variants(of: cutKey) + variants
        }
        for variant in variants { Gazetteer.merge(candidates(key: variant, skeletons: false, quality: .form), into: &found) }
        if Gazetteer.settles(found, wanted) { return found }
        Gazetteer.merge(skeletonCandidates(key: key), into: &found)
        if Gazetteer.settles(found, wanted) { return found }
        for variant in variants { Gazetteer.merge(skeletonCandidates(key: variant), into: &found) }
        return found
    }

    /// A name and its other forms, as `lookUp` reads a name (without parts or typos).
    func spelledCandidates(_ name: String, wanted: Set<String>) -> [Candidate] {
        otherForms(of: name, after: candidates(name, skeletons: false), wanted: wanted)
    }

    /// "Damascus - Jobar", "Tehran-Davoodiyeh": the part when the gazetteer has it near the whole, else the
    /// whole standing for its part. "Kafr Nabl (Kafranbel)": either name, the first before the second.
    func partCandidates(_ name: String, wanted: Set<String>) -> [Candidate] {
        for (whole, part) in Gazetteer.partSplits(name) {
            var wholes = spelledCandidates(whole, wanted: wanted).filter {
                $0.place.kind == .admin1 || $0.place.kind == .admin2
                    || $0.place.kind == .city && ($0.place.population >= Gazetteer.partWholeMinPopulation || index.isSeat(index.position(ofID: $0.place.id) ?? 0))
            }
            // The whole in the wanted country when it has one there (a city may be coded under a neighbour:
            // Jerusalem is Israel's in GeoNames, Palestine's in ACLED).
            if !wanted.isEmpty, wholes.contains(where: { wanted.contains($0.place.country) }) { wholes = wholes.filter { wanted.contains($0.place.country) } }
            guard !wholes.isEmpty else { continue }
            let points = wholes.map { Coordinate(lon: $0.place.lon, lat: $0.place.lat) }
            let parts = spelledCandidates(part, wanted: wanted).filter { c in
                points.contains { $0.roughKilometres(to: Coordinate(lon: c.place.lon, lat: c.place.lat)) <= Gazetteer.partReachKm }
            }
            if !parts.isEmpty { return parts }
            return wholes.map { whole in
                var standing = whole
                standing.standsForPart = true
                return standing
            }
        }
        guard let (first, second) = Gazetteer.parenthesised(name) else { return [] }
        var found = spelledCandidates(first, wanted: wanted)
        if !Gazetteer.settles(found, wanted) { Gazetteer.merge(spelledCandidates(second, wanted: wanted), into: &found) }
        return found
    }

    /// The ways "Whole - Part" may be cut: at a spaced dash first, else at each hyphen, left to right (an
    /// article before it is no whole: "Al-Hibet").
    static func partSplits(_ name: String) -> [(whole: String, part: String)] {
        for dash in [" - ", " – ", " — "] {
            if let cut = name.range(of: dash) {
                let whole = name[..<cut.lowerBound], part = name[cut.upperBound...]
                if !whole.isEmpty, !part.isEmpty { return [(String(whole), String(part))] }
            }
        }
        var splits: [(String, String)] = []
        var at = name.startIndex
        while let hyphen = name[at...].firstIndex(of: "-") {
            let whole = name[..<hyphen], part = name[name.index(after: hyphen)...]
            if whole.count >= 3, !part.trimmingCharacters(in: .whitespaces).isEmpty,
               !NameKey.articles.contains(NameKey.exact(String(whole))) {
                splits.append((String(whole), part.trimmingCharacters(in: .whitespaces)))
            }
            at = name.index(after: hyphen)
        }
        return splits
    }

    /// "X (Y)" → (X, Y).
    static func parenthesised(_ name: String) -> (String, String)? {
        guard name.hasSuffix(")"), let open = name.firstIndex(of: "(") else { return nil }
        let first = name[..<open].trimmingCharacters(in: .whitespaces)
        let second = name[name.index(after: open)..<name.index(before: name.endIndex)].trimmingCharacters(in: .whitespaces)
        guard !first.isEmpty, !second.isEmpty else { return nil }
        return (first, second)
    }
}
