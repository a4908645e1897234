import Foundation
import GRDB
import Gazetteer
import Geometry
import Reports

/// An event's location as the store keeps it: ACLED's columns (location, latitude, longitude, country,
/// admin1, geo_precision) and what geotrack knows besides (codes, kind, region, area).
struct LocationColumns {
    var location: String?
    var latitude: Double
    var longitude: Double
    var geoPrecision: Int?
    var country: String?
    var countryCode: String?
    var admin1: String?
    var admin1Code: String?
    var geonameid: Int?
    var placeKind: String?
    var regionKind: String?
    var uncertainty: Double?
    var geometry: [UInt8]?
    var bbox: Envelope?

    init(_ place: ResolvedPlace?, gazetteer: Gazetteer) throws {
        guard let place, let base = place.place, let point = place.coordinate else { throw StoreError.invalid("an event without a location") }
        location = place.name ?? base.name
        latitude = point.lat
        longitude = point.lon
        geoPrecision = place.geoPrecision
        countryCode = base.country.isEmpty ? nil : base.country
        country = gazetteer.country(code: base.country)?.name
        if base.kind != .country, !base.admin1.isEmpty {
            admin1Code = base.admin1
            admin1 = gazetteer.admin1(country: base.country, code: base.admin1)?.name ?? base.admin1
        }
        geonameid = place.region == nil ? base.id : nil
        placeKind = base.kind.rawValue
        regionKind = place.region?.kind.rawValue
        uncertainty = place.region?.uncertainty
        if let area = place.region?.geometry {
            geometry = try area.wkb()
            bbox = area.envelope
        }
    }

    /// The columns as a stored row holds them.
    init(row: Row) {
        location = row["location"]
        latitude = row["latitude"]
        longitude = row["longitude"]
        geoPrecision = row["geo_precision"]
        country = row["country"]
        countryCode = row["country_code"]
        admin1 = row["admin1"]
        admin1Code = row["admin1_code"]
        geonameid = row["geonameid"]
        placeKind = row["place_kind"]
        regionKind = row["region_kind"]
        uncertainty = row["uncertainty_m"]
        geometry = (row["geometry"] as Data?).map { [UInt8]($0) }
    }

    /// The location as merging reads it back: the same place whether the columns come from a row or are
    /// about to be written. `area` is the region's polygon, decoded from `geometry`.
    func resolvedPlace(area: Geometry?) -> ResolvedPlace {
        let name = location ?? ""
        let kind = PlaceKind(rawValue: placeKind ?? "") ?? .city
        let base = Place(id: geonameid ?? 0, kind: kind, name: name, country: countryCode ?? "", admin1: admin1Code ?? "",
                         lat: latitude, lon: longitude, population: 0, feature: "", parent: 0)
        var region: Region?
        if let regionKind = regionKind.flatMap(Region.Kind.init(rawValue:)) {
            region = Region(kind: regionKind, name: name, base: base, geometry: area,
                            representative: Coordinate(lon: longitude, lat: latitude), uncertainty: uncertainty ?? 0)
        }
        let mention = PlaceMention(start: 0, end: 0, text: name, role: .literal, query: name)
        return ResolvedPlace(mention: mention, place: base, region: region, status: .ok, score: 1)
    }
}

/// Counts as JSON: [{"count":3,"of":"drones"}] (written and read here: a counted noun is one lower-case
/// word, and Foundation's JSONSerialization cost more than the rest of an event's update).
enum CountsJSON {
    static func encode(_ counts: [Event.Count]) -> String? {
        guard !counts.isEmpty else { return nil }
        return "[" + counts.map { "{\"count\":\($0.count),\"of\":\"\($0.of.filter { $0 != "\"" && $0 != "\\" })\"}" }.joined(separator: ",") + "]"
    }

    static func decode(_ text: String?) -> [Event.Count] {
        guard let text else { return [] }
        return text.split(separator: "}").compactMap { item in
            guard let c = item.range(of: "\"count\":"), let o = item.range(of: "\"of\":\"") else { return nil }
            let number = item[c.upperBound...].prefix { $0.isNumber }
            let noun = item[o.upperBound...].prefix { $0 != "\"" }
            guard let n = Int(number) else { return nil }
            return Event.Count(count: n, of: String(noun))
        }
    }
}
