// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets for geotrack's readers, built by scripts/fuzz with -sanitize=fuzzer (and address):
// each target is a function libFuzzer calls with arbitrary bytes; libFuzzer's own main drives it.
let package = Package(
    name: "geotrack-fuzz",
    dependencies: [.package(name: "geotrack", path: "..")],
    targets: [
        .executableTarget(name: "FuzzGeoJSON", dependencies: [.product(name: "GeoJSON", package: "geotrack")]),
        .executableTarget(name: "FuzzCSV", dependencies: [.product(name: "GeoJSON", package: "geotrack"),
                                                          .product(name: "Geometry", package: "geotrack")]),
        .executableTarget(name: "FuzzWKT", dependencies: [.product(name: "Geometry", package: "geotrack")]),
        .executableTarget(name: "FuzzJSONL", dependencies: [.product(name: "ReportFiles", package: "geotrack")]),
        .executableTarget(name: "FuzzText", dependencies: [.product(name: "Reports", package: "geotrack"),
                                                           .product(name: "Gazetteer", package: "geotrack"),
                                                           .product(name: "ReportFiles", package: "geotrack")]),
    ]
)
