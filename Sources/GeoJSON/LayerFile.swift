import Foundation
import Geometry

public enum LayerFormat: String, Sendable, CaseIterable {
    case csv, geojson, geojsonseq
}

/// A layer file read into memory (with `read(2)`: see `FileBytes`) with its format: from the extension, else
/// from the first byte (`{` or RS: GeoJSON; anything else: CSV). `-` is standard input.
public struct LayerFile {
    public let path: String
    public let data: Data
    public let format: LayerFormat

    public var displayName: String { path == "-" ? "<stdin>" : path }

    /// No `.csvt` sidecar is looked for beside a layer that is no file.
    private var hasSidecar = true

    public init(path: String) throws(GeoJSONError) {
        self.path = path
        data = try FileBytes.read(path)
        format = LayerFile.detectFormat(path: path, data: data)
    }

    /// A layer already in memory, called `name` in messages; its format from the name's extension or the
    /// first byte, as for a file.
    public init(name: String, data: Data) {
        path = name
        self.data = data
        hasSidecar = false
        format = LayerFile.detectFormat(path: path, data: data)
    }

    static func detectFormat(path: String, data: Data) -> LayerFormat {
        switch (path as NSString).pathExtension.lowercased() {
        case "csv", "txt": return .csv
        case "geojson", "json": return .geojson
        case "geojsonl", "geojsons", "geojsonseq", "jsonl", "ndjson": return .geojsonseq
        default:
            let first = data.first { ![0x20, 0x0A, 0x0D, 0x09, 0xEF, 0xBB, 0xBF].contains($0) }
            return first == UInt8(ascii: "{") ? .geojson : first == GeoJSONReader.recordSeparator ? .geojsonseq : .csv
        }
    }

    /// Calls `body` with the bytes; a read error that stops the file comes back naming it
    /// (`strikes.csv: line 3: …`). I/O errors name their own file (an output's write error names the
    /// output, not this input).
    public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) throws -> R {
        do {
            return try data.withUnsafeBytes { try body($0.bindMemory(to: UInt8.self)) }
        } catch let error as GeoJSONError {
            if case .io = error { throw error }
            throw GeoJSONError.io("\(displayName): \(error)")
        }
    }

    /// The features of the layer one at a time (a GeoJSON layer is never held whole), each with its
    /// position in the file; bad records go to `onIssue` with their location.
    public func forEachFeature(onIssue: (RecordIssue) throws -> Void, _ body: (LocatedFeature) throws -> Void) throws {
        try withBytes { bytes in
            switch format {
            case .geojson, .geojsonseq:
                try GeoJSONReader.forEach(bytes, onIssue: onIssue, body)
            case .csv:
                let layer = try CSVLayer(bytes: bytes, columnTypes: try csvColumnTypes())
                var row = 0
                try layer.forEachRow { line, fields in
                    row += 1
                    let feature: Feature
                    do throws(GeoJSONError) {
                        feature = try layer.feature(fields, line: line)
                    } catch {
                        guard case .csv(let line, let message) = error else { throw error }
                        return try onIssue(RecordIssue(location: "line \(line)", message: message))
                    }
                    try body(LocatedFeature(feature, number: row, location: "line \(line)"))
                }
            }
        }
    }

    /// Every feature, whatever the format; bad records go to `onIssue` with their location.
    public func features(onIssue: (RecordIssue) throws -> Void) throws -> [Feature] {
        var features: [Feature] = []
        try forEachFeature(onIssue: onIssue) { features.append($0.feature) }
        return features
    }

    /// The `.csvt` sidecar's types, for a CSV file that has one.
    public func csvColumnTypes() throws -> [ColumnType]? {
        path == "-" || !hasSidecar ? nil : try CSVLayer.sidecarTypes(forCSVAt: path)
    }
}

/// A feature's identity in join output: its `id` (member, or `id` property, or CSV `id` column), else its
/// 1-based position in the layer. Integers order numerically, before strings.
public enum FeatureID: Hashable, Comparable, Sendable, CustomStringConvertible {
    case int(Int64)
    case string(String)

    public var description: String {
        switch self {
        case .int(let i): String(i)
        case .string(let s): s
        }
    }

    public var integer: Int64? {
        if case .int(let i) = self { return i }
        return nil
    }

    public init?(_ value: JSONValue?) {
        switch value {
        case .int(let i)?: self = .int(i)
        case .double(let d)? where d == d.rounded() && abs(d) < 9e15: self = .int(Int64(d))
        case .double(let d)?: self = .string(d.description)
        case .string(let s)?: self = .string(s)
        default: return nil
        }
    }
}

/// A layer reduced to what a proximity join needs: each feature's id and its location, as a compact point
/// set when every feature is a point, else as geometries.
public struct JoinLayer: Sendable {
    public var ids: [FeatureID]
    public var points: PointSet?
    public var geometries: [Geometry]?
    public var count: Int { ids.count }

    public init(ids: [FeatureID], points: PointSet) {
        self.ids = ids
        self.points = points
    }

    public init(ids: [FeatureID], geometries: [Geometry]) {
        self.ids = ids
        self.geometries = geometries
    }

    /// Whether the ids rise with the features' positions.
    public var isInIDOrder: Bool { zip(ids, ids.dropFirst()).allSatisfy { $0 < $1 } }

    /// The same features ordered by id (ties kept in file order): a join streamed in position order then
    /// comes out in id order, with nothing sorted after it.
    public func inIDOrder() -> JoinLayer {
        guard !isInIDOrder else { return self }
        let order = ids.indices.sorted { (ids[$0], $0) < (ids[$1], $1) }
        var layer = self
        layer.ids = order.map { ids[$0] }
        if let points { layer.points = PointSet(lon: order.map { points.lon[$0] }, lat: order.map { points.lat[$0] }) }
        if let geometries { layer.geometries = order.map { geometries[$0] } }
        return layer
    }

    /// Reads `file`; rows or features without a usable geometry go to `onIssue` (a null geometry is near
    /// nothing, and is reported as such rather than dropped silently).
    public static func read(_ file: LayerFile, onIssue: (RecordIssue) throws -> Void) throws -> JoinLayer {
        if file.format == .csv {
            let fast = try file.withBytes { bytes -> JoinLayer? in
                let csv = try CSVLayer(bytes: bytes, columnTypes: try file.csvColumnTypes())
                guard csv.lonColumn != nil else { return nil }
                return try readCSVPoints(csv, onIssue: onIssue)
            }
            if let fast { return fast }
        }
        var ids: [FeatureID] = []
        var geometries: [Geometry] = []
        try file.forEachFeature(onIssue: onIssue) { located in
            let f = located.feature
            guard let g = f.geometry else {
                return try onIssue(RecordIssue(location: located.location, message: "no geometry (null): it cannot be near anything"))
            }
            guard g.envelope != nil else {
                return try onIssue(RecordIssue(location: located.location, message: "an empty \(g.typeName): it cannot be near anything"))
            }
            // Unnamed features are named by their position in the file, bad records counted.
            ids.append(FeatureID(f.id) ?? FeatureID(f.properties?["id"]) ?? .int(Int64(located.number)))
            geometries.append(g)
        }
        let points = geometries.compactMap { g -> Coordinate? in
            if case .point(let p) = g { return p.coordinate }
            return nil
        }
        guard points.count == geometries.count else { return JoinLayer(ids: ids, geometries: geometries) }
        return JoinLayer(ids: ids, points: PointSet(lon: points.map(\.x), lat: points.map(\.y)))
    }

    /// One chunk's share of a CSV point layer.
    private struct CSVChunk: Sendable {
        var ids: [FeatureID] = []
        var lon: [Double] = []
        var lat: [Double] = []
        var rows = 0
        /// Newlines consumed, to number the next chunk's lines.
        var lines = 0
        /// Bad rows, with lines counted from the chunk's start.
        var issues: [(line: Int, message: String, row: Int)] = []
        var failure: GeoJSONError?
        var strayQuotes = 0
    }

    /// Reads the rows on every core: the file is cut at row boundaries (`rowChunks`), each chunk parsed on
    /// its own, and the chunks joined in order with line numbers and row numbers carried over.
    private static func readCSVPoints(_ csv: CSVLayer, onIssue: (RecordIssue) throws -> Void) throws -> JoinLayer {
        let whole = csv.dataStart..<csv.bytes.count
        let ranges = csv.rowChunks(Parallel.cores * 4) ?? [whole]
        var chunks = Parallel.map(ranges.count) { k in readChunk(csv, ranges[k]) }
        if chunks.count > 1, chunks.contains(where: { $0.strayQuotes > 0 }) { chunks = [readChunk(csv, whole)] }
        var layer = JoinLayer(ids: [], points: PointSet(lon: [], lat: []))
        var ids: [FeatureID] = [], lon: [Double] = [], lat: [Double] = []
        let total = chunks.reduce(0) { $0 + $1.ids.count }
        ids.reserveCapacity(total); lon.reserveCapacity(total); lat.reserveCapacity(total)
        var line = csv.firstDataLine, row = 0
        for chunk in chunks {
            for issue in chunk.issues { try onIssue(RecordIssue(location: "line \(line + issue.line - 1)", message: issue.message)) }
            if let failure = chunk.failure {
                guard case .csv(let l, let message) = failure else { throw failure }
                throw GeoJSONError.csv(line: line + l - 1, message: message)
            }
            if csv.idColumn == nil {
                // Unnamed rows are numbered by their position in the whole file.
                ids.append(contentsOf: chunk.ids.map { id in
                    if case .int(let local) = id { return .int(local + Int64(row)) }
                    return id
                })
            } else {
                ids.append(contentsOf: chunk.ids)
            }
            lon.append(contentsOf: chunk.lon)
            lat.append(contentsOf: chunk.lat)
            line += chunk.lines
            row += chunk.rows
        }
        layer.ids = ids
        layer.points = PointSet(lon: lon, lat: lat)
        return layer
    }

    private static func readChunk(_ csv: CSVLayer, _ range: Range<Int>) -> CSVChunk {
        var chunk = CSVChunk()
        let estimate = range.count / 64
        chunk.ids.reserveCapacity(estimate); chunk.lon.reserveCapacity(estimate); chunk.lat.reserveCapacity(estimate)
        var scanner = CSVScanner(bytes: csv.bytes, range: range, firstLine: 1)
        var fields: [CSVField] = []
        do {
            while try scanner.nextRow(&fields) {
                chunk.rows += 1
                let line = scanner.rowLine
                do throws(GeoJSONError) {
                    try csv.checkWidth(fields, line: line)
                    let c = try csv.coordinate(fields, line: line)
                    let id: FeatureID
                    if let idColumn = csv.idColumn {
                        if let i = parseInteger(csv.text(fields[idColumn])) { id = .int(i) } else if let s = csv.string(fields[idColumn]) {
                            id = .string(s)
                        } else {
                            throw .csv(line: line, message: "the id is not valid UTF-8")
                        }
                    } else {
                        id = .int(Int64(chunk.rows))
                    }
                    chunk.ids.append(id)
                    chunk.lon.append(c.x)
                    chunk.lat.append(c.y)
                } catch {
                    guard case .csv(let line, let message) = error else { chunk.failure = error; return chunk }
                    chunk.issues.append((line, message, chunk.rows))
                }
            }
        } catch {
            chunk.failure = error
        }
        chunk.lines = scanner.line - 1
        chunk.strayQuotes = scanner.strayQuotes
        return chunk
    }
}

extension CSVLayer {
    /// A field's text with doubled quotes collapsed, or nil when not UTF-8.
    public func string(_ f: CSVField) -> String? { f.string(in: bytes) }
}
