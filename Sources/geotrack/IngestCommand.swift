import ArgumentParser
import Foundation
import GeoJSON
import Gazetteer
import Geometry
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
    @OptionGroup var gazetteerOptions: GazetteerCommand.Options
    @OptionGroup var options: InputOptions

    func run() throws {
        var phases = Phases("ingest")
        let gazetteer = try gazetteerOptions.open()
        let parser = try ReportParser.load(gazetteer: gazetteer)
        let events = try EventStore(path: store.db)
        let reporter = IssueReporter(strict: options.strict)
        phases.done("open")
        var reports: [Report] = []
        try ReportInput(paths: inputs, defaultDate: date?.date)
            .forEach(onIssue: { file, issue in try reporter.handler(for: file)(issue) }) { reports.append($0) }
        phases.done("read")
        let bar = ProgressBar(label: "ingest", total: reports.count, quiet: options.quiet, threshold: 200)
        var totals = IngestOutcome(stored: true)
        var stored = 0, already = 0
        // Parsed on every core, each worker taking the next report as it finishes one; stored in input
        // order as each becomes ready, one transaction per report.
        let all = reports
        let pipeline = OrderedPipeline(count: all.count) { parser.parse(all[$0]) }
        defer { pipeline.finish() }
        for i in all.indices {
            let outcome = try events.ingest(pipeline.take(i), gazetteer: gazetteer)
            if outcome.stored { stored += 1 } else { already += 1 }
            totals.places += outcome.places
            totals.newEvents += outcome.newEvents
            totals.mergedEvents += outcome.mergedEvents
            bar.update(i + 1, reports.count)
        }
        bar.finish()
        phases.done("store")
        printError("ingest: \(reports.count + reporter.count) reports read: \(stored) stored, \(already) already stored, "
                   + "\(reporter.count) skipped; \(totals.places) places; events: \(totals.newEvents) new, \(totals.mergedEvents) merged into stored ones")
        try reporter.finish()
    }
}
