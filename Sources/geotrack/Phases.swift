import Foundation

/// Phase timings on stderr (`near: phase load 0.120 s`), as the peers print theirs, when GEOTRACK_PHASES is set.
struct Phases {
    let label: String
    private let enabled = ProcessInfo.processInfo.environment["GEOTRACK_PHASES"] != nil
    private var last = DispatchTime.now().uptimeNanoseconds

    init(_ label: String) { self.label = label }

    mutating func done(_ name: String) {
        let now = DispatchTime.now().uptimeNanoseconds
        if enabled {
            let seconds = String(format: "%7.3f", Double(now - last) / 1e9)
            printError("\(label): phase \(name.padding(toLength: 8, withPad: " ", startingAt: 0)) \(seconds) s")
        }
        last = now
    }
}
