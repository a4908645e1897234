import Gazetteer
import Geometry

/// A place mention with its answer: a gazetteer place, a derived region, or nothing (not found, or an
/// ethnic group such as "Kurdish").
public struct ResolvedPlace: Sendable {
    public var mention: PlaceMention
    /// The place (for a region, the place it is part of or near).
    public var place: Place?
    public var region: Region?
    public var status: Resolution.Status
    public var score: Double
    /// Every candidate's point, best first, when the parser was asked to keep them (to measure what the
    /// data allows).
    public var alternatives: [Coordinate] = []

    public init(mention: PlaceMention, place: Place?, region: Region?, status: Resolution.Status, score: Double) {
        self.mention = mention
        self.place = place
        self.region = region
        self.status = status
        self.score = score
    }

    /// The mention answered by `match`, a second reading of its name; with `keep` > 1, `alternatives` (that
    /// reading's candidates, best first) replace the ones kept, or, when nil, the ones kept stay.
    func answered(by match: Match, alternatives: [Match]?, keep: Int) -> ResolvedPlace {
        var answered = self
        answered.place = match.place
        answered.score = match.score
        if keep > 1, let alternatives { answered.alternatives = alternatives.prefix(keep).map { Coordinate(lon: $0.place.lon, lat: $0.place.lat) } }
        return answered
    }

    /// Where to draw it: the place's point, or the region's representative point.
    public var coordinate: Coordinate? {
        if let region { return region.representative }
        return place.map { Coordinate(lon: $0.lon, lat: $0.lat) }
    }

    /// How precise the location is, as ACLED's `geo_precision` puts it: 1 a town, 2 near a town or part of a
    /// district, 3 only a larger region (province, country, "northern Syria").
    public var geoPrecision: Int {
        if let region { return region.kind == .part ? 3 : 2 }
        switch place?.kind {
        // A site (a mountain, a base, a crossing) is a point as a town is.
        case .city, .site: return 1
        case .admin2: return 2
        default: return 3
        }
    }

    /// Finer places rank lower: a town, a point off it, near it, a district, part of a region, a province, a
    /// country. Merged accounts keep the finest.
    public var fineness: Int {
        if let region { return region.kind == .offset ? 1 : region.kind == .near ? 2 : 4 }
        switch place?.kind {
        case .city, .site: return 0
        case .admin2: return 3
        case .admin1: return 5
        case .country: return 6
        default: return 7
        }
    }

    /// "point", "area" or "approximate" (a derived point with its uncertainty).
    public var precision: String {
        if let region { return region.kind == .offset ? "approximate" : "area" }
        guard let place else { return "none" }
        return place.kind == .city || place.kind == .site ? "point" : "area"
    }

    /// The kind written out: a place kind, or "region".
    public var kind: String { region != nil ? "region" : place?.kind.rawValue ?? "none" }
    public var name: String? { region?.name ?? place?.name }
}
