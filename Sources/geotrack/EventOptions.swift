import ArgumentParser
import GeoJSON
import Geometry
import Store

/// Which stored events a command takes: the filters events, near and export share.
struct EventFilterOptions: ParsableArguments {
    @Option(help: "An event type or sub-event type (\"Explosions/Remote violence\", \"Air/drone strike\").")
    var type: String?

    @Option(help: "Events on or after this day (YYYY-MM-DD).")
    var since: Day?

    @Option(help: "Events on or before this day (YYYY-MM-DD).")
    var until: Day?

    @Option(help: "Events inside a box: west,south,east,north in degrees.")
    var bbox: String?

    func validate() throws {
        if let since, let until, since.text > until.text { throw ValidationError("--since is after --until") }
        if bbox != nil, try box() == nil { throw ValidationError("--bbox wants west,south,east,north, e.g. 35.7,32.3,42.4,37.3") }
    }

    func box() throws -> Envelope? {
        guard let bbox else { return nil }
        let v = bbox.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard v.count == 4, (-180...180).contains(v[0]), (-180...180).contains(v[2]), (-90...90).contains(v[1]),
              (-90...90).contains(v[3]), v[0] <= v[2], v[1] <= v[3] else { return nil }
        return Envelope(minX: v[0], minY: v[1], maxX: v[2], maxY: v[3])
    }

    var filter: EventFilter {
        EventFilter(type: type, since: since?.text, until: until?.text, bbox: try? box())
    }
}

extension FieldValue {
    var json: JSONValue {
        switch self {
        case .null: .null
        case .int(let i): .int(i)
        case .double(let d): .double(d)
        case .text(let s): .string(s)
        }
    }
}

extension EventRecord {
    /// The event's own name: its ACLED id (geotrack's are GT and the store's number).
    var eventID: String { fields[0].text ?? "GT\(id)" }

    /// Writes the properties object: the non-null columns, then an imported row's own properties.
    func writeProperties(to sink: ByteSink, keys: [[UInt8]]) throws {
        try sink.append(UInt8(ascii: "{"))
        var first = true
        for (k, value) in fields.enumerated() {
            if case .null = value { continue }
            if !first { try sink.append(UInt8(ascii: ",")) }
            first = false
            try keys[k].withUnsafeBufferPointer { try sink.append($0) }
            switch value {
            case .null: break
            case .int(let i): try sink.append(integer: i)
            case .double(let d): try sink.append(shortest: d)
            case .text(var s): try s.withUTF8 { try sink.append(jsonString: $0) }
            }
        }
        if let properties, properties.count > 2 {
            // Our own JSON object text: its members go in as they are.
            if !first { try sink.append(UInt8(ascii: ",")) }
            var text = properties
            try text.withUTF8 { bytes in try sink.append(UnsafeBufferPointer(rebasing: bytes[1..<(bytes.count - 1)])) }
        }
        try sink.append(UInt8(ascii: "}"))
    }

    /// `"name":` for each record column, made once.
    static let propertyKeys = EventStore.recordColumns.map { Array("\"\($0)\":".utf8) }
}
