import ArgumentParser
import Foundation
import Geometry
import Reports

/// A `lat,lon` pair in degrees, checked for range.
struct LatLon: ExpressibleByArgument, Sendable {
    var coordinate: Coordinate

    init?(argument: String) {
        let parts = argument.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let lat = Double(parts[0]), let lon = Double(parts[1]),
              let c = try? Coordinate(x: lon, y: lat).validated() else { return nil }
        coordinate = c
    }

    static var defaultCompletionKind: CompletionKind { .default }
}

/// A distance with its unit: `1km`, `500 m`, `2.5mi`, `1nmi`; a bare number is metres.
struct Distance: ExpressibleByArgument, Sendable, CustomStringConvertible {
    var metres: Double

    static let units: [(suffix: String, metres: Double)] = [
        ("nmi", 1852), ("km", 1000), ("mi", 1609.344), ("m", 1),
    ]

    init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces).lowercased()
        let unit = Distance.units.first { text.hasSuffix($0.suffix) } ?? ("", 1)
        let number = text.dropLast(unit.suffix.count).trimmingCharacters(in: .whitespaces)
        guard let value = Double(number), value.isFinite, value >= 0 else { return nil }
        metres = value * unit.metres
    }

    var description: String { metres >= 1000 ? "\(metres / 1000) km" : "\(metres) m" }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case csv, geojson, geojsonseq
}

/// Options every layer-reading command shares.
struct InputOptions: ParsableArguments {
    @Flag(help: "Stop at the first bad record (exit 1) instead of reporting it and going on.")
    var strict = false

    @Flag(help: "No progress bar.")
    var quiet = false
}

/// Options every layer-writing command shares.
struct OutputOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Write here instead of standard output.")
    var output: String?

    @Option(help: "Decimals of coordinates in GeoJSON and CSV output (6 ≈ 0.1 m).")
    var precision = 6

    func validate() throws {
        guard (0...15).contains(precision) else { throw ValidationError("--precision must be 0 to 15") }
    }
}

/// The event store every store command opens.
struct StoreOptions: ParsableArguments {
    @Option(help: "The event store (SQLite; created when missing).")
    var db = "geotrack.sqlite"
}

/// An ISO day (YYYY-MM-DD), checked as a calendar day (no 30 February).
struct Day: ExpressibleByArgument, Sendable, CustomStringConvertible {
    var date: CivilDate
    init?(argument: String) {
        guard argument.count == 10, let date = CivilDate(iso: argument) else { return nil }
        self.date = date
    }
    /// "2023-10-06": what the store's columns hold, ordered as dates.
    var text: String { date.description }
    var description: String { text }
}
