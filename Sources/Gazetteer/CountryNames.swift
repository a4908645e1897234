import Foundation

/// The places of one country by the skeleton of their own name, whatever its length: with a country given
/// (a batch row's), a name that matches nothing there is compared with the country's own places by its
/// consonants alone — "Haweeja" and Al Ḩuwayjah share only "hj", too short a skeleton to look up among the
/// whole world's names, but telling within Iraq.
final class CountryNames: @unchecked Sendable {
    private let lock = NSLock()
    private var byCountry: [String: [String: [Int]]] = [:]
    /// Every place's position under its country's two letters (packed in a UInt16), made by one pass over the
    /// place records the first time any country is asked for (a pass per country cost a report naming
    /// twenty countries twenty passes).
    private var positions: [UInt16: [Int]]?

    /// The positions of `country`'s places whose own name has skeleton `bones`; the country's table is made on
    /// first use.
    func places(_ country: String, skeleton bones: String, in index: IndexFile) -> [Int] {
        lock.lock()
        defer { lock.unlock() }
        if byCountry[country] == nil { byCountry[country] = table(country, index) }
        return byCountry[country]?[bones] ?? []
    }

    private func table(_ country: String, _ index: IndexFile) -> [String: [Int]] {
        let code = Array(country.utf8)
        guard code.count == 2 else { return [:] }
        if positions == nil { positions = CountryNames.positionsByCountry(index) }
        var table: [String: [Int]] = [:]
        for i in positions?[UInt16(code[0]) << 8 | UInt16(code[1])] ?? [] {
            let bones = NameKey.skeletonBytes(NameKey.exactBytes(index.placeName(i)))
            if !bones.isEmpty { table[String(decoding: bones, as: UTF8.self), default: []].append(i) }
        }
        return table
    }

    private static func positionsByCountry(_ index: IndexFile) -> [UInt16: [Int]] {
        var positions: [UInt16: [Int]] = [:]
        for i in 0..<index.placeCount {
            let at = index.placesAt + i * IndexFile.placeSize
            positions[UInt16(index.load(at + 39, as: UInt8.self)) << 8 | UInt16(index.load(at + 40, as: UInt8.self)), default: []].append(i)
        }
        return positions
    }
}

extension Gazetteer {
    /// `wanted` countries' places whose own name has the skeleton of `name`, however short (see `CountryNames`).
    func countrySkeletonCandidates(_ name: String, wanted: Set<String>) -> [Candidate] {
        let key = NameKey.exact(name)
        guard key.count >= 4 else { return [] }
        let bones = NameKey.skeleton(key)
        var found: [Candidate] = []
        for country in wanted.sorted() {
            for i in countryNames.places(country, skeleton: bones, in: index) {
                // The place's hit under its own name's key, for the name it matched.
                let own = index.hitRange(NameKey.exact(index.placeName(i)), skeleton: false)
                guard let hit = own.first(where: { index.hitPlace($0) == i }) else { continue }
                found.append(Candidate(place: index.place(i, named: false), hit: hit, quality: .skeleton))
            }
        }
        return found
    }
}
