import Foundation
import Geometry

/// A CSV column's type, as GDAL's `.csvt` sidecar names them (Integer, Integer64, Real, String, …).
public enum ColumnType: String, Sendable {
    case integer = "Integer"
    case real = "Real"
    case string = "String"

    /// GDAL's type names, subtypes included ("Integer(Boolean)", "Real(Float32)"); others read as strings.
    public init(gdalName: String) {
        let base = gdalName.trimmingCharacters(in: .whitespaces).lowercased()
        if base.hasPrefix("integer") { self = .integer } else if base.hasPrefix("real") { self = .real } else { self = .string }
    }
}

/// A point layer in CSV: coordinates from `lon`/`lat` columns (also `longitude`/`latitude`, `lng`, `x`/`y`) or
/// geometries from a `wkt` column; every other column becomes a property with its type. Types come from a
/// `.csvt` sidecar when there is one, else from the data: a column whose every value is an integer is an
/// integer column, one whose every value is a number is real, anything else text.
///
/// It only reads `bytes`, which the caller keeps alive and unchanged while the layer is in use; that is what
/// makes sharing it across the cores that parse its chunks safe.
public struct CSVLayer: @unchecked Sendable {
    public let bytes: UnsafeBufferPointer<UInt8>
    public let header: [String]
    public let types: [ColumnType]
    public let lonColumn: Int?
    public let latColumn: Int?
    public let wktColumn: Int?
    public let idColumn: Int?
    /// Property columns: every column but the geometry's.
    public let propertyColumns: [Int]
    public let dataStart: Int
    let headerLine: Int

    public init(bytes: UnsafeBufferPointer<UInt8>, columnTypes: [ColumnType]? = nil) throws(GeoJSONError) {
        self.bytes = bytes
        var scanner = CSVScanner(bytes: bytes)
        var fields: [CSVField] = []
        guard try scanner.nextRow(&fields) else { throw .csv(line: 1, message: "the file is empty: no header row") }
        headerLine = scanner.rowLine
        var names: [String] = []
        for f in fields {
            guard let name = scanner.string(f) else { throw .csv(line: scanner.rowLine, message: "the header is not valid UTF-8") }
            names.append(name.trimmingCharacters(in: .whitespaces))
        }
        header = names
        dataStart = scanner.position
        func column(_ candidates: [String]) -> Int? {
            candidates.lazy.compactMap { c in names.firstIndex { $0.lowercased() == c } }.first
        }
        // Both or neither: a lone `x` (with a wkt column) is a property, not half a point (the streaming
        // converter took it for one and refused every row; found by the CSV fuzzer).
        let lon = column(["lon", "longitude", "lng", "long", "x"]), lat = column(["lat", "latitude", "y"])
        (lonColumn, latColumn) = lon != nil && lat != nil ? (lon, lat) : (nil, nil)
        wktColumn = column(["wkt", "geometry", "geom", "the_geom"])
        guard (lonColumn != nil && latColumn != nil) || wktColumn != nil else {
            throw .csv(line: headerLine, message: "no coordinate columns: expected lon and lat (or longitude/latitude, x/y), or wkt; found \(names.joined(separator: ", "))")
        }
        idColumn = column(["id"])
        let geometryColumns: Set<Int>
        if let lonColumn, let latColumn { geometryColumns = [lonColumn, latColumn] } else { geometryColumns = Set([wktColumn].compactMap { $0 }) }
        propertyColumns = names.indices.filter { !geometryColumns.contains($0) }
        if let columnTypes {
            guard columnTypes.count == names.count else {
                throw .csv(line: headerLine, message: "the .csvt sidecar lists \(columnTypes.count) types for \(names.count) columns")
            }
            types = columnTypes
        } else {
            types = try CSVLayer.inferTypes(bytes: bytes, from: dataStart, columns: names.count)
        }
    }

    /// GDAL's `.csvt` sidecar of a CSV file: the same name with `.csvt`.
    public static func sidecarPath(forCSVAt csvPath: String) -> String {
        (csvPath as NSString).deletingPathExtension + ".csvt"
    }

    /// Reads GDAL's `.csvt` sidecar beside `csvPath`, if there is one.
    public static func sidecarTypes(forCSVAt csvPath: String) throws -> [ColumnType]? {
        let path = sidecarPath(forCSVAt: csvPath)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let data = try FileBytes.read(path)
        return try data.withUnsafeBytes { raw -> [ColumnType] in
            var scanner = CSVScanner(bytes: raw.bindMemory(to: UInt8.self))
            var fields: [CSVField] = []
            guard try scanner.nextRow(&fields) else { throw GeoJSONError.io("\(path): empty .csvt sidecar") }
            return fields.map { ColumnType(gdalName: scanner.string($0) ?? "String") }
        }
    }

    private static func inferTypes(bytes: UnsafeBufferPointer<UInt8>, from start: Int, columns: Int) throws(GeoJSONError) -> [ColumnType] {
        var canBeInteger = [Bool](repeating: true, count: columns)
        var canBeReal = [Bool](repeating: true, count: columns)
        var seen = [Bool](repeating: false, count: columns)
        var scanner = CSVScanner(bytes: bytes)
        var fields: [CSVField] = []
        _ = try scanner.nextRow(&fields)
        while try scanner.nextRow(&fields) {
            for (c, f) in fields.prefix(columns).enumerated() where f.end > f.start && canBeReal[c] {
                seen[c] = true
                let text = UnsafeBufferPointer(rebasing: bytes[f.start..<f.end])
                if canBeInteger[c], parseInteger(text) == nil { canBeInteger[c] = false }
                if !canBeInteger[c], parseNumber(text) == nil { canBeReal[c] = false }
            }
        }
        return (0..<columns).map { c in
            !seen[c] ? .string : canBeInteger[c] ? .integer : canBeReal[c] ? .real : .string
        }
    }

    /// Calls `body` for each data row with its line number and fields. A row that cannot be split (an
    /// unclosed quote) ends the file: nothing after it can be trusted.
    public func forEachRow(_ body: (_ line: Int, _ fields: [CSVField]) throws -> Void) throws {
        var scanner = CSVScanner(bytes: bytes)
        var fields: [CSVField] = []
        _ = try scanner.nextRow(&fields)
        while try scanner.nextRow(&fields) { try body(scanner.rowLine, fields) }
    }

    /// The data rows split into about `count` byte ranges, each starting at a row. Cuts go at line ends; a
    /// cut with an odd number of quote characters before it lies inside a quoted field, and moves on to the
    /// next line end outside quotes (quotes are counted on every core, the fix-up walks only the few bytes
    /// it moves over). Parity speaks for RFC 4180 quoting only: a reader that meets a stray quote in an
    /// unquoted field (`CSVScanner.strayQuotes`) must read the file in one piece instead. nil when a cut
    /// would have to move past the next one.
    public func rowChunks(_ count: Int) -> [Range<Int>]? {
        let size = (bytes.count - dataStart) / max(1, count)
        guard count > 1, size > 1 << 16 else { return [dataStart..<bytes.count] }
        var cuts = [dataStart]
        var last = dataStart
        for k in 1..<count {
            var p = max(last, dataStart + k * size)
            while p < bytes.count, bytes[p] != 0x0A { p += 1 }
            if p < bytes.count, p + 1 > last {
                last = p + 1
                cuts.append(last)
            }
        }
        cuts.append(bytes.count)
        let initialCuts = cuts
        var quotes = Parallel.map(cuts.count - 1) { k in
            // memchr from quote to quote: quotes are sparse in most files.
            var n = 0
            guard let base = self.bytes.baseAddress else { return 0 }
            var p = base + initialCuts[k]
            let end = base + initialCuts[k + 1]
            while p < end, let hit = memchr(p, 0x22, end - p) {
                n += 1
                p = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self)) + 1
            }
            return n
        }
        var odd = false
        for k in 1..<(cuts.count - 1) {
            odd = odd != (quotes[k - 1] % 2 == 1)
            guard odd else { continue }
            var p = cuts[k], moved = 0
            while p < cuts[k + 1] {
                if bytes[p] == UInt8(ascii: "\"") {
                    odd.toggle()
                    moved += 1
                } else if bytes[p] == 0x0A, !odd {
                    break
                }
                p += 1
            }
            guard p < cuts[k + 1] else { return nil }
            cuts[k] = p + 1
            quotes[k] -= moved
        }
        return zip(cuts, cuts.dropFirst()).map { $0..<$1 }.filter { !$0.isEmpty }
    }

    /// Whether all the data is UTF-8 (checked on every core); when not, text fields are checked one by one.
    public func dataIsValidUTF8() -> Bool {
        let ranges = rowChunks(Parallel.cores * 4) ?? [dataStart..<bytes.count]
        return Parallel.map(ranges.count) { k in
            String(validating: UnsafeBufferPointer(rebasing: self.bytes[ranges[k]]), as: UTF8.self) != nil
        }.allSatisfy { $0 }
    }

    /// The line the first data row starts on.
    public var firstDataLine: Int { headerLine + 1 }

    public func text(_ f: CSVField) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[f.start..<f.end]) }

    /// The row's geometry, checked: lon/lat numbers within range, or WKT that GEOS reads.
    public func geometry<Fields: RandomAccessCollection<CSVField>>(_ fields: Fields, line: Int) throws(GeoJSONError) -> Geometry
    where Fields.Index == Int {
        try checkWidth(fields, line: line)
        if lonColumn != nil, latColumn != nil {
            return .point(Point(try coordinate(fields, line: line)))
        }
        guard let wktColumn else { throw .csv(line: line, message: "this layer has no wkt column") }
        guard let wkt = String(validating: text(fields[wktColumn]), as: UTF8.self) else {
            throw .csv(line: line, message: "the wkt field is not valid UTF-8")
        }
        let geometry: Geometry
        do {
            geometry = try Geometry(wkt: wkt).validatingCoordinates()
        } catch {
            throw .csv(line: line, message: "\(error)")
        }
        // GEOS reads every empty geometry (POINT EMPTY) as an empty collection: it has no location to keep.
        guard geometry.envelope != nil else { throw .csv(line: line, message: "the wkt is an empty geometry: it has no location") }
        return geometry
    }

    /// The row's lon/lat, checked.
    public func coordinate<Fields: RandomAccessCollection<CSVField>>(_ fields: Fields, line: Int) throws(GeoJSONError) -> Coordinate
    where Fields.Index == Int {
        guard let lonColumn, let latColumn else { throw .csv(line: line, message: "this layer has no lon/lat columns") }
        guard let lon = parseNumber(text(fields[lonColumn])) else {
            throw .csv(line: line, message: "\(header[lonColumn]) is not a number: \"\(String(decoding: text(fields[lonColumn]), as: UTF8.self))\"")
        }
        guard let lat = parseNumber(text(fields[latColumn])) else {
            throw .csv(line: line, message: "\(header[latColumn]) is not a number: \"\(String(decoding: text(fields[latColumn]), as: UTF8.self))\"")
        }
        do {
            return try Coordinate(x: lon, y: lat).validated()
        } catch {
            throw .csv(line: line, message: "\(error)")
        }
    }

    public func checkWidth<Fields: RandomAccessCollection<CSVField>>(_ fields: Fields, line: Int) throws(GeoJSONError) {
        guard fields.count == header.count else {
            throw .csv(line: line, message: "\(fields.count) fields, the header has \(header.count)")
        }
    }

    /// A field read by its column's type: an empty number is null; a text stays in the file's bytes.
    private enum Typed { case null, int(Int64), double(Double), text }

    private func typed(_ f: CSVField, column c: Int, line: Int) throws(GeoJSONError) -> Typed {
        let raw = text(f)
        switch types[c] {
        case .integer:
            if raw.isEmpty { return .null }
            guard let i = parseInteger(raw) else { throw typeError(raw, column: c, line: line) }
            return .int(i)
        case .real:
            if raw.isEmpty { return .null }
            guard let d = parseNumber(raw) else { throw typeError(raw, column: c, line: line) }
            return .double(d)
        case .string:
            return .text
        }
    }

    /// A property value by its column's type; an empty field is null (text columns: the empty string).
    public func value(_ f: CSVField, column c: Int, line: Int) throws(GeoJSONError) -> JSONValue {
        switch try typed(f, column: c, line: line) {
        case .null: return .null
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .text:
            guard let s = f.string(in: bytes) else { throw .csv(line: line, message: "column \(header[c]) is not valid UTF-8") }
            return .string(s)
        }
    }

    /// The same value written as JSON straight from the field's bytes, without a `String` between (texts
    /// are checked as UTF-8 only when `checkUTF8`: a file found valid as a whole need not be, field by field).
    public func writeJSON(_ f: CSVField, column c: Int, line: Int, checkUTF8: Bool, to sink: ByteSink) throws(GeoJSONError) {
        switch try typed(f, column: c, line: line) {
        case .null: try sink.append("null")
        case .int(let i): try sink.append(integer: i)
        case .double(let d): try sink.append(shortest: d)
        case .text:
            if checkUTF8, f.string(in: bytes) == nil { throw .csv(line: line, message: "column \(header[c]) is not valid UTF-8") }
            try f.withText(in: bytes) { (b) throws(GeoJSONError) in try sink.append(jsonString: b) }
        }
    }

    func typeError(_ raw: UnsafeBufferPointer<UInt8>, column c: Int, line: Int) -> GeoJSONError {
        .csv(line: line, message: "column \(header[c]) is typed \(types[c].rawValue) but holds \"\(String(decoding: raw, as: UTF8.self))\"")
    }

    /// The row as a feature: geometry and typed properties, in column order.
    public func feature(_ fields: [CSVField], line: Int) throws(GeoJSONError) -> Feature {
        let geometry = try geometry(fields, line: line)
        var members: [(key: String, value: JSONValue)] = []
        for c in propertyColumns { members.append((header[c], try value(fields[c], column: c, line: line))) }
        return Feature(geometry: geometry, properties: JSONObject(members))
    }
}

/// A leading "-" or "+": whether it was "-", and where the digits start.
private func sign(_ text: UnsafeBufferPointer<UInt8>) -> (negative: Bool, digitsAt: Int) {
    guard let first = text.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") else { return (false, 0) }
    return (first == UInt8(ascii: "-"), 1)
}

/// A decimal integer that fits Int64 (optional sign, digits only).
func parseInteger(_ text: UnsafeBufferPointer<UInt8>) -> Int64? {
    var (negative, i) = sign(text)
    guard i < text.count else { return nil }
    var value: Int64 = 0
    while i < text.count {
        let d = text[i] &- 0x30
        guard d < 10 else { return nil }
        let (m, o1) = value.multipliedReportingOverflow(by: 10)
        let (s, o2) = negative ? m.subtractingReportingOverflow(Int64(d)) : m.addingReportingOverflow(Int64(d))
        guard !o1, !o2 else { return nil }
        value = s
        i += 1
    }
    return value
}

private let exactPowersOfTen: [Double] = (0...22).map { pow(10, Double($0)) }

/// A finite number. Plain decimals of up to 15 significant digits take a fast exact path (an integer
/// mantissa divided by an exact power of ten is correctly rounded); anything else goes through strtod.
func parseNumber(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
    var (negative, i) = sign(text)
    var mantissa: Int64 = 0
    var digits = 0
    var fractionDigits = 0
    var sawPoint = false
    var simple = i < text.count
    while i < text.count {
        let b = text[i]
        if b == UInt8(ascii: "."), !sawPoint {
            sawPoint = true
        } else if b &- 0x30 < 10 {
            mantissa = mantissa * 10 + Int64(b &- 0x30)
            digits += 1
            if sawPoint { fractionDigits += 1 }
            if digits > 15 { simple = false; break }
        } else {
            simple = false
            break
        }
        i += 1
    }
    if simple, digits > 0 {
        let value = Double(mantissa) / exactPowersOfTen[fractionDigits]
        return negative ? -value : value
    }
    guard DecimalText.isDecimal(text), let value = parseDouble(text), value.isFinite else { return nil }
    return value
}
