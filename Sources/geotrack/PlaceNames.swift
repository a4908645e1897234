import Gazetteer
import Synchronization

/// Names of countries and first-level divisions by code, each decoded from the gazetteer once (writers
/// name them on every row; a batch of 100k rows names a few hundred). One cache can serve every thread
/// of a batch: lookups take a lock, misses decode outside it.
final class PlaceNames: Sendable {
    let gazetteer: Gazetteer
    private let countries = Mutex<[String: String]>([:])
    private let divisions = Mutex<[String: String]>([:])

    init(gazetteer: Gazetteer) { self.gazetteer = gazetteer }

    func country(_ code: String) -> String {
        if let known = countries.withLock({ $0[code] }) { return known }
        let name = gazetteer.country(code: code)?.name ?? ""
        countries.withLock { $0[code] = name }
        return name
    }

    /// The place's first-level division ("Al-Hasakah" for a town of SY.01); its code when unnamed.
    func admin1(_ p: Place) -> String {
        let key = p.country + "." + p.admin1
        if let known = divisions.withLock({ $0[key] }) { return known }
        let name = gazetteer.admin1(country: p.country, code: p.admin1)?.name ?? p.admin1
        divisions.withLock { $0[key] = name }
        return name
    }
}
