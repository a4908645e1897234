import Geometry

/// Streams a CSV layer into a GeoJSON writer straight from the input bytes: no per-row feature values,
/// so a million rows convert in well under a second and constant memory. Each row is checked whole
/// before any of it is written, so a bad row is reported and skipped cleanly.
public enum CSVToGeoJSON {
    /// Returns the number of features written; bad rows go to `onIssue` (which may throw to stop).
    @discardableResult
    public static func convert(
        _ layer: CSVLayer, to writer: GeoJSONWriter, onIssue: (RecordIssue) throws -> Void
    ) throws -> Int {
        let sink = writer.sink
        // Member names, encoded once: `"name":`.
        let keys: [[UInt8]] = layer.header.map { name in
            var key: [UInt8] = [UInt8(ascii: "\"")]
            for b in name.utf8 {
                if b == 0x22 || b == 0x5C { key.append(0x5C) }
                key.append(b)
            }
            return key + [UInt8(ascii: "\""), UInt8(ascii: ":")]
        }
        var integers = [Int64](repeating: 0, count: layer.header.count)
        var reals = [Double](repeating: 0, count: layer.header.count)
        var written = 0
        let isValidUTF8 = layer.dataIsValidUTF8()
        try layer.forEachRow { line, fields in
            do {
                // Check the whole row first.
                let geometry: Geometry? = layer.lonColumn == nil ? try layer.geometry(fields, line: line) : nil
                let point: Coordinate? = geometry == nil ? try layer.coordinate(fields, line: line) : nil
                try layer.checkWidth(fields, line: line)
                for c in layer.propertyColumns where fields[c].end > fields[c].start {
                    let raw = layer.text(fields[c])
                    switch layer.types[c] {
                    case .integer:
                        guard let i = parseInteger(raw) else { throw layer.typeError(raw, column: c, line: line) }
                        integers[c] = i
                    case .real:
                        guard let d = parseNumber(raw) else { throw layer.typeError(raw, column: c, line: line) }
                        reals[c] = d
                    case .string:
                        if !isValidUTF8, String(validating: raw, as: UTF8.self) == nil {
                            throw GeoJSONError.csv(line: line, message: "column \(layer.header[c]) is not valid UTF-8")
                        }
                    }
                }
                // Then write it.
                try writer.beginFeature()
                try sink.append(UInt8(ascii: "{"))
                for (n, c) in layer.propertyColumns.enumerated() {
                    if n > 0 { try sink.append(UInt8(ascii: ",")) }
                    try keys[c].withUnsafeBufferPointer { (k) throws(GeoJSONError) in try sink.append(k) }
                    let f = fields[c]
                    let empty = f.end == f.start
                    switch layer.types[c] {
                    case .integer: if empty { try sink.append("null") } else { try sink.append(integer: integers[c]) }
                    case .real: if empty { try sink.append("null") } else { try sink.append(shortest: reals[c]) }
                    case .string:
                        if f.hasEscapedQuotes {
                            try CSVScanner.unescaped(layer.text(f)).withUnsafeBufferPointer { (b) throws(GeoJSONError) in try sink.append(jsonString: b) }
                        } else {
                            try sink.append(jsonString: layer.text(f))
                        }
                    }
                }
                try sink.append("},\"geometry\":")
                if let point { try writer.writePoint(lon: point.x, lat: point.y) } else { try writer.write(geometry: geometry!) }
                try writer.endFeature()
                written += 1
            } catch let error as GeoJSONError {
                guard case .csv(let line, let message) = error else { throw error }
                try onIssue(RecordIssue(location: "line \(line)", message: message))
            }
        }
        return written
    }
}
