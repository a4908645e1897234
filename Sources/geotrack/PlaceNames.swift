import Gazetteer

/// Names of countries and first-level divisions by code, each decoded from the gazetteer once (writers
/// name them on every row; a batch of 100k rows names a few hundred).
struct PlaceNames {
    let gazetteer: Gazetteer
    private var countries: [String: String] = [:]
    private var divisions: [String: String] = [:]

    init(gazetteer: Gazetteer) { self.gazetteer = gazetteer }

    mutating func country(_ code: String) -> String {
        if let known = countries[code] { return known }
        let name = gazetteer.country(code: code)?.name ?? ""
        countries[code] = name
        return name
    }

    /// The place's first-level division ("Al-Hasakah" for a town of SY.01); its code when unnamed.
    mutating func admin1(_ p: Place) -> String {
        let key = p.country + "." + p.admin1
        if let known = divisions[key] { return known }
        let name = gazetteer.admin1(country: p.country, code: p.admin1)?.name ?? p.admin1
        divisions[key] = name
        return name
    }
}
