import HeapModule

/// A packed Sort-Tile-Recursive R-tree over item envelopes (Leutenegger et al. 1997), built once and then
/// read-only, so it is `Sendable` and queried from every core at once. Queries return item indices (positions
/// in the array it was built from), as shapely's STRtree does; the caller makes the exact test.
///
/// Written in Swift rather than wrapping `GEOSSTRtree_r`: the join makes one query per point (a million at
/// bench size), and GEOS's tree answers through a C callback per hit and is not safe to query from two
/// threads with one context; this one inlines the envelope test and shares one tree across threads.
public struct STRtree: Sendable {
    struct Node: Sendable {
        var envelope: Envelope
        /// Children: `start..<end` in `nodes` (or, for a leaf, in the item arrays).
        var start: Int32
        var end: Int32
    }

    public let nodeCapacity: Int
    /// The items' envelopes in leaf order, and each one's index in the input.
    private let itemEnvelopes: [Envelope]
    private let itemIndices: [Int32]
    /// The inverse of `itemIndices`: where input item i sits in leaf order.
    private let itemPositions: [Int32]
    /// Every node in one array, level by level: the leaves first (`0..<leafCount`), the root last. One flat
    /// array keeps a query to plain loads, with no per-level array to retain.
    private let nodes: [Node]
    private let leafCount: Int
    private let height: Int

    public var count: Int { itemIndices.count }

    public init(_ envelopes: [Envelope], nodeCapacity: Int = 16) {
        // A node needs room for two children.
        let nodeCapacity = max(2, nodeCapacity)
        self.nodeCapacity = nodeCapacity
        let order = STRtree.sortTileRecursive(envelopes.indices.map { $0 }, capacity: nodeCapacity) { envelopes[$0].center }
        itemEnvelopes = order.map { envelopes[$0] }
        itemIndices = order.map { Int32($0) }
        var positions = [Int32](repeating: 0, count: order.count)
        for (p, i) in order.enumerated() { positions[i] = Int32(p) }
        itemPositions = positions

        var levels: [[Node]] = []
        var below = STRtree.pack(itemEnvelopes, capacity: nodeCapacity)
        while below.count > 1 {
            levels.append(below)
            let level = below
            let sorted = STRtree.sortTileRecursive(level.indices.map { $0 }, capacity: nodeCapacity) { level[$0].envelope.center }
            let reordered = sorted.map { level[$0] }
            levels[levels.count - 1] = reordered
            below = STRtree.pack(reordered.map(\.envelope), capacity: nodeCapacity)
        }
        if !below.isEmpty { levels.append(below) }
        // Flatten: a node's children, positions in the level below, become positions in `nodes`.
        var flat: [Node] = []
        flat.reserveCapacity(levels.reduce(0) { $0 + $1.count })
        var offsetOfLevelBelow = 0
        for (l, level) in levels.enumerated() {
            let start = flat.count
            for node in level {
                var n = node
                if l > 0 {
                    n.start += Int32(offsetOfLevelBelow)
                    n.end += Int32(offsetOfLevelBelow)
                }
                flat.append(n)
            }
            offsetOfLevelBelow = start
        }
        nodes = flat
        leafCount = levels.first?.count ?? 0
        height = levels.count
    }

    /// Orders ids so that each run of `capacity` is a compact tile: sort by x into vertical slices of
    /// ⌈√(n/capacity)⌉ tiles, then each slice by y.
    private static func sortTileRecursive(_ ids: [Int], capacity: Int, center: (Int) -> Coordinate) -> [Int] {
        let centers = ids.map(center)
        var byX = Array(ids.indices)
        byX.sort { centers[$0].x < centers[$1].x }
        let tiles = (ids.count + capacity - 1) / capacity
        let slices = max(1, Int(Double(tiles).squareRoot().rounded(.up)))
        let sliceSize = slices * capacity
        var result: [Int] = []
        result.reserveCapacity(ids.count)
        var start = 0
        while start < byX.count {
            let end = min(start + sliceSize, byX.count)
            let slice = byX[start..<end].sorted { centers[$0].y < centers[$1].y }
            result.append(contentsOf: slice.map { ids[$0] })
            start = end
        }
        return result
    }

    /// Groups consecutive envelopes by `capacity` into parent nodes.
    private static func pack(_ envelopes: [Envelope], capacity: Int) -> [Node] {
        stride(from: 0, to: envelopes.count, by: capacity).map { start in
            let end = min(start + capacity, envelopes.count)
            var envelope = envelopes[start]
            for e in envelopes[(start + 1)..<end] { envelope = envelope.union(e) }
            return Node(envelope: envelope, start: Int32(start), end: Int32(end))
        }
    }

    /// Appends the index of every item whose envelope intersects `box` to `hits` (in tree order).
    /// The join's inner loop: no closure, no allocation once `hits` has grown.
    public func collect(_ box: Envelope, into hits: inout [Int]) {
        guard !nodes.isEmpty else { return }
        let leafCount = self.leafCount
        nodes.withUnsafeBufferPointer { nodes in
            itemEnvelopes.withUnsafeBufferPointer { items in
                itemIndices.withUnsafeBufferPointer { indices in
                    // Depth-first with an explicit stack: it never holds more than one node's children per
                    // level, so a fixed stack-allocated buffer does.
                    withUnsafeTemporaryAllocation(of: Int32.self, capacity: height * nodeCapacity + 1) { stack in
                        let root = nodes.count - 1
                        guard nodes[root].envelope.intersects(box) else { return }
                        stack[0] = Int32(root)
                        var depth = 1
                        while depth > 0 {
                            depth -= 1
                            let index = Int(stack[depth])
                            let node = nodes[index]
                            if index < leafCount {
                                for p in Int(node.start)..<Int(node.end) where items[p].intersects(box) {
                                    hits.append(Int(indices[p]))
                                }
                            } else {
                                for c in Int(node.start)..<Int(node.end) where nodes[c].envelope.intersects(box) {
                                    stack[depth] = Int32(c)
                                    depth += 1
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The indices of the items whose envelopes intersect `box`, in ascending order.
    public func query(_ box: Envelope) -> [Int] {
        var hits: [Int] = []
        collect(box, into: &hits)
        return hits.sorted()
    }

    /// Items whose envelope lies within planar `distance` of `box`: the box widened, then the exact box distance.
    public func query(within distance: Double, of box: Envelope) -> [Int] {
        let limit = distance * distance
        return query(box.expanded(by: distance, distance)).filter { i in
            itemEnvelopes[Int(itemPositions[i])].distanceSquared(to: box) <= limit
        }
    }

    /// The `k` items nearest to `box` by `distance(item)`, nearest first (ties by index), by best-first search:
    /// nodes are opened in order of planar box distance, which must not exceed `distance` (true for planar
    /// distance; pass a metric consistent with it).
    public func nearest(
        to box: Envelope, k: Int, distance: (Int) throws -> Double
    ) rethrows -> [(index: Int, distance: Double)] {
        guard k > 0, let root = nodes.last else { return [] }
        var frontier = Heap<Frontier>()
        frontier.insert(Frontier(bound: root.envelope.distanceSquared(to: box).squareRoot(), node: nodes.count - 1))
        var best: [(index: Int, distance: Double)] = []
        while let entry = frontier.popMin() {
            if best.count == k, entry.bound > best[k - 1].distance { break }
            let node = nodes[entry.node]
            if entry.node < leafCount {
                for p in Int(node.start)..<Int(node.end) {
                    let index = Int(itemIndices[p])
                    let d = try distance(index)
                    if best.count < k || (d, index) < (best[k - 1].distance, best[k - 1].index) {
                        let at = best.firstIndex { (d, index) < ($0.distance, $0.index) } ?? best.count
                        best.insert((index, d), at: at)
                        if best.count > k { best.removeLast() }
                    }
                }
            } else {
                for c in Int(node.start)..<Int(node.end) {
                    frontier.insert(Frontier(bound: nodes[c].envelope.distanceSquared(to: box).squareRoot(), node: c))
                }
            }
        }
        return best
    }
}

/// A node waiting in `nearest`'s best-first frontier, ordered by its box distance.
private struct Frontier: Comparable {
    var bound: Double
    var node: Int
    static func < (a: Frontier, b: Frontier) -> Bool { a.bound < b.bound }
}
