import Foundation

/// The project's root folder (shared/ is expected beside it, as CI lays it out).
public let projectRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Runs shared/bench/validate_geojson.py on a file: RFC 7946 rules, then `ogrinfo -so` must open it.
/// Status -1 when the validator is not there.
public func runValidator(_ path: String, extra: [String] = []) throws -> (status: Int32, output: String) {
    let validator = projectRoot.deletingLastPathComponent().appendingPathComponent("shared/bench/validate_geojson.py").path
    guard FileManager.default.fileExists(atPath: validator) else {
        return (-1, "validator not found at \(validator): the tests expect ../shared beside the project")
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", validator, path] + extra
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, output)
}
