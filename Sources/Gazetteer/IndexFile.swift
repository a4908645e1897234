import Foundation

/// The gazetteer as one memory-mapped file: nothing is parsed at start, so a process answers its first query
/// within milliseconds, and a lookup is a binary search over sorted keys (no hash table to build).
///
/// Layout, little-endian, every section 8-byte aligned:
///   header      "GTGAZ002", then UInt32 counts: places, exact keys, skeleton keys, hits, and UInt64 source stamp
///   places      `placeCount` × 56-byte records (see `PlaceRecord`)
///   exact keys  `exactCount` × 12-byte records: key offset u32, key length u16, hit count u16, first hit u32
///   skel. keys  the same, for skeleton keys
///   hits        12-byte records: place index u32, name offset u32, name length u16, pad u16
///   strings     UTF-8: names, admin1 codes, feature codes, keys
/// Keys are sorted by their UTF-8 bytes; a key's hits are contiguous.
struct IndexFile: @unchecked Sendable {
    static let magic = Array("GTGAZ002".utf8)
    static let headerSize = 32
    static let placeSize = 56
    static let keySize = 12
    static let hitSize = 12

    let data: Data
    let placeCount: Int
    let exactCount: Int
    let skeletonCount: Int
    let hitCount: Int
    let stamp: UInt64
    let placesAt: Int, exactAt: Int, skeletonAt: Int, hitsAt: Int, stringsAt: Int

    init(data: Data) throws {
        guard data.count >= IndexFile.headerSize, Array(data.prefix(8)) == IndexFile.magic else {
            throw GazetteerError.malformed(file: "index.bin", line: 0, message: "not a geotrack gazetteer index (or an older format)")
        }
        self.data = data
        func u32(_ at: Int) -> Int { Int(data.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: at, as: UInt32.self) }) }
        placeCount = u32(8)
        exactCount = u32(12)
        skeletonCount = u32(16)
        hitCount = u32(20)
        stamp = data.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 24, as: UInt64.self) }
        placesAt = IndexFile.headerSize
        exactAt = placesAt + placeCount * IndexFile.placeSize
        skeletonAt = exactAt + exactCount * IndexFile.keySize
        hitsAt = skeletonAt + skeletonCount * IndexFile.keySize
        stringsAt = hitsAt + hitCount * IndexFile.hitSize
        guard stringsAt <= data.count else {
            throw GazetteerError.malformed(file: "index.bin", line: 0, message: "truncated (\(data.count) bytes, sections need \(stringsAt))")
        }
    }

    @inline(__always)
    func load<T>(_ at: Int, as: T.Type) -> T {
        data.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: at, as: T.self) }
    }

    func string(_ offset: Int, _ length: Int) -> String {
        data.withUnsafeBytes { raw in
            String(decoding: UnsafeRawBufferPointer(rebasing: raw[(stringsAt + offset)..<(stringsAt + offset + length)]), as: UTF8.self)
        }
    }

    /// Place record i: id i32 @0, parent i32 @4, population i64 @8, lat f64 @16, lon f64 @24, name offset u32 @32,
    /// name length u16 @36, kind u8 @38, country 2 bytes @39, admin1 offset u32 @44, admin1 length u16 @48,
    /// feature offset u32 @50 (2-aligned), feature length u8 @54.
    func place(_ i: Int) -> Place {
        let at = placesAt + i * IndexFile.placeSize
        let kind = PlaceKind.allCases[Int(load(at + 38, as: UInt8.self))]
        let country = String(decoding: [load(at + 39, as: UInt8.self), load(at + 40, as: UInt8.self)].filter { $0 != 0 }, as: UTF8.self)
        return Place(
            id: Int(load(at, as: Int32.self)), kind: kind,
            name: string(Int(load(at + 32, as: UInt32.self)), Int(load(at + 36, as: UInt16.self))),
            country: country,
            admin1: string(Int(load(at + 44, as: UInt32.self)), Int(load(at + 48, as: UInt16.self))),
            lat: load(at + 16, as: Double.self), lon: load(at + 24, as: Double.self),
            population: Int(load(at + 8, as: Int64.self)),
            feature: string(Int(load(at + 50, as: UInt32.self)), Int(load(at + 54, as: UInt8.self))),
            parent: Int(load(at + 4, as: Int32.self)))
    }

    /// The hits (place index, matched name) for `key` in the exact or skeleton table.
    func hits(_ key: String, skeleton: Bool) -> [(place: Int, name: String)] {
        let tableAt = skeleton ? skeletonAt : exactAt
        let count = skeleton ? skeletonCount : exactCount
        var query = Array(key.utf8)
        guard let k = query.withUnsafeMutableBufferPointer({ q in search(q, tableAt, count) }) else { return [] }
        let at = tableAt + k * IndexFile.keySize
        let n = Int(load(at + 6, as: UInt16.self)), first = Int(load(at + 8, as: UInt32.self))
        return (first..<(first + n)).map { h in
            let hat = hitsAt + h * IndexFile.hitSize
            return (Int(load(hat, as: UInt32.self)), string(Int(load(hat + 4, as: UInt32.self)), Int(load(hat + 8, as: UInt16.self))))
        }
    }

    /// Binary search of a sorted key table for exactly `query`'s bytes.
    private func search(_ query: UnsafeMutableBufferPointer<UInt8>, _ tableAt: Int, _ count: Int) -> Int? {
        data.withUnsafeBytes { raw -> Int? in
            let base = raw.baseAddress!
            var low = 0, high = count - 1
            while low <= high {
                let mid = (low + high) / 2
                let at = tableAt + mid * IndexFile.keySize
                let offset = Int(raw.loadUnaligned(fromByteOffset: at, as: UInt32.self))
                let length = Int(raw.loadUnaligned(fromByteOffset: at + 4, as: UInt16.self))
                let common = min(length, query.count)
                var order = memcmp(base + stringsAt + offset, query.baseAddress!, common)
                if order == 0 { order = length < query.count ? -1 : (length > query.count ? 1 : 0) }
                if order == 0 { return mid }
                if order < 0 { low = mid + 1 } else { high = mid - 1 }
            }
            return nil
        }
    }
}

/// Writes `IndexFile`s from the build's TSVs (once per build: computing a million name keys takes seconds).
struct IndexWriter {
    private var strings: [UInt8] = []
    private var interned: [String: (UInt32, Int)] = [:]

    private mutating func intern(_ s: String) -> (offset: UInt32, length: Int) {
        if let known = interned[s] { return known }
        let entry = (UInt32(strings.count), s.utf8.count)
        strings.append(contentsOf: s.utf8)
        interned[s] = entry
        return entry
    }

    /// Builds the index bytes for `places` and their `(place index, name)` pairs.
    static func build(places: [Place], names: [(place: Int, name: String)], stamp: UInt64) -> Data {
        var writer = IndexWriter()
        var exact: [String: [(Int, String)]] = [:], skeleton: [String: [(Int, String)]] = [:]
        var seenExact = Set<String>(), seenSkeleton = Set<String>()
        for (place, name) in names {
            let key = NameKey.exact(name)
            guard !key.isEmpty, key.utf8.count < 60_000 else { continue }
            // One hit per place and key: the first of its names with that key.
            if seenExact.insert("\(place) \(key)").inserted { exact[key, default: []].append((place, name)) }
            let bones = NameKey.skeleton(key)
            if bones.count >= 3, seenSkeleton.insert("\(place) \(bones)").inserted { skeleton[bones, default: []].append((place, name)) }
        }
        var out = Data(IndexFile.magic)
        let exactKeys = exact.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let skeletonKeys = skeleton.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let hitTotal = exactKeys.reduce(0) { $0 + min(exact[$1]!.count, Int(UInt16.max)) }
            + skeletonKeys.reduce(0) { $0 + min(skeleton[$1]!.count, Int(UInt16.max)) }
        for v in [places.count, exactKeys.count, skeletonKeys.count, hitTotal] { out.append(le: UInt32(v)) }
        out.append(le: stamp)
        for p in places {
            var record = Data(count: IndexFile.placeSize)
            let name = writer.intern(p.name), admin1 = writer.intern(p.admin1), feature = writer.intern(p.feature)
            record.put(Int32(p.id), at: 0)
            record.put(Int32(p.parent), at: 4)
            record.put(Int64(p.population), at: 8)
            record.put(p.lat, at: 16)
            record.put(p.lon, at: 24)
            record.put(name.offset, at: 32)
            record.put(UInt16(min(name.length, Int(UInt16.max))), at: 36)
            record.put(UInt8(PlaceKind.allCases.firstIndex(of: p.kind)!), at: 38)
            let cc = Array(p.country.utf8.prefix(2))
            for (i, b) in cc.enumerated() { record.put(b, at: 39 + i) }
            record.put(admin1.offset, at: 44)
            record.put(UInt16(admin1.length), at: 48)
            record.put(feature.offset, at: 50)
            record.put(UInt8(min(feature.length, 255)), at: 54)
            out.append(record)
        }
        var hits = Data()
        var hitIndex = 0
        for (keys, table) in [(exactKeys, exact), (skeletonKeys, skeleton)] {
            for key in keys {
                let entries = table[key]!.prefix(Int(UInt16.max))
                let k = writer.intern(key)
                out.append(le: k.offset)
                out.append(le: UInt16(k.length))
                out.append(le: UInt16(entries.count))
                out.append(le: UInt32(hitIndex))
                for (place, name) in entries {
                    let n = writer.intern(name)
                    hits.append(le: UInt32(place))
                    hits.append(le: n.offset)
                    hits.append(le: UInt16(min(n.length, Int(UInt16.max))))
                    hits.append(le: UInt16(0))
                    hitIndex += 1
                }
            }
        }
        out.append(hits)
        out.append(contentsOf: writer.strings)
        return out
    }
}

extension Data {
    mutating func append<T: FixedWidthInteger>(le value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    mutating func put<T>(_ value: T, at offset: Int) {
        withUnsafeMutableBytes { raw in raw.storeBytes(of: value, toByteOffset: offset, as: T.self) }
    }
}
