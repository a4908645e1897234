import GeoJSON
import Gazetteer
import Geometry
import Reports

/// Parsed reports as JSON: one record per report, `{"id", "places": […], "events": […]}`, with each event
/// in ACLED's field names.
struct ReportJSON {
    let gazetteer: Gazetteer
    private let names: PlaceNames

    init(gazetteer: Gazetteer) {
        self.gazetteer = gazetteer
        names = PlaceNames(gazetteer: gazetteer)
    }

    mutating func record(_ parsed: ParsedReport, candidates: [[Coordinate]]? = nil) -> JSONValue {
        var places: [JSONValue] = []
        for (i, p) in parsed.places.enumerated() {
            var members = place(p)
            if let candidates { members.append(("candidates", .array(candidates[i].map { .array([.double($0.lat), .double($0.lon)]) }))) }
            places.append(.object(JSONObject(members)))
        }
        let events = parsed.events.enumerated().map { i, e in event(e, id: "\(parsed.report.id)#\(i + 1)") }
        return .object(JSONObject([("id", .string(parsed.report.id)), ("places", .array(places)), ("events", .array(events))]))
    }

    mutating func place(_ p: ResolvedPlace) -> [(key: String, value: JSONValue)] {
        let m = p.mention
        var members: [(key: String, value: JSONValue)] = [
            ("start", .int(Int64(m.start))), ("end", .int(Int64(m.end))), ("text", .string(m.text)), ("role", .string(m.role.rawValue)),
        ]
        guard let coordinate = p.coordinate, let base = p.place else {
            members += [("name", .null), ("status", .string(p.status.rawValue))]
            return members
        }
        members += [
            ("name", .string(p.name ?? base.name)), ("geonameid", p.region == nil ? .int(Int64(base.id)) : .null),
            ("kind", .string(p.kind)), ("country", .string(base.country)),
            ("admin1", base.admin1.isEmpty || base.kind == .country ? .null : .string(admin1Name(base))),
            ("lat", .double(rounded(coordinate.lat))), ("lon", .double(rounded(coordinate.lon))),
            ("precision", .string(p.precision)), ("score", .double((p.score * 1000).rounded() / 1000)),
        ]
        if p.status == .ambiguous { members.append(("status", .string("ambiguous"))) }
        return members
    }

    mutating func event(_ e: Event, id: String) -> JSONValue {
        var location: JSONValue = .null
        if let p = e.location, let c = p.coordinate, let base = p.place {
            location = .object(JSONObject([
                ("name", .string(p.name ?? base.name)), ("geonameid", p.region == nil ? .int(Int64(base.id)) : .null),
                ("kind", .string(p.kind)), ("country", .string(base.country)),
                ("admin1", base.admin1.isEmpty || base.kind == .country ? .null : .string(admin1Name(base))),
                ("lat", .double(rounded(c.lat))), ("lon", .double(rounded(c.lon))),
            ]))
        }
        return .object(JSONObject([
            ("event_id", .string(id)),
            ("event_date", e.date.map { .string($0.description) } ?? .null),
            ("time_precision", .int(Int64(e.timePrecision))),
            ("time_utc", e.timeUTCText.map { .string($0) } ?? .null),
            ("disorder_type", .string(e.eventType.disorderType.rawValue)),
            ("event_type", .string(e.eventType.rawValue)), ("sub_event_type", .string(e.subEventType.rawValue)),
            ("actor1", e.actor1.map { .string($0) } ?? .null), ("inter1", e.inter1.map { .int(Int64($0.rawValue)) } ?? .null),
            ("actor2", e.actor2.map { .string($0) } ?? .null), ("inter2", e.inter2.map { .int(Int64($0.rawValue)) } ?? .null),
            ("interaction", e.interaction.map { .int(Int64($0)) } ?? .null),
            ("civilian_targeting", .bool(e.civilianTargeting)),
            ("location", location),
            ("geo_precision", e.geoPrecision.map { .int(Int64($0)) } ?? .null),
            ("fatalities", e.fatalities.map { .int(Int64($0)) } ?? .null),
            ("fatalities_lower_bound", .bool(e.fatalitiesLowerBound)),
            ("counts", .array(e.counts.map { .object(JSONObject([("count", .int(Int64($0.count))), ("of", .string($0.of))])) })),
            ("relations", .array(e.relations.map { r in
                .object(JSONObject([("distance_m", .double(r.distance)), ("approximate", .bool(r.approximate)), ("to", .string(r.to))]))
            })),
            ("sources", .array(e.sources.map { .string($0) })),
            ("sentences", .array(e.evidence.map { s in
                .object(JSONObject([("report", .string(s.report)), ("start", .int(Int64(s.start))), ("end", .int(Int64(s.end)))]))
            })),
            ("notes", .string(e.evidence.first?.text ?? "")),
        ]))
    }

    private func admin1Name(_ p: Place) -> String { names.admin1(p) }

    private func rounded(_ degrees: Double) -> Double { (degrees * 1e5).rounded() / 1e5 }
}
