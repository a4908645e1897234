import ArgumentParser
import Foundation
import GeoJSON
import Store

struct EventsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "List the stored events.",
        discussion: """
            A table by default; csv has ACLED's columns in ACLED's order (then geotrack's: time_utc, \
            fatalities_lower_bound, source_count, source_reports, …); jsonl, one object per event.

            Examples:
              geotrack events --type "Air/drone strike" --since 2023-10-01
              geotrack events --bbox 35.7,32.3,42.4,37.3 --format csv > events.csv
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, jsonl }

    @Option(help: "table, csv or jsonl.")
    var format: Format = .table

    @OptionGroup var filter: EventFilterOptions
    @OptionGroup var store: StoreOptions

    func run() throws {
        guard FileManager.default.fileExists(atPath: store.db) else { throw ValidationFailure("\(store.db): no such store (ingest or import first)") }
        let events = try EventStore(path: store.db)
        let sink = ByteSink.standardOutput()
        switch format {
        case .table:
            try sink.append("event_id    date        time   type                           actor1                                 location                       lat        lon         prec  fatal  sources\n")
            try events.forEachEvent(filter.filter) { e in
                func cell(_ s: String?, _ width: Int) -> String {
                    let t = s ?? "-"
                    return t.count >= width ? String(t.prefix(width - 1)) + " " : t + String(repeating: " ", count: width - t.count)
                }
                let line = cell(e.eventID, 12) + cell(e.field("event_date").text, 12) + cell(e.field("time_utc").text, 7)
                    + cell(e.field("sub_event_type").text, 31) + cell(e.field("actor1").text, 39) + cell(e.field("location").text, 31)
                    + cell(String(format: "%.5f", e.lat), 11) + cell(String(format: "%.5f", e.lon), 12)
                    + cell(e.field("geo_precision").text, 6) + cell(e.field("fatalities").text, 7) + (e.field("source_count").text ?? "-")
                try sink.append(line + "\n")
            }
        case .csv:
            try sink.append(EventStore.recordColumns.joined(separator: ",") + "\n")
            try events.forEachEvent(filter.filter) { e in
                for (k, v) in e.fields.enumerated() {
                    if k > 0 { try sink.append(UInt8(ascii: ",")) }
                    if k == 0 { try CSVWriter.field(e.eventID, to: sink); continue }
                    if let t = v.text { try CSVWriter.field(t, to: sink) }
                }
                try sink.append(UInt8(ascii: "\n"))
            }
        case .jsonl:
            try events.forEachEvent(filter.filter) { e in
                try e.writeProperties(to: sink, keys: EventRecord.propertyKeys)
                try sink.append(UInt8(ascii: "\n"))
            }
        }
        try sink.flush()
    }
}
