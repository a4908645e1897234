/// What a place is. (Importance in ranking is the resolver's business, not this order's.)
public enum PlaceKind: String, Sendable, CaseIterable, Comparable {
    // Index codes follow the declaration order: new kinds go at the end.
    case continent, country, admin1, city, admin2
    /// Any other GeoNames feature (the full dump's): a mountain, valley, stream, base, airport, dam, checkpoint,
    /// oil field, a division below the second level.
    case site

    /// The kinds in order, made once (`allCases` builds a new array at every use).
    static let ordered: [PlaceKind] = allCases

    /// The kind's position in `ordered`: its code in the index file.
    var code: UInt8 {
        switch self {
        case .continent: 0
        case .country: 1
        case .admin1: 2
        case .city: 3
        case .admin2: 4
        case .site: 5
        }
    }

    public static func < (a: PlaceKind, b: PlaceKind) -> Bool { a.code < b.code }
}

/// A gazetteer entry: a GeoNames place with its parent chain (city → admin1 → country → continent).
public struct Place: Sendable, Hashable {
    public var id: Int
    public var kind: PlaceKind
    public var name: String
    /// ISO 3166-1 alpha-2.
    public var country: String
    /// GeoNames admin1 code within the country ("01" for Al Hasakah Governorate, "DC" for Washington, D.C.).
    public var admin1: String
    public var lat: Double
    public var lon: Double
    public var population: Int
    /// GeoNames feature code: PPLC (capital), PPLA (admin1 seat), PPL, ADM1, PCLI, CONT …
    public var feature: String
    /// The next place up the chain (0 for none).
    public var parent: Int

    public var isCapital: Bool { feature == "PPLC" }

    public init(id: Int, kind: PlaceKind, name: String, country: String, admin1: String, lat: Double, lon: Double,
                population: Int, feature: String, parent: Int) {
        self.id = id
        self.kind = kind
        self.name = name
        self.country = country
        self.admin1 = admin1
        self.lat = lat
        self.lon = lon
        self.population = population
        self.feature = feature
        self.parent = parent
    }
}
