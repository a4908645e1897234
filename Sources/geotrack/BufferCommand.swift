import ArgumentParser
import GeoJSON
import Geometry

struct BufferCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "buffer",
        abstract: "A geodesic circle: every vertex exactly RADIUS from the centre on WGS84.",
        discussion: """
            Examples:
              geotrack buffer 36.50,40.75 --radius 1km > ring.geojson
              geotrack buffer 36.50,40.75 --radius 5mi --format wkt
            """
    )

    @Argument(help: "The centre, as lat,lon (degrees).")
    var center: LatLon

    @Option(help: "The radius, with a unit (m, km, mi, nmi).")
    var radius: Distance

    @Option(help: "Vertices on the circle (at least 8; 128 keeps edges within 0.03 % of the radius).")
    var segments = 128

    @Option(help: "geojson (a Feature) or wkt.")
    var format: BufferFormat = .geojson

    @OptionGroup var output: OutputOptions

    enum BufferFormat: String, ExpressibleByArgument, CaseIterable { case geojson, wkt }

    func validate() throws {
        guard radius.metres > 0 else { throw ValidationError("--radius must be greater than zero") }
        guard segments >= 8 else { throw ValidationError("--segments must be at least 8") }
    }

    func run() throws {
        let circle = try GeodesicBuffer.circle(center: center.coordinate, radius: radius.metres, segments: segments)
        let out = try Output(output.output, inputs: [])
        switch format {
        case .wkt:
            try out.sink.append(try circle.wkt(precision: output.precision) + "\n")
        case .geojson:
            let writer = try GeoJSONWriter(sink: out.sink, precision: output.precision)
            try writer.write(Feature(geometry: circle, properties: JSONObject([
                ("center_lat", .double(center.coordinate.y)), ("center_lon", .double(center.coordinate.x)),
                ("radius_m", .double(radius.metres)),
            ])))
            try writer.finish()
        }
        try out.commit()
    }
}
