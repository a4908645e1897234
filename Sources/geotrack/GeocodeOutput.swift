import Foundation
import GeoJSON
import Gazetteer
import Geometry

/// Writes resolutions as a table, JSON, JSONL, CSV or GeoJSON, one record per query, in input order.
struct GeocodeOutput {
    let format: GeocodeCommand.GeocodeFormat
    let limit: Int
    let sink: ByteSink
    let gazetteer: Gazetteer
    private var count = 0

    static let columns = ["query", "status", "name", "matched", "lat", "lon", "kind", "country", "admin1", "geonameid", "population", "score"]

    init(format: GeocodeCommand.GeocodeFormat, limit: Int, sink: ByteSink, gazetteer: Gazetteer) {
        self.format = format
        self.limit = limit
        self.sink = sink
        self.gazetteer = gazetteer
    }

    func begin() throws {
        switch format {
        case .csv: try sink.append(Self.columns.joined(separator: ",") + "\n")
        case .json: try sink.append("[\n")
        case .geojson: try sink.append("{\"type\":\"FeatureCollection\",\"features\":[\n")
        case .table: try sink.append(row(Self.columns.filter { $0 != "matched" && $0 != "population" }))
        case .jsonl: break
        }
    }

    mutating func write(_ r: Resolution) throws {
        defer { count += 1 }
        let record = self.record(r)
        switch format {
        case .jsonl:
            try JSONEncoding.write(.object(record), to: sink)
            try sink.append(UInt8(ascii: "\n"))
        case .json:
            if count > 0 { try sink.append(",\n") }
            try JSONEncoding.write(.object(record), to: sink)
        case .csv:
            for (i, key) in Self.columns.enumerated() {
                if i > 0 { try sink.append(UInt8(ascii: ",")) }
                try CSVWriter.field(text(record[key]), to: sink)
            }
            try sink.append(UInt8(ascii: "\n"))
        case .geojson:
            if count > 0 { try sink.append(",\n") }
            let geometry: JSONValue = r.best.map { m in
                .object(JSONObject([("type", .string("Point")), ("coordinates", .array([.double(m.place.lon), .double(m.place.lat)]))]))
            } ?? .null
            try JSONEncoding.write(.object(JSONObject([("type", .string("Feature")), ("properties", .object(record)),
                                                        ("geometry", geometry)])), to: sink)
        case .table:
            try sink.append(row(Self.columns.filter { $0 != "matched" && $0 != "population" }.map { text(record[$0]) }))
        }
    }

    func finish() throws {
        switch format {
        case .json: try sink.append(count > 0 ? "\n]\n" : "]\n")
        case .geojson: try sink.append(count > 0 ? "\n]}\n" : "]}\n")
        default: break
        }
        try sink.flush()
    }

    private func record(_ r: Resolution) -> JSONObject {
        var members: [(key: String, value: JSONValue)] = [("query", .string(r.query)), ("status", .string(r.status.rawValue))]
        if let best = r.best { members += fields(best) }
        if limit > 1 {
            members.append(("alternatives", .array(r.matches.dropFirst().prefix(limit - 1).map { .object(JSONObject(fields($0))) })))
        }
        return JSONObject(members)
    }

    private func fields(_ m: Match) -> [(key: String, value: JSONValue)] {
        let p = m.place
        return [("name", .string(p.name)), ("matched", .string(m.matchedName)), ("lat", .double(p.lat)), ("lon", .double(p.lon)),
                ("kind", .string(p.kind.rawValue)), ("country", .string(p.country)),
                ("admin1", p.admin1.isEmpty ? .null : .string(gazetteer.admin1(country: p.country, code: p.admin1)?.name ?? p.admin1)),
                ("geonameid", .int(Int64(p.id))), ("population", .int(Int64(p.population))),
                ("score", .double((m.score * 1000).rounded() / 1000))]
    }

    private func text(_ value: JSONValue?) -> String {
        switch value {
        case .string(let s)?: s
        case .int(let i)?: String(i)
        case .double(let d)?: String(d)
        default: ""
        }
    }

    private func row(_ cells: [String]) -> String {
        let widths = [18, 10, 22, 10, 10, 10, 8, 18, 9, 6]
        return zip(cells, widths).map { cell, width in
            cell.count >= width ? String(cell.prefix(width - 1)) + " " : cell.padding(toLength: width, withPad: " ", startingAt: 0)
        }.joined().trimmingCharacters(in: .whitespaces) + "\n"
    }
}
