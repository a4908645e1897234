import ArgumentParser
import Foundation
import GeoJSON
import Reports

/// Reports bad records on stderr as `file: location: reason`, counts them, and stops the run on the first
/// one under `--strict`.
final class IssueReporter {
    let strict: Bool
    private(set) var count = 0

    init(strict: Bool) { self.strict = strict }

    func handler(for file: String) -> (RecordIssue) throws -> Void {
        { [self] issue in
            count += 1
            printError("\(file): \(issue.location): \(issue.message)\(strict ? "" : " (skipped)")")
            if strict { throw ExitCode(1) }
        }
    }

    /// Exit 3 when records were skipped, so that scripts notice.
    func finish() throws {
        guard count > 0 else { return }
        printError("geotrack: \(count) bad record\(count == 1 ? "" : "s") skipped")
        throw ExitCode(3)
    }
}

/// Reports that gave no event, and why (no trigger; a trigger without a place; a place the gazetteer does
/// not know), and events without a date: a line each on stderr as they come (unless quiet), and the counts
/// for the closing summary.
/// They are no errors: the exit status does not change.
final class NoEventTally {
    let quiet: Bool
    private(set) var reports = 0
    private(set) var withEvents = 0
    private var counts: [NoEventReason: Int] = [:]

    init(quiet: Bool) { self.quiet = quiet }

    func note(_ parsed: ParsedReport) {
        reports += 1
        if !parsed.events.isEmpty { withEvents += 1 }
        let undated = parsed.events.filter { $0.date == nil }.count
        if undated > 0, !quiet {
            printError("\(parsed.report.id): \(undated) event\(undated == 1 ? "" : "s") without a date: the text gives none, the report no published date (give one with --date)")
        }
        guard let reason = parsed.noEvent else { return }
        counts[reason, default: 0] += 1
        if !quiet { printError("\(parsed.report.id): no event: \(reason.rawValue)" + (parsed.unknownPlace.map { " (\"\($0)\")" } ?? "")) }
    }

    /// "2 gave no event (1 no trigger, 1 trigger without a place)", or "" when every report gave one.
    var summary: String {
        let none = counts.values.reduce(0, +)
        guard none > 0 else { return "" }
        let parts = NoEventReason.allCases.compactMap { r in counts[r].map { "\($0) \(r.shortName)" } }
        return "\(none) gave no event (\(parts.joined(separator: ", ")))"
    }
}

extension NoEventReason {
    var shortName: String {
        switch self {
        case .noTrigger: "no trigger"
        case .noPlace: "trigger without a place"
        case .placeNotFound: "place not found"
        }
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// A one-line progress bar on stderr, drawn only when stderr is a terminal and the work is large.
final class ProgressBar: @unchecked Sendable {
    private let label: String
    private let enabled: Bool
    private let lock = NSLock()
    private var lastDrawn = -1

    init(label: String, total: Int, quiet: Bool, threshold: Int = 200_000) {
        self.label = label
        enabled = !quiet && total >= threshold && isatty(STDERR_FILENO) == 1
    }

    func update(_ done: Int, _ total: Int) {
        guard enabled, total > 0 else { return }
        let percent = done * 100 / total
        lock.lock()
        defer { lock.unlock() }
        guard percent != lastDrawn else { return }
        lastDrawn = percent
        let width = 30, filled = percent * width / 100
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(percent)%".utf8))
    }

    func finish() {
        guard enabled, lastDrawn >= 0 else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

/// Where output goes: a file (`-o`) or standard output.
func openSink(_ path: String?) throws -> ByteSink {
    guard let path, path != "-" else { return ByteSink.standardOutput() }
    return try ByteSink(path: path)
}
