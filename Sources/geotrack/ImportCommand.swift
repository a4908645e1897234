import ArgumentParser
import Foundation
import GeoJSON
import Geometry
import Store

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load events that already exist as data: ACLED CSV exports, GeoJSON points, CSV with lon,lat.",
        discussion: """
            ACLED's columns (event_id_cnty, event_date, event_type, actor1, …, latitude, longitude, \
            fatalities) are kept under their names (listed and exported as ACLED's columns); any other \
            property is kept with its event. Each batch is stored by column (table imported_batches), not \
            as rows of the events table, which holds the events of reports. A CSV needs lon/lat (or \
            longitude/latitude) columns; a GeoJSON or GeoJSONSeq layer, points. Rows are stored a batch at a time, one transaction each; a row stored before (the same \
            content) adds nothing. Bad rows are reported by line or feature and skipped (exit 3), or stop \
            the run with --strict.

            Examples:
              geotrack import acled-syria-2023.csv
              geotrack import strikes.geojson --db tracker.sqlite
            """
    )

    @Argument(help: "Layer files (CSV, GeoJSON, GeoJSONSeq), or - for standard input.")
    var files: [String]

    @Option(help: "Rows per transaction.")
    var batch = 100_000

    @OptionGroup var store: StoreOptions
    @OptionGroup var options: InputOptions

    func validate() throws {
        guard batch > 0 else { throw ValidationError("--batch must be at least 1") }
    }

    func run() throws {
        var phases = Phases("import")
        // The store is written: a store that is one of the inputs would be an input overwritten.
        try OutputCheck.refuseInput(output: store.db, inputs: files)
        let events = try EventStore(path: store.db)
        let reporter = IssueReporter(strict: options.strict)
        let writer = BatchWriter(store: events)
        for path in files {
            let flush = { (b: inout ImportBatch) throws in
                guard b.count > 0 else { return }
                try writer.submit(b)
                b.removeAll()
            }
            do {
                let file = try LayerFile(path: path)
                let onIssue = reporter.handler(for: file.displayName)
                switch file.format {
                case .csv: try importCSV(file, onIssue: onIssue, flush: flush)
                case .geojson, .geojsonseq: try importFeatures(file, onIssue: onIssue, flush: flush)
                }
            } catch let error as GeoJSONError {
                // A file that cannot be read, or stops on malformed data, is reported (the rows read before
                // the stop are stored); the other files are still imported, unless --strict stops here.
                do { try reporter.fileStopped(error) } catch {
                    _ = try? writer.finish()
                    throw error
                }
            } catch {
                // Batches read before a stop are stored (each is whole), as the summary then says.
                _ = try? writer.finish()
                throw error
            }
            phases.done(path)
        }
        let (added, duplicates) = try writer.finish()
        printError("import: \(added) events added, \(duplicates) already stored, \(reporter.count) bad rows skipped")
        try reporter.finish()
    }

    /// CSV rows straight from their bytes: ACLED-named columns to the store's, the id column as the layer's
    /// id, the rest as JSON properties typed as the layer's types say.
    func importCSV(_ file: LayerFile, onIssue: (RecordIssue) throws -> Void, flush: (inout ImportBatch) throws -> Void) throws {
        try file.withBytes { bytes in
            let layer = try CSVLayer(bytes: bytes, columnTypes: try file.csvColumnTypes())
            guard let lonColumn = layer.lonColumn, let latColumn = layer.latColumn else {
                throw GeoJSONError.io("\(file.displayName): import needs lon/lat (or longitude/latitude) columns")
            }
            let known = Set(EventStore.acledColumns)
            let skip = Set([lonColumn, latColumn] + (layer.idColumn.map { [$0] } ?? []))
            let stored = layer.header.indices.filter { !skip.contains($0) && known.contains(layer.header[$0]) }
            let extra = layer.header.indices.filter { !skip.contains($0) && !known.contains(layer.header[$0]) }
            var batch = ImportBatch(columns: stored.map { layer.header[$0] })
            let json = ByteSink.memory()
            // Texts are copied from the file's bytes as they are: checked as UTF-8 field by field only when
            // the file as a whole is not.
            let checkEach = !layer.dataIsValidUTF8()
            let textColumns = stored + (layer.idColumn.map { [$0] } ?? [])
            // Rows read before a stop (a malformed row under --strict, an unclosed quote) are stored.
            defer { try? flush(&batch) }
            try layer.forEachRow { line, fields in
                do throws(GeoJSONError) {
                    try layer.checkWidth(fields, line: line)
                    let point = try layer.coordinate(fields, line: line)
                    if checkEach {
                        for c in textColumns where fields[c].string(in: bytes) == nil {
                            throw .csv(line: line, message: "column \(layer.header[c]) is not valid UTF-8")
                        }
                    }
                    json.reset()
                    try json.append(UInt8(ascii: "{"))
                    for (k, c) in extra.enumerated() {
                        if k > 0 { try json.append(UInt8(ascii: ",")) }
                        try json.append(jsonString: layer.header[c])
                        try json.append(UInt8(ascii: ":"))
                        try layer.writeJSON(fields[c], column: c, line: line, checkUTF8: checkEach, to: json)
                    }
                    try json.append(UInt8(ascii: "}"))
                    guard let first = fields.first, let last = fields.last else { throw .csv(line: line, message: "an empty row") }
                    let whole = UnsafeBufferPointer(rebasing: bytes[first.start..<last.end])
                    batch.beginRow(lon: point.x, lat: point.y, key: EventStore.rowKey(whole))
                    appendField(layer.idColumn.map { fields[$0] }, to: &batch, bytes)
                    batch.appendText(extra.isEmpty ? nil : json.contents)
                    // An empty field is no value.
                    for c in stored { appendField(layer.text(fields[c]).isEmpty ? nil : fields[c], to: &batch, bytes) }
                } catch {
                    guard case .csv(let line, let message) = error else { throw error }
                    try onIssue(RecordIssue(location: "line \(line)", message: message))
                }
                if batch.count >= self.batch { try flush(&batch) }
            }
            try flush(&batch)
        }
    }

    /// GeoJSON points: ACLED-named properties to the store's columns, the rest as JSON properties. Features
    /// are read one at a time and stored a batch at a time (a layer is never held whole); each batch's
    /// columns are the ACLED names its features use.
    func importFeatures(_ file: LayerFile, onIssue: (RecordIssue) throws -> Void, flush: (inout ImportBatch) throws -> Void) throws {
        let known = Set(EventStore.acledColumns).subtracting(["latitude", "longitude"])
        var pending: [LocatedFeature] = []
        let json = ByteSink.memory(), whole = ByteSink.memory()
        func store() throws {
            var columns: [String] = []
            for f in pending { for (k, _) in f.feature.properties?.members ?? [] where known.contains(k) && !columns.contains(k) { columns.append(k) } }
            var batch = ImportBatch(columns: columns)
            for located in pending {
                let f = located.feature
                guard case .point(let p)? = f.geometry else {
                    try onIssue(RecordIssue(location: located.location, message: "not a point (\(f.geometry.map { "\($0.typeName)" } ?? "no geometry"))"))
                    continue
                }
                // The row's content key: a hash of its id, point and properties, encoded as JSON (in a sink
                // reused row after row).
                whole.reset()
                try JSONEncoding.write(.object(JSONObject([("id", f.id ?? .null), ("p", .array([.double(p.coordinate.x), .double(p.coordinate.y)])),
                                                            ("properties", .object(f.properties ?? JSONObject()))])), to: whole)
                batch.beginRow(lon: p.coordinate.x, lat: p.coordinate.y, key: EventStore.rowKey(whole.contents))
                batch.appendText(FeatureID(f.id)?.description)
                // The other properties, as JSON, straight from the sink.
                let members = f.properties?.members ?? []
                let rest = members.filter { !known.contains($0.key) }
                json.reset()
                try JSONEncoding.write(.object(JSONObject(rest)), to: json)
                batch.appendText(rest.isEmpty ? nil : json.contents)
                for c in columns {
                    guard let v = members.first(where: { $0.key == c })?.value, !v.isNull else { batch.appendText(nil as String?); continue }
                    if case .string(let s) = v { batch.appendText(s) } else { batch.appendText(try? ByteSink.capturing { try JSONEncoding.write(v, to: $0) }) }
                }
            }
            pending.removeAll(keepingCapacity: true)
            try flush(&batch)
        }
        do {
            try file.forEachFeature(onIssue: onIssue) { feature in
                pending.append(feature)
                if pending.count >= self.batch { try store() }
            }
        } catch let error as GeoJSONError {
            // Features read before a syntax error are stored.
            try store()
            throw error
        }
        try store()
    }
}

/// A CSV field's text as the batch's next text, copied from the file's bytes (doubled quotes collapsed).
private func appendField(_ field: CSVField?, to batch: inout ImportBatch, _ bytes: UnsafeBufferPointer<UInt8>) {
    guard let field else { return batch.appendText(nil as UnsafeBufferPointer<UInt8>?) }
    field.withText(in: bytes) { batch.appendText($0) }
}
