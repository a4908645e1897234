import Gazetteer

/// Lower-case words and what each stands for, found by the word's FNV-1a key. A token carries its key
/// (computed once, when the text is cut), so the dozens of word lists each token is checked against cost a
/// probe each instead of hashing the word again for every list. A key's word is compared on a hit, so two
/// words whose keys collide are still told apart.
struct WordTable<Value: Sendable>: Sendable {
    private var keys: [UInt64]
    private var words: [String]
    private var values: [Value?]
    private let mask: Int

    init(_ pairs: some Sequence<(String, Value)>) {
        let pairs = pairs.map { (WordKey.of($0.0), $0.0, $0.1) }
        var size = 16
        while size < pairs.count * 2 { size *= 2 }
        keys = Array(repeating: 0, count: size)
        words = Array(repeating: "", count: size)
        values = Array(repeating: nil, count: size)
        mask = size - 1
        for (key, word, value) in pairs {
            var slot = Int(truncatingIfNeeded: key) & mask
            while keys[slot] != 0, words[slot] != word { slot = (slot + 1) & mask }
            keys[slot] = key
            words[slot] = word
            values[slot] = value
        }
    }

    func value(key: UInt64, word: String) -> Value? {
        var slot = Int(truncatingIfNeeded: key) & mask
        while true {
            let k = keys[slot]
            if k == 0 { return nil }
            if k == key, words[slot] == word { return values[slot] }
            slot = (slot + 1) & mask
        }
    }

    /// Every word the table holds.
    var storedWords: [String] { keys.indices.filter { keys[$0] != 0 }.map { words[$0] } }

    subscript(token: Text.Token) -> Value? { value(key: token.key, word: token.lowered) }
    subscript(word: String) -> Value? { value(key: WordKey.of(word), word: word) }
}

enum WordKey {
    /// The key of a lower-case word: FNV-1a over its UTF-8, never 0 (which marks an empty slot).
    static func of(_ word: String) -> UInt64 {
        var word = word
        return max(1, word.withUTF8 { FNV1a.hash($0) })
    }
}

/// A set of lower-case words, looked up by a token's key (see `WordTable`).
struct WordSet: Sendable, ExpressibleByArrayLiteral {
    private let table: WordTable<Bool>

    init(_ words: some Sequence<String>) {
        table = WordTable(words.lazy.map { ($0, true) })
    }

    init(arrayLiteral words: String...) { self.init(words) }

    func contains(_ token: Text.Token) -> Bool { table[token] != nil }
    func contains(_ word: String) -> Bool { table[word] != nil }
    func union(_ other: WordSet) -> WordSet { WordSet(table.storedWords + other.table.storedWords) }
}

/// The lower-cased words of some of a text's tokens, made for one document: slots point at the tokens
/// themselves, so building one copies no word.
struct TokenSet {
    private let tokens: [Text.Token]
    private var slots: [Int32]
    private let mask: Int

    /// The words of the tokens of `text` that `include` accepts.
    init(_ text: Text, where include: (Text.Token) -> Bool) {
        tokens = text.tokens
        var size = 16
        while size < tokens.count * 2 { size *= 2 }
        slots = Array(repeating: -1, count: size)
        mask = size - 1
        for (i, t) in tokens.enumerated() where include(t) {
            var slot = Int(truncatingIfNeeded: t.key) & mask
            while slots[slot] >= 0, !same(Int(slots[slot]), t) { slot = (slot + 1) & mask }
            slots[slot] = Int32(i)
        }
    }

    private func same(_ i: Int, _ t: Text.Token) -> Bool { tokens[i].key == t.key && tokens[i].lowered == t.lowered }

    func contains(_ t: Text.Token) -> Bool {
        var slot = Int(truncatingIfNeeded: t.key) & mask
        while slots[slot] >= 0 {
            if same(Int(slots[slot]), t) { return true }
            slot = (slot + 1) & mask
        }
        return false
    }
}
