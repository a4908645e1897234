import Geometry

/// Writes features as RFC 4180 CSV (UTF-8, LF line ends, fields quoted only when they must be): `lon`,`lat`
/// columns for point layers (a `wkt` column otherwise), then every property in first-seen order. The
/// column types go to a GDAL `.csvt` sidecar, so integers read back as integers.
public enum CSVWriter {
    public struct Schema: Sendable {
        public var geometryColumns: [String]
        public var properties: [String]
        public var types: [String]
        public var header: [String] { geometryColumns + properties }
    }

    /// The columns and their GDAL types for `features`.
    public static func schema(for features: [Feature]) -> Schema {
        let pointsOnly = features.allSatisfy { f in
            if case .point? = f.geometry { return true }
            return f.geometry == nil
        }
        var names: [String] = []
        var index: [String: Int] = [:]
        var kinds: [Set<String>] = []
        for f in features {
            for (key, value) in f.properties?.members ?? [] {
                let i: Int
                if let known = index[key] { i = known } else {
                    i = names.count
                    index[key] = i
                    names.append(key)
                    kinds.append([])
                }
                switch value {
                case .null: break
                case .int: kinds[i].insert("int")
                case .double: kinds[i].insert("real")
                case .bool: kinds[i].insert("bool")
                default: kinds[i].insert("text")
                }
            }
        }
        let geometryColumns = pointsOnly ? ["lon", "lat"] : ["wkt"]
        let types = names.indices.map { i -> String in
            switch kinds[i] {
            case ["int"]: "Integer64"
            case ["int", "real"], ["real"]: "Real"
            case ["bool"]: "Integer(Boolean)"
            default: "String"
            }
        }
        return Schema(geometryColumns: geometryColumns, properties: names,
                      types: (pointsOnly ? ["Real", "Real"] : ["WKT"]) + types)
    }

    public static func write(_ features: [Feature], schema: Schema, to sink: ByteSink, precision: Int = 6) throws {
        try writeRow(schema.header.map { .string($0) }, to: sink)
        for f in features {
            var row: [JSONValue] = []
            switch f.geometry {
            case nil:
                row += schema.geometryColumns.map { _ in .null }
            case .point(let p)? where schema.geometryColumns.count == 2:
                row += [.double(p.coordinate.x), .double(p.coordinate.y)]
            case let g?:
                row.append(.string(try g.orientedForRFC7946().wkt(precision: precision)))
            }
            for name in schema.properties { row.append(f.properties?[name] ?? .null) }
            try writeRow(row, to: sink, coordinateDecimals: precision, coordinates: schema.geometryColumns.count == 2 ? 2 : 0)
        }
        try sink.flush()
    }

    /// The `.csvt` line: each column's GDAL type, quoted.
    public static func sidecar(_ schema: Schema) -> String {
        schema.types.map { "\"\($0)\"" }.joined(separator: ",") + "\n"
    }

    static func writeRow(_ values: [JSONValue], to sink: ByteSink, coordinateDecimals: Int = 6, coordinates: Int = 0) throws {
        for (i, value) in values.enumerated() {
            if i > 0 { try sink.append(UInt8(ascii: ",")) }
            switch value {
            case .null: break
            case .bool(let b): try sink.append(b ? "1" : "0")
            case .int(let n): try sink.append(integer: n)
            case .double(let d) where i < coordinates: try sink.append(fixed: d, decimals: coordinateDecimals)
            case .double(let d): try sink.append(shortest: d)
            case .string(let s): try field(s, to: sink)
            case .array, .object:
                let text = try ByteSink.capturing { try JSONEncoding.write(value, to: $0) }
                try field(text, to: sink)
            }
        }
        try sink.append(UInt8(ascii: "\n"))
    }

    /// Quoted when it holds a comma, quote, line break or edge blanks; quotes doubled.
    public static func field(_ s: String, to sink: ByteSink) throws {
        let needsQuotes = s.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
            || s.utf8.first == 0x20 || s.utf8.last == 0x20
        guard needsQuotes else { return try sink.append(s) }
        try sink.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            if b == 0x22 { try sink.append(b) }
            try sink.append(b)
        }
        try sink.append(UInt8(ascii: "\""))
    }
}
