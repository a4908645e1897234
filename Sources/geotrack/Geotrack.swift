import ArgumentParser

@main
struct Geotrack: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "geotrack",
        abstract: "Geospatial event tracking: reports to places and events, an event store, geodesic proximity on WGS84, map layers.",
        discussion: """
            Coordinates are given as lat,lon (as people read them) and written as [lon, lat] (as GeoJSON \
            wants them). Distances take a unit: m, km, mi or nmi (1km, 500m, 2.5mi). A coordinate that \
            starts with a minus sign needs `--` before it: geotrack distance -- -33.9,18.4 51.5,-0.1

            Exit status: 0 done; 1 stopped on an error (or on the first bad record, with --strict); \
            3 done, but some input records were bad and skipped (each is reported on stderr).
            """,
        subcommands: [DistanceCommand.self, BufferCommand.self, NearCommand.self, ConvertCommand.self, GeocodeCommand.self, ParseCommand.self,
                      IngestCommand.self, ImportCommand.self, AddPositionCommand.self, EventsCommand.self, ExportCommand.self,
                      GazetteerCommand.self]
    )
}
