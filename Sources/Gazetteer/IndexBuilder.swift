import Foundation
import Geometry

/// Writes `IndexFile`s from the build's TSVs at any size — the registry build's 250,000 places or the full
/// GeoNames dump's 13 million with tens of millions of names — in memory proportional to the data: places
/// become their fixed records as they are read, each name becomes two compact entries (exact key and
/// skeleton) that are sorted by key hash, and the sections are written to the file one after another.
struct IndexBuilder {
    /// One name under one key: where the key's bytes are, which place and name it stands for, and its order
    /// (a place's own name before its other names, then the order of names.tsv).
    struct Entry {
        var hash: UInt64
        var key: UInt32
        var keyLength: UInt16
        var nameLength: UInt16
        var place: UInt32
        var name: UInt32
        var order: UInt32
        /// The key is the name without a word that says what the place is (`NameForms.withoutGenericWords`).
        var isForm = false
    }

    private(set) var placeRecords: [UInt8] = []
    private(set) var ids: [Int32] = []
    private var strings: [UInt8] = []
    private var interned: [String: (offset: UInt32, length: Int)] = [:]
    private var areas: [UInt32] = []
    private var exact: [Entry] = [], skeleton: [Entry] = []
    private var keyBytes: [UInt8] = []
    private var namesAdded: UInt32 = 0
    private var ownNames: [(offset: UInt32, length: UInt16)] = []

    var placeCount: Int { ids.count }

    // MARK: Input

    /// Adds the next place; ids must ascend (lookups by id are binary searches).
    mutating func add(_ p: Place) throws {
        if let last = ids.last, Int(last) >= p.id {
            throw GazetteerError.malformed(file: "places.tsv", line: ids.count + 1, message: "places are not sorted by id (rebuild with scripts/build-geodata)")
        }
        let index = ids.count
        ids.append(Int32(truncatingIfNeeded: p.id))
        let name = append(p.name)
        ownNames.append((name, UInt16(min(p.name.utf8.count, Int(UInt16.max)))))
        let admin1 = intern(p.admin1), feature = intern(p.feature)
        var record = [UInt8](repeating: 0, count: IndexFile.placeSize)
        record.withUnsafeMutableBytes { r in
            r.storeBytes(of: Int32(truncatingIfNeeded: p.id).littleEndian, toByteOffset: 0, as: Int32.self)
            r.storeBytes(of: Int32(truncatingIfNeeded: p.parent).littleEndian, toByteOffset: 4, as: Int32.self)
            r.storeBytes(of: Int64(p.population).littleEndian, toByteOffset: 8, as: Int64.self)
            r.storeBytes(of: p.lat, toByteOffset: 16, as: Double.self)
            r.storeBytes(of: p.lon, toByteOffset: 24, as: Double.self)
            r.storeBytes(of: name.littleEndian, toByteOffset: 32, as: UInt32.self)
            r.storeBytes(of: UInt16(min(p.name.utf8.count, Int(UInt16.max))).littleEndian, toByteOffset: 36, as: UInt16.self)
            r.storeBytes(of: p.kind.code, toByteOffset: 38, as: UInt8.self)
            for (i, b) in p.country.utf8.prefix(2).enumerated() { r.storeBytes(of: b, toByteOffset: 39 + i, as: UInt8.self) }
            r.storeBytes(of: admin1.offset.littleEndian, toByteOffset: 44, as: UInt32.self)
            r.storeBytes(of: UInt16(admin1.length).littleEndian, toByteOffset: 48, as: UInt16.self)
            r.storeBytes(of: feature.offset.littleEndian, toByteOffset: 50, as: UInt32.self)
            r.storeBytes(of: UInt8(min(feature.length, 255)), toByteOffset: 54, as: UInt8.self)
        }
        placeRecords.append(contentsOf: record)
        if p.kind == .country || p.kind == .admin1 { areas.append(UInt32(index)) }
    }

    /// Adds other names of places (all places must be added first), as (position, name) pairs: keyed here,
    /// on one core (`reading` keys a file's names on every core).
    mutating func addNames(_ names: [(place: Int, name: String)]) {
        var part = KeyedPart()
        for (place, name) in names { part.add(name, place: place, ownNames: ownNames, strings: strings) }
        merge([part])
    }

    /// The position of place `id` in the id-sorted `ids`, by binary search.
    static func position(ofID id: Int, in ids: [Int32]) -> Int? {
        var low = 0, high = ids.count - 1
        while low <= high {
            let mid = (low + high) / 2
            let found = Int(ids[mid])
            if found == id { return mid }
            if found < id { low = mid + 1 } else { high = mid - 1 }
        }
        return nil
    }

    private mutating func append(_ s: String) -> UInt32 {
        let offset = UInt32(strings.count)
        strings.append(contentsOf: s.utf8)
        return offset
    }

    /// Admin1 and feature codes: a few thousand distinct strings for millions of places.
    private mutating func intern(_ s: String) -> (offset: UInt32, length: Int) {
        if let known = interned[s] { return known }
        let entry = (append(s), s.utf8.count)
        interned[s] = entry
        return entry
    }

    /// Keys every place's own name, on every core: a place's own name comes first under each of its keys
    /// (its order is its index, below every other name's).
    private mutating func keyOwnNames() {
        let count = placeCount, chunk = 1 << 16
        let parts = strings.withUnsafeBufferPointer { s in
            let names = ownNames, shared = SharedBytes(s)
            return Parallel.map((count + chunk - 1) / chunk) { k in
                var part = KeyedPart()
                for i in (k * chunk)..<min(count, (k + 1) * chunk) {
                    let own = names[i]
                    let name = String(decoding: UnsafeBufferPointer(rebasing: shared.bytes[Int(own.offset)..<Int(own.offset) + Int(own.length)]), as: UTF8.self)
                    part.addKeys(of: name, place: UInt32(i), name: own.offset, nameLength: Int(own.length), order: UInt32(i))
                }
                return part
            }
        }
        merge(parts, ownNames: true)
    }

    /// Appends keyed parts in order: their names' bytes to the strings, their keys' bytes to the key bytes,
    /// their entries after the others (other names ordered after every own name, in the parts' order).
    private mutating func merge(_ parts: [KeyedPart], ownNames: Bool = false) {
        var parts = parts
        for k in parts.indices {
            let nameBase = UInt32(strings.count), keyBase = UInt32(keyBytes.count)
            let orderBase = ownNames ? 0 : UInt32(placeCount) &+ namesAdded
            strings.append(contentsOf: parts[k].nameBytes)
            keyBytes.append(contentsOf: parts[k].keyBytes)
            for (list, target) in [(parts[k].exact, 0), (parts[k].skeleton, 1)] {
                for var e in list {
                    e.key &+= keyBase
                    if !ownNames { e.name &+= nameBase }
                    e.order &+= orderBase
                    if target == 0 { exact.append(e) } else { skeleton.append(e) }
                }
            }
            if !ownNames { namesAdded &+= parts[k].names }
            parts[k] = KeyedPart()  // freed as it is merged
        }
    }

    // MARK: Output

    /// Writes the index: header, places, key records, hits, the two hash tables, areas, strings — each
    /// section handed to `emit` as it is made.
    mutating func write(stamp: UInt64, to emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        keyOwnNames()
        var exact = self.exact, skeleton = self.skeleton
        self.exact = []
        self.skeleton = []
        let keys = keyBytes
        keyBytes = []
        // Both kinds sorted at once, in place: by hash, then key, then order (names of one key together).
        keys.withUnsafeBufferPointer { k in
            exact.withUnsafeMutableBufferPointer { e in
                skeleton.withUnsafeMutableBufferPointer { s in
                    let work = SortWork(keys: k, lists: [e, s])
                    DispatchQueue.concurrentPerform(iterations: 2) { work.sort($0) }
                }
            }
        }
        var hits: [UInt8] = []
        hits.reserveCapacity((exact.count + skeleton.count) * IndexFile.hitSize)
        let exactKeys = group(exact, keys, into: &hits)
        exact = []
        let skeletonKeys = group(skeleton, keys, into: &hits)
        skeleton = []
        let hitCount = hits.count / IndexFile.hitSize
        let exactSlots = IndexBuilder.slots(for: exactKeys.count), skeletonSlots = IndexBuilder.slots(for: skeletonKeys.count)

        var header = IndexFile.magic
        for v in [placeCount, exactKeys.count, skeletonKeys.count, hitCount, exactSlots, skeletonSlots] { header.append(le: UInt32(v)) }
        header.append(le: stamp)
        header.append(le: UInt32(areas.count))
        let filter = IndexBuilder.filter(exactKeys)
        header.append(le: UInt32(filter.count))
        try header.withUnsafeBytes(emit)
        try placeRecords.withUnsafeBytes(emit)
        for table in [exactKeys, skeletonKeys] {
            var records: [UInt8] = []
            records.reserveCapacity(table.count * IndexFile.keySize)
            for k in table {
                records.append(le: k.offset)
                records.append(le: k.length)
                records.append(le: UInt16(k.count))
                records.append(le: k.firstHit)
            }
            try records.withUnsafeBytes(emit)
        }
        try hits.withUnsafeBytes(emit)
        hits = []
        try IndexBuilder.table(exactKeys, slots: exactSlots, keys: keys).withUnsafeBytes(emit)
        try IndexBuilder.table(skeletonKeys, slots: skeletonSlots, keys: keys).withUnsafeBytes(emit)
        var areaBytes: [UInt8] = []
        for a in areas { areaBytes.append(le: a) }
        try areaBytes.withUnsafeBytes(emit)
        try filter.withUnsafeBytes(emit)
        try strings.withUnsafeBytes(emit)
    }

    /// A key of the index: its bytes (in `keyBytes` while building, `offset` in the strings once written),
    /// hash and hits.
    struct Key {
        var hash: UInt64
        var source: UInt32
        var offset: UInt32
        var length: UInt16
        var count: Int
        var firstHit: UInt32
    }

    /// Sorted entries made into keys (each key's bytes added to the strings) and hits (one per place and
    /// key, the first in order: a place's own name when it has the key).
    private mutating func group(_ entries: [Entry], _ keys: [UInt8], into hits: inout [UInt8]) -> [Key] {
        var found: [Key] = []
        var i = 0
        var seen = Set<UInt32>()
        keys.withUnsafeBufferPointer { k in
            while i < entries.count {
                let first = entries[i]
                var j = i + 1
                while j < entries.count, entries[j].hash == first.hash, IndexBuilder.compare(entries[j], first, k) == 0 { j += 1 }
                let offset = UInt32(strings.count)
                strings.append(contentsOf: UnsafeBufferPointer(rebasing: k[Int(first.key)..<Int(first.key) + Int(first.keyLength)]))
                let firstHit = UInt32(hits.count / IndexFile.hitSize)
                var count = 0
                seen.removeAll(keepingCapacity: true)
                for e in entries[i..<j] where count < Int(UInt16.max) && seen.insert(e.place).inserted {
                    hits.append(le: e.place)
                    hits.append(le: e.name)
                    hits.append(le: e.nameLength)
                    hits.append(le: UInt16(e.isForm ? IndexFile.formHitFlag : 0))
                    count += 1
                }
                found.append(Key(hash: first.hash, source: first.key, offset: offset, length: first.keyLength, count: count, firstHit: firstHit))
                i = j
            }
        }
        return found
    }

    /// Orders two entries' keys by their bytes (same hash assumed): <0, 0, >0.
    static func compare(_ a: Entry, _ b: Entry, _ keys: UnsafeBufferPointer<UInt8>) -> Int {
        let n = min(a.keyLength, b.keyLength)
        let c = memcmp(keys.baseAddress! + Int(a.key), keys.baseAddress! + Int(b.key), Int(n))
        if c != 0 { return Int(c) }
        return Int(a.keyLength) - Int(b.keyLength)
    }

    /// A Bloom filter of the exact keys' hashes, two bits a key in about eight per key: small enough to stay in
    /// cache, so that the typo search's hundreds of probes for a name mostly end here, not in the table.
    static func filter(_ keys: [Key]) -> [UInt8] {
        var bytes = 128
        while bytes * 8 < keys.count * 8 { bytes *= 2 }
        var filter = [UInt8](repeating: 0, count: bytes)
        for key in keys {
            let (a, b) = IndexFile.filterBits(key.hash, bytes: bytes)
            for bit in [a, b] { filter[bit >> 3] |= 1 << UInt8(bit & 7) }
        }
        return filter
    }

    /// A power of two with the keys at most 70 % of it: probes stay short, and the full dump's tables stay
    /// within memory.
    static func slots(for keys: Int) -> Int {
        var n = 16
        while n * 7 < keys * 10 { n *= 2 }
        return n
    }

    /// The hash table of `table`'s keys (in their index order), each slot carrying its key's hit range and
    /// first bytes.
    static func table(_ table: [Key], slots: Int, keys: [UInt8]) -> [UInt8] {
        var data = [UInt8](repeating: 0, count: slots * IndexFile.slotSize)
        data.withUnsafeMutableBytes { d in
            for (i, key) in table.enumerated() {
                var slot = Int(truncatingIfNeeded: key.hash) & (slots - 1)
                while d.load(fromByteOffset: slot * IndexFile.slotSize, as: UInt32.self) != 0 { slot = (slot + 1) & (slots - 1) }
                let at = slot * IndexFile.slotSize
                d.storeBytes(of: UInt32(i + 1).littleEndian, toByteOffset: at, as: UInt32.self)
                d.storeBytes(of: key.firstHit.littleEndian, toByteOffset: at + 4, as: UInt32.self)
                d.storeBytes(of: UInt16(key.count).littleEndian, toByteOffset: at + 8, as: UInt16.self)
                d.storeBytes(of: key.length.littleEndian, toByteOffset: at + 10, as: UInt16.self)
                for j in 0..<min(Int(key.length), IndexFile.inlineKey) {
                    d.storeBytes(of: keys[Int(key.source) + j], toByteOffset: at + 12 + j, as: UInt8.self)
                }
            }
        }
        return data
    }
}

/// Names keyed on one core: their entries, with key bytes and name bytes of their own (offsets relative to
/// these until merged).
struct KeyedPart {
    var exact: [IndexBuilder.Entry] = [], skeleton: [IndexBuilder.Entry] = []
    var keyBytes: [UInt8] = [], nameBytes: [UInt8] = []
    var names: UInt32 = 0

    /// Adds another name of the place at `place`; a place's own name, listed again, is skipped (its keys are
    /// its own name's already).
    mutating func add(_ name: String, place: Int, ownNames: [(offset: UInt32, length: UInt16)], strings: UnsafeBufferPointer<UInt8>) {
        let own = ownNames[place]
        var name = name
        let length = name.utf8.count
        let same = Int(own.length) == length && name.withUTF8 { utf8 in
            guard let a = strings.baseAddress, let b = utf8.baseAddress else { return length == 0 }  // an empty name
            return memcmp(a + Int(own.offset), b, length) == 0
        }
        guard !same else { return }
        let offset = UInt32(nameBytes.count)
        nameBytes.append(contentsOf: name.utf8)
        names += 1
        addKeys(of: name, place: UInt32(place), name: offset, nameLength: length, order: names)
    }

    mutating func add(_ name: String, place: Int, ownNames: [(offset: UInt32, length: UInt16)], strings: [UInt8]) {
        strings.withUnsafeBufferPointer { add(name, place: place, ownNames: ownNames, strings: $0) }
    }

    mutating func addKeys(of name: String, place: UInt32, name offset: UInt32, nameLength: Int, order: UInt32) {
        let key = NameKey.exactBytes(name)
        guard !key.isEmpty, key.count < 60_000 else { return }
        exact.append(entry(key, place: place, name: offset, nameLength: nameLength, order: order))
        let bones = NameKey.skeletonBytes(key)
        if bones.count >= 3 { skeleton.append(entry(bones, place: place, name: offset, nameLength: nameLength, order: order)) }
        // Qaryat X, X Mahallesi: also under X, as a form of the name.
        if let bare = KeyedPart.forms.withoutGenericWords(String(decoding: key, as: UTF8.self)) {
            var form = entry(Array(bare.utf8), place: place, name: offset, nameLength: nameLength, order: order)
            form.isForm = true
            exact.append(form)
        }
    }

    static let forms = NameForms.bundled

    private mutating func entry(_ key: [UInt8], place: UInt32, name: UInt32, nameLength: Int, order: UInt32) -> IndexBuilder.Entry {
        let at = UInt32(keyBytes.count)
        keyBytes.append(contentsOf: key)
        return IndexBuilder.Entry(hash: FNV1a.hash(key), key: at, keyLength: UInt16(key.count),
                                  nameLength: UInt16(min(nameLength, Int(UInt16.max))), place: place, name: name, order: order)
    }
}

/// Read-only bytes shared by the cores of a parallel step.
struct SharedBytes: @unchecked Sendable {
    let bytes: UnsafeBufferPointer<UInt8>
    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }
}

/// The two entry lists, sorted on two cores (each list is touched by one thread only).
private final class SortWork: @unchecked Sendable {
    let keys: UnsafeBufferPointer<UInt8>
    let lists: [UnsafeMutableBufferPointer<IndexBuilder.Entry>]

    init(keys: UnsafeBufferPointer<UInt8>, lists: [UnsafeMutableBufferPointer<IndexBuilder.Entry>]) {
        self.keys = keys
        self.lists = lists
    }

    func sort(_ i: Int) {
        let keys = self.keys
        var list = lists[i]
        list.sort { a, b in
            if a.hash != b.hash { return a.hash < b.hash }
            let c = IndexBuilder.compare(a, b, keys)
            return c != 0 ? c < 0 : a.order < b.order
        }
    }
}

extension IndexBuilder {
    /// Reads places.tsv and names.tsv from `directory` (mapped, a line at a time) into a builder.
    static func reading(_ directory: URL) throws -> IndexBuilder {
        var builder = IndexBuilder()
        try TSVLines.each(directory, "places.tsv", columns: 10) { line, f in
            guard let id = Int(f[0]), let kind = PlaceKind(rawValue: f[1]), let lat = Double(f[5]),
                  let lon = Double(f[6]), let population = Int(f[7]), let parent = Int(f[9]) else {
                throw GazetteerError.malformed(file: "places.tsv", line: line, message: "unreadable place")
            }
            try builder.add(Place(id: id, kind: kind, name: f[2], country: f[3], admin1: f[4], lat: lat, lon: lon,
                                  population: population, feature: f[8], parent: parent))
        }
        // names.tsv in stretches, each keyed on a core; a stretch's names are found by id (binary search)
        let path = directory.appendingPathComponent("names.tsv").path
        guard let mapped = MappedBytes(path: path) else {
            throw GazetteerError.missing("\(path) is missing: build the gazetteer with scripts/build-geodata (scripts/setup runs it)")
        }
        let stretches = TSVLines.stretches(mapped, count: max(1, mapped.count / (8 << 20)))
        let (ids, ownNames) = (builder.ids, builder.ownNames)
        let parts = try builder.strings.withUnsafeBufferPointer { s in
            let strings = SharedBytes(s), file = SharedBytes(UnsafeBufferPointer(start: mapped.base.assumingMemoryBound(to: UInt8.self), count: mapped.count))
            let results = Parallel.map(stretches.count) { k -> Result<KeyedPart, GazetteerError> in
                var part = KeyedPart()
                var cursor = 0
                do {
                    try TSVLines.each(file.bytes, stretches[k], file: "names.tsv", columns: 3) { line, f in
                        guard let id = Int(f[0]) else { throw GazetteerError.malformed(file: "names.tsv", line: line, message: "unreadable id") }
                        if cursor >= ids.count || Int(ids[cursor]) != id {
                            guard let position = IndexBuilder.position(ofID: id, in: ids) else {
                                throw GazetteerError.malformed(file: "names.tsv", line: line, message: "names an unknown place \(id)")
                            }
                            cursor = position
                        }
                        part.add(f[1], place: cursor, ownNames: ownNames, strings: strings.bytes)
                    }
                } catch let error as GazetteerError {
                    return .failure(error)
                } catch {
                    return .failure(.malformed(file: "names.tsv", line: 0, message: "\(error)"))
                }
                return .success(part)
            }
            return try results.map { try $0.get() }
        }
        builder.merge(parts)
        return builder
    }
}

/// The rows of a TSV with a header, read from the mapped file a line at a time.
enum TSVLines {
    static func each(_ directory: URL, _ file: String, columns: Int, _ body: (Int, [String]) throws -> Void) throws {
        let path = directory.appendingPathComponent(file).path
        guard let mapped = MappedBytes(path: path) else {
            throw GazetteerError.missing("\(path) is missing: build the gazetteer with scripts/build-geodata (scripts/setup runs it)")
        }
        let bytes = UnsafeBufferPointer(start: mapped.base.assumingMemoryBound(to: UInt8.self), count: mapped.count)
        try each(bytes, afterHeader(bytes)..<bytes.count, file: file, columns: columns, firstLine: 2, body)
    }

    /// Where the line after the header starts.
    static func afterHeader(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        (bytes.firstIndex(of: 0x0A) ?? bytes.count - 1) + 1
    }

    /// About `count` stretches of the rows, each cut at a line's end (the header left out).
    static func stretches(_ mapped: MappedBytes, count: Int) -> [Range<Int>] {
        let bytes = UnsafeBufferPointer(start: mapped.base.assumingMemoryBound(to: UInt8.self), count: mapped.count)
        var cuts = [afterHeader(bytes)]
        for k in 1..<max(count, 1) {
            let guess = max(cuts.last!, bytes.count * k / count)
            let end = bytes[guess...].firstIndex(of: 0x0A).map { $0 + 1 } ?? bytes.count
            if end > cuts.last!, end < bytes.count { cuts.append(end) }
        }
        cuts.append(bytes.count)
        return zip(cuts, cuts.dropFirst()).map { $0..<$1 }.filter { !$0.isEmpty }
    }

    /// The rows in `range` (whole lines); `firstLine`: the number of its first line, for messages (0: unknown,
    /// messages then give byte offsets).
    static func each(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, file: String, columns: Int, firstLine: Int = 0,
                     _ body: (Int, [String]) throws -> Void) throws {
        guard let base = bytes.baseAddress else { return }  // an empty file: no rows
        var start = range.lowerBound, number = firstLine
        var fields: [String] = []
        fields.reserveCapacity(columns)
        while start < range.upperBound {
            let end = memchr(base + start, 0x0A, range.upperBound - start).map { UnsafePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - base } ?? range.upperBound
            let where_ = firstLine > 0 ? number : start
            if end > start {
                fields.removeAll(keepingCapacity: true)
                var fieldStart = start
                for i in start...end where i == end || base[i] == 0x09 {
                    fields.append(String(decoding: UnsafeBufferPointer(start: base + fieldStart, count: i - fieldStart), as: UTF8.self))
                    fieldStart = i + 1
                }
                guard fields.count == columns else {
                    throw GazetteerError.malformed(file: file, line: where_, message: "\(fields.count) fields, expected \(columns)" + (firstLine > 0 ? "" : " (the line at byte \(start))"))
                }
                try body(where_, fields)
            }
            number += 1
            start = end + 1
        }
    }
}

extension Array where Element == UInt8 {
    mutating func append<T: FixedWidthInteger>(le value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}

/// The old entry point, for callers with places and names in memory (tests).
enum IndexWriter {
    static func build(places: [Place], names: [(place: Int, name: String)], stamp: UInt64) -> Data {
        var builder = IndexBuilder()
        for p in places { try! builder.add(p) }
        builder.addNames(names)
        var out = Data()
        try! builder.write(stamp: stamp) { out.append(contentsOf: $0) }
        return out
    }
}
