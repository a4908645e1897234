import Foundation
import Gazetteer
import ReportFiles
import Reports

/// The place finder and event extractor (the whole report parser) on arbitrary text, with the gazetteer
/// built in geodata/ (GEOTRACK_GEODATA to use another). Input starting with `{` is read as a JSONL
/// record first, so gold-span mentions and published dates are reached too.
nonisolated(unsafe) let parser: ReportParser = {
    let directory = ProcessInfo.processInfo.environment["GEOTRACK_GEODATA"].map { URL(fileURLWithPath: $0) } ?? Gazetteer.defaultDirectory()
    do {
        return try ReportParser.load(gazetteer: try Gazetteer(directory: directory))
    } catch {
        fatalError("the fuzzer needs the gazetteer (scripts/setup builds geodata/): \(error)")
    }
}()


func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    var report = Report(id: "fuzz", text: String(decoding: bytes, as: UTF8.self), published: CivilDate(iso: "2023-10-06"))
    if bytes.first == UInt8(ascii: "{") {
        let input = ReportInput(paths: [], defaultDate: CivilDate(iso: "2023-10-06"), maxBytes: 1 << 16)
        guard let read = try? input.record(bytes, id: "fuzz") else { return 0 }
        report = read
    }
    let parsed = parser.parse(report, keep: 3)
    let length = report.text.unicodeScalars.count
    for p in parsed.places where p.mention.start < 0 || p.mention.end > length || p.mention.start >= p.mention.end {
        fatalError("a place outside the text: \(p.mention.start)..<\(p.mention.end) of \(length)")
    }
    return 0
}
