import ArgumentParser
import Foundation
import GeoJSON
import Gazetteer
import Geometry
import Store

extension NearCommand {
    /// The targets a store query measures to: ids (for answers), names, and points or geometries.
    struct Targets {
        var ids: [FeatureID]
        var names: [String]
        var layer: JoinLayer
    }

    func targets(_ store: EventStore, _ reporter: IssueReporter) throws -> Targets {
        if let targetLayer {
            let layer = try JoinLayer.read(try LayerFile(path: targetLayer), onIssue: reporter.handler(for: targetLayer))
            return Targets(ids: layer.ids, names: layer.ids.map(\.description), layer: layer)
        }
        if let position {
            let found = try store.positions(named: position)
            guard !found.isEmpty else { throw ValidationError("no position named \"\(position)\" in \(self.store.db) (add it with add-position)") }
            let points = PointSet(lon: found.map(\.lon), lat: found.map(\.lat))
            return Targets(ids: found.map { .int($0.id) }, names: found.map(\.name), layer: JoinLayer(ids: found.map { .int($0.id) }, points: points))
        }
        let text = subject!
        if let point = LatLon(argument: text) {
            let c = point.coordinate
            return Targets(ids: [.int(1)], names: [text], layer: JoinLayer(ids: [.int(1)], points: PointSet(lon: [c.x], lat: [c.y])))
        }
        let gazetteer = try gazetteerOptions.open()
        guard let best = gazetteer.resolve(text).best else { throw ValidationError("\"\(text)\" is neither lat,lon nor a place the gazetteer knows") }
        let p = best.place
        printError("near: \(text) = \(p.name), \(p.country) (\(p.lat), \(p.lon)), geonameid \(p.id)")
        return Targets(ids: [.int(Int64(p.id))], names: [p.name], layer: JoinLayer(ids: [.int(Int64(p.id))], points: PointSet(lon: [p.lon], lat: [p.lat])))
    }

    func runStore() throws {
        guard FileManager.default.fileExists(atPath: store.db) else { throw ValidationError("\(store.db): no such store (ingest or import first)") }
        var phases = Phases("near")
        let reporter = IssueReporter(strict: input.strict)
        let out = try Output(summary ? nil : output.output, inputs: [store.db] + Self.inputFiles(targetLayer.map { [$0] } ?? []))
        let events = try EventStore(path: store.db)
        phases.done("open")
        let stored = try events.eventPoints(filter.filter)
        let (ids, points, areas) = (stored.ids, stored.points, stored.areas)
        phases.done("events")
        let targets = try targets(events, reporter)
        phases.done("targets")
        var pairs: [ProximityPair]
        if let targetPoints = targets.layer.points {
            pairs = ProximityJoin.points(points, targetPoints, within: within.metres, measure: summary ? .membershipOnly : .exact)
            // Region-precision events: measured to their polygon's nearest edge, 0 inside, not to their point.
            if !areas.isEmpty {
                try PROJInstallation.check()
                pairs.removeAll { areas[$0.a] != nil }
                for (i, area) in areas {
                    let prepared = try PreparedGeometry(area)
                    for j in 0..<targetPoints.count {
                        let d = try GeodesicDistance.distance(from: targetPoints.coordinate(j), to: area, prepared: prepared)
                        if d <= within.metres { pairs.append(ProximityPair(a: i, b: j, distance: d)) }
                    }
                }
                pairs.sort { ($0.a, $0.b) < ($1.a, $1.b) }
            }
        } else {
            try PROJInstallation.check()
            pairs = try ProximityJoin.pointsToGeometries(points, targets.layer.geometries!, within: within.metres)
        }
        if let nearest { pairs = Self.nearest(pairs, nearest) }
        phases.done("join")
        if summary {
            // Events answer by the id their layer gave them, else by their store id.
            let eventID = { (k: Int) -> FeatureID in
                switch stored.sourceID(k) {
                case .int(let n)?: .int(n)
                case .text(let s)?: .string(s)
                case nil: .int(ids[k])
                }
            }
            let integerIDs = stored.layerIDsAreIntegers && targets.ids.allSatisfy { $0.integer != nil }
            print(Self.summaryLine(pairs, integerIDs: integerIDs, a: eventID, b: { targets.ids[$0] }))
            try reporter.finish()
            return
        }
        let records = try events.records(ids: Array(Set(pairs.map { ids[$0.a] })).sorted())
        let sink = out.sink
        switch format ?? .table {
        case .table:
            try sink.append("target                   event_id     date        sub_event_type             location                            lat         lon   distance_m\n")
            for p in pairs.sorted(by: { ($0.b, $0.distance) < ($1.b, $1.distance) }) {
                guard let e = records[ids[p.a]] else { continue }
                func cut(_ s: String?, _ w: Int) -> String { String((s ?? "-").prefix(w)).padding(toLength: w, withPad: " ", startingAt: 0) }
                try sink.append(cut(targets.names[p.b], 24) + " " + cut(e.eventID, 12) + " " + cut(e.field("event_date").text, 11) + " "
                                + cut(e.field("sub_event_type").text, 26) + " " + cut(e.field("location").text, 28) + " "
                                + String(format: "%10.5f %11.5f %12.1f\n", e.lat, e.lon, p.distance))
            }
        case .csv:
            try sink.append("target,event_id,event_date,event_type,sub_event_type,location,latitude,longitude,distance_m\n")
            for p in pairs {
                guard let e = records[ids[p.a]] else { continue }
                for (k, v) in [targets.names[p.b], e.eventID, e.field("event_date").text, e.field("event_type").text,
                               e.field("sub_event_type").text, e.field("location").text].enumerated() {
                    if k > 0 { try sink.append(UInt8(ascii: ",")) }
                    if let v { try CSVWriter.field(v, to: sink) }
                }
                try sink.append(",")
                try sink.append(shortest: e.lat)
                try sink.append(",")
                try sink.append(shortest: e.lon)
                try sink.append(",")
                try sink.append(fixed: p.distance, decimals: 1)
                try sink.append("\n")
            }
        case .geojson, .geojsonseq:
            let writer = try GeoJSONWriter(sink: sink, layout: format == .geojsonseq ? .sequence : .featureCollection, precision: output.precision)
            for p in pairs {
                guard let e = records[ids[p.a]] else { continue }
                let from = Coordinate(lon: e.lon, lat: e.lat)
                let to: Coordinate
                if let tp = targets.layer.points { to = tp.coordinate(p.b) } else {
                    to = try GeodesicDistance.nearest(from: from, to: targets.layer.geometries![p.b]).at
                }
                try writer.write(Feature(geometry: .lineString(try LineString([from, to])), properties: JSONObject([
                    ("event_id", .string(e.eventID)), ("target", .string(targets.names[p.b])),
                    ("event_date", e.field("event_date").json), ("sub_event_type", e.field("sub_event_type").json),
                    ("location", e.field("location").json), ("distance_m", .double((p.distance * 10).rounded() / 10)),
                ])))
            }
            try writer.finish()
        }
        try out.commit()
        phases.done("write")
        try reporter.finish()
    }
}
