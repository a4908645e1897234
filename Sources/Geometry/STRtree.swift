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
        /// Children: `start..<end` in the level below (or in `itemIndices` for leaves).
        var start: Int32
        var end: Int32
    }

    public let nodeCapacity: Int
    /// The items' envelopes in leaf order, and each one's index in the input.
    private let itemEnvelopes: [Envelope]
    private let itemIndices: [Int32]
    /// The inverse of `itemIndices`: where input item i sits in leaf order.
    private let itemPositions: [Int32]
    /// levels[0] are the leaves; the last level holds the root(s).
    private let levels: [[Node]]

    public var count: Int { itemIndices.count }

    public init(_ envelopes: [Envelope], nodeCapacity: Int = 16) {
        precondition(nodeCapacity >= 2, "an R-tree node needs room for two children")
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
        self.levels = levels
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

    /// Calls `body` with the index of every item whose envelope intersects `box`.
    public func forEachIntersecting(_ box: Envelope, _ body: (Int) throws -> Void) rethrows {
        var hits: [Int] = []
        collect(box, into: &hits)
        for i in hits { try body(i) }
    }

    /// Appends the index of every item whose envelope intersects `box` to `hits` (in tree order).
    /// The join's inner loop: no closure, no allocation once `hits` has grown.
    public func collect(_ box: Envelope, into hits: inout [Int]) {
        guard let top = levels.last else { return }
        // Depth-first with an explicit stack of (level, node) pairs. It never holds more than one node's
        // children per level (plus the roots), so a fixed stack-allocated buffer does.
        let capacity = top.count + levels.count * nodeCapacity
        withUnsafeTemporaryAllocation(of: (level: Int32, node: Int32).self, capacity: capacity) { stack in
            var depth = 0
            for i in top.indices where top[i].envelope.intersects(box) {
                stack[depth] = (Int32(levels.count - 1), Int32(i))
                depth += 1
            }
            while depth > 0 {
                depth -= 1
                let level = Int(stack[depth].level)
                let node = levels[level][Int(stack[depth].node)]
                if level == 0 {
                    for p in Int(node.start)..<Int(node.end) where itemEnvelopes[p].intersects(box) {
                        hits.append(Int(itemIndices[p]))
                    }
                } else {
                    let children = levels[level - 1]
                    for c in Int(node.start)..<Int(node.end) where children[c].envelope.intersects(box) {
                        stack[depth] = (Int32(level - 1), Int32(c))
                        depth += 1
                    }
                }
            }
        }
    }

    /// The indices of the items whose envelopes intersect `box`, in ascending order.
    public func query(_ box: Envelope) -> [Int] {
        var hits: [Int] = []
        forEachIntersecting(box) { hits.append($0) }
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
        guard k > 0, let top = levels.last else { return [] }
        var frontier = Heap<Frontier>()
        for i in top.indices {
            frontier.insert(Frontier(bound: top[i].envelope.distanceSquared(to: box).squareRoot(), level: levels.count - 1, node: i))
        }
        var best: [(index: Int, distance: Double)] = []
        while let entry = frontier.popMin() {
            if best.count == k, entry.bound > best[k - 1].distance { break }
            let node = levels[entry.level][entry.node]
            if entry.level == 0 {
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
                let children = levels[entry.level - 1]
                for c in Int(node.start)..<Int(node.end) {
                    let bound = children[c].envelope.distanceSquared(to: box).squareRoot()
                    frontier.insert(Frontier(bound: bound, level: entry.level - 1, node: c))
                }
            }
        }
        return best
    }
}

/// A node waiting in `nearest`'s best-first frontier, ordered by its box distance.
private struct Frontier: Comparable {
    var bound: Double
    var level: Int
    var node: Int
    static func < (a: Frontier, b: Frontier) -> Bool { a.bound < b.bound }
}
