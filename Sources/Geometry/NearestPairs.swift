import HeapModule

/// The K nearest pairs of each item of a join's second layer, kept as the answer streams by: a bounded
/// max-heap per item, so memory is at most K × the layer's size, whatever the answer's. Ties in distance
/// go to the lower `a`.
public struct NearestPairs: Sendable {
    private struct Entry: Comparable, Sendable {
        var distance: Double
        var a: Int
        static func < (x: Entry, y: Entry) -> Bool { (x.distance, x.a) < (y.distance, y.a) }
    }

    public let k: Int
    private var heaps: [Heap<Entry>]

    /// `targets`: the size of the layer whose items each keep `k` pairs.
    public init(k: Int, targets: Int) {
        self.k = max(1, k)
        heaps = Array(repeating: Heap<Entry>(), count: targets)
    }

    public mutating func add(_ pairs: [ProximityPair]) {
        for p in pairs where heaps.indices.contains(p.b) {
            let entry = Entry(distance: p.distance, a: p.a)
            if heaps[p.b].count < k {
                heaps[p.b].insert(entry)
            } else if let worst = heaps[p.b].max, entry < worst {
                heaps[p.b].replaceMax(with: entry)
            }
        }
    }

    /// The kept pairs, ordered by `a`, then `b`.
    public var pairs: [ProximityPair] {
        var out: [ProximityPair] = []
        for (b, heap) in heaps.enumerated() {
            for entry in heap.unordered { out.append(ProximityPair(a: entry.a, b: b, distance: entry.distance)) }
        }
        return out.sorted { ($0.a, $0.b) < ($1.a, $1.b) }
    }
}
