import Dispatch
import Geometry

/// Streams a CSV layer into a GeoJSON writer straight from the input bytes: no per-row feature values.
/// The rows are cut into chunks at row ends (`CSVLayer.rowChunks`); a batch of chunks is formatted on every
/// core into memory, then written in order, so memory stays bounded by one batch whatever the file's size.
/// Each row is checked whole before any of it is written, so a bad row is reported and skipped cleanly.
public enum CSVToGeoJSON {
    /// One chunk's output: its features' bytes, and what the caller needs to report and number things.
    struct Part: Sendable {
        var features = 0
        var issues: [(line: Int, message: String)] = []
        var lines = 0
        var strayQuotes = 0
        var failure: GeoJSONError?
    }

    /// Returns the number of features written; bad rows go to `onIssue` (which may throw to stop).
    @discardableResult
    public static func convert(
        _ layer: CSVLayer, to writer: GeoJSONWriter, onIssue: (RecordIssue) throws -> Void
    ) throws -> Int {
        let format = ChunkFormat(layer: layer, layout: writer.layout, precision: writer.precision)
        let whole = layer.dataStart..<layer.bytes.count
        let ranges = layer.rowChunks(max(Parallel.cores * 4, layer.bytes.count >> 22)) ?? [whole]
        let batch = Parallel.cores * 2
        var line = layer.firstDataLine
        var written = 0
        func emit(_ part: Part, _ sink: ByteSink) throws {
            for issue in part.issues { try onIssue(RecordIssue(location: "line \(line + issue.line - 1)", message: issue.message)) }
            if let failure = part.failure {
                guard case .csv(let l, let message) = failure else { throw failure }
                throw GeoJSONError.csv(line: line + l - 1, message: message)
            }
            try writer.append(fragment: sink.contents, features: part.features)
            written += part.features
            line += part.lines
        }
        // Two pools of memory sinks, used in turn: while the cores format the next batch into one pool, this
        // thread writes the last batch from the other, so the kernel's copy into the file overlaps formatting.
        // Each sink is reused batch after batch: its pages are touched once.
        let room = min(1 << 20, layer.bytes.count * 4 + 4096)  // sinks grow as needed: a small file needs little
        let pools = [SinkPool(count: batch, capacity: room), SinkPool(count: batch, capacity: room)]
        let batches = stride(from: 0, to: ranges.count, by: batch).map { Array(ranges[$0..<min($0 + batch, ranges.count)]) }
        func formatting(_ b: Int) -> Pending {
            let pending = Pending()
            let slice = batches[b], pool = pools[b % 2]
            DispatchQueue.global().async(group: pending.done) {
                pending.parts = Parallel.map(slice.count) { format.format(slice[$0], into: pool[$0]) }
            }
            return pending
        }
        var next = batches.isEmpty ? nil : formatting(0)
        defer { next?.done.wait() }  // never leave the cores writing into a pool that is going away
        for b in batches.indices {
            guard let current = next else { break }
            current.done.wait()
            if ranges.count > 1, current.parts.contains(where: { $0.strayQuotes > 0 }) {
                // A quote inside an unquoted field: quote parity no longer marks row ends, so the cuts from
                // here on cannot be trusted. Everything before this batch was cut right; finish in one piece.
                next = nil
                try emit(format.format(batches[b][0].lowerBound..<layer.bytes.count, into: pools[b % 2][0]), pools[b % 2][0])
                break
            }
            next = b + 1 < batches.count ? formatting(b + 1) : nil
            for (i, part) in current.parts.enumerated() { try emit(part, pools[b % 2][i]) }
        }
        return written
    }

    /// A batch being formatted on other threads: `parts` is set before `done` is left.
    final class Pending: @unchecked Sendable {
        let done = DispatchGroup()
        var parts: [Part] = []
    }

    /// Memory sinks shared with the cores: slot i is used only by the chunk formatted in slot i, and read
    /// by the caller only after the batch is done.
    final class SinkPool: @unchecked Sendable {
        private let sinks: [ByteSink]
        init(count: Int, capacity: Int) { sinks = (0..<count).map { _ in ByteSink.memory(capacity: capacity) } }
        subscript(i: Int) -> ByteSink { sinks[i] }
    }

    /// Everything needed to format a chunk, shared read-only by the cores.
    struct ChunkFormat: Sendable {
        let layer: CSVLayer
        let layout: GeoJSONWriter.Layout
        let precision: Int
        let isValidUTF8: Bool
        /// A property column: where it is in the row, its type, and its member name already encoded with what
        /// comes before it (`{"id":` for the first, `,"kind":` for the others) in `prefixes`.
        struct Column: Sendable {
            var index: Int
            var type: ColumnType
            var prefix: Range<Int>
        }
        let columns: [Column]
        let prefixes: [UInt8]
        let width: Int

        init(layer: CSVLayer, layout: GeoJSONWriter.Layout, precision: Int) {
            self.layer = layer
            self.layout = layout
            self.precision = precision
            var prefixes: [UInt8] = []
            var columns: [Column] = []
            for (n, c) in layer.propertyColumns.enumerated() {
                let start = prefixes.count
                prefixes.append(n == 0 ? UInt8(ascii: "{") : UInt8(ascii: ","))
                // The name as a JSON string: quotes, backslashes and control characters escaped.
                let name = ByteSink.memory()
                try? name.append(jsonString: layer.header[c])
                prefixes.append(contentsOf: name.contents)
                prefixes.append(UInt8(ascii: ":"))
                columns.append(Column(index: c, type: layer.types[c], prefix: start..<prefixes.count))
            }
            self.columns = columns
            self.prefixes = prefixes
            width = layer.header.count
            isValidUTF8 = layer.dataIsValidUTF8()
        }

        func format(_ range: Range<Int>, into sink: ByteSink) -> Part {
            var part = Part()
            sink.reset()
            var scanner = CSVScanner(bytes: layer.bytes, range: range, firstLine: 1)
            // The row loop works on buffers taken once per chunk: no array is retained per field.
            columns.withUnsafeBufferPointer { columns in
                prefixes.withUnsafeBufferPointer { prefixes in
                    do {
                        let writer = try GeoJSONWriter(sink: sink, layout: layout, precision: precision, fragment: true)
                        var integers = [Int64](repeating: 0, count: width)
                        var reals = [Double](repeating: 0, count: width)
                        var fields: [CSVField] = []
                        try integers.withUnsafeMutableBufferPointer { integers in
                            try reals.withUnsafeMutableBufferPointer { reals in
                                while try scanner.nextRow(&fields) {
                                    do throws(GeoJSONError) {
                                        try fields.withUnsafeBufferPointer { (fields) throws(GeoJSONError) in
                                            try row(fields, line: scanner.rowLine, writer, sink, columns, prefixes, integers, reals)
                                        }
                                        part.features += 1
                                    } catch {
                                        guard case .csv(let line, let message) = error else { throw error }
                                        part.issues.append((line, message))
                                    }
                                }
                            }
                        }
                        try sink.flush()
                    } catch {
                        part.failure = error as? GeoJSONError ?? .io("\(error)")
                    }
                }
            }
            part.lines = scanner.line - 1
            part.strayQuotes = scanner.strayQuotes
            return part
        }

        private func row(
            _ fields: UnsafeBufferPointer<CSVField>, line: Int, _ writer: GeoJSONWriter, _ sink: ByteSink,
            _ columns: UnsafeBufferPointer<Column>, _ prefixes: UnsafeBufferPointer<UInt8>,
            _ integers: UnsafeMutableBufferPointer<Int64>, _ reals: UnsafeMutableBufferPointer<Double>
        ) throws(GeoJSONError) {
            // Check the whole row first.
            guard fields.count == width else { throw .csv(line: line, message: "\(fields.count) fields, the header has \(width)") }
            let geometry: Geometry? = layer.lonColumn == nil ? try layer.geometry(fields, line: line) : nil
            let point: Coordinate? = geometry == nil ? try layer.coordinate(fields, line: line) : nil
            for column in columns where fields[column.index].end > fields[column.index].start {
                let raw = layer.text(fields[column.index])
                switch column.type {
                case .integer:
                    guard let i = parseInteger(raw) else { throw layer.typeError(raw, column: column.index, line: line) }
                    integers[column.index] = i
                case .real:
                    guard let d = parseNumber(raw) else { throw layer.typeError(raw, column: column.index, line: line) }
                    reals[column.index] = d
                case .string:
                    if !isValidUTF8, String(validating: raw, as: UTF8.self) == nil {
                        throw .csv(line: line, message: "column \(layer.header[column.index]) is not valid UTF-8")
                    }
                }
            }
            // Then write it.
            try writer.beginFeature()
            if columns.isEmpty { try sink.append(UInt8(ascii: "{")) }
            for column in columns {
                try sink.append(UnsafeBufferPointer(rebasing: prefixes[column.prefix]))
                let f = fields[column.index]
                let empty = f.end == f.start
                switch column.type {
                case .integer: if empty { try sink.append("null") } else { try sink.append(integer: integers[column.index]) }
                case .real: if empty { try sink.append("null") } else { try sink.append(shortest: reals[column.index]) }
                case .string:
                    try f.withText(in: layer.bytes) { (b) throws(GeoJSONError) in try sink.append(jsonString: b) }
                }
            }
            try sink.append("},\"geometry\":")
            if let point { try writer.writePoint(lon: point.x, lat: point.y) } else if let geometry { try writer.write(geometry: geometry) }
            try writer.endFeature()
        }
    }
}
