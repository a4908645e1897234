import Gazetteer

/// A report's text cut into tokens and sentences, with offsets in Unicode code points (end exclusive) — the
/// convention of the evaluation corpora and of every span geotrack writes.
public struct Text: Sendable {
    public let scalars: [Unicode.Scalar]
    /// The text as given (its UTF-8 contiguous), which spans are copied from.
    private let source: String
    /// The UTF-8 offset of each code point, and of the end (nil: the text is ASCII, so they are equal).
    private let utf8Offsets: [Int32]?
    public private(set) var tokens: [Token] = []
    /// Sentences as ranges of token indices.
    public private(set) var sentences: [Range<Int>] = []

    public struct Token: Sendable {
        public enum Kind: Sendable { case word, number, punctuation }
        public var kind: Kind
        public var start: Int
        public var end: Int
        public var text: String
        /// What separates this token from the next one: a space, a hyphen (no space), nothing, or a line break.
        public var gap: Gap = .space
        public enum Gap: Sendable { case space, hyphen, none, lineBreak, paragraph }

        /// The text in lower case, made once (every rule reads it).
        public var lowered: String
        /// `lowered`'s key in word tables (`WordTable`).
        let key: UInt64
        public var isCapitalised: Bool
        public var isAllCaps: Bool
        /// "’s" or "'s": an owner's mark ("Beirut's", "Turkey's").
        public var isPossessive: Bool { text == "’s" || text == "'s" }

        init(kind: Kind, start: Int, end: Int, text: String, gap: Gap) {
            self.kind = kind
            self.start = start
            self.end = end
            self.text = text
            self.gap = gap
            lowered = text.lowercased()
            key = WordKey.of(lowered)
            let first = text.unicodeScalars.first
            isCapitalised = first.map { $0.value < 0x80 ? ($0.value >= 0x41 && $0.value <= 0x5A) : $0.properties.isUppercase } ?? false
            var letters = 0
            var lower = false
            for s in text.unicodeScalars {
                if s.value < 0x80 {
                    if s.value >= 0x61 && s.value <= 0x7A { lower = true; break }
                    if s.value >= 0x41 && s.value <= 0x5A { letters += 1 }
                } else if s.properties.isAlphabetic {
                    if s.properties.isLowercase { lower = true; break }
                    letters += 1
                }
            }
            isAllCaps = !lower && letters > 0
        }

        /// A token of ASCII text, its forms made in one pass over its bytes.
        init(kind: Kind, start: Int, end: Int, ascii scalars: ArraySlice<Unicode.Scalar>) {
            self.kind = kind
            self.start = start
            self.end = end
            let n = scalars.count
            var upper = false, lower = false
            text = String(unsafeUninitializedCapacity: n) { buffer in
                for (i, s) in scalars.enumerated() {
                    let b = UInt8(truncatingIfNeeded: s.value)
                    if b >= 0x41 && b <= 0x5A { upper = true } else if b >= 0x61 && b <= 0x7A { lower = true }
                    buffer[i] = b
                }
                return n
            }
            // The key is hashed in the same pass (FNV-1a, as `WordKey.of`; a test holds the two equal).
            var hash = FNV1a.offset
            lowered = String(unsafeUninitializedCapacity: n) { buffer in
                for (i, s) in scalars.enumerated() {
                    var b = UInt8(truncatingIfNeeded: s.value)
                    if b >= 0x41 && b <= 0x5A { b |= 0x20 }
                    buffer[i] = b
                    hash = (hash ^ UInt64(b)) &* FNV1a.prime
                }
                return n
            }
            key = max(1, hash)
            let first = scalars.first.map { $0.value } ?? 0
            isCapitalised = first >= 0x41 && first <= 0x5A
            isAllCaps = upper && !lower
        }
    }

    public init(_ string: String) {
        var source = string
        source.makeContiguousUTF8()
        self.source = source
        scalars = Array(source.unicodeScalars)
        // Where each code point starts in the UTF-8 (and where the last ends); none needed when the two
        // coincide (ASCII).
        if scalars.count != source.utf8.count {
            var offsets = [Int32]()
            offsets.reserveCapacity(scalars.count + 1)
            var at: Int32 = 0
            for s in scalars {
                offsets.append(at)
                at += Int32(UTF8.width(s))
            }
            offsets.append(at)
            utf8Offsets = offsets
        } else {
            utf8Offsets = nil
        }
        tokenize()
        splitSentences()
    }

    /// The text of a span of code points: its UTF-8 copied from the source.
    public func slice(_ start: Int, _ end: Int) -> String {
        let from = utf8Offsets.map { Int($0[start]) } ?? start
        let to = utf8Offsets.map { Int($0[end]) } ?? end
        var source = source
        return source.withUTF8 { String(decoding: UnsafeBufferPointer(rebasing: $0[from..<to]), as: UTF8.self) }
    }

    /// The text of tokens `range` as written (with the spaces and hyphens between them).
    public func text(ofTokens range: Range<Int>) -> String { slice(tokens[range.lowerBound].start, tokens[range.upperBound - 1].end) }

    private static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        if s.value < 0x80 {
            let v = s.value | 0x20
            return (v >= 0x61 && v <= 0x7A) || s == "'"
        }
        return s.properties.isAlphabetic || s.properties.generalCategory == .nonspacingMark || s == "’" || s == "ʿ" || s == "ʾ"
    }

    private static func isSpace(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x80 ? s == " " || s == "\n" || s == "\t" || s == "\r" || s.value == 0x0B || s.value == 0x0C : s.properties.isWhitespace
    }

    private static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }

    private mutating func tokenize() {
        var i = 0
        let n = scalars.count
        while i < n {
            let s = scalars[i]
            if Text.isSpace(s) {
                if !tokens.isEmpty {
                    var newlines = 0
                    var j = i
                    while j < n, Text.isSpace(scalars[j]) { if scalars[j] == "\n" { newlines += 1 }; j += 1 }
                    tokens[tokens.count - 1].gap = newlines >= 2 ? .paragraph : newlines == 1 ? .lineBreak : .space
                    i = j
                } else { i += 1 }
                continue
            }
            let start = i
            let kind: Token.Kind
            if Text.isDigit(s) {
                // 1,200 and 04:30 and 1.5 stay one number; "1km" splits into 1 and km.
                while i < n, Text.isDigit(scalars[i])
                    || ((scalars[i] == "," || scalars[i] == "." || scalars[i] == ":") && i + 1 < n && Text.isDigit(scalars[i + 1]) && i > start) { i += 1 }
                kind = .number
            } else if Text.isWordScalar(s) && s != "'" && s != "’" {
                while i < n, Text.isWordScalar(scalars[i]) || Text.isDigit(scalars[i]) { i += 1 }
                // A possessive or contraction ("Turkey’s", "It’s") leaves the word; "O'Brien" keeps its apostrophe.
                if i - start > 2, scalars[i - 2] == "’" || scalars[i - 2] == "'", scalars[i - 1] == "s" || scalars[i - 1] == "S" { i -= 2 }
                else if i - start > 1, scalars[i - 1] == "’" || scalars[i - 1] == "'" { i -= 1 }
                // Abbreviations with dots: "U.S.", "U.K.", "D.C." are one token.
                if i - start == 1, s.properties.isUppercase, i + 2 < n, scalars[i] == ".", scalars[i + 1].properties.isUppercase {
                    while i + 1 < n, scalars[i] == ".", scalars[i + 1].properties.isUppercase,
                          i + 2 >= n || !Text.isWordScalar(scalars[i + 2]) || scalars[i + 2] == "." { i += 2 }
                    // AP state abbreviations with a short second part: "W.Va.", "N.Mex." are one token too.
                    if i - start == 1, i + 3 < n, scalars[i] == ".", scalars[i + 1].properties.isUppercase {
                        var k = i + 2
                        while k < n, k - i <= 4, scalars[k].properties.isLowercase { k += 1 }
                        if k > i + 2, k < n, scalars[k] == ".", k + 1 >= n || !Text.isWordScalar(scalars[k + 1]) { i = k }
                    }
                    if i < n, scalars[i] == "." { i += 1 }
                }
                kind = .word
            } else {
                i += 1
                // A possessive after a word: "’s" is one token.
                if (s == "’" || s == "'"), i < n, scalars[i] == "s", i + 1 >= n || !Text.isWordScalar(scalars[i + 1]) { i += 1 }
                kind = .punctuation
            }
            if let last = tokens.indices.last, tokens[last].end == start { tokens[last].gap = .none }
            let part = scalars[start..<i]
            tokens.append(utf8Offsets == nil || part.allSatisfy { $0.value < 0x80 } ? Token(kind: kind, start: start, end: i, ascii: part)
                                                             : Token(kind: kind, start: start, end: i, text: slice(start, i), gap: .space))
        }
        // Hyphens between words are joiners, not tokens of their own: "al-Hasakah", "north-eastern". The
        // tokens kept move down in place.
        var kept = 0
        for k in tokens.indices {
            let t = tokens[k]
            if t.kind == .punctuation, t.text == "-" || t.text == "‐", kept > 0, tokens[kept - 1].gap == .none, t.gap == .none,
               k + 1 < tokens.count, tokens[k + 1].kind != .punctuation {
                tokens[kept - 1].gap = .hyphen
                continue
            }
            if kept != k { tokens.swapAt(kept, k) }
            kept += 1
        }
        tokens.removeLast(tokens.count - kept)
    }

    /// Titles and abbreviations after which a full stop does not end a sentence.
    static let abbreviations: WordSet = [
        "mr", "mrs", "ms", "dr", "gen", "brig", "col", "lt", "maj", "capt", "sgt", "adm", "gov", "sen", "rep", "st",
        "prof", "rev", "jr", "sr", "no", "vs", "inc", "corp", "co", "ltd", "mt", "ft", "ave", "blvd", "rd", "jan", "feb",
        "mar", "apr", "aug", "sep", "sept", "oct", "nov", "dec", "ala", "ariz", "ark", "calif", "colo", "conn", "del",
        "fla", "ga", "ill", "ind", "kan", "ky", "la", "md", "mass", "mich", "minn", "miss", "mo", "mont", "neb", "nev",
        "okla", "ore", "pa", "tenn", "tex", "va", "vt", "wash", "wis", "wyo", "e.g", "i.e", "approx", "est",
    ]

    private mutating func splitSentences() {
        var start = 0
        for (i, t) in tokens.enumerated() {
            var ends = false
            if t.gap == .paragraph || t.gap == .lineBreak {
                ends = true
            } else if t.kind == .punctuation, t.text == "." || t.text == "!" || t.text == "?", t.gap != .none {
                let previous = i > 0 ? tokens[i - 1] : nil
                let isAbbreviation = previous.map { p in
                    p.kind == .word && p.gap == .none && (Text.abbreviations.contains(p) || p.text.count == 1)
                } ?? false
                let next = i + 1 < tokens.count ? tokens[i + 1] : nil
                let nextStarts = next.map { $0.isCapitalised || $0.kind != .word } ?? true
                ends = !isAbbreviation && nextStarts
            }
            // An abbreviation with its stop ("… in the U.K. The next") keeps the sentence going: rare, and
            // splitting after every "U.S." would be worse.
            if ends {
                sentences.append(start..<(i + 1))
                start = i + 1
            }
        }
        if start < tokens.count { sentences.append(start..<tokens.count) }
    }
}
