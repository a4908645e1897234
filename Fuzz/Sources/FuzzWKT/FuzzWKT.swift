import Foundation
import Geometry

/// The WKT reader (our checks, then GEOS) on arbitrary text: a geometry or an error, never a crash; and a
/// geometry read must be written as WKT that reads back.

func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let geometry: Geometry
    do {
        geometry = try Geometry(wkt: text)
    } catch {
        _ = "\(error)"
        return 0
    }
    _ = try? geometry.validatingCoordinates()
    _ = geometry.envelope
    do {
        let written = try geometry.wkt()
        _ = try Geometry(wkt: written)
    } catch {
        fatalError("WKT read from \(text.debugDescription) did not round-trip: \(error)")
    }
    return 0
}
