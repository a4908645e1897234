// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "geotrack",
    products: [
        .executable(name: "geotrack", targets: ["geotrack"]),
        .library(name: "Geometry", targets: ["Geometry"]),
        .library(name: "GeoJSON", targets: ["GeoJSON"]),
        // For the fuzzers in Fuzz/ (a package of their own, built with -sanitize=fuzzer).
        .library(name: "Gazetteer", targets: ["Gazetteer"]),
        .library(name: "Reports", targets: ["Reports"]),
        .library(name: "ReportFiles", targets: ["ReportFiles"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    ],
    targets: [
        // System libraries: headers and link flags come from pkg-config; Debian packages provide them.
        .systemLibrary(name: "CGEOS", pkgConfig: "geos", providers: [.apt(["libgeos-dev"])]),
        .systemLibrary(name: "CPROJ", pkgConfig: "proj", providers: [.apt(["libproj-dev", "proj-data"])]),

        // Geometry owns every C pointer: GEOS geometries, PROJ transformations, geodesics, the spatial index.
        .target(
            name: "Geometry",
            dependencies: ["CGEOS", "CPROJ", .product(name: "HeapModule", package: "swift-collections")]
        ),
        // Places by name: GeoNames and Natural Earth, built into geodata/ by scripts/build-geodata.
        .target(name: "Gazetteer", dependencies: ["Geometry"], resources: [.copy("Forms")]),
        // Reports: places found in text and resolved, ACLED events, one event from many accounts.
        .target(name: "Reports", dependencies: ["Gazetteer", "Geometry"], resources: [.copy("Lexicon")]),
        // The event store: SQLite through GRDB (migrations, WAL, one transaction per report or batch).
        .target(name: "Store", dependencies: ["Reports", "Gazetteer", "Geometry", .product(name: "GRDB", package: "GRDB.swift"),
                                             .product(name: "GRDBSQLite", package: "GRDB.swift")]),
        // GeoJSON and CSV layers: reading, streaming writing; builds on Geometry's value types.
        .target(name: "GeoJSON", dependencies: ["Geometry"]),
        // Report files, directories and JSONL records read as reports, bad ones reported by file and line.
        .target(name: "ReportFiles", dependencies: ["Reports", "GeoJSON"]),
        .executableTarget(
            name: "geotrack",
            dependencies: [
                "Geometry", "GeoJSON", "Gazetteer", "Reports", "ReportFiles", "Store",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Helpers the test targets share (running the GeoJSON validator from ../shared/bench).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "GeometryTests", dependencies: ["Geometry"]),
        .testTarget(name: "GeoJSONTests", dependencies: ["GeoJSON", "Geometry", "TestSupport"]),
        .testTarget(name: "GazetteerTests", dependencies: ["Gazetteer", "Geometry"], exclude: ["Fixture"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Gazetteer", "Geometry", "TestSupport"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Reports", "Gazetteer", "Geometry", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "CLITests", dependencies: ["geotrack", "Geometry", "TestSupport"]),
    ]
)
