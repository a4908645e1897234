import Foundation
import GeoJSON

/// The GeoJSON and GeoJSONSeq reader on arbitrary bytes: it must return features or errors, never crash;
/// and what it reads, the writer must write as GeoJSON the reader reads back, feature for feature.

func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    var features: [Feature] = []
    do {
        try GeoJSONReader.forEach(bytes, onIssue: { _ in }) { features.append($0.feature) }
    } catch {
        _ = "\(error)"  // messages are built, never crash
    }
    let written = ByteSink.memory()
    do {
        let writer = try GeoJSONWriter(sink: written, layout: .sequence, precision: 15)
        for f in features { try writer.write(f) }
        try writer.finish()
    } catch {
        fatalError("a feature read could not be written: \(error)")
    }
    guard !features.isEmpty else { return 0 }  // nothing written: an empty file is no layer
    var again = 0
    do {
        try GeoJSONReader.forEach(written.contents, onIssue: { issue in fatalError("written feature unreadable: \(issue)") }) { _ in again += 1 }
    } catch {
        fatalError("written GeoJSON unreadable: \(error)")
    }
    if again != features.count { fatalError("\(features.count) features written, \(again) read back") }
    return 0
}
