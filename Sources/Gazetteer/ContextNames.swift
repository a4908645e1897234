/// Context given by name, as a batch row or a caller writes it: a country ("Syria", "SY") or a first-level
/// division ("Idlib", "SY.07").
extension Gazetteer {
    /// The ISO code of the country `text` names: an alpha-2 code, or any name the gazetteer knows the country
    /// by ("Syria", "Syrian Arab Republic", "Türkiye"); nil when it names none.
    public func countryCode(_ text: String) -> String? {
        let text = trimmed(text)
        if text.utf8.count == 2, let country = country(code: text) { return country.country }
        return candidates(text, skeletons: false).first { $0.place.kind == .country }?.place.country
    }

    /// The first-level divisions `text` names ("Idlib", "Idleb", "SY.07", or "07" with a country) as keys
    /// "SY.07", within `country` when given; empty when it names none.
    public func admin1Keys(_ text: String, country: String?) -> Set<String> {
        let text = trimmed(text)
        let parts = text.split(separator: ".", maxSplits: 1).map(String.init)
        if parts.count == 2, parts[0].count == 2, admin1(country: parts[0].uppercased(), code: parts[1]) != nil {
            return ["\(parts[0].uppercased()).\(parts[1])"]
        }
        if let country, admin1(country: country, code: text) != nil { return ["\(country).\(text)"] }
        let divisions = spelledCandidates(text, wanted: country.map { [$0] } ?? []).filter {
            $0.place.kind == .admin1 && (country == nil || $0.place.country == country)
        }
        return Set(divisions.map { "\($0.place.country).\($0.place.admin1)" })
    }
}
