import ArgumentParser
import Foundation
import Gazetteer

struct GazetteerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gazetteer",
        abstract: "Build the gazetteer's index, or time its lookups.",
        subcommands: [Index.self, Bench.self]
    )

    struct Options: ParsableArguments {
        @Option(help: "The gazetteer folder (default: geodata/ here or beside the build).")
        var geodata: String?

        func open(announce: Bool = true) throws -> Gazetteer {
            try Gazetteer(directory: geodata.map { URL(fileURLWithPath: $0) } ?? Gazetteer.defaultDirectory(),
                          onBuild: { if announce { printError("geotrack: \($0)") } })
        }
    }

    struct Index: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build geodata/index.bin now (geocode and parse build it on first use otherwise).")
        @OptionGroup var options: Options

        func run() throws {
            let gazetteer = try options.open()
            print("gazetteer: \(gazetteer.placeCount) places, index at \(gazetteer.directory.appendingPathComponent("index.bin").path)")
        }
    }

    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time exact-name lookups on one core.",
            discussion: "Looks up every name of FILE (one a line) --rounds times on one thread, after one untimed pass, and prints lookups a second.")
        @OptionGroup var options: Options
        @Argument(help: "Names, one a line.")
        var names: String
        @Option var rounds = 5

        func run() throws {
            let gazetteer = try options.open()
            let queries = try String(contentsOfFile: names, encoding: .utf8).split(separator: "\n").map(String.init)
            var found = 0
            // One untimed pass first: it faults the index's pages in, as any long-running use would have.
            for q in queries { found += gazetteer.exactMatches(q) }
            found = 0
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<rounds {
                for q in queries { found += gazetteer.exactMatches(q) }
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let lookups = Double(queries.count * rounds)
            print(String(format: "lookups=%d seconds=%.3f per_second=%.0f hits=%d", Int(lookups), seconds, lookups / seconds, found))
        }
    }
}
