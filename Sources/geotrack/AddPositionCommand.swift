import ArgumentParser
import Foundation
import GeoJSON
import Geometry
import Store

struct AddPositionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-position",
        abstract: "Add a reference position: where something reports mention stands (\"US troops\").",
        discussion: """
            Reports say "1 km from US troops" and never where the troops are: a position gives them a \
            place, a radius and a period of validity, so that near and export can measure to it. Give one \
            with --name and --at, or a layer of them with --file (GeoJSON points or CSV with lon,lat; \
            properties name, radius_m, valid_from, valid_to, note). The same position again adds nothing.

            Examples:
              geotrack add-position --name "US troops" --at 36.5,40.75 --radius 500m --valid-from 2023-10-01
              geotrack add-position --file positions.geojson
            """
    )

    @Option(help: "The position's name, as reports say it.")
    var name: String?

    @Option(help: "Where it is: lat,lon.")
    var at: LatLon?

    @Option(help: "How far around the point it may be (a distance with its unit).")
    var radius: Distance?

    @Option(name: .customLong("valid-from"), help: "First day it holds (YYYY-MM-DD).")
    var validFrom: Day?

    @Option(name: .customLong("valid-to"), help: "Last day it holds (YYYY-MM-DD).")
    var validTo: Day?

    @Option(help: "Why it is placed there.")
    var note: String?

    @Option(help: "A layer of positions (GeoJSON points, or CSV with lon,lat).")
    var file: String?

    @OptionGroup var store: StoreOptions
    @OptionGroup var options: InputOptions

    func validate() throws {
        if file == nil {
            guard let name, !name.isEmpty, at != nil else { throw ValidationError("give --name and --at, or --file") }
        } else if name != nil || at != nil {
            throw ValidationError("--file replaces --name and --at: give one or the other")
        }
        if let validFrom, let validTo, validFrom.text > validTo.text { throw ValidationError("--valid-from is after --valid-to") }
    }

    func run() throws {
        let events = try EventStore(path: store.db)
        if let name, let at {
            let added = try events.addPosition(Position(name: name, lat: at.coordinate.y, lon: at.coordinate.x, radius: radius?.metres,
                                                        validFrom: validFrom?.text, validTo: validTo?.text, note: note))
            printError("add-position: \(name) at \(at.coordinate.y),\(at.coordinate.x) \(added ? "added" : "already stored")")
            return
        }
        guard let file else { return }
        let reporter = IssueReporter(strict: options.strict)
        let onIssue = reporter.handler(for: file)
        var added = 0, known = 0
        try LayerFile(path: file).forEachFeature(onIssue: onIssue) { located in
            let f = located.feature, p = f.properties
            guard case .point(let point)? = f.geometry, let name = p?["name"]?.stringValue, !name.isEmpty else {
                return try onIssue(RecordIssue(location: located.location, message: "a position needs a point and a name"))
            }
            let position = Position(name: name, lat: point.coordinate.y, lon: point.coordinate.x, radius: p?["radius_m"]?.doubleValue,
                                    validFrom: p?["valid_from"]?.stringValue, validTo: p?["valid_to"]?.stringValue, note: p?["note"]?.stringValue)
            if try events.addPosition(position) { added += 1 } else { known += 1 }
        }
        printError("add-position: \(added) added, \(known) already stored")
        try reporter.finish()
    }
}
