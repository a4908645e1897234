import ArgumentParser
import Foundation
import GeoJSON
import Gazetteer
import Geometry
import Store

extension NearCommand {
    /// The targets a store query measures to: ids (for answers), names, and points or geometries.
    struct Targets {
        var ids: [FeatureID]
        var names: [String]
        var layer: JoinLayer
    }

    func targets(_ store: EventStore, _ reporter: IssueReporter) throws -> Targets {
        if let targetLayer {
            let layer = try JoinLayer.read(try LayerFile(path: targetLayer), onIssue: reporter.handler(for: targetLayer))
            return Targets(ids: layer.ids, names: layer.ids.map(\.description), layer: layer)
        }
        if let position {
            let found = try store.positions(named: position)
            guard !found.isEmpty else { throw ValidationFailure("no position named \"\(position)\" in \(self.store.db) (add it with add-position)") }
            let points = PointSet(lon: found.map(\.lon), lat: found.map(\.lat))
            return Targets(ids: found.map { .int($0.id) }, names: found.map(\.name), layer: JoinLayer(ids: found.map { .int($0.id) }, points: points))
        }
        guard let text = subject else { throw ValidationError("give lat,lon or a place name, --layer FILE or --position NAME") }
        if let point = LatLon(argument: text) {
            let c = point.coordinate
            return Targets(ids: [.int(1)], names: [text], layer: JoinLayer(ids: [.int(1)], points: PointSet(lon: [c.x], lat: [c.y])))
        }
        let gazetteer = try gazetteerOptions.open()
        var context = ResolutionContext()
        if let country {
            guard let code = gazetteer.countryCode(country) else { throw ValidationFailure("--country \(country) is no country the gazetteer knows") }
            context.countries = [code]
        }
        let found: Place?
        do {
            found = try gazetteer.solePlace(text, context: context)
        } catch let ambiguous as AmbiguousPlace {
            throw ValidationFailure(ambiguous.description)
        }
        guard let p = found else { throw ValidationFailure("\"\(text)\" is neither lat,lon nor a place the gazetteer knows") }
        printError("near: \(text) = \(p.name), \(p.country) (\(p.lat), \(p.lon)), geonameid \(p.id)")
        return Targets(ids: [.int(Int64(p.id))], names: [p.name], layer: JoinLayer(ids: [.int(Int64(p.id))], points: PointSet(lon: [p.lon], lat: [p.lat])))
    }

    func runStore() throws {
        guard FileManager.default.fileExists(atPath: store.db) else { throw ValidationFailure("\(store.db): no such store (ingest or import first)") }
        var phases = Phases("near")
        let reporter = IssueReporter(strict: input.strict)
        let out = try Output(summary ? nil : output.output, inputs: [store.db] + Self.inputFiles(targetLayer.map { [$0] } ?? []))
        let events = try EventStore(path: store.db)
        phases.done("open")
        let stored = try events.eventPoints(filter.filter)
        phases.done("events")
        let targets = try targets(events, reporter)
        phases.done("targets")
        let join = try StoreJoin(stored, targets.layer, within: within.metres)
        if summary {
            // Events answer by the id their layer gave them, else by their store id.
            let eventIDs = (0..<stored.count).map { k -> FeatureID in
                switch stored.sourceID(k) {
                case .int(let n)?: .int(n)
                case .text(let s)?: .string(s)
                case nil: .int(stored.ids[k])
                }
            }
            let keys = PairChecksum.Keys(a: eventIDs, b: targets.ids)
            var total = PairChecksum()
            if let nearest {
                total = PairChecksum(try join.nearest(nearest), keys)
            } else {
                try join.stream(measure: .membershipOnly, transform: { PairChecksum($0, keys) }) { total.add($0) }
            }
            print(total.line)
            phases.done("join")
            return try reporter.finish()
        }
        let writer = StoreJoinWriter(format: format ?? .table, precision: output.precision, sink: out.sink, events: events,
                                     ids: stored.ids, targets: targets)
        if let nearest {
            try writer.write(try join.nearest(nearest))
        } else if writer.format == .table {
            // The table is sorted by target and distance, so it holds the whole answer: it is for reading.
            var pairs: [ProximityPair] = []
            try join.stream(measure: .exact, transform: { $0 }) { pairs.append(contentsOf: $0) }
            try writer.write(pairs)
        } else {
            // Written a block at a time: each block's events are read from the store in one go.
            var block: [ProximityPair] = []
            try join.stream(measure: .exact, transform: { $0 }) { pairs in
                block.append(contentsOf: pairs)
                if block.count >= 1 << 18 {
                    try writer.write(block)
                    block.removeAll(keepingCapacity: true)
                }
            }
            try writer.write(block)
        }
        try writer.finish()
        try out.commit()
        phases.done("join")
        try reporter.finish()
    }
}

/// The store's events joined to the targets, streamed: region-precision events are measured to their
/// polygon's nearest edge (0 inside), not to their point.
struct StoreJoin {
    let points: PointSet
    let targets: JoinLayer
    let distance: Double
    /// The pairs of events that have an area (few), ordered by event, then target.
    let areaPairs: [ProximityPair]
    let areas: Set<Int>

    init(_ stored: EventPoints, _ targets: JoinLayer, within distance: Double) throws {
        points = stored.points
        self.targets = targets
        self.distance = distance
        var pairs: [ProximityPair] = []
        if let targetPoints = targets.points, !stored.areas.isEmpty {
            try PROJInstallation.check()
            for (i, area) in stored.areas {
                let prepared = try PreparedGeometry(area)
                for j in 0..<targetPoints.count {
                    let d = try GeodesicDistance.distance(from: targetPoints.coordinate(j), to: area, prepared: prepared)
                    if d <= distance { pairs.append(ProximityPair(a: i, b: j, distance: d)) }
                }
            }
            areas = Set(stored.areas.keys)
        } else {
            areas = []
        }
        areaPairs = pairs.sorted { ($0.a, $0.b) < ($1.a, $1.b) }
    }

    /// The pairs a chunk at a time, in event order, through `transform` (on every core) to `consume`.
    func stream<T: Sendable>(measure: ProximityJoin.Measure, transform: @Sendable @escaping ([ProximityPair]) -> T,
                             consume: (T) throws -> Void) throws {
        let (areas, areaPairs) = (self.areas, self.areaPairs)
        try NearJoin.stream(points, targets, within: distance, measure: measure, ordered: true, transform: { chunk in
            guard !areas.isEmpty else { return transform(chunk.pairs) }
            // The chunk's events with an area take their polygon's pairs instead of their point's.
            let own = areaPairs.filter { chunk.probes.contains($0.a) }
            let merged = (chunk.pairs.filter { !areas.contains($0.a) } + own).sorted { ($0.a, $0.b) < ($1.a, $1.b) }
            return transform(merged)
        }, consume: consume)
    }

    /// The K nearest events of each target.
    func nearest(_ k: Int) throws -> [ProximityPair] {
        var kept = NearestPairs(k: k, targets: targets.count)
        try stream(measure: .exact, transform: { $0 }) { kept.add($0) }
        return kept.pairs
    }
}
