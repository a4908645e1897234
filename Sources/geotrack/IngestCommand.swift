import ArgumentParser
import Foundation
import GeoJSON
import Gazetteer
import Geometry
import ReportFiles
import Reports
import Store

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Parse reports and keep their places and events in the store.",
        discussion: """
            The same inputs as parse: plain-text files, directories of them, JSONL records, or - for \
            standard input. Each report is stored in one transaction; a report whose text is stored \
            already adds nothing; an event another report told already is merged into it (its sources \
            grow). A closing summary goes to stderr: reports read, stored, already stored, skipped; \
            places; events new and merged.

            Examples:
              geotrack ingest seeds/ --date 2023-10-06
              geotrack ingest reports.jsonl --db tracker.sqlite
            """
    )

    @Argument(help: "Report files, directories of them, JSONL files, or - for standard input.")
    var inputs: [String]

    @Option(help: "The published date (YYYY-MM-DD) of reports that give none.")
    var date: Day?

    @OptionGroup var store: StoreOptions
    @Option(help: "The longest report, in bytes of UTF-8 text; a longer one is refused (reported and skipped).")
    var maxBytes = ReportInput.defaultMaxBytes

    @OptionGroup var gazetteerOptions: GazetteerCommand.Options
    @OptionGroup var options: InputOptions

    func validate() throws {
        if maxBytes < 1 { throw ValidationError("--max-bytes must be at least 1") }
    }

    func run() throws {
        var phases = Phases("ingest")
        let gazetteer = try gazetteerOptions.open()
        let parser = try ReportParser.load(gazetteer: gazetteer)
        // The store is written: a store that is one of the inputs would be an input overwritten.
        try OutputCheck.refuseInput(output: store.db, inputs: inputs)
        let events = try EventStore(path: store.db)
        let reporter = IssueReporter(strict: options.strict)
        phases.done("open")
        let reader = try ReportReader(ReportInput(paths: inputs, defaultDate: date?.date, maxBytes: maxBytes)) { file, issue in
            try reporter.handler(for: file)(issue)
        }
        let bar = ProgressBar(label: "ingest", total: reader.totalBytes, quiet: options.quiet, threshold: 1 << 20)
        var totals = IngestOutcome(stored: true)
        var read = 0, stored = 0, already = 0
        // Read as parsing needs them, parsed on every core (each worker taking the next report as it
        // finishes one), stored in input order as each becomes ready, one transaction per report. A bad
        // record under --strict stops the run after the reports before it are stored.
        let pipeline = OrderedPipeline(source: { try reader.next().map { ($0, reader.bytesRead) } },
                                       make: { report, position in (parser.parse(report), position) })
        defer { pipeline.finish() }
        let tally = NoEventTally(quiet: options.quiet)
        while let (parsed, position) = try pipeline.next() {
            tally.note(parsed)
            let outcome = try events.ingest(parsed, gazetteer: gazetteer)
            read += 1
            if outcome.stored { stored += 1 } else { already += 1 }
            totals.places += outcome.places
            totals.newEvents += outcome.newEvents
            totals.mergedEvents += outcome.mergedEvents
            bar.update(position, reader.totalBytes)
        }
        bar.finish()
        phases.done("store")
        printError("ingest: \(read + reporter.count) reports read: \(stored) stored, \(already) already stored, "
                   + "\(reporter.count) skipped; \(totals.places) places; events: \(totals.newEvents) new, \(totals.mergedEvents) merged into stored ones"
                   + (tally.summary.isEmpty ? "" : "; \(tally.summary)"))
        try reporter.finish()
    }
}
