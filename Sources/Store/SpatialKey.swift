/// The store's spatial index: each event's point as a Morton (Z-order) key of its longitude and latitude,
/// 16 bits each (cells of 0.0055°, ~600 m), in an ordinary B-tree index. A box becomes a few key ranges
/// (a quadtree walk), scanned by the index and then tested exactly. Unlike SQLite's R*Tree, whose inserts
/// cost ~20 µs each here, a B-tree takes a million sorted keys in a fraction of a second.
enum SpatialKey {
    static let bits = 16
    static let cells = 1 << bits

    static func cell(lon: Double, lat: Double) -> (x: Int, y: Int) {
        let x = Int(((lon + 180) / 360 * Double(cells)).rounded(.down))
        let y = Int(((lat + 90) / 180 * Double(cells)).rounded(.down))
        return (min(max(x, 0), cells - 1), min(max(y, 0), cells - 1))
    }

    static func key(lon: Double, lat: Double) -> Int64 {
        let (x, y) = cell(lon: lon, lat: lat)
        return interleave(x, y)
    }

    static func interleave(_ x: Int, _ y: Int) -> Int64 {
        func spread(_ v: Int) -> Int64 {
            var v = Int64(v) & 0xFFFF
            v = (v | (v << 8)) & 0x00FF_00FF
            v = (v | (v << 4)) & 0x0F0F_0F0F
            v = (v | (v << 2)) & 0x3333_3333
            v = (v | (v << 1)) & 0x5555_5555
            return v
        }
        return spread(x) | (spread(y) << 1)
    }

    /// Key ranges (inclusive) whose cells cover the box; at most about `budget` of them, merged when adjacent.
    static func ranges(minLon: Double, minLat: Double, maxLon: Double, maxLat: Double, budget: Int = 32) -> [ClosedRange<Int64>] {
        let lo = cell(lon: minLon, lat: minLat), hi = cell(lon: maxLon, lat: maxLat)
        var out: [ClosedRange<Int64>] = []
        // Quadtree walk: a quad fully inside the box is one key range; a partial one splits until the
        // budget is spent, then is taken whole (the exact test drops the extra points).
        var queue: [(x: Int, y: Int, level: Int)] = [(0, 0, bits)]
        while let (qx, qy, level) = queue.first {
            queue.removeFirst()
            let size = 1 << level
            let x1 = qx + size - 1, y1 = qy + size - 1
            if x1 < lo.x || qx > hi.x || y1 < lo.y || qy > hi.y { continue }
            let inside = qx >= lo.x && x1 <= hi.x && qy >= lo.y && y1 <= hi.y
            if inside || level == 0 || out.count + queue.count + 4 > budget && level < bits - 2 {
                let first = interleave(qx, qy)
                out.append(first...(first + Int64(size) * Int64(size) - 1))
            } else {
                let half = size / 2
                queue += [(qx, qy, level - 1), (qx + half, qy, level - 1), (qx, qy + half, level - 1), (qx + half, qy + half, level - 1)]
            }
        }
        out.sort { $0.lowerBound < $1.lowerBound }
        var merged: [ClosedRange<Int64>] = []
        for r in out {
            if let last = merged.last, last.upperBound + 1 >= r.lowerBound {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, r.upperBound)
            } else {
                merged.append(r)
            }
        }
        return merged
    }
}
