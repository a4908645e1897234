import Foundation
import GeoJSON
import Gazetteer
import Geometry

/// Writes resolutions as a table, JSON, JSONL, CSV or GeoJSON, one record per query, in input order.
struct GeocodeOutput {
    let format: GeocodeCommand.GeocodeFormat
    let limit: Int
    let geometry: Bool
    let sink: ByteSink
    let gazetteer: Gazetteer
    /// The table leaves out what its width cannot hold.
    static let tableColumns = columns.filter { !["matched", "population", "country_name"].contains($0) }
    private var count = 0
    /// Country and admin1 names, decoded once each, not once a row.
    private let names: PlaceNames

    static let columns = ["query", "status", "name", "matched", "lat", "lon", "kind", "country", "country_name", "admin1", "geonameid", "population", "score"]

    /// `written`: how many records precede this writer's in the whole output (chunks formatted apart);
    /// `names`: a cache of names shared with the other chunks' writers.
    init(format: GeocodeCommand.GeocodeFormat, limit: Int, geometry: Bool, sink: ByteSink, gazetteer: Gazetteer, written: Int = 0,
         names: PlaceNames? = nil) {
        count = written
        self.format = format
        self.limit = limit
        self.geometry = geometry
        self.sink = sink
        self.gazetteer = gazetteer
        self.names = names ?? PlaceNames(gazetteer: gazetteer)
    }

    func begin() throws {
        switch format {
        case .csv: try sink.append(Self.columns.joined(separator: ",") + "\n")
        case .json: try sink.append("[\n")
        case .geojson: try sink.append("{\"type\":\"FeatureCollection\",\"features\":[\n")
        case .table: try sink.append(row(Self.tableColumns))
        case .jsonl: break
        }
    }

    mutating func write(_ r: Resolution) throws {
        if format == .csv { return try writeCSV(r) }
        if format == .jsonl, !geometry { return try writeJSONL(r) }
        try write(record(r), point: r.best.map { Coordinate(lon: $0.place.lon, lat: $0.place.lat) })
    }

    /// A CSV row straight from the resolution, in `columns` order (no intermediate record: the batch path).
    private mutating func writeCSV(_ r: Resolution) throws {
        defer { count += 1 }
        try CSVWriter.field(r.query, to: sink)
        try sink.append(",\(r.status.rawValue),")
        guard let m = r.best else { return try sink.append(",,,,,,,,,,\n") }
        let p = m.place
        try CSVWriter.field(p.name, to: sink)
        try sink.append(UInt8(ascii: ","))
        try CSVWriter.field(m.matchedName, to: sink)
        try sink.append(",\(p.lat),\(p.lon),\(p.kind.rawValue),\(p.country),")
        try CSVWriter.field(p.country.isEmpty ? "" : cachedCountryName(p.country), to: sink)
        try sink.append(UInt8(ascii: ","))
        if !p.admin1.isEmpty { try CSVWriter.field(cachedAdmin1Name(p), to: sink) }
        try sink.append(",\(p.id),\(p.population),\((m.score * 1000).rounded() / 1000)\n")
    }

    /// A JSONL record straight from the resolution, the members `record` would make in its order (no
    /// intermediate JSON values: the batch path, a third of whose time they took).
    private mutating func writeJSONL(_ r: Resolution) throws {
        defer { count += 1 }
        try sink.append("{\"query\":")
        try sink.append(jsonString: r.query)
        try sink.append(",\"status\":\"\(r.status.rawValue)\"")
        if let best = r.best {
            try sink.append(UInt8(ascii: ","))
            try writeFields(best)
        }
        if limit > 1 {
            try sink.append(",\"alternatives\":[")
            for (i, m) in r.matches.dropFirst().prefix(limit - 1).enumerated() {
                try sink.append(i == 0 ? "{" : ",{")
                try writeFields(m)
                try sink.append(UInt8(ascii: "}"))
            }
            try sink.append(UInt8(ascii: "]"))
        }
        try sink.append("}\n")
    }

    /// `fields(m)` written as JSON members (without braces).
    private mutating func writeFields(_ m: Match) throws {
        let p = m.place
        try sink.append("\"name\":")
        try sink.append(jsonString: p.name)
        try sink.append(",\"matched\":")
        try sink.append(jsonString: m.matchedName)
        try sink.append(",\"lat\":")
        try sink.append(shortest: p.lat)
        try sink.append(",\"lon\":")
        try sink.append(shortest: p.lon)
        try sink.append(",\"kind\":\"\(p.kind.rawValue)\",\"country\":")
        try sink.append(jsonString: p.country)
        try sink.append(",\"country_name\":")
        if p.country.isEmpty { try sink.append("null") } else { try sink.append(jsonString: cachedCountryName(p.country)) }
        try sink.append(",\"admin1\":")
        if p.admin1.isEmpty { try sink.append("null") } else { try sink.append(jsonString: cachedAdmin1Name(p)) }
        try sink.append(",\"geonameid\":")
        try sink.append(integer: Int64(p.id))
        try sink.append(",\"population\":")
        try sink.append(integer: Int64(p.population))
        try sink.append(",\"score\":")
        try sink.append(shortest: (m.score * 1000).rounded() / 1000)
        try sink.append(p.kind == .city || p.kind == .site ? ",\"precision\":\"point\"" : ",\"precision\":\"area\"")
        try sink.append(",\"geo_precision\":")
        try sink.append(integer: Int64(m.geoPrecision))
        if m.isDemonym { try sink.append(",\"demonym\":true") }
        if p.kind == .country || p.kind == .admin1, let extent = try? gazetteer.extent(of: p) {
            try sink.append(",\"bbox\":[")
            for (i, v) in [extent.minX, extent.minY, extent.maxX, extent.maxY].enumerated() {
                if i > 0 { try sink.append(UInt8(ascii: ",")) }
                try sink.append(shortest: rounded(v))
            }
            try sink.append(UInt8(ascii: "]"))
        }
    }

    /// A relative region ("northern Syria", "near Homs", "30 km north of Al Hasakah").
    mutating func write(region: Region, query: String) throws {
        var members: [(key: String, value: JSONValue)] = [
            ("query", .string(query)), ("status", .string("ok")), ("name", .string(region.name)),
            ("matched", .string(region.base.name)),
            ("lat", .double(rounded(region.representative.lat))), ("lon", .double(rounded(region.representative.lon))),
            ("kind", .string("region")), ("country", .string(region.base.country)),
            ("country_name", .string(countryName(region.base.country))),
            ("admin1", region.base.kind == .admin1 ? .string(region.base.name) : .null),
            ("geonameid", .null), ("population", .null), ("score", .double(1)),
            ("region", .string(region.kind.rawValue)), ("base_geonameid", .int(Int64(region.base.id))),
            ("precision", .string(region.kind == .offset ? "approximate" : "area")),
            ("geo_precision", .int(region.kind == .part ? 3 : 2)),
            ("uncertainty_m", .double(region.uncertainty.rounded())),
        ]
        if let area = region.geometry {
            members.append(("bbox", bbox(area)))
            if geometry { members.append(("geometry", geoJSON(area))) }
        }
        try write(JSONObject(members), point: region.representative)
    }

    private mutating func write(_ record: JSONObject, point: Coordinate?) throws {
        defer { count += 1 }
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
            let geometry: JSONValue = point.map { p in
                .object(JSONObject([("type", .string("Point")), ("coordinates", .array([.double(p.lon), .double(p.lat)]))]))
            } ?? .null
            try JSONEncoding.write(.object(JSONObject([("type", .string("Feature")), ("properties", .object(record)),
                                                        ("geometry", geometry)])), to: sink)
        case .table:
            try sink.append(row(Self.tableColumns.map { text(record[$0]) }))
            // With --limit, the other candidates follow their query's row, ranked in the status column.
            if case .array(let alternatives)? = record["alternatives"] {
                for (rank, value) in zip(2..., alternatives) {
                    guard case .object(let alternative) = value else { continue }
                    try sink.append(row(Self.tableColumns.map { $0 == "status" ? "#\(rank)" : $0 == "query" ? "" : text(alternative[$0]) }))
                }
            }
        }
    }

    /// Closes the document; `records`: how many were written in all (chunks count their own).
    func finish(records: Int) throws {
        switch format {
        case .json: try sink.append(records > 0 ? "\n]\n" : "]\n")
        case .geojson: try sink.append(records > 0 ? "\n]}\n" : "]}\n")
        default: break
        }
        try sink.flush()
    }

    private mutating func record(_ r: Resolution) -> JSONObject {
        var members: [(key: String, value: JSONValue)] = [("query", .string(r.query)), ("status", .string(r.status.rawValue))]
        if let best = r.best { members += fields(best) }
        if limit > 1 {
            members.append(("alternatives", .array(r.matches.dropFirst().prefix(limit - 1).map { .object(JSONObject(fields($0))) })))
        }
        return JSONObject(members)
    }

    private func countryName(_ code: String) -> String { names.country(code) }

    private func admin1Name(_ p: Place) -> String { names.admin1(p) }

    /// Names this writer has read, kept without a lock (the shared cache's lock was contended by every core).
    private var localNames: [String: String] = [:]

    private mutating func cachedCountryName(_ code: String) -> String {
        if let known = localNames[code] { return known }
        let name = names.country(code)
        localNames[code] = name
        return name
    }

    private mutating func cachedAdmin1Name(_ p: Place) -> String {
        let key = p.country + "." + p.admin1
        if let known = localNames[key] { return known }
        let name = names.admin1(p)
        localNames[key] = name
        return name
    }

    private mutating func fields(_ m: Match) -> [(key: String, value: JSONValue)] {
        let p = m.place
        var members: [(key: String, value: JSONValue)] = [
            ("name", .string(p.name)), ("matched", .string(m.matchedName)), ("lat", .double(p.lat)), ("lon", .double(p.lon)),
            ("kind", .string(p.kind.rawValue)), ("country", .string(p.country)),
            ("country_name", p.country.isEmpty ? .null : .string(countryName(p.country))),
            ("admin1", p.admin1.isEmpty ? .null : .string(admin1Name(p))),
            ("geonameid", .int(Int64(p.id))), ("population", .int(Int64(p.population))),
            ("score", .double((m.score * 1000).rounded() / 1000)),
            ("precision", .string(p.kind == .city || p.kind == .site ? "point" : "area")),
            ("geo_precision", .int(Int64(m.geoPrecision))),
        ]
        if m.isDemonym { members.append(("demonym", .bool(true))) }
        // Areas carry their extent (and, asked for, their polygon) when the gazetteer has one.
        if p.kind == .country || p.kind == .admin1, format != .table, format != .csv, let extent = try? gazetteer.extent(of: p) {
            members.append(("bbox", .array([extent.minX, extent.minY, extent.maxX, extent.maxY].map { .double(rounded($0)) })))
            if geometry, let area = try? gazetteer.polygon(of: p) { members.append(("geometry", geoJSON(area))) }
        }
        return members
    }

    private func bbox(_ g: Geometry) -> JSONValue {
        guard let e = g.envelope else { return .null }
        return .array([e.minX, e.minY, e.maxX, e.maxY].map { .double(rounded($0)) })
    }

    private func geoJSON(_ g: Geometry) -> JSONValue {
        let text = (try? ByteSink.capturing { sink in try GeoJSONWriter(sink: sink, precision: 5, fragment: true).write(geometry: g) }) ?? "null"
        return Array(text.utf8).withUnsafeBufferPointer { buffer in
            var parser = JSONParser(bytes: buffer)
            return (try? parser.parseValue()) ?? .null
        }
    }

    private func rounded(_ degrees: Double) -> Double { (degrees * 1e5).rounded() / 1e5 }

    private func text(_ value: JSONValue?) -> String {
        switch value {
        case .string(let s)?: s
        case .int(let i)?: String(i)
        case .double(let d)?: String(d)
        default: ""
        }
    }

    private func row(_ cells: [String]) -> String {
        let widths = [18, 10, 22, 10, 10, 10, 8, 18, 10, 6]
        var line = zip(cells, widths).map { cell, width in
            cell.count >= width ? String(cell.prefix(width - 1)) + " " : cell.padding(toLength: width, withPad: " ", startingAt: 0)
        }.joined()
        // Trailing spaces only: an alternative's row starts with the blank query column.
        while line.last == " " { line.removeLast() }
        return line + "\n"
    }
}
