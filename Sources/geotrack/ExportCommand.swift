import ArgumentParser
import Foundation
import GeoJSON
import Geometry
import Store

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the store as map layers: events, places, regions, positions, proximity.",
        discussion: """
            One file per layer in --out: events (a point per event, ACLED-named properties, geo_precision, \
            source_count and source_reports, time_utc), regions (the polygons of area-precision events, \
            with their events' ids), places (every place mention with its role and report), positions \
            (reference positions), proximity (for each stated distance to a position — "1km from US \
            troops" — the geodesic ring of that distance around the position and a line from the event to \
            it with distance_m; and for each position with a radius, a line to every event inside it). CSV \
            keeps ACLED's column names and order.

            Examples:
              geotrack export --out out/
              geotrack export --out out/ --layers events,proximity --since 2023-10-01 --format geojsonseq
            """
    )

    enum Layer: String, CaseIterable { case events, places, regions, positions, proximity }

    @Option(help: "Where the layer files go (created when missing).")
    var out: String

    @Option(help: "Layers to write, comma-separated: events,places,regions,positions,proximity.")
    var layers = "events,places,regions,positions,proximity"

    @Option(help: "geojson, geojsonseq or csv.")
    var format: OutputFormat = .geojson

    @OptionGroup var filter: EventFilterOptions
    @OptionGroup var store: StoreOptions

    func validate() throws {
        for name in layers.split(separator: ",") where Layer(rawValue: String(name)) == nil {
            throw ValidationError("--layers: no layer \(name) (events, places, regions, positions, proximity)")
        }
    }

    func run() throws {
        guard FileManager.default.fileExists(atPath: store.db) else { throw ValidationFailure("\(store.db): no such store (ingest or import first)") }
        var phases = Phases("export")
        let ext = format == .csv ? "csv" : format == .geojson ? "geojson" : "geojsons"
        let chosen = layers.split(separator: ",").compactMap { Layer(rawValue: String($0)) }
        let paths = chosen.map { (out as NSString).appendingPathComponent("\($0.rawValue).\(ext)") }
        // Before the store is read: no layer may be written over it.
        for path in paths { try OutputCheck.refuseInput(output: path, inputs: [store.db]) }
        let events = try EventStore(path: store.db)
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        var written: [String] = []
        // The layers replace the old ones together, once every one is written (or none does).
        let files = OutputSet()
        for (layer, path) in zip(chosen, paths) {
            let sink = try files.add(path)
            let count: Int
            switch layer {
            case .events: count = try writeEvents(events, sink)
            case .regions: count = try writeRegions(events, sink)
            case .places: count = try writeFeatures(try placeFeatures(events), sink)
            case .positions: count = try writeFeatures(try events.positions().map(positionFeature), sink)
            case .proximity: count = try writeFeatures(try proximityFeatures(events), sink)
            }
            written.append("\(layer.rawValue) \(count)")
            phases.done(layer.rawValue)
        }
        try files.commit()
        printError("export: \(out): " + written.joined(separator: ", "))
    }

    /// Events stream straight from the store to the file: no feature values in between.
    func writeEvents(_ store: EventStore, _ sink: ByteSink) throws -> Int {
        var count = 0
        if format == .csv {
            try sink.append("longitude_wgs84,latitude_wgs84," + EventStore.recordColumns.joined(separator: ",") + "\n")
            try store.forEachEvent(filter.filter) { e in
                try sink.append(shortest: e.lon)
                try sink.append(UInt8(ascii: ","))
                try sink.append(shortest: e.lat)
                for v in e.fields {
                    try sink.append(UInt8(ascii: ","))
                    if let t = v.text { try CSVWriter.field(t, to: sink) }
                }
                try sink.append(UInt8(ascii: "\n"))
                count += 1
            }
            return count
        }
        let writer = try GeoJSONWriter(sink: sink, layout: format == .geojson ? .featureCollection : .sequence)
        try store.forEachEvent(filter.filter) { e in
            try writer.beginFeature(id: .string(e.eventID))
            try e.writeProperties(to: sink, keys: EventRecord.propertyKeys)
            try sink.append(",\"geometry\":")
            try writer.writePoint(lon: e.lon, lat: e.lat)
            try writer.endFeature()
            count += 1
        }
        try writer.finish()
        return count
    }

    /// One feature per distinct region (name and area), with the ids of the events placed in it.
    func writeRegions(_ store: EventStore, _ sink: ByteSink) throws -> Int {
        var order: [String] = []
        var regions: [String: (name: String, kind: String, geometry: Geometry, events: [String])] = [:]
        try store.forEachEvent(filter.filter) { e in
            guard let wkb = e.area else { return }
            let key = (e.field("location").text ?? "") + "|" + wkb.prefix(64).map { String($0) }.joined() + "\(wkb.count)"
            if regions[key] == nil {
                order.append(key)
                regions[key] = (e.field("location").text ?? "", e.field("region_kind").text ?? "", try Geometry(wkb: wkb), [])
            }
            regions[key]?.events.append(e.eventID)
        }
        let features = order.compactMap { key -> Feature? in
            guard let r = regions[key] else { return nil }
            return Feature(id: nil, geometry: r.geometry, properties: JSONObject([
                ("name", .string(r.name)), ("region_kind", .string(r.kind)), ("event_count", .int(Int64(r.events.count))),
                ("event_ids", .string(r.events.joined(separator: ";"))),
            ]))
        }
        return try writeFeatures(features, sink)
    }

    func placeFeatures(_ store: EventStore) throws -> [Feature] {
        try store.places().map { p in
            func text(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
            return Feature(id: nil, geometry: .point(Point(lon: p.lon, lat: p.lat)), properties: JSONObject([
                ("report", .string(p.report)), ("start", .int(Int64(p.start))), ("end", .int(Int64(p.end))), ("text", .string(p.text)),
                ("role", .string(p.role)), ("name", text(p.name)), ("geonameid", p.geonameid.map { .int(Int64($0)) } ?? .null),
                ("kind", text(p.kind)), ("country", text(p.country)), ("admin1", text(p.admin1)), ("precision", text(p.precision)),
            ]))
        }
    }

    func positionFeature(_ p: Position) -> Feature {
        func text(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
        return Feature(id: .int(p.id), geometry: .point(Point(lon: p.lon, lat: p.lat)), properties: JSONObject([
            ("name", .string(p.name)), ("radius_m", p.radius.map { .double($0) } ?? .null), ("valid_from", text(p.validFrom)),
            ("valid_to", text(p.validTo)), ("note", text(p.note)),
        ]))
    }

    /// Stated proximities (a ring of the stated distance around the position named, and a line from the
    /// event to it) and computed ones (a line to every event inside a position's radius).
    func proximityFeatures(_ store: EventStore) throws -> [Feature] {
        let positions = try store.positions()
        var features: [Feature] = []
        for r in try store.relations(filter.filter) {
            let event = Coordinate(lon: r.eventLon, lat: r.eventLat)
            for p in positions where p.name.caseInsensitiveCompare(r.target) == .orderedSame && p.isValid(on: r.eventDate) {
                let ring = try GeodesicBuffer.circle(center: p.coordinate, radius: r.distance, segments: 72)
                let common: [(key: String, value: JSONValue)] = [
                    ("event_id", .string("GT\(r.event)")), ("position", .string(p.name)), ("stated_distance_m", .double(r.distance)),
                    ("approximate", .bool(r.approximate)),
                ]
                features.append(Feature(id: nil, geometry: ring, properties: JSONObject([("feature", .string("ring"))] + common)))
                let d = Geodesic.wgs84.distance(from: event, to: p.coordinate)
                features.append(Feature(id: nil, geometry: .lineString(try LineString([event, p.coordinate])),
                                        properties: JSONObject([("feature", .string("line"))] + common + [("distance_m", .double((d * 10).rounded() / 10))])))
            }
        }
        let withRadius = positions.compactMap { p in p.radius.flatMap { $0 > 0 ? (p, $0) : nil } }
        if !withRadius.isEmpty {
            let stored = try store.eventPoints(filter.filter)
            let (ids, points) = (stored.ids, stored.points)
            for (p, radius) in withRadius {
                let target = PointSet(lon: [p.lon], lat: [p.lat])
                for pair in ProximityJoin.points(points, target, within: radius) {
                    let event = points.coordinate(pair.a)
                    features.append(Feature(id: nil, geometry: .lineString(try LineString([event, p.coordinate])), properties: JSONObject([
                        ("feature", .string("computed")), ("event_id", .string("GT\(ids[pair.a])")), ("position", .string(p.name)),
                        ("distance_m", .double((pair.distance * 10).rounded() / 10)),
                    ])))
                }
            }
        }
        return features
    }

    func writeFeatures(_ features: [Feature], _ sink: ByteSink) throws -> Int {
        if format == .csv {
            let schema = CSVWriter.schema(for: features)
            try CSVWriter.write(features, schema: schema, to: sink)
            return features.count
        }
        let writer = try GeoJSONWriter(sink: sink, layout: format == .geojson ? .featureCollection : .sequence)
        for f in features { try writer.write(f) }
        try writer.finish()
        return features.count
    }
}
