import Foundation

public enum GazetteerError: Error, Sendable, CustomStringConvertible {
    case missing(String)
    case malformed(file: String, line: Int, message: String)

    public var description: String {
        switch self {
        case .missing(let m): m
        case .malformed(let file, let line, let message): "\(file): line \(line): \(message)"
        }
    }
}

/// The gazetteer built by `scripts/build-geodata`: places, every name they are known by, demonyms, and
/// (read on demand) country and admin1 polygons. The places and names are read through `IndexFile`, a
/// memory-mapped index built from the TSVs on first use (and again whenever they change). Read-only once
/// loaded, so one instance serves every thread.
public final class Gazetteer: Sendable {
    public let directory: URL
    let index: IndexFile
    /// Demonym key → ISO country code ("" for an ethnic group: Kurdish names no country).
    private let demonymIndex: [String: String]
    /// The last three letters of every demonym's key, packed: most names end otherwise and are no demonym
    /// (a test on their bytes before any key is made).
    private let demonymEnds: Set<UInt32>
    private let countries: [String: Int]
    private let admin1s: [String: Int]
    let polygons = PolygonStore()
    let countryNames = CountryNames()

    public var placeCount: Int { index.placeCount }

    /// Opens `directory` (places.tsv, names.tsv, demonyms.tsv), building `index.bin` there if it is missing
    /// or older than the TSVs (`onBuild` is told, as that takes a while on the full data).
    public init(directory: URL, onBuild: (String) -> Void = { _ in }) throws {
        self.directory = directory
        let stamp = try Gazetteer.stamp(directory)
        let indexURL = directory.appendingPathComponent("index.bin")
        var index = MappedBytes(path: indexURL.path).flatMap { try? IndexFile($0) }
        if index?.stamp != stamp {
            onBuild("building the gazetteer index \(indexURL.path) (once per build of geodata/)")
            index = try Gazetteer.buildIndex(directory, stamp: stamp, at: indexURL)
        }
        self.index = index!
        var countries: [String: Int] = [:], admin1s: [String: Int] = [:]
        for k in 0..<self.index.areaCount {
            let i = self.index.area(k)
            let p = self.index.place(i)
            if p.kind == .country { countries[p.country] = i } else { admin1s["\(p.country).\(p.admin1)"] = i }
        }
        self.countries = countries
        self.admin1s = admin1s
        var demonyms: [String: String] = [:]
        try Gazetteer.rows(directory, "demonyms.tsv", columns: 3) { _, f in
            demonyms[NameKey.exact(String(f[0]))] = String(f[1])
        }
        demonymIndex = demonyms
        demonymEnds = Set(demonyms.keys.compactMap(Gazetteer.lastThreeLetters))
    }

    /// Identifies the TSVs the index was built from: their sizes and modification times.
    private static func stamp(_ directory: URL) throws -> UInt64 {
        // The name forms' table too: the index keeps names without their generic words.
        var hash = NameForms.bundled.fingerprint
        for file in ["places.tsv", "names.tsv"] {
            let path = directory.appendingPathComponent(file).path
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else {
                throw GazetteerError.missing("\(path) is missing: build the gazetteer with scripts/build-geodata (scripts/setup runs it)")
            }
            let size = (attributes[.size] as? NSNumber)?.uint64Value ?? 0
            let modified = UInt64(((attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0) * 1000)
            for value in [size, modified] {
                hash = (hash ^ value) &* FNV1a.prime
            }
        }
        return hash
    }

    /// Builds the index from the TSVs into `url` (written beside and renamed into place: a reader never sees
    /// half a file), or, in a read-only folder, into a temporary file mapped for this run.
    private static func buildIndex(_ directory: URL, stamp: UInt64, at url: URL) throws -> IndexFile {
        var builder = try IndexBuilder.reading(directory)
        let suffix = ".\(ProcessInfo.processInfo.processIdentifier).tmp"
        var temporary = url.path + suffix
        var fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let beside = fd >= 0
        if !beside {
            temporary = NSTemporaryDirectory() + "geotrack-index" + suffix
            fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        }
        guard fd >= 0 else { throw GazetteerError.missing("cannot write the gazetteer index \(url.path) or a temporary copy") }
        var failed = false
        try builder.write(stamp: stamp) { bytes in
            var at = 0
            guard let base = bytes.baseAddress else { return }
            while at < bytes.count, !failed {
                let n = Foundation.write(fd, base + at, bytes.count - at)
                if n <= 0 { failed = true } else { at += n }
            }
        }
        close(fd)
        defer { unlink(temporary) }  // renamed into place, or mapped: either way the name is not needed
        guard !failed else { throw GazetteerError.missing("cannot write the gazetteer index \(temporary) (disk full?)") }
        if beside, rename(temporary, url.path) == 0, let mapped = MappedBytes(path: url.path) { return try IndexFile(mapped) }
        guard let mapped = MappedBytes(path: temporary) else { throw GazetteerError.missing("cannot map the gazetteer index \(temporary)") }
        return try IndexFile(mapped)
    }

    /// Reads a TSV with a header, calling `body` with each row's fields.
    static func rows(_ directory: URL, _ file: String, columns: Int,
                     _ body: (Int, [Substring]) throws -> Void) throws {
        let url = directory.appendingPathComponent(file)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw GazetteerError.missing("\(url.path) is missing: build the gazetteer with scripts/build-geodata (scripts/setup runs it)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw GazetteerError.malformed(file: file, line: 0, message: "not UTF-8")
        }
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            lineNumber += 1
            if lineNumber == 1 { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == columns else {
                throw GazetteerError.malformed(file: file, line: lineNumber, message: "\(fields.count) fields, expected \(columns)")
            }
            try body(lineNumber, fields)
        }
    }

    // MARK: Lookups

    /// By binary search: the index keeps places in id order (the build writes them sorted), so no id map is
    /// built at start.
    public func place(id: Int) -> Place? { index.position(ofID: id).map { index.place($0) } }

    public func country(code: String) -> Place? { countries[code.uppercased()].map { index.place($0) } }

    public func admin1(country: String, code: String) -> Place? { admin1s["\(country).\(code)"].map { index.place($0) } }

    /// The place and every place above it, nearest first.
    public func chain(of place: Place) -> [Place] {
        var chain = [place]
        var current = place
        while current.parent != 0, let up = self.place(id: current.parent), chain.count < 8 {
            chain.append(up)
            current = up
        }
        return chain
    }

    /// The country a demonym or adjective names (Turkish → TR); "" for an ethnic group (Kurdish); nil when
    /// the word is neither.
    public func demonym(_ word: String) -> String? {
        if let end = Gazetteer.lastThreeLetters(word), !demonymEnds.contains(end) { return nil }
        return demonymIndex[NameKey.exact(word)]
    }

    /// The last three bytes of an ASCII word, lower case, packed (nil for a shorter or non-ASCII word, or one
    /// ending in anything but letters, which the full test handles).
    static func lastThreeLetters(_ word: String) -> UInt32? {
        var packed: UInt32 = 0, n = 0
        for b in word.utf8.reversed() {
            guard (b | 0x20) >= 0x61, (b | 0x20) <= 0x7A else { return nil }
            packed |= UInt32(b | 0x20) << (8 * n)
            n += 1
            if n == 3 { return packed }
        }
        return nil
    }

    /// The first word of every demonym's key ("sri" of "sri lankan"): a word that is none of these starts no
    /// demonym, which rules most words out before any is looked up.
    public var demonymFirstWords: Set<String> {
        Set(demonymIndex.keys.map { String($0.prefix { $0 != " " }) })
    }

    /// How a name matched: as written, in another of its forms (`NameForms`: Tell for Tall, without Qaryat),
    /// by its consonants, or one edit away.
    enum Quality: Int, Sendable, Comparable {
        case exact = 0, form = 1, skeleton = 2, fuzzy = 3
        static func < (a: Quality, b: Quality) -> Bool { a.rawValue < b.rawValue }
    }

    /// A place that matched, with its name not yet read (`named` reads it, for the matches kept).
    struct Candidate: Sendable {
        var place: Place
        var hit: Int
        var quality: Quality
        /// The place stands for a part of it the gazetteer does not know ("Damascus - Jobar" → Damascus).
        var standsForPart = false
    }

    /// Places whose name is one edit (a letter deleted, inserted, changed, or two swapped) from `query`'s key:
    /// typos in longer names ("Damascsu", "Ankqra"). Keys of 6 to 40 ASCII letters only; each variant is one
    /// filter probe (55 a letter, about 350 to 2,200 in all), so this runs only when nothing else matched.
    func fuzzyCandidates(_ query: String) -> [Candidate] {
        let key = Array(NameKey.exactBytes(query))
        guard (6...40).contains(key.count), key.allSatisfy({ $0 < 0x80 }) else { return [] }
        var found: [Candidate] = []
        var seen = Set<Int>()
        let variants = OneEdit.variants(of: key)
        // Most variants name nothing: the filter says so without touching the table. Asked for all of them in
        // one tight loop, so that the processor overlaps the filter's cache misses.
        let maybe = variants.indices.filter { index.mayHaveExactKey(hash: variants[$0].hash) }
        for v in maybe {
            let bytes = variants[v].edit.applied(to: key)
            let range = bytes.withUnsafeBufferPointer { index.hitRange($0, hash: variants[v].hash, skeleton: false) }
            for h in range where seen.insert(index.hitPlace(h)).inserted {
                found.append(Candidate(place: index.place(index.hitPlace(h), named: false), hit: h, quality: .fuzzy))
            }
        }
        return found
    }

    /// The name a candidate matched.
    func matchedName(_ c: Candidate) -> String { index.hitName(c.hit) }

    /// The candidate's place with its name, and the name it matched.
    func named(_ c: Candidate) -> (place: Place, matchedName: String) {
        var place = c.place
        place.name = index.placeName(index.hitPlace(c.hit))
        return (place, index.hitName(c.hit))
    }

    /// How many places bear a name with `query`'s exact key: one index lookup, no ranking (for benchmarks).
    public func exactMatches(_ query: String) -> Int {
        index.hitRange(bytes: NameKey.exactBytes(query), skeleton: false).count
    }

    /// Every place whose name matches `query` exactly (after normalisation), or — with `skeletons`, and only
    /// when nothing matches exactly — by skeleton.
    func candidates(_ query: String, skeletons: Bool = true) -> [Candidate] {
        candidates(key: NameKey.exact(query), skeletons: skeletons)
    }

    /// `candidates` for a name's exact key; `quality`: what an exact hit on it counts as.
    func candidates(key: String, skeletons: Bool = true, quality: Quality = .exact) -> [Candidate] {
        guard !key.isEmpty else { return [] }
        // The index keeps one hit per place and key, so an exact key's hits are distinct places.
        var found = index.hitRange(key, skeleton: false).map { h in
            Candidate(place: index.place(index.hitPlace(h), named: false), hit: h, quality: index.hitIsForm(h) ? max(quality, .form) : quality)
        }
        if skeletons, found.isEmpty { found = skeletonCandidates(key: key) }
        return found
    }
}

extension Gazetteer {
    /// Places whose name has the skeleton of `key` (its consonants: `NameKey.skeleton`).
    func skeletonCandidates(key: String) -> [Candidate] {
        // A skeleton is only telling for longer names: "hms" would match half the map's short names.
        guard key.count >= 5, case let bones = NameKey.skeleton(key), bones.count >= 3 else { return [] }
        return index.hitRange(bones, skeleton: true).map { h in
            Candidate(place: index.place(index.hitPlace(h), named: false), hit: h, quality: .skeleton)
        }
    }

    /// The gazetteer in `GEOTRACK_GEODATA`, else `geodata/` in the working directory, else beside the build
    /// (`.build/<config>/geotrack` → the package's `geodata/`).
    public static func defaultDirectory() -> URL {
        if let dir = ProcessInfo.processInfo.environment["GEOTRACK_GEODATA"] { return URL(fileURLWithPath: dir) }
        let local = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("geodata")
        if FileManager.default.fileExists(atPath: local.appendingPathComponent("places.tsv").path) { return local }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        return executable.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("geodata")
    }
}
