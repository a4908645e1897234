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

    /// Files that stopped before their end (unreadable, or malformed from some point on).
    private(set) var filesStopped = 0

    /// A whole file that could not be read to its end: reported (the error names the file and where), and
    /// the run goes on with the other inputs, or stops under `--strict`.
    func fileStopped(_ error: any Error) throws {
        filesStopped += 1
        printError("\(error) (\(strict ? "stopped" : "the file is not read further; the other inputs are"))")
        if strict { throw ExitCode(1) }
    }

    /// Exit 3 when records were skipped, so that scripts notice.
    func finish() throws {
        guard count > 0 || filesStopped > 0 else { return }
        var parts: [String] = []
        if count > 0 { parts.append("\(count) bad record\(count == 1 ? "" : "s") skipped") }
        if filesStopped > 0 { parts.append("\(filesStopped) file\(filesStopped == 1 ? "" : "s") not read to the end") }
        printError("geotrack: " + parts.joined(separator: ", "))
        throw ExitCode(3)
    }
}

/// A run that cannot go on, said in a sentence (exit 1).
struct ValidationFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
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

/// Where output goes: a file (`-o`), written whole or not at all (see `OutputFile`), or standard output.
/// An output that is one of the inputs is refused when this is made, which commands do before reading.
final class Output {
    let sink: ByteSink
    private let files: OutputSet?
    private let inputs: [String]

    init(_ path: String?, inputs: [String]) throws {
        self.inputs = inputs
        guard let path, path != "-" else {
            sink = ByteSink.standardOutput()
            files = nil
            return
        }
        try OutputCheck.refuseInput(output: path, inputs: inputs)
        let files = OutputSet()
        sink = try files.add(path)
        self.files = files
    }

    /// Another file that goes with the output (a `.csvt` sidecar), put in place with it.
    func companion(_ path: String) throws -> ByteSink {
        guard let files else { throw ValidationFailure("\(path): a companion file needs a file output (-o)") }
        try OutputCheck.refuseInput(output: path, inputs: inputs)
        return try files.add(path)
    }

    /// Puts the output in place (files) or flushes it (standard output).
    func commit() throws {
        if let files { try files.commit() } else { try sink.flush() }
    }
}
