import Foundation

/// The other forms a place name is written in (`Forms/name-forms.tsv`): words spelled several ways (Tall,
/// Tal, Tell), words that say what a place is (Qaryat X, X Mahallesi), the Persian ezafe (Kuy-e Nasr), and
/// Turkish case endings (Ankara'da). Data, not code: a new prefix is a line in the file.
public struct NameForms: Sendable {
    /// A word's key → every spelling of its group (its own included), as keys.
    private(set) var spellings: [String: [String]] = [:]
    private(set) var before: Set<String> = []
    private(set) var after: Set<String> = []
    /// English words around a name: tried without on the text's side only.
    private(set) var beforeText: Set<String> = []
    private(set) var afterText: Set<String> = []
    private(set) var joiners: [String] = []
    /// Case endings in lower case, longest first (cut from the text as written, not from a key).
    private(set) var caseEndings: [String] = []

    /// Identifies the table's text: the index holds keys made with it, and is rebuilt when it changes.
    private(set) var fingerprint: UInt64 = FNV1a.offset

    /// At most this many variants of one name are looked up.
    static let variantLimit = 48

    /// The table shipped with geotrack; empty (no variants) if the resource is missing.
    public static let bundled: NameForms = {
        guard let url = Bundle.module.url(forResource: "name-forms", withExtension: "tsv", subdirectory: "Forms")
                ?? Bundle.module.url(forResource: "name-forms", withExtension: "tsv"),
              let data = FileManager.default.contents(atPath: url.path),
              let forms = try? NameForms(String(decoding: data, as: UTF8.self)) else { return NameForms() }
        return forms
    }()

    init() {}

    /// Reads the table's lines (`kind<TAB>form|form…`, `#` comments).
    public init(_ text: String) throws {
        fingerprint = FNV1a.hash(text.utf8)
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard !line.hasPrefix("#"), !line.allSatisfy(\.isWhitespace) else { continue }
            let fields = line.split(separator: "\t")
            guard fields.count == 2 else {
                throw GazetteerError.malformed(file: "name-forms.tsv", line: number + 1, message: "expected kind<TAB>forms")
            }
            let raw = fields[1].split(separator: "|").map { String($0) }
            let keys = raw.map { NameKey.exact($0) }.filter { !$0.isEmpty }
            switch fields[0] {
            case "same":
                var group: [String] = []
                for key in keys where !group.contains(key) { group.append(key) }
                for key in group {
                    let known = spellings[key] ?? []
                    spellings[key] = known + group.filter { !known.contains($0) }
                }
            case "before": before.formUnion(keys)
            case "after": after.formUnion(keys)
            case "before-text": beforeText.formUnion(keys)
            case "after-text": afterText.formUnion(keys)
            case "joiner": joiners.append(contentsOf: keys)
            case "case": caseEndings.append(contentsOf: raw.map { $0.lowercased() })
            default:
                throw GazetteerError.malformed(file: "name-forms.tsv", line: number + 1, message: "unknown kind \(fields[0])")
            }
        }
        caseEndings.sort { $0.count > $1.count }
    }

    /// The name without a case ending after its last apostrophe ("Diyarbakır'ın" → "Diyarbakır"); nil when
    /// it has none.
    public func withoutCaseEnding(_ name: String) -> String? {
        guard let mark = name.lastIndex(where: { $0 == "'" || $0 == "’" || $0 == "ʼ" }), mark > name.startIndex else { return nil }
        let ending = name[name.index(after: mark)...].lowercased()
        guard caseEndings.contains(ending) else { return nil }
        return String(name[..<mark])
    }

    /// A gazetteer name's key without the word that says what the place is ("qaryat tall tamr" → "tall tamr",
    /// "baglar mahallesi" → "baglar"): the index keeps it too, so that a text's bare name finds the place
    /// (`variants` reads the other way, from the text's name to the gazetteer's). nil when it has none.
    public func withoutGenericWords(_ key: String) -> String? {
        var words = key.split(separator: " ").map(String.init)
        let count = words.count
        if words.count > 1, before.contains(words[0]) {
            words.removeFirst()
            if words.count > 1, joiners.contains(words[0]) { words.removeFirst() }
        }
        if words.count > 1, after.contains(words[words.count - 1]) { words.removeLast() }
        return words.count < count ? words.joined(separator: " ") : nil
    }

    /// The keys `key` may be written as in a gazetteer, the key itself left out: without a word that says
    /// what the place is, with or without a joiner, each word in each of its spellings.
    public func variants(of key: String) -> [String] {
        let words = key.split(separator: " ").map(String.init)
        guard !words.isEmpty else { return [] }
        var shapes: [[String]] = [words]
        func add(_ shape: [String]) {
            if !shape.isEmpty, !shapes.contains(shape) { shapes.append(shape) }
        }
        // What the place is, before or after its name.
        if words.count > 1, before.contains(words[0]) || beforeText.contains(words[0]) {
            var rest = Array(words.dropFirst())
            if rest.count > 1, joiners.contains(rest[0]) { rest.removeFirst() }
            add(rest)
        }
        for shape in shapes where shape.count > 1 && (after.contains(shape[shape.count - 1]) || afterText.contains(shape[shape.count - 1])) {
            add(Array(shape.dropLast()))
        }
        // The ezafe: left out where it is, put in after the first word where it is not.
        for shape in shapes {
            let without = shape.filter { !joiners.contains($0) }
            if without.count < shape.count { add(without) } else if shape.count > 1, let joiner = joiners.first {
                add([shape[0], joiner] + shape.dropFirst())
            }
        }
        // Each word in each spelling of its group.
        var k = 0
        while k < shapes.count, shapes.count < NameForms.variantLimit {
            let shape = shapes[k]
            for (i, word) in shape.enumerated() {
                for other in spellings[word] ?? [] where other != word {
                    var respelled = shape
                    respelled[i] = other
                    add(respelled)
                }
            }
            k += 1
        }
        // A doubled consonant of the text written once in the gazetteer ("Issa" for 'Isa, "Raqqa" for Raqa):
        // a shadda is transliterated either way.
        for shape in shapes where shapes.count < NameForms.variantLimit {
            add(shape.map(NameForms.singled))
        }
        return shapes.dropFirst().prefix(NameForms.variantLimit).map { $0.joined(separator: " ") }
    }

    /// `word` with each doubled consonant written once (a doubled vowel is a long one: "Khadraa").
    static func singled(_ word: String) -> String {
        var out = "", last: Character?
        for c in word where c != last || !c.isLetter || "aeiou".contains(c) {
            out.append(c)
            last = c
        }
        return out
    }
}
