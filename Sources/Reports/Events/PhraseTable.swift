/// Word sequences from the lexicon's data files, each with what it stands for, found in a text's tokens.
/// A phrase's words may carry an inflection mark — "shell/v" (a verb: shells, shelled, shelling), "clash/n"
/// (a noun: clashes) — and irregular forms after a colon ("shoot/v:shot"); the table holds every form.
/// Words written in capitals ("IS", "SDF") must be written so in the text; the rest match in any case.
struct PhraseTable<Target: Sendable>: Sendable {
    struct Phrase: Sendable {
        var words: [String]
        var exactCase: [Bool]
        var target: Target
    }

    /// Phrases by their first word, lower-cased, longest first.
    private let byFirstWord: WordTable<[Phrase]>

    init(_ entries: [(phrase: String, target: Target)]) throws {
        var table: [String: [Phrase]] = [:]
        for (phrase, target) in entries {
            for words in try PhraseTable.expand(phrase) where !words.isEmpty {
                let exact = words.map(PhraseTable.isAcronym)
                table[words[0].lowercased(), default: []].append(Phrase(words: words.map { $0.lowercased() }, exactCase: exact, target: target))
            }
        }
        for key in table.keys { table[key]!.sort { $0.words.count > $1.words.count } }
        byFirstWord = WordTable(table.map { ($0.key, $0.value) })
    }

    /// Every word sequence a lexicon phrase stands for: the product of each word's forms.
    static func expand(_ phrase: String) throws -> [[String]] {
        var sequences: [[String]] = [[]]
        for word in phrase.split(separator: " ") {
            let forms = try PhraseTable.forms(of: String(word))
            // A form cut into tokens as a text would be ("sit-in" is two tokens, "U.S." one).
            let tokenized = forms.map { Text($0).tokens.map(\.text) }
            sequences = sequences.flatMap { s in tokenized.map { s + $0 } }
        }
        return sequences
    }

    /// "shell/v" → shell, shells, shelled, shelling; "shoot/v:shot" adds shot; a plain word is itself.
    static func forms(of word: String) throws -> [String] {
        let parts = word.split(separator: ":", maxSplits: 1).map(String.init)
        let irregular = parts.count > 1 ? parts[1].split(separator: ",").map(String.init) : []
        let head = parts[0]
        if head.hasSuffix("/v") { return Inflection.verb(String(head.dropLast(2))) + irregular }
        if head.hasSuffix("/n") { return Inflection.noun(String(head.dropLast(2))) + irregular }
        // "and/or" is a word; "shell/x" is a mark the table does not know.
        if let slash = head.lastIndex(of: "/"), head.distance(from: slash, to: head.endIndex) == 2 { throw LexiconError.badPhrase(word) }
        return [head] + irregular
    }

    static func isAcronym(_ word: String) -> Bool {
        word.count > 1 && word.unicodeScalars.allSatisfy { !$0.properties.isLowercase } && word.unicodeScalars.contains { $0.properties.isAlphabetic }
    }

    /// The longest phrase starting at token `i` and ending by `limit`: its target and the token after it.
    func match(at i: Int, in tokens: [Text.Token], limit: Int) -> (target: Target, end: Int)? {
        guard let candidates = byFirstWord[tokens[i]] else { return nil }
        for p in candidates where i + p.words.count <= limit {
            var ok = true
            for (k, w) in p.words.enumerated() {
                let t = tokens[i + k]
                if t.lowered != w || (p.exactCase[k] && t.text != t.text.uppercased()) { ok = false; break }
            }
            if ok { return (p.target, i + p.words.count) }
        }
        return nil
    }

    /// Every match in `range`, left to right, none overlapping (a match skips the tokens it covers).
    func matches(in range: Range<Int>, of tokens: [Text.Token]) -> [(target: Target, span: Range<Int>)] {
        var found: [(Target, Range<Int>)] = []
        var i = range.lowerBound
        while i < range.upperBound {
            if let (target, end) = match(at: i, in: tokens, limit: range.upperBound) {
                found.append((target, i..<end))
                i = end
            } else {
                i += 1
            }
        }
        return found
    }
}

/// A data file of the lexicon that cannot be read: which file, which line, why.
public enum LexiconError: Error, Sendable, CustomStringConvertible {
    case badLine(file: String, line: Int, reason: String)
    case badPhrase(String)
    case missing(String)

    public var description: String {
        switch self {
        case .badLine(let file, let line, let reason): "\(file) line \(line): \(reason)"
        case .badPhrase(let phrase): "\"\(phrase)\": a word's mark must be /v or /n"
        case .missing(let file): "the bundled lexicon file \(file) is missing beside the executable"
        }
    }
}
