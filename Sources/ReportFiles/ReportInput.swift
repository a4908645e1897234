import Foundation
import GeoJSON
import Reports

/// Reports from files, directories and standard input: a plain-text file is one report (its name, less
/// the extension, is its id); a `.jsonl`/`.ndjson`/`.json` file or JSONL on standard input holds one record a
/// line: {"id", "text", "title"?, "published"?, "source"?, "url"?, "mentions"?}. `ReportReader` reads them.
public struct ReportInput: Sendable {
    public let paths: [String]
    /// The published date for reports that do not give one (`--date`).
    public let defaultDate: CivilDate?
    /// No report may be longer (in UTF-8 bytes): a longer one is refused as a bad record, with the size.
    public let maxBytes: Int
    /// The default `maxBytes`: 8 MiB, a book's length, parsed in about two seconds.
    public static let defaultMaxBytes = 8 << 20

    public init(paths: [String], defaultDate: CivilDate?, maxBytes: Int = ReportInput.defaultMaxBytes) {
        self.paths = paths
        self.defaultDate = defaultDate
        self.maxBytes = maxBytes
    }

    /// Every input file, directories expanded (their regular files, sorted by name, hidden ones left out).
    /// What cannot be read as a report is reported, never passed over in silence: a missing input, a
    /// subdirectory (not descended into), a broken link, a device or socket.
    public func files(onIssue: (String, RecordIssue) throws -> Void) throws -> [String] {
        var out: [String] = []
        for path in paths {
            if path == "-" {
                out.append(path)
                continue
            }
            switch Self.kind(path) {
            case .file: out.append(path)
            case .directory:
                let names: [String]
                do {
                    names = try FileManager.default.contentsOfDirectory(atPath: path).filter { !$0.hasPrefix(".") }.sorted()
                } catch {
                    try onIssue(path, RecordIssue(location: "directory", message: "cannot be listed: \(error.localizedDescription)"))
                    continue
                }
                for name in names {
                    let full = (path as NSString).appendingPathComponent(name)
                    switch Self.kind(full) {
                    case .file: out.append(full)
                    case .directory: try onIssue(full, RecordIssue(location: "directory", message: "a subdirectory is not read (give it as an input to read it)"))
                    case .missing: try onIssue(full, RecordIssue(location: "file", message: "a broken link: nothing to read"))
                    case .other: try onIssue(full, RecordIssue(location: "file", message: "not a regular file"))
                    }
                }
            case .missing: try onIssue(path, RecordIssue(location: "file", message: "no such file or directory"))
            case .other: out.append(path)  // named on purpose: a FIFO or `<(command)` is read as a stream
            }
        }
        return out
    }

    enum Kind { case file, directory, missing, other }

    /// What a path is, links followed.
    static func kind(_ path: String) -> Kind {
        var s = stat()
        guard stat(path, &s) == 0 else { return .missing }
        switch s.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    public struct RecordProblem: Error, Sendable { public var message: String }

    /// One JSONL record as a report; a problem says what is wrong with it.
    public func record(_ line: UnsafeBufferPointer<UInt8>, id fallback: String) throws(RecordProblem) -> Report {
        // Escapes make a line longer than its text, but not more than six times (\\u00XX for a byte).
        guard line.count <= 6 * maxBytes + (1 << 16) else {
            throw RecordProblem(message: "a line of \(Self.size(line.count)): longer than a record of --max-bytes \(Self.size(maxBytes)) can be")
        }
        guard String(validating: line, as: UTF8.self) != nil else { throw RecordProblem(message: "not UTF-8 text") }
        let value: JSONValue
        do {
            var parser = JSONParser(bytes: line)
            value = try parser.parseValue()
        } catch {
            throw RecordProblem(message: "invalid JSON: \(error)")
        }
        guard case .object(let object) = value else { throw RecordProblem(message: "not a JSON object") }
        guard let text = object["text"]?.stringValue, !text.allSatisfy(\.isWhitespace) else {
            throw RecordProblem(message: "no \"text\" string")
        }
        guard text.utf8.count <= maxBytes else { throw tooLong(text.utf8.count) }
        var id = fallback
        switch object["id"] {
        case .string(let s)?: id = s
        case .int(let i)?: id = String(i)
        case nil, .null?: break
        default: throw RecordProblem(message: "\"id\" is neither a string nor an integer")
        }
        var published = defaultDate
        if let p = object["published"], !p.isNull {
            guard let s = p.stringValue, let day = CivilDate(iso: s) else {
                throw RecordProblem(message: "\"published\" is not an ISO date (2023-10-06 or 2023-10-06T09:00:00Z)")
            }
            published = day
        }
        var mentions: [Range<Int>]?
        if let m = object["mentions"], !m.isNull {
            guard case .array(let spans) = m else { throw RecordProblem(message: "\"mentions\" is not an array") }
            let length = text.unicodeScalars.count
            var spansRead: [Range<Int>] = []
            for span in spans {
                guard case .int(let s)? = span["start"], case .int(let e)? = span["end"], s >= 0, e > s, e <= length else {
                    throw RecordProblem(message: "a mention without a valid start and end inside the text (\(length) code points)")
                }
                spansRead.append(Int(s)..<Int(e))
            }
            mentions = spansRead
        }
        return Report(id: id, text: text, title: object["title"]?.stringValue, published: published,
                      source: object["source"]?.stringValue, url: object["url"]?.stringValue, mentions: mentions)
    }

    /// A report over `maxBytes`: refused whole rather than cut (a cut would split a sentence, or an event).
    func tooLong(_ bytes: Int) -> RecordProblem {
        RecordProblem(message: "\(Self.size(bytes)) of text, over the \(Self.size(maxBytes)) a report may hold (--max-bytes): "
                      + "split it into reports at paragraphs, or raise --max-bytes")
    }

    static func size(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? String(format: "%.1f MiB", Double(bytes) / Double(1 << 20)) : "\(bytes) bytes"
    }

    /// The offset of the first byte that breaks UTF-8 (a bad lead byte, a missing continuation, an overlong
    /// or surrogate form is caught by the standard decoder on the sequence found).
    static func firstInvalidUTF8(_ data: Data) -> Int {
        let bytes = [UInt8](data)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length = b < 0x80 ? 1 : b >> 5 == 0b110 ? 2 : b >> 4 == 0b1110 ? 3 : b >> 3 == 0b11110 ? 4 : 0
            guard length > 0, i + length <= bytes.count,
                  String(validating: bytes[i..<(i + length)], as: UTF8.self) != nil else { return i }
            i += length
        }
        return i
    }
}

/// Reports one at a time, in input order, as a pipeline asks for them: files are opened (mapped) when
/// reached and records parsed where they lie, so a long input is never held as reports all at once. Each
/// bad record goes to `onIssue` with its file and line, and reading goes on unless the handler throws.
public final class ReportReader {
    private let input: ReportInput
    private let onIssue: (String, RecordIssue) throws -> Void
    private let files: [String]
    private var nextFile = 0
    /// The JSONL file being read: where its next line starts, and that line's number.
    private var jsonl: (file: LayerFile, name: String, cursor: JSONLCursor)?
    /// Bytes of input read so far, and in all (regular files' sizes; standard input counts as it is read).
    public private(set) var bytesRead = 0
    public let totalBytes: Int

    public init(_ input: ReportInput, onIssue: @escaping (String, RecordIssue) throws -> Void) throws {
        self.input = input
        self.onIssue = onIssue
        files = try input.files(onIssue: onIssue)
        totalBytes = files.reduce(0) { sum, path in
            sum + (((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0)
        }
    }

    /// The next good report; nil after the last.
    public func next() throws -> Report? {
        while true {
            if jsonl != nil {
                if let report = try nextRecord() { return report }
                continue
            }
            guard nextFile < files.count else { return nil }
            let path = files[nextFile]
            nextFile += 1
            let file: LayerFile
            do {
                file = try LayerFile(path: path)
            } catch {
                // An unreadable file is a bad record of the run: reported, and the other files are read.
                try onIssue(path == "-" ? "<stdin>" : path, RecordIssue(location: "file", message: Self.reason(error, path)))
                continue
            }
            let name = file.displayName
            let isJSONL = path == "-" ? file.data.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) == UInt8(ascii: "{")
                : ["jsonl", "ndjson", "json"].contains((path as NSString).pathExtension.lowercased())
            if isJSONL {
                jsonl = (file, name, JSONLCursor())
                continue
            }
            bytesRead += file.data.count
            guard file.data.count <= input.maxBytes else {
                try onIssue(name, RecordIssue(location: "file", message: input.tooLong(file.data.count).message))
                continue
            }
            guard let text = String(validating: file.data, as: UTF8.self) else {
                try onIssue(name, RecordIssue(location: "byte \(ReportInput.firstInvalidUTF8(file.data))", message: "not UTF-8 text"))
                continue
            }
            guard !text.allSatisfy(\.isWhitespace) else {
                try onIssue(name, RecordIssue(location: "file", message: "no text"))
                continue
            }
            let id = path == "-" ? "stdin" : ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            return Report(id: id, text: text, published: input.defaultDate, source: path == "-" ? nil : path)
        }
    }

    /// A read error without the file name it starts with (the issue names the file).
    private static func reason(_ error: GeoJSONError, _ path: String) -> String {
        let text = "\(error)"
        let prefix = (path == "-" ? "<stdin>" : path) + ": "
        return text.hasPrefix(prefix) ? String(text.dropFirst(prefix.count)) : text
    }

    /// The next good record of the JSONL file being read; nil when a bad record was reported, or the file
    /// ended (and is closed).
    private func nextRecord() throws -> Report? {
        guard var state = jsonl else { return nil }
        defer { jsonl = state.cursor.offset < state.file.data.count ? state : nil }
        let outcome = state.file.data.withUnsafeBytes { raw in state.cursor.next(raw.bindMemory(to: UInt8.self), input, name: state.name) }
        bytesRead += state.cursor.consumed
        switch outcome {
        case .report(let report)?: return report
        case .problem(let issue)?: try onIssue(state.name, issue)
        case nil: break
        }
        return nil
    }
}

/// A JSONL buffer read a record at a time: where the next line starts, and that line's number.
public struct JSONLCursor: Sendable {
    public enum Outcome: Sendable {
        case report(Report)
        case problem(RecordIssue)
    }

    public private(set) var offset = 0
    public private(set) var line = 0
    /// Bytes the last call moved over.
    public private(set) var consumed = 0

    public init() {}

    /// The next non-blank line as a report, or its problem with its line number; nil at the end. Lines are
    /// found with memchr and parsed where they lie.
    public mutating func next(_ bytes: UnsafeBufferPointer<UInt8>, _ input: ReportInput, name: String) -> Outcome? {
        let first = offset
        defer { consumed = offset - first }
        guard let base = bytes.baseAddress else { return nil }
        while offset < bytes.count {
            let start = offset
            line += 1
            let newline = memchr(base + start, 0x0A, bytes.count - start).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base }
            let end = newline ?? bytes.count
            offset = end < bytes.count ? end + 1 : end
            let text = UnsafeBufferPointer(rebasing: bytes[start..<end])
            if text.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            do throws(ReportInput.RecordProblem) {
                return .report(try input.record(text, id: "\(name):\(line)"))
            } catch {
                return .problem(RecordIssue(location: "line \(line)", message: error.message))
            }
        }
        return nil
    }
}
