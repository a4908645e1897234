/// Which parts of the lon/lat plane lie near any item of a small layer: a bitmap over a grid of cells,
/// set wherever some item's search box (`ProximityJoin.forEachSearchBox`) reaches. A point whose cell is
/// clear has no item within the distance — the box holds every point within the distance of its centre,
/// and distance is symmetric — so a join probing a million points against a few thousand settles most of
/// them with one bit, before the tree is asked.
struct CoverageGrid {
    private let minX: Double, minY: Double, cell: Double
    private let columns: Int, rows: Int
    private var bits: [UInt64]

    /// nil when the boxes are too large for a grid to be worth it (most cells would be set).
    init?(points: PointSet, distance: Double, maxCells: Int = 1 << 22) {
        var boxes: [Envelope] = []
        boxes.reserveCapacity(points.count)
        for i in 0..<points.count {
            ProximityJoin.forEachSearchBox(lon: points.lon[i], lat: points.lat[i], distance: distance) { boxes.append($0) }
        }
        guard var extent = boxes.first else { return nil }
        var covered = 0.0
        for b in boxes {
            extent = Envelope(minX: min(extent.minX, b.minX), minY: min(extent.minY, b.minY),
                              maxX: max(extent.maxX, b.maxX), maxY: max(extent.maxY, b.maxY))
            covered += (b.maxX - b.minX) * (b.maxY - b.minY)
        }
        // Cells a little smaller than a box, as many as the budget allows over the extent.
        let width = extent.maxX - extent.minX, height = extent.maxY - extent.minY
        cell = max((width * height / Double(maxCells)).squareRoot(), width / 4096, height / 4096, 1e-9)
        columns = Int(width / cell) + 1
        rows = Int(height / cell) + 1
        // Worth it only when the boxes leave most of the extent clear.
        guard covered < 0.5 * width * height, columns * rows <= 2 * maxCells else { return nil }
        minX = extent.minX
        minY = extent.minY
        bits = [UInt64](repeating: 0, count: (columns * rows + 63) / 64)
        for b in boxes {
            let (c0, r0) = cellOf(lon: b.minX, lat: b.minY), (c1, r1) = cellOf(lon: b.maxX, lat: b.maxY)
            for r in r0...r1 {
                for c in c0...c1 {
                    let k = r * columns + c
                    bits[k >> 6] |= 1 << UInt64(k & 63)
                }
            }
        }
    }

    /// The cell holding (lon, lat), clamped to the grid (the extent's edges round into it).
    @inline(__always)
    private func cellOf(lon: Double, lat: Double) -> (Int, Int) {
        (min(max(Int((lon - minX) / cell), 0), columns - 1), min(max(Int((lat - minY) / cell), 0), rows - 1))
    }

    /// False when no item is within the distance of (lon, lat); true when one may be.
    @inline(__always)
    func mayReach(lon: Double, lat: Double) -> Bool {
        let x = (lon - minX) / cell, y = (lat - minY) / cell
        guard x >= 0, y >= 0, x < Double(columns), y < Double(rows) else { return false }
        let k = Int(y) * columns + Int(x)
        return bits[k >> 6] & (1 << UInt64(k & 63)) != 0
    }
}
