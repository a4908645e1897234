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
        let file = try LayerFile(path: layer)
        let sink = try openSink(output.output)
        switch (file.format, format) {
        case (.csv, .geojson), (.csv, .geojsonseq):
            let writer = try GeoJSONWriter(sink: sink, layout: format == .geojson ? .featureCollection : .sequence,
                                           precision: output.precision)
            try file.withBytes { bytes in
                let csv = try CSVLayer(bytes: bytes, columnTypes: try file.csvColumnTypes())
                try CSVToGeoJSON.convert(csv, to: writer, onIssue: onIssue)
            }
            try writer.finish()
        case (_, .geojson), (_, .geojsonseq):
            let writer = try GeoJSONWriter(sink: sink, layout: format == .geojson ? .featureCollection : .sequence,
                                           precision: output.precision)
            for feature in try file.features(onIssue: onIssue) { try writer.write(feature) }
            try writer.finish()
        case (_, .csv):
            let features = try file.features(onIssue: onIssue)
            let schema = CSVWriter.schema(for: features)
            try CSVWriter.write(features, schema: schema, to: sink, precision: output.precision)
            if let path = output.output, path != "-" {
                let sidecar = (path as NSString).deletingPathExtension + ".csvt"
                try CSVWriter.sidecar(schema).write(toFile: sidecar, atomically: true, encoding: .utf8)
            }
        }
        try reporter.finish()
    }
}
