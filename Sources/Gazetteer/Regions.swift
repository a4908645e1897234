import Foundation
import Geometry

/// An area or point derived from a place: "northern Syria" (part of a polygon), "near Homs" (a geodesic
/// circle), "30 km north of Al Hasakah" (a destination point and its uncertainty).
public struct Region: Sendable {
    public enum Kind: String, Sendable { case part, near, offset }
    public var kind: Kind
    /// As written, normalised: "northern Syria".
    public var name: String
    public var base: Place
    /// The area (part, near), or nil for an offset point.
    public var geometry: Geometry?
    /// A point inside the area (GEOS point-on-surface), or the offset point.
    public var representative: Coordinate
    /// How far the true location may be from `representative`, in metres.
    public var uncertainty: Double

    public init(kind: Kind, name: String, base: Place, geometry: Geometry?, representative: Coordinate, uncertainty: Double) {
        self.kind = kind
        self.name = name
        self.base = base
        self.geometry = geometry
        self.representative = representative
        self.uncertainty = uncertainty
    }
}

extension Gazetteer {
    /// Compass words and the unit vector (east, north) each points along; "central" is handled apart.
    static let directions: [String: (Double, Double)] = {
        let d = 1 / 2.0.squareRoot()
        var table: [String: (Double, Double)] = [
            "north": (0, 1), "south": (0, -1), "east": (1, 0), "west": (-1, 0),
            "northeast": (d, d), "northwest": (-d, d), "southeast": (d, -d), "southwest": (-d, -d),
        ]
        for (k, v) in table { table[k + "ern"] = v }
        // "south-central Kansas": the southern part (its middle third is finer than the data say).
        for k in ["north", "south", "east", "west"] { table[k + "central"] = table[k] }
        table["upper"] = (0, 1)
        table["lower"] = (0, -1)
        return table
    }()

    /// The first letters (lower case) of the words a region can start with.
    static let regionLeadBytes: Set<UInt8> = Set("nsewulcmot".utf8)
    /// The first and last letters of those words, as pairs: a first word whose pair is not here is none.
    static let regionLeadEnds: Set<UInt16> = Set((Array(directions.keys) + ["central", "middle", "near", "outside", "close", "the"])
        .map { UInt16($0.utf8.first!) << 8 | UInt16($0.utf8.last!) })

    /// Reads a relative region: "[the] northern|north-eastern|central … X", "near X", "N km|mi north of X".
    /// nil when the text is not one, or X is not a place with a polygon (for parts).
    public func region(_ text: String, context: ResolutionContext = ResolutionContext()) throws -> Region? {
        guard Gazetteer.startsLikeRegion(text) else { return nil }
        let read = RegionWords(text)
        let words = read.words, tail = read.tail
        guard words.count >= 2 else { return nil }
        // Cheap test first: only text that starts like a region is looked at further (most names do not).
        let lead = words[0]
        guard Gazetteer.directions[lead] != nil || ["central", "middle", "near", "outside", "close"].contains(lead)
            || lead.first.map({ $0.isNumber }) == true else { return nil }
        // A place's own name wins: "West Virginia", "South Africa", "North Bay" are places, not regions.
        guard exactMatches(text) == 0 else { return nil }
        if words[0] == "near" || words[0] == "outside" || (words[0] == "close" && words.count > 2 && words[1] == "to") {
            let skip = words[0] == "close" ? 2 : 1
            guard let base = resolve(tail(skip), context: context).best?.place else { return nil }
            let radius = base.kind == .city ? 25_000.0 : 50_000.0
            // The circle depends only on the place: made once (64 geodesic steps), renamed as each text wrote it.
            var region = try polygons.part("near \(base.id)") {
                let circle = try GeodesicBuffer.circle(center: Coordinate(lon: base.lon, lat: base.lat), radius: radius, segments: 64)
                return Region(kind: .near, name: text, base: base, geometry: circle,
                              representative: Coordinate(lon: base.lon, lat: base.lat), uncertainty: radius)
            }
            region.name = text
            return region
        }
        if let offset = try offsetRegion(words, tail, text, context) { return offset }
        let central = words[0] == "central" || words[0] == "middle"
        guard central || Gazetteer.directions[words[0]] != nil else { return nil }
        // The base is a name as written (a designator aside: "Hasakah Governorate"), or a spelling variant
        // of one place only ("eastern Ankra"): "South Ossetia" is no part of Haiti's Ouest department, one
        // of the places "Ossetia" matches only by its consonants.
        let lookup = lookUp(tail(1), allowsFuzzy: context.allowsFuzzy)
        let resolution = resolve(lookup, context: context, keep: 10)
        guard resolution.status == .ok || lookup.candidates.contains(where: { $0.quality == .exact }) else { return nil }
        guard let base = resolution.matches.first(where: { $0.place.kind == .country || $0.place.kind == .admin1 })?.place
            ?? resolution.best?.place, let area = try polygon(of: base) else { return nil }
        // The cut depends only on the place and the direction: made once, renamed as each text wrote it.
        let direction = central ? nil : Gazetteer.directions[words[0]]!
        let key = "\(base.id) \(direction.map { "\($0.0) \($0.1)" } ?? "central")"
        var region = try polygons.part(key) { try part(of: area, base: base, direction: direction, name: text) }
        region.name = text
        return region
    }

    /// The rest of a name that starts with a direction or "central" ("western Africa" → "Africa"), if it does.
    static func directionBase(_ name: String) -> String? {
        guard startsLikeRegion(name) else { return nil }
        let read = RegionWords(name)
        guard read.words.count >= 2, directions[read.words[0]] != nil || ["central", "middle"].contains(read.words[0]) else { return nil }
        return read.tail(1)
    }

    /// A name's words as a region reads them: lower case without hyphens ("north-eastern" → "northeastern"),
    /// a leading "the" left out, a direction in two words joined ("South West England" → "southwest",
    /// "england"); and the words after the first `n` of them as written (the base, "England").
    struct RegionWords {
        private(set) var words: [String]
        private let original: [Substring]

        init(_ text: String) {
            original = text.split(separator: " ")
            words = original.map { $0.lowercased().replacingOccurrences(of: "-", with: "") }
            if words.first == "the" { words.removeFirst() }
            if words.count >= 3, ["north", "south"].contains(words[0]), ["east", "west", "eastern", "western"].contains(words[1]) {
                words[1] = words[0] + words[1]
                words.removeFirst()
            }
        }

        func tail(_ n: Int) -> String { original.suffix(max(words.count - n, 0)).joined(separator: " ") }
    }

    /// Whether `text` starts as a region does (a direction, "central", "near", a number… and a second word):
    /// the cheap tests, on its first bytes and first word, that rule out most names.
    static func startsLikeRegion(_ text: String) -> Bool {
        // Cheapest test first, on the first byte: a region starts with a direction, "upper"/"lower",
        // "central"/"middle", "near"/"outside"/"close", "the", or a number.
        guard let byte = text.utf8.first, Gazetteer.regionLeadBytes.contains(byte | 0x20) || (0x30...0x39).contains(byte) else { return false }
        // Then on the first word alone: most names do not start like a region.
        func word(_ w: Substring) -> String { String(w.lowercased().filter { $0 != "-" }) }
        guard let space = text.utf8.firstIndex(of: 0x20) else { return false }  // one word is never a region
        if let last = text.utf8[..<space].last, !(0x30...0x39).contains(byte),
           !Gazetteer.regionLeadEnds.contains(UInt16(byte | 0x20) << 8 | UInt16(last | 0x20)) { return false }
        var first = word(text[..<space])
        if first == "the" {
            let rest = text[text.index(after: space)...]
            first = word(rest.utf8.firstIndex(of: 0x20).map { rest[..<$0] } ?? rest)
        }
        return Gazetteer.directions[first] != nil || ["central", "middle", "near", "outside", "close"].contains(first)
            || first.first.map({ $0.isNumber }) == true
    }

    /// "30 km north of X": the geodesic destination, uncertain by a third of the distance.
    private func offsetRegion(_ words: [String], _ tail: (Int) -> String, _ text: String,
                              _ context: ResolutionContext) throws -> Region? {
        // N unit direction of X  |  Nkm direction of X
        var i = 0
        var number: Double?
        var unit = 1000.0
        if let n = Double(words[0]) {
            number = n
            i = 1
            if words.count > 1, let u = ["km": 1000.0, "kilometres": 1000, "kilometers": 1000, "mi": 1609.344, "miles": 1609.344, "m": 1, "metres": 1, "meters": 1][words[1]] {
                unit = u
                i = 2
            }
        } else if let (n, u) = Gazetteer.numberWithUnit(words[0]) {
            number = n
            unit = u
            i = 1
        }
        guard let number, words.count > i + 2, let (e, n) = Gazetteer.directions[words[i]], words[i + 1] == "of" else { return nil }
        guard let base = resolve(tail(i + 2), context: context).best?.place else { return nil }
        let distance = number * unit
        let azimuth = atan2(e, n) * 180 / .pi
        let (point, _) = Geodesic.wgs84.direct(from: Coordinate(lon: base.lon, lat: base.lat), azimuth: azimuth, distance: distance)
        return Region(kind: .offset, name: text, base: base, geometry: nil, representative: point, uncertainty: distance / 3)
    }

    /// "30km", "2.5mi", "500m": the number and metres per unit (no regex: this runs for every region text).
    static func numberWithUnit(_ word: String) -> (Double, Double)? {
        for (suffix, metres) in [("km", 1000.0), ("mi", 1609.344), ("m", 1.0)] where word.hasSuffix(suffix) {
            let digits = word.dropLast(suffix.count)
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), let n = Double(digits) else { return nil }
            return (n, metres)
        }
        return nil
    }

    /// The part of `area` toward `direction` (the half of the area's extent along it), or its middle half
    /// in both axes for "central", computed with GEOS in an azimuthal equidistant plane centred on the area.
    func part(of area: Geometry, base: Place, direction: (Double, Double)?, name: String) throws -> Region {
        guard let envelope = area.envelope else { throw GeometryError.invalidGeometry("empty polygon for \(base.name)") }
        let projection = try LocalProjection.centered(at: envelope.center)
        // Densified first, so that the plane's straight edges follow the lon/lat-straight edges of the area.
        // (makeValid: projecting can fold a polygon that crosses the antimeridian or hugs a pole.)
        let plane = try projection.forward(area.densified(maxStep: 0.1)).makeValid()
        let points = plane.allCoordinates
        let window: Geometry
        if let (e, n) = direction {
            // Keep what lies past the midpoint of the extent along (e, n): a half-plane, as a big polygon.
            let along = points.map { $0.x * e + $0.y * n }
            let cut = (along.min()! + along.max()!) / 2
            let far = 1e7
            let ox = e * cut, oy = n * cut  // a point on the cut line
            let (px, py) = (-n, e)  // along the cut line
            window = .polygon(Polygon(exterior: try LinearRing([
                Coordinate(x: ox + px * far, y: oy + py * far), Coordinate(x: ox - px * far, y: oy - py * far),
                Coordinate(x: ox - px * far + e * far, y: oy - py * far + n * far),
                Coordinate(x: ox + px * far + e * far, y: oy + py * far + n * far),
                Coordinate(x: ox + px * far, y: oy + py * far),
            ])))
        } else {
            let xs = points.map(\.x), ys = points.map(\.y)
            let (x0, x1, y0, y1) = (xs.min()!, xs.max()!, ys.min()!, ys.max()!)
            let (w, h) = ((x1 - x0) / 4, (y1 - y0) / 4)
            window = .box(minX: x0 + w, minY: y0 + h, maxX: x1 - w, maxY: y1 - h)
        }
        let piece = try plane.intersection(window)
        let inside = try piece.pointOnSurface()
        // Clipped back to the area in lon/lat, so that the part lies inside it exactly.
        // (makeValid again: the way back can fold an edge that crosses a long way, as a part of the US does.)
        let geometry = try projection.inverse(piece).makeValid().intersection(area).orientedForRFC7946()
        guard case .point(let p) = try projection.inverse(inside) else { throw GeometryError.invalidGeometry("no point on \(name)") }
        // How far the part reaches from its point, measured in the plane (its scale error, a few per cent at
        // 2,000 km from the centre, does not matter to an uncertainty).
        guard case .point(let q) = inside else { throw GeometryError.invalidGeometry("no point on \(name)") }
        let reach = piece.allCoordinates.map { (c: Coordinate) -> Double in
            let dx = c.x - q.coordinate.x, dy = c.y - q.coordinate.y
            return (dx * dx + dy * dy).squareRoot()
        }.max() ?? 0
        return Region(kind: .part, name: name, base: base, geometry: geometry, representative: p.coordinate, uncertainty: reach)
    }

    /// A country's or admin1's polygon (Natural Earth), its parts dissolved; nil when the gazetteer has none.
    /// Dissolved once per place and process: a batch naming a country a thousand times unions it once.
    public func polygon(of place: Place) throws -> Geometry? {
        try polygons.dissolved(place.id, in: directory)
    }

    /// The extent of a country's or admin1's polygon, computed once per place and process (a batch naming
    /// Syria ten thousand times reads its coordinates once); nil when the gazetteer has no polygon.
    public func extent(of place: Place) throws -> Envelope? {
        try polygons.extent(place.id, in: directory)
    }

    static func unhex(_ hex: Slice<UnsafeRawBufferPointer>) -> [UInt8] {
        func nibble(_ c: UInt8) -> UInt8 { c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x61 + 10 }
        var out = [UInt8]()
        out.reserveCapacity(hex.count / 2)
        var i = hex.startIndex
        while i + 1 < hex.endIndex {
            out.append(nibble(hex[i]) << 4 | nibble(hex[i + 1]))
            i += 2
        }
        return out
    }
}

/// polygons.tsv, mapped on first use and scanned once for where each place's rows are.
final class PolygonStore: @unchecked Sendable {
    private let lock = NSLock()
    private var data: Data?
    private var rows: [Int: [Range<Int>]] = [:]
    private var dissolvedAreas: [Int: Geometry?] = [:]
    private var parts: [String: Region] = [:]

    private var extents: [Int: Envelope?] = [:]

    /// The extent of place `id`'s parts (no union needed: the extent of a union is that of its parts), computed
    /// the first time.
    func extent(_ id: Int, in directory: URL) throws -> Envelope? {
        lock.lock()
        if let known = extents[id] {
            lock.unlock()
            return known
        }
        lock.unlock()
        let made = try parts(of: id, in: directory).compactMap(\.envelope).reduce(nil as Envelope?) { sum, e in
            guard let sum else { return e }
            return Envelope(minX: min(sum.minX, e.minX), minY: min(sum.minY, e.minY), maxX: max(sum.maxX, e.maxX), maxY: max(sum.maxY, e.maxY))
        }
        lock.lock()
        extents[id] = made
        lock.unlock()
        return made
    }

    /// The region under `key`, made by `make` the first time.
    func part(_ key: String, make: () throws -> Region) throws -> Region {
        lock.lock()
        if let known = parts[key] {
            lock.unlock()
            return known
        }
        lock.unlock()
        let made = try make()
        lock.lock()
        parts[key] = made
        lock.unlock()
        return made
    }

    /// The place's parts dissolved into one geometry, computed once (nil: no polygon).
    func dissolved(_ id: Int, in directory: URL) throws -> Geometry? {
        lock.lock()
        if let known = dissolvedAreas[id] {
            lock.unlock()
            return known
        }
        lock.unlock()
        let parts = try parts(of: id, in: directory)
        let area = parts.isEmpty ? nil : parts.count == 1 ? parts[0] : try Geometry.geometryCollection(GeometryCollection(parts)).unaryUnion()
        lock.lock()
        dissolvedAreas[id] = area
        lock.unlock()
        return area
    }

    private func parts(of id: Int, in directory: URL) throws -> [Geometry] {
        lock.lock()
        defer { lock.unlock() }
        if data == nil {
            let url = directory.appendingPathComponent("polygons.tsv")
            guard let mapped = try? Data(contentsOf: url, options: .alwaysMapped) else { return [] }
            data = mapped
            mapped.withUnsafeBytes { raw in
                guard let base = raw.baseAddress else { return }
                // Lines found with memchr: the file is tens of megabytes, and this runs at the first region.
                func newline(from i: Int) -> Int? {
                    memchr(base + i, 0x0A, raw.count - i).map { UnsafeRawPointer($0) - base }
                }
                var start = newline(from: 0).map { $0 + 1 } ?? raw.count  // past the header
                while start < raw.count {
                    let end = newline(from: start) ?? raw.count
                    if let tab = raw[start..<end].firstIndex(of: 0x09),
                       let id = Int(String(decoding: UnsafeRawBufferPointer(rebasing: raw[start..<tab]), as: UTF8.self)) {
                        rows[id, default: []].append((tab + 1)..<end)
                    }
                    start = end + 1
                }
            }
        }
        guard let data, let ranges = rows[id] else { return [] }
        return try data.withUnsafeBytes { raw in
            // Valid as read: scripts/build-geodata makes every polygon valid once and checks it.
            try ranges.map { try Geometry(wkb: Gazetteer.unhex(raw[$0])) }
        }
    }
}
