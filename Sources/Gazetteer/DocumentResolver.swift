import Foundation
import Geometry

extension Gazetteer {
    /// Resolves every mention of one document with the others as context. A first pass resolves each alone;
    /// the places it is sure of (countries, admin1s, and any best match with most of the evidence) become the
    /// document's anchors; a second pass ranks every mention again with those anchors (same country, nearby)
    /// — other than the mention itself. When the second pass changes a name's country or state, the evidence
    /// is read once more from its answers: "Georgia" alone is the country, and beside Atlanta and Texas the
    /// state, whose towns its first answer had not spoken for. Relative regions ("northern Syria") resolve
    /// to their region.
    public func resolveDocument(_ mentions: [String], context: ResolutionContext = ResolutionContext(), keep: Int = 10) -> [DocumentPlace] {
        // A report names its main places again and again ("US" twenty times): each text is looked up in the
        // index once, and resolved once a pass.
        var lookups: [String: Lookup] = [:]
        var firstByText: [String: Resolution] = [:]
        let first = mentions.map { m in
            if let known = firstByText[m] { return known }
            let lookup = lookUp(m, allowsFuzzy: context.allowsFuzzy)
            let r = resolve(lookup, context: context, keep: 10)
            lookups[m] = lookup
            firstByText[m] = r
            return r
        }
        // Each text's key, made once (the passes below read it several times).
        var keyByText: [String: String] = [:]
        let keys = mentions.map { m in
            if let known = keyByText[m] { return known }
            let key = NameKey.exact(m)
            keyByText[m] = key
            return key
        }
        // The second answers may be read as evidence again: each name's two leading matches, however many the
        // caller keeps (the answers must not depend on that; two measured better than ten: LGL end to end
        // 0.844 against 0.841). They are cut to `keep` on the way out.
        let evidenceMatches = 2
        let second = documentPass(mentions, keys: keys, answers: first, alone: firstByText, lookups: lookups, context: context,
                                  keep: max(keep, evidenceMatches))
        // Read again only when a name moved to another country or state (most documents: none did). Once:
        // more re-reads measured slightly worse on the evaluation corpora (LGL 0.817 → 0.814).
        let moved = zip(first, second).contains { alone, answer in
            guard case .resolution(let r) = answer, let now = r.best?.place, let was = alone.best?.place else { return false }
            return now.country != was.country || now.admin1 != was.admin1
        }
        guard moved else { return second.map { Gazetteer.cut($0, to: keep) } }
        let answers = zip(first, second).map { alone, answer in Gazetteer.cut(answer, to: evidenceMatches).resolution ?? alone }
        return documentPass(mentions, keys: keys, answers: answers, alone: firstByText, lookups: lookups, context: context, keep: keep)
    }

    /// An answer with at most `keep` matches (at least one).
    static func cut(_ answer: DocumentPlace, to keep: Int) -> DocumentPlace {
        guard case .resolution(var r) = answer, r.matches.count > max(keep, 1) else { return answer }
        r.matches.removeLast(r.matches.count - max(keep, 1))
        return .resolution(r)
    }

    /// One pass over a document: each text ranked again with the evidence of the others' `answers`.
    private func documentPass(_ mentions: [String], keys: [String], answers: [Resolution], alone firstByText: [String: Resolution],
                              lookups: [String: Lookup], context: ResolutionContext, keep: Int) -> [DocumentPlace] {
        // Each mention's evidence, spread over the countries of its candidates, summed over the document;
        // and over first-level divisions, from the confident answers only (a town named in every US state
        // would otherwise spread evidence everywhere). Kept per text: a name does not vote for itself.
        var countryEvidence: [String: [String: Double]] = [:], divisionEvidence: [String: [String: Double]] = [:]
        for (key, r) in zip(keys, answers) {
            for match in r.matches where !match.place.country.isEmpty {
                countryEvidence[key, default: [:]][match.place.country, default: 0] += match.score
            }
            guard let best = r.best, r.status == .ok, best.place.kind != .country, !best.place.admin1.isEmpty else { continue }
            divisionEvidence[key, default: [:]][best.place.country + "." + best.place.admin1, default: 0] += best.score
        }
        let countryTally = EvidenceTally(countryEvidence), divisionTally = EvidenceTally(divisionEvidence)
        var anchors: [(key: String, anchor: DocumentAnchor)] = []
        for (key, r) in zip(keys, answers) {
            guard let best = r.best, r.status == .ok else { continue }
            if best.place.kind == .country || best.place.kind == .admin1 || best.score >= 0.8 {
                anchors.append((key, DocumentAnchor(best.place)))
            }
        }
        // Each name's leading candidates that are points of their own (not countries or continents), in the
        // order the names first appear (so that sums over them come out the same on every run).
        var candidateGroups: [(key: String, points: [Coordinate])] = []
        var grouped = Set<String>()
        for (key, r) in zip(keys, answers) where grouped.insert(key).inserted {
            let points = r.matches.filter { $0.place.kind != .country && $0.place.kind != .continent }
                .map { Coordinate(lon: $0.place.lon, lat: $0.place.lat) }
            if !points.isEmpty { candidateGroups.append((key, points)) }
        }
        // The pass depends on the mention only through its text (anchors of the same text are left out), so
        // it runs once per text.
        var byText: [String: DocumentPlace] = [:]
        return zip(mentions, keys).map { mention, key in
            if let known = byText[mention] { return known }
            // A name with one candidate, and no region, keeps it whatever the document says: no second look.
            if let alone = firstByText[mention], alone.matches.count == 1, !Gazetteer.startsLikeRegion(mention) {
                byText[mention] = .resolution(alone)
                return .resolution(alone)
            }
            let answer: DocumentPlace
            var local = context
            local.documentCountries = countryTally.shares(without: countryEvidence[key])
            local.documentAdmin1 = divisionTally.shares(without: divisionEvidence[key])
            // The other texts' anchors, as ranking reads them (no place copied).
            local.documentAnchors = anchors.filter { $0.key != key }.map(\.anchor)
            local.documentCandidates = candidateGroups.filter { $0.key != key }.map(\.points)
            // A region's base is read with the document too ("northeast Georgia" in a Gwinnett paper is the
            // state's); one that cannot be computed is resolved as a plain name.
            if let found = try? region(mention, context: local) {
                answer = .region(found)
            } else {
                answer = .resolution(resolve(lookups[mention]!, context: local, keep: keep))
            }
            byText[mention] = answer
            return answer
        }
    }
}

extension Gazetteer {
    /// The most a candidate gains from agreeing with the other names of its document.
    static let maxCoherence = 2.0

    /// For each other name, how close its nearest leading candidate is to `here` (1 at the same spot, 1/e at
    /// 50 km), summed over the names.
    func coherence(_ here: Coordinate, _ groups: [[Coordinate]]) -> Double {
        var sum = 0.0
        for group in groups {
            var nearest = Double.infinity
            for c in group where abs(c.lat - here.lat) < 2 && abs(c.lon - here.lon) < 3 {
                nearest = min(nearest, c.roughKilometres(to: here))
            }
            if nearest.isFinite { sum += exp(-nearest / 50) }
        }
        return sum
    }

}

/// The evidence a document's texts give each key (a country, a division), summed once: each text's
/// share of the rest is then the sums less its own votes, not a new sum over every other text.
struct EvidenceTally {
    private var sums: [String: Double] = [:]
    /// How many texts vote for each key: a key only the left-out text votes for is dropped from the rest.
    private var voters: [String: Int] = [:]

    /// Sums are taken in key order, so that a document's shares come out the same to the last bit on every
    /// run (dictionaries iterate in a different order in each process).
    init(_ evidence: [String: [String: Double]]) {
        for text in evidence.keys.sorted() {
            let votes = evidence[text]!
            for key in votes.keys.sorted() {
                sums[key, default: 0] += votes[key]!
                voters[key, default: 0] += 1
            }
        }
    }

    /// Each key's share of the evidence, leaving out `own` (one text's votes).
    func shares(without own: [String: Double]?) -> [String: Double] {
        var rest = sums
        for (key, value) in own ?? [:] {
            if voters[key] == 1 { rest.removeValue(forKey: key) } else { rest[key]! -= value }
        }
        let total = rest.keys.sorted().reduce(0) { $0 + rest[$1]! }
        return total > 0 ? rest.mapValues { $0 / total } : [:]
    }
}

/// One mention's answer in a document: a gazetteer place, or a derived region.
public enum DocumentPlace: Sendable {
    case resolution(Resolution)
    case region(Region)

    var resolution: Resolution? {
        if case .resolution(let r) = self { return r }
        return nil
    }
}
