import Foundation
import ReportFiles

/// The JSONL report reader on arbitrary bytes: each line a report or a problem with its line number,
/// never a crash, and every line accounted for.

func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let input = ReportInput(paths: [], defaultDate: nil, maxBytes: 4096)
    var cursor = JSONLCursor()
    var lastLine = 0
    while let outcome = cursor.next(bytes, input, name: "fuzz.jsonl") {
        if cursor.line <= lastLine { fatalError("line numbers went back: \(lastLine) then \(cursor.line)") }
        lastLine = cursor.line
        if case .report(let report) = outcome, report.text.utf8.count > input.maxBytes { fatalError("a report over maxBytes") }
    }
    if cursor.offset != size { fatalError("stopped at byte \(cursor.offset) of \(size)") }
    return 0
}
