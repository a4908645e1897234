import Foundation

/// The gazetteer as one memory-mapped file: nothing is parsed at start, so a process answers its first query
/// within milliseconds, and a lookup is a binary search over sorted keys (no hash table to build).
///
/// Layout, little-endian (written by `IndexBuilder`):
///   header      "GTGAZ009", then UInt32: places, exact keys, skeleton keys, hits, exact slots, skeleton slots;
///               UInt64 source stamp; UInt32 areas; UInt32 filter bytes (48 bytes)
///   places      `placeCount` × 56-byte records (see `place(_:)`)
///   exact keys  `exactCount` × 12-byte records: key offset u32, key length u16, hit count u16, first hit u32
///   skel. keys  the same, for skeleton keys
///   hits        12-byte records: place index u32, name offset u32, name length u16, flags u16 (1: the key is
///               the name without a word that says what the place is)
///   tables      open-addressing hash tables (FNV-1a of the key, linear probing), one per key kind, a power
///               of two slots of 32 bytes, at most 70 % full: key index + 1 u32 (0: empty), first hit u32,
///               hit count u16, key length u16, the key's first 20 bytes — so a lookup reads one slot
///   areas       `areaCount` × u32: the records of countries and first-level divisions (read at start, so
///               that opening the full dump's 13 million places touches none of the others)
///   filter      a Bloom filter of the exact keys (two bits a key; `filterBits`), for the typo search
///   strings     UTF-8: names, admin1 codes, feature codes, keys
/// A key's hits are contiguous. A lookup is one hash, a probe or two, one byte comparison.
struct IndexFile: @unchecked Sendable {
    static let magic = Array("GTGAZ009".utf8)
    static let headerSize = 48
    static let placeSize = 56
    static let keySize = 12
    static let hitSize = 12
    static let slotSize = 32
    static let inlineKey = 20

    private let storage: MappedBytes
    var base: UnsafeRawPointer { storage.base }
    let placeCount: Int
    let exactCount: Int
    let skeletonCount: Int
    let hitCount: Int
    let exactSlots: Int
    let skeletonSlots: Int
    let stamp: UInt64
    let areaCount: Int
    let filterBytes: Int
    let placesAt: Int, exactAt: Int, skeletonAt: Int, hitsAt: Int, exactTableAt: Int, skeletonTableAt: Int, areasAt: Int, filterAt: Int, stringsAt: Int

    init(_ storage: MappedBytes) throws {
        guard storage.count >= IndexFile.headerSize,
              Array(UnsafeRawBufferPointer(start: storage.base, count: 8)) == IndexFile.magic else {
            throw GazetteerError.malformed(file: "index.bin", line: 0, message: "not a geotrack gazetteer index (or an older format)")
        }
        self.storage = storage
        let base = storage.base
        func u32(_ at: Int) -> Int { Int(base.loadUnaligned(fromByteOffset: at, as: UInt32.self)) }
        placeCount = u32(8)
        exactCount = u32(12)
        skeletonCount = u32(16)
        hitCount = u32(20)
        exactSlots = u32(24)
        skeletonSlots = u32(28)
        stamp = base.loadUnaligned(fromByteOffset: 32, as: UInt64.self)
        areaCount = u32(40)
        filterBytes = u32(44)
        placesAt = IndexFile.headerSize
        exactAt = placesAt + placeCount * IndexFile.placeSize
        skeletonAt = exactAt + exactCount * IndexFile.keySize
        hitsAt = skeletonAt + skeletonCount * IndexFile.keySize
        exactTableAt = hitsAt + hitCount * IndexFile.hitSize
        skeletonTableAt = exactTableAt + exactSlots * IndexFile.slotSize
        areasAt = skeletonTableAt + skeletonSlots * IndexFile.slotSize
        filterAt = areasAt + areaCount * 4
        stringsAt = filterAt + filterBytes
        guard stringsAt <= storage.count, exactSlots.nonzeroBitCount == 1, skeletonSlots.nonzeroBitCount == 1,
              filterBytes.nonzeroBitCount == 1 else {
            throw GazetteerError.malformed(file: "index.bin", line: 0, message: "truncated or damaged (\(storage.count) bytes)")
        }
    }

    @inline(__always)
    func load<T>(_ at: Int, as: T.Type) -> T {
        base.loadUnaligned(fromByteOffset: at, as: T.self)
    }

    func string(_ offset: Int, _ length: Int) -> String {
        String(decoding: UnsafeRawBufferPointer(start: base + stringsAt + offset, count: length), as: UTF8.self)
    }

    static func hash<C: Collection<UInt8>>(_ bytes: C) -> UInt64 { FNV1a.hash(bytes) }

    /// Place record i: id i32 @0, parent i32 @4, population i64 @8, lat f64 @16, lon f64 @24, name offset u32 @32,
    /// name length u16 @36, kind u8 @38, country 2 bytes @39, admin1 offset u32 @44, admin1 length u16 @48,
    /// feature offset u32 @50 (2-aligned), feature length u8 @54.
    /// Without `named`, the name is left empty: ranking needs only the fixed fields, and the name is the one
    /// field that costs an allocation.
    func place(_ i: Int, named: Bool = true) -> Place {
        let at = placesAt + i * IndexFile.placeSize
        let kind = PlaceKind.ordered[Int(load(at + 38, as: UInt8.self))]
        // Two bytes, NUL-padded, read in place (no array: this runs for every candidate of every name).
        let countryLength = load(at + 39, as: UInt8.self) == 0 ? 0 : load(at + 40, as: UInt8.self) == 0 ? 1 : 2
        let country = String(decoding: UnsafeRawBufferPointer(start: base + at + 39, count: countryLength), as: UTF8.self)
        return Place(
            id: Int(load(at, as: Int32.self)), kind: kind,
            name: named ? string(Int(load(at + 32, as: UInt32.self)), Int(load(at + 36, as: UInt16.self))) : "",
            country: country,
            admin1: string(Int(load(at + 44, as: UInt32.self)), Int(load(at + 48, as: UInt16.self))),
            lat: load(at + 16, as: Double.self), lon: load(at + 24, as: Double.self),
            population: Int(load(at + 8, as: Int64.self)),
            feature: string(Int(load(at + 50, as: UInt32.self)), Int(load(at + 54, as: UInt8.self))),
            parent: Int(load(at + 4, as: Int32.self)))
    }

    /// The record of the k-th country or first-level division.
    func area(_ k: Int) -> Int { Int(load(areasAt + k * 4, as: UInt32.self)) }

    /// The name of place record i, alone.
    func placeName(_ i: Int) -> String {
        let at = placesAt + i * IndexFile.placeSize
        return string(Int(load(at + 32, as: UInt32.self)), Int(load(at + 36, as: UInt16.self)))
    }

    /// Fields of place record i, read without making the place.
    func kind(_ i: Int) -> PlaceKind { PlaceKind.ordered[Int(load(placesAt + i * IndexFile.placeSize + 38, as: UInt8.self))] }
    func population(_ i: Int) -> Int { Int(load(placesAt + i * IndexFile.placeSize + 8, as: Int64.self)) }
    /// Whether its feature code is PPLC (a national capital), compared in place.
    func isCapital(_ i: Int) -> Bool { feature(i, is: "PPLC") }

    /// Whether place i is the seat of a first-level division (or the country's capital).
    func isSeat(_ i: Int) -> Bool { feature(i, is: "PPLA") || feature(i, is: "PPLC") }

    /// Whether place i's four-letter feature code is `code`, compared where it lies.
    private func feature(_ i: Int, is code: StaticString) -> Bool {
        let at = placesAt + i * IndexFile.placeSize
        guard load(at + 54, as: UInt8.self) == 4 else { return false }
        return memcmp(base + stringsAt + Int(load(at + 50, as: UInt32.self)), code.utf8Start, 4) == 0
    }

    /// The record holding place `id`, by binary search over the id-sorted records.
    func position(ofID id: Int) -> Int? {
        var low = 0, high = placeCount - 1
        while low <= high {
            let mid = (low + high) / 2
            let found = Int(load(placesAt + mid * IndexFile.placeSize, as: Int32.self))
            if found == id { return mid }
            if found < id { low = mid + 1 } else { high = mid - 1 }
        }
        return nil
    }

    /// The place index of hit `h`.
    func hitPlace(_ h: Int) -> Int { Int(load(hitsAt + h * IndexFile.hitSize, as: UInt32.self)) }

    /// Whether hit `h` matched its place's own name (as written), not one of its alternate names: Amman is
    /// also "Philadelphia", Colón "Columbus" — weaker evidence than the name a place goes by.
    func hitIsMainName(_ h: Int) -> Bool {
        let hat = hitsAt + h * IndexFile.hitSize
        let pat = placesAt + Int(load(hat, as: UInt32.self)) * IndexFile.placeSize
        let (hitOffset, hitLength) = (Int(load(hat + 4, as: UInt32.self)), Int(load(hat + 8, as: UInt16.self)))
        let (nameOffset, nameLength) = (Int(load(pat + 32, as: UInt32.self)), Int(load(pat + 36, as: UInt16.self)))
        guard hitLength == nameLength else { return false }
        return hitOffset == nameOffset || memcmp(base + stringsAt + hitOffset, base + stringsAt + nameOffset, hitLength) == 0
    }

    static let formHitFlag: UInt16 = 1

    /// Whether hit `h` is its name's key without a word like Qaryat or Mahallesi (a form, not the name).
    func hitIsForm(_ h: Int) -> Bool { load(hitsAt + h * IndexFile.hitSize + 10, as: UInt16.self) & IndexFile.formHitFlag != 0 }

    /// The name hit `h` matched.
    func hitName(_ h: Int) -> String {
        let hat = hitsAt + h * IndexFile.hitSize
        return string(Int(load(hat + 4, as: UInt32.self)), Int(load(hat + 8, as: UInt16.self)))
    }

    /// The two bits of the exact-key filter that a key's hash sets (`bytes`: the filter's size, a power of two).
    @inline(__always)
    static func filterBits(_ hash: UInt64, bytes: Int) -> (Int, Int) {
        let mask = bytes * 8 - 1
        return (Int(truncatingIfNeeded: hash >> 20) & mask, Int(truncatingIfNeeded: hash >> 42) & mask)
    }

    /// Whether an exact key may exist: false means it surely does not (the filter has no false negatives).
    func mayHaveExactKey(hash: UInt64) -> Bool {
        let (a, b) = IndexFile.filterBits(hash, bytes: filterBytes)
        return load(filterAt + a >> 3, as: UInt8.self) & (1 << UInt8(a & 7)) != 0
            && load(filterAt + b >> 3, as: UInt8.self) & (1 << UInt8(b & 7)) != 0
    }

    /// Where `key`'s hits are, found through the hash table: empty when no name has that key.
    func hitRange(_ key: String, skeleton: Bool) -> Range<Int> {
        hitRange(bytes: Array(key.utf8), skeleton: skeleton)
    }

    func hitRange(bytes key: [UInt8], skeleton: Bool) -> Range<Int> {
        key.withUnsafeBufferPointer { hitRange($0, hash: IndexFile.hash($0), skeleton: skeleton) }
    }

    /// `hitRange` for key bytes whose hash the caller has (`OneEdit` makes it from the key's prefix).
    func hitRange(_ q: UnsafeBufferPointer<UInt8>, hash: UInt64, skeleton: Bool) -> Range<Int> {
        let (keysAt, tableAt, slots) = skeleton ? (skeletonAt, skeletonTableAt, skeletonSlots) : (exactAt, exactTableAt, exactSlots)
        var slot = Int(truncatingIfNeeded: hash) & (slots - 1)
        while true {
            let at = tableAt + slot * IndexFile.slotSize
            let entry = Int(load(at, as: UInt32.self))
            if entry == 0 { return 0..<0 }
            let length = Int(load(at + 10, as: UInt16.self))
            if length == q.count, memcmp(base + at + 12, q.baseAddress!, min(length, IndexFile.inlineKey)) == 0 {
                // Longer keys: the rest is compared in the strings.
                let rest = length <= IndexFile.inlineKey || memcmp(
                    base + stringsAt + Int(load(keysAt + (entry - 1) * IndexFile.keySize, as: UInt32.self)),
                    q.baseAddress!, length) == 0
                if rest {
                    let first = Int(load(at + 4, as: UInt32.self))
                    return first..<(first + Int(load(at + 8, as: UInt16.self)))
                }
            }
            slot = (slot + 1) & (slots - 1)
        }
    }
}

/// Bytes at a fixed address for the life of the value: a read-only `mmap` of a file, or a copy in memory.
final class MappedBytes: @unchecked Sendable {
    let base: UnsafeRawPointer
    let count: Int
    private let unmap: () -> Void

    /// Maps `path` read-only; nil when it cannot be opened or mapped.
    init?(path: String) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size > 0 else { return nil }
        let size = Int(info.st_size)
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), address != MAP_FAILED else { return nil }
        base = UnsafeRawPointer(address)
        count = size
        unmap = { munmap(address, size) }
    }

    init(copying data: Data) {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(data.count, 1), alignment: 16)
        data.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress!, byteCount: data.count) }
        base = UnsafeRawPointer(buffer)
        count = data.count
        unmap = { buffer.deallocate() }
    }

    deinit { unmap() }
}

extension Data {
    mutating func append<T: FixedWidthInteger>(le value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    mutating func put<T>(_ value: T, at offset: Int) {
        withUnsafeMutableBytes { raw in raw.storeBytes(of: value, toByteOffset: offset, as: T.self) }
    }
}
