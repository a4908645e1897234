import ArgumentParser
import Foundation
import GeoJSON
import Geometry

struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a layer between CSV, GeoJSON and GeoJSONSeq, keeping every property and its type.",
        discussion: """
            CSV input: lon,lat columns (or a wkt column); column types from a GDAL .csvt sidecar when there is \
            one, else from the data (all-integer columns stay integers). CSV output: lon,lat (or wkt) then the \
            properties, with a .csvt sidecar beside an -o file so types survive the round trip.
            Examples:
              geotrack convert strikes.csv --format geojson -o strikes.geojson
              geotrack convert strikes.geojson --format csv -o strikes.csv
              cat strikes.geojson | geotrack convert - --format geojsonseq
            """
    )

    @Argument(help: "The layer (a file, or - for standard input).")
    var layer: String

    @Option(help: "geojson, geojsonseq or csv.")
    var format: OutputFormat

    @OptionGroup var input: InputOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let reporter = IssueReporter(strict: input.strict)
        let onIssue = reporter.handler(for: layer)
        let inputs = [layer, CSVLayer.sidecarPath(forCSVAt: layer)]
        let out = try Output(output.output, inputs: inputs)
        // Column types go beside a CSV file in a .csvt sidecar, put in place with it.
        let sidecar = try output.output.flatMap { path in
            format == .csv && path != "-" ? try out.companion(CSVLayer.sidecarPath(forCSVAt: path)) : nil
        }
        let file = try LayerFile(path: layer)
        switch (file.format, format) {
        case (.csv, .geojson), (.csv, .geojsonseq):
            let writer = try GeoJSONWriter(sink: out.sink, layout: format == .geojson ? .featureCollection : .sequence,
                                           precision: output.precision)
            try file.withBytes { bytes in
                let csv = try CSVLayer(bytes: bytes, columnTypes: try file.csvColumnTypes())
                try CSVToGeoJSON.convert(csv, to: writer, onIssue: onIssue)
            }
            try writer.finish()
        case (_, .geojson), (_, .geojsonseq):
            let writer = try GeoJSONWriter(sink: out.sink, layout: format == .geojson ? .featureCollection : .sequence,
                                           precision: output.precision)
            try file.forEachFeature(onIssue: onIssue) { try writer.write($0.feature) }
            try writer.finish()
        case (_, .csv):
            let features = try file.features(onIssue: onIssue)
            let schema = CSVWriter.schema(for: features)
            try CSVWriter.write(features, schema: schema, to: out.sink, precision: output.precision)
            try sidecar?.append(CSVWriter.sidecar(schema))
        }
        try out.commit()
        try reporter.finish()
    }
}
