import ArgumentParser
import Geometry

struct DistanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "distance",
        abstract: "The geodesic distance and azimuths (degrees clockwise from north) between two points on WGS84.",
        discussion: """
            Karney's algorithm (PROJ's geodesic.h): exact to ~15 nanometres at any distance.
            Examples:
              geotrack distance 36.50,40.75 39.93,32.86
              geotrack distance --format json 36.50,40.75 36.51,40.75
            """
    )

    @Argument(help: "From, as lat,lon (degrees).")
    var from: LatLon

    @Argument(help: "To, as lat,lon (degrees).")
    var to: LatLon

    @Option(help: "text or json.")
    var format: TextOrJSON = .text

    enum TextOrJSON: String, ExpressibleByArgument, CaseIterable { case text, json }

    func run() throws {
        let result = Geodesic.wgs84.inverse(from: from.coordinate, to: to.coordinate)
        let metres = (result.distance * 1000).rounded() / 1000
        switch format {
        case .text:
            print("distance_m=\(metres) initial_azimuth_deg=\(rounded(result.initialAzimuth)) final_azimuth_deg=\(rounded(result.finalAzimuth))")
        case .json:
            print("{\"distance_m\":\(metres),\"initial_azimuth_deg\":\(rounded(result.initialAzimuth)),\"final_azimuth_deg\":\(rounded(result.finalAzimuth))}")
        }
    }

    /// Degrees clockwise from north in [0, 360), to the micro-degree.
    private func rounded(_ degrees: Double) -> Double {
        let normalized = (degrees * 1e6).rounded() / 1e6
        return normalized < 0 ? normalized + 360 : normalized
    }
}
