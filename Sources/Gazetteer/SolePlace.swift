import Geometry

/// A name that names several places a command cannot choose between ("near Ariha": Ariha in Syria, or
/// Jericho, Arīḩā in Arabic): the error lists them, for the user to say which.
public struct AmbiguousPlace: Error, Sendable, CustomStringConvertible {
    public struct Candidate: Sendable {
        public var place: Place
        public var admin1: String
        public var countryName: String
    }
    public var text: String
    public var candidates: [Candidate]

    public var description: String {
        let lines = candidates.map { c in
            "  \(c.place.id)\t\(c.place.country)\t\(c.admin1.isEmpty ? "-" : c.admin1)\t\(c.place.name)\tpopulation \(c.place.population)"
        }
        let example = candidates.last.map { $0.countryName.isEmpty ? $0.place.country : $0.countryName } ?? "Country"
        return "\"\(text)\" names several places; say which with --country or a qualifier (\"\(text), \(example)\"):\n"
            + "  id\tcountry\tadmin1\tname\tpopulation\n" + lines.joined(separator: "\n")
    }
}

extension Gazetteer {
    /// A rival candidate with this share of the evidence makes a name ambiguous for `solePlace`…
    static let rivalShare = 0.05
    /// …unless the best has this many times its people (Paris, France beside Paris, Texas); a rival of unknown
    /// population stays one (Ariha in Syria has none in GeoNames).
    static let clearlyLarger = 10

    /// The one place `text` names, for a command that measures from it (`near`): nil when it names none; an
    /// `AmbiguousPlace` error when other places far away carry a real share of the evidence and the context
    /// (a country, a qualifier) does not settle it.
    public func solePlace(_ text: String, context: ResolutionContext = ResolutionContext()) throws -> Place? {
        let resolution = resolve(text, context: context, keep: 10)
        guard let best = resolution.best else { return nil }
        let here = Coordinate(lon: best.place.lon, lat: best.place.lat)
        let size = { (p: Place) in Gazetteer.rankingPopulation(p.kind, p.population) }
        let rivals = resolution.matches.dropFirst().filter { m in
            m.score >= Gazetteer.rivalShare
                && (context.countries.isEmpty || context.countries.contains(m.place.country))
                && here.roughKilometres(to: Coordinate(lon: m.place.lon, lat: m.place.lat)) > 25
                && (m.place.population == 0 || size(best.place) < Gazetteer.clearlyLarger * size(m.place))
        }
        guard rivals.isEmpty || best.place.kind <= .country || best.place.isCapital else {
            throw AmbiguousPlace(text: text, candidates: ([best] + rivals).map { m in
                AmbiguousPlace.Candidate(place: m.place, admin1: admin1(country: m.place.country, code: m.place.admin1)?.name ?? m.place.admin1,
                                         countryName: country(code: m.place.country)?.name ?? "")
            })
        }
        return best.place
    }
}
