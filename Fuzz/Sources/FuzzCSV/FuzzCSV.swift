import Foundation
import GeoJSON
import Geometry

/// The CSV reader on arbitrary bytes, by its three paths: features row by row, the streaming conversion to
/// GeoJSON (cut into chunks read on every core), and the join's point reader. None may crash; the streaming
/// conversion must keep the same rows as the general path, and its GeoJSON must read back.

func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let file = LayerFile(name: "fuzz.csv", data: Data(bytes: data, count: size))
    var general: Int? = nil
    do {
        general = try file.features(onIssue: { _ in }).count
    } catch {
        _ = "\(error)"
    }
    let sink = ByteSink.memory()
    var streamed: Int? = nil
    do {
        try file.withBytes { bytes in
            let layer = try CSVLayer(bytes: bytes)
            let writer = try GeoJSONWriter(sink: sink, layout: .featureCollection, precision: 15)
            streamed = try CSVToGeoJSON.convert(layer, to: writer, onIssue: { _ in })
            try writer.finish()
        }
    } catch {
        _ = "\(error)"
    }
    if let streamed {
        guard let general, general == streamed else { fatalError("general path \(String(describing: general)) features, streaming \(streamed)") }
        var again = 0
        do {
            try GeoJSONReader.forEach(sink.contents, onIssue: { issue in fatalError("converted feature unreadable: \(issue)") }) { _ in again += 1 }
        } catch {
            fatalError("converted GeoJSON unreadable: \(error)")
        }
        if again != streamed { fatalError("\(streamed) features converted, \(again) read back") }
    }
    do {
        _ = try JoinLayer.read(file, onIssue: { _ in })
    } catch {
        _ = "\(error)"
    }
    return 0
}
