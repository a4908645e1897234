import Foundation

/// The keys a place name is indexed and looked up by. Two names that a reader would take for the same
/// place should share a key:
/// - `exact`: case, diacritics (Ḩ → h), apostrophes and ʿ ʾ, hyphens and dots folded; Arabic articles
///   dropped wherever they stand (Al-Hasakah, al Hasakah, Hasakah; Deir ez-Zor, Deir al-Zour → "deir zor"…);
///   "St." read as "saint"; "the" after "of" dropped; Arabic script folded (alef forms, taa marbuta, harakat, the article ال).
/// - `skeleton`: the exact key's consonants, with vowels, y, w and h after a consonant and doubled letters
///   dropped — the transliteration variants Hasakah / Hasaka / Hasakeh / Haseke, Qamishli / Qamishlo and
///   Deir ez-Zor / Dayr az Zawr meet here. Matches on it rank below exact ones.
public enum NameKey {
    static let articles: Set<String> = ["al", "el", "ar", "as", "ad", "an", "at", "az", "ash", "ath", "adh", "ez", "es", "ed", "en", "et", "ul", "ud", "ur",
                                        "esh", "eth", "edh", "er"]

    public static func exact(_ name: String) -> String {
        if let ascii = asciiExactBytes(name) { return String(decoding: ascii, as: UTF8.self) }
        return general(name)
    }

    /// `exact` as UTF-8 bytes (what the index hashes), without making a String on the common ASCII path.
    static func exactBytes(_ name: String) -> [UInt8] {
        asciiExactBytes(name) ?? Array(general(name).utf8)
    }

    private static func general(_ name: String) -> String {
        var folded = ""
        folded.reserveCapacity(name.utf8.count)
        for original in name.unicodeScalars {
            guard original.isASCII else {
                for scalar in ScalarFolding.shared.fold(original).unicodeScalars { append(scalar, to: &folded) }
                continue
            }
            append(original, to: &folded)
        }
        return words(folded)
    }

    /// `exact` for an all-ASCII name, on bytes: the common case, with no String work until the end.
    /// nil when the name has other characters (the general path handles those).
    private static func asciiExactBytes(_ name: String) -> [UInt8]? {
        var name = name
        return name.withUTF8 { bytes -> [UInt8]? in
            var out = [UInt8]()
            out.reserveCapacity(bytes.count)
            var wordStart = 0
            func endWord() {
                let length = out.count - wordStart
                if length == 0 { return }
                // Articles and "St." are two or three letters: only such words are tested, as one integer.
                if length <= 3 {
                    var packed: UInt32 = 0
                    for b in out[wordStart...] { packed = packed << 8 | UInt32(b) }
                    if articlePacked.contains(packed) {
                        out.removeSubrange(wordStart...)
                    } else if packed == saintPacked.st || packed == saintPacked.ste {
                        out.replaceSubrange(wordStart..., with: "saint".utf8)
                    }
                }
                if out.count > wordStart { out.append(0x20) }
                wordStart = out.count
            }
            for b in bytes {
                guard b < 0x80 else { return nil }
                switch b {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): out.append(b | 0x20)
                case UInt8(ascii: "'"), UInt8(ascii: "`"), UInt8(ascii: "\""): continue
                case UInt8(ascii: " "), 0x09, UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ","),
                     UInt8(ascii: "/"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: ":"), UInt8(ascii: ";"):
                    endWord()
                default: out.append(b)
                }
            }
            endWord()
            if out.last == 0x20 { out.removeLast() }
            // Only articles: keep them, as the general path does.
            if out.isEmpty { return nil }
            dropTheAfterOf(&out)
            return out
        }
    }

    /// Each article's letters packed into an integer (big-endian), for the ASCII path's test.
    private static let articlePacked: Set<UInt32> = Set(articles.map { $0.utf8.reduce(UInt32(0)) { $0 << 8 | UInt32($1) } })
    private static let saintPacked = (st: UInt32(0x7374), ste: UInt32(0x737465))

    /// One scalar of a name, already decomposed: punctuation to spaces, Arabic letter forms folded.
    private static func append(_ scalar: Unicode.Scalar, to folded: inout String) {
            switch scalar {
            case "'", "’", "‘", "`", "´", "ʿ", "ʾ", "ʻ", "ʼ", "\"":
                return
            case "-", "‐", "–", "—", "_", ".", ",", "/", "(", ")", ":", ";":
                folded.append(" ")
            case "أ", "إ", "آ", "ٱ":
                folded.append("ا")
            case "ة":
                folded.append("ه")
            case "ى":
                folded.append("ي")
            case "ـ":
                return  // tatweel
            default:
                folded.unicodeScalars.append(scalar)
            }
    }

    private static func words(_ folded: String) -> String {
        var words: [Substring] = []
        for word in folded.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            if articles.contains(String(word)) { continue }
            if word == "st" || word == "ste" { words.append("saint"); continue }
            if word.hasPrefix("ال"), word.count > 3 { words.append(word.dropFirst(2)); continue }
            words.append(word)
        }
        // "al" alone (or only articles) is still a name: keep what was there rather than nothing.
        if words.isEmpty { return folded.lowercased().split(separator: " ").joined(separator: " ") }
        // "the" after "of" goes, as on the ASCII path.
        for k in words.indices.dropFirst().reversed() where words[k] == "the" && words[k - 1] == "of" && k + 1 < words.count {
            words.remove(at: k)
        }
        return words.joined(separator: " ")
    }

    /// "Democratic Republic of the Congo" and "… of Congo" are one name: "the" after "of" goes.
    private static func dropTheAfterOf(_ key: inout [UInt8]) {
        let pattern = Array(" of the ".utf8)
        guard key.count > pattern.count else { return }
        var i = 0
        while i + pattern.count <= key.count {
            if key[i] == 0x20, key[i + 1] == UInt8(ascii: "o"), key[(i + 1)..<(i + pattern.count)].elementsEqual(pattern.dropFirst()) {
                key.removeSubrange((i + 4)..<(i + 8))  // " of " stays
            }
            i += 1
        }
    }

    /// `skeleton` of a key's UTF-8 bytes: the same result, without Character work for an ASCII key (the index
    /// build computes tens of millions of them).
    static func skeletonBytes(_ key: [UInt8]) -> [UInt8] {
        guard key.allSatisfy({ $0 < 0x80 }) else { return Array(characterSkeleton(String(decoding: key, as: UTF8.self)).utf8) }
        var out = [UInt8]()
        out.reserveCapacity(key.count)
        for word in key.split(separator: 0x20) {
            if !out.isEmpty { out.append(0x20) }
            var kept: UInt8? = nil, before: UInt8 = 0x20
            for (i, c) in word.enumerated() {
                defer { before = c }
                if i > 0, isVowelLike(c, after: before) { continue }
                if c == kept { continue }
                out.append(c)
                kept = c
            }
        }
        return out
    }

    /// `skeleton`'s test on bytes: a vowel, y or w, or an h that is no digraph's second letter.
    @inline(__always)
    private static func isVowelLike(_ c: UInt8, after before: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "a"), UInt8(ascii: "e"), UInt8(ascii: "i"), UInt8(ascii: "o"), UInt8(ascii: "u"), UInt8(ascii: "y"), UInt8(ascii: "w"):
            return true
        case UInt8(ascii: "h"):
            switch before {
            case UInt8(ascii: "c"), UInt8(ascii: "g"), UInt8(ascii: "k"), UInt8(ascii: "p"), UInt8(ascii: "s"), UInt8(ascii: "t"), UInt8(ascii: "z"):
                return false
            default: return true
            }
        default: return false
        }
    }

    public static func skeleton(_ exactKey: String) -> String {
        // Most keys are ASCII: their bytes give the same skeleton without Character work.
        let bytes = Array(exactKey.utf8)
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: skeletonBytes(bytes), as: UTF8.self) }
        return characterSkeleton(exactKey)
    }

    /// `skeleton` by Characters, for keys in other scripts.
    static func characterSkeleton(_ exactKey: String) -> String {
        var out = ""
        for word in exactKey.split(separator: " ") {
            if !out.isEmpty { out.append(" ") }
            var kept: Character? = nil, before: Character? = nil
            for (i, c) in word.enumerated() {
                defer { before = c }
                // h after a vowel is a vowel's length (Hasakah, Hasakeh); after c, g, k, p, s, t it is a digraph.
                let vowelLike = "aeiouyw".contains(c) || (c == "h" && !"cgkpstz".contains(before ?? " "))
                if i > 0, vowelLike { continue }
                if c == kept { continue }
                out.append(c)
                kept = c
            }
        }
        return out
    }
}

/// NFKD decomposition without the combining marks, one scalar at a time, remembered: Foundation's
/// normalisation is slow on Linux, and a gazetteer's million names share a few thousand distinct scalars.
final class ScalarFolding: @unchecked Sendable {
    static let shared = ScalarFolding()
    private let lock = NSLock()
    private var cache: [UInt32: String] = [:]
    /// The scripts of most names (Latin with diacritics, Greek, Cyrillic, Hebrew, Arabic) folded once, up front,
    /// and read without the lock: batches fold millions of scalars on every core.
    private static let common: [String] = (0x80..<ScalarFolding.commonEnd).map { value in
        Unicode.Scalar(value).map(ScalarFolding.decompose) ?? ""
    }
    private static let commonEnd: UInt32 = 0x700

    func fold(_ scalar: Unicode.Scalar) -> String {
        if scalar.value >= 0x80, scalar.value < ScalarFolding.commonEnd { return ScalarFolding.common[Int(scalar.value - 0x80)] }
        lock.lock()
        defer { lock.unlock() }
        if let known = cache[scalar.value] { return known }
        let out = ScalarFolding.decompose(scalar)
        cache[scalar.value] = out
        return out
    }

    private static func decompose(_ scalar: Unicode.Scalar) -> String {
        var out = ""
        for s in String(Character(scalar)).decomposedStringWithCompatibilityMapping.unicodeScalars {
            switch s.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark: continue  // diacritics, Arabic harakat
            default: out.unicodeScalars.append(s)
            }
        }
        return out
    }
}
