import Foundation
import GeoJSON
import Geometry
import Store

/// Writes a store join's pairs as a table, CSV rows or GeoJSON lines, a block of pairs at a time, each
/// block's events read from the store in one query.
final class StoreJoinWriter {
    let format: NearCommand.Format
    private let precision: Int
    private let sink: ByteSink
    private let events: EventStore
    private let ids: [Int64]
    private let targets: NearCommand.Targets
    private var geoJSON: GeoJSONWriter?
    private var headerWritten = false

    init(format: NearCommand.Format, precision: Int, sink: ByteSink, events: EventStore, ids: [Int64], targets: NearCommand.Targets) {
        self.format = format
        self.precision = precision
        self.sink = sink
        self.events = events
        self.ids = ids
        self.targets = targets
    }

    func write(_ pairs: [ProximityPair]) throws {
        try begin()
        guard !pairs.isEmpty else { return }
        let records = try events.records(ids: Array(Set(pairs.map { ids[$0.a] })).sorted())
        switch format {
        case .table:
            for p in pairs.sorted(by: { ($0.b, $0.distance) < ($1.b, $1.distance) }) {
                guard let e = records[ids[p.a]] else { continue }
                func cut(_ s: String?, _ w: Int) -> String { String((s ?? "-").prefix(w)).padding(toLength: w, withPad: " ", startingAt: 0) }
                try sink.append(cut(targets.names[p.b], 24) + " " + cut(e.eventID, 12) + " " + cut(e.field("event_date").text, 11) + " "
                                + cut(e.field("sub_event_type").text, 26) + " " + cut(e.field("location").text, 28) + " "
                                + String(format: "%10.5f %11.5f %12.1f\n", e.lat, e.lon, p.distance))
            }
        case .csv:
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
            guard let writer = geoJSON else { return }
            for p in pairs {
                guard let e = records[ids[p.a]] else { continue }
                let from = Coordinate(lon: e.lon, lat: e.lat)
                let to: Coordinate
                if let points = targets.layer.points { to = points.coordinate(p.b) } else if let geometries = targets.layer.geometries {
                    to = try GeodesicDistance.nearest(from: from, to: geometries[p.b]).at
                } else { continue }
                try writer.write(Feature(geometry: .lineString(try LineString([from, to])), properties: JSONObject([
                    ("event_id", .string(e.eventID)), ("target", .string(targets.names[p.b])),
                    ("event_date", e.field("event_date").json), ("sub_event_type", e.field("sub_event_type").json),
                    ("location", e.field("location").json), ("distance_m", .double((p.distance * 10).rounded() / 10)),
                ])))
            }
        }
    }

    private func begin() throws {
        guard !headerWritten else { return }
        headerWritten = true
        switch format {
        case .table:
            try sink.append("target                   event_id     date        sub_event_type             location                            lat         lon   distance_m\n")
        case .csv:
            try sink.append("target,event_id,event_date,event_type,sub_event_type,location,latitude,longitude,distance_m\n")
        case .geojson, .geojsonseq:
            geoJSON = try GeoJSONWriter(sink: sink, layout: format == .geojsonseq ? .sequence : .featureCollection, precision: precision)
        }
    }

    func finish() throws {
        try begin()
        try geoJSON?.finish()
    }
}
