import Foundation

/// The actors and event triggers the extractor reads reports with: data files (Lexicon/actors.tsv,
/// Lexicon/events.tsv) so analysts can extend them without touching code.
public struct EventLexicon: Sendable {
    public struct Actor: Sendable {
        public var name: String
        public var kind: String
        public var country: String
    }
    public struct Trigger: Sendable {
        public var eventType: String
        public var subEventType: String
        /// A weak trigger ("hit", "attacks") takes its sub-event type from the text's other cues.
        public var weak: Bool
        /// Earlier lines win over later ones in one sentence.
        public var order: Int
    }
    /// A word sequence to look for; words in capitals ("IS", "SDF") must match in case, others in any case.
    struct Phrase: Sendable {
        var words: [String]
        var exactCase: [Bool]
        var target: Int
    }

    public private(set) var actors: [Actor] = []
    public private(set) var triggers: [Trigger] = []
    /// Phrases by their first word, lower-cased, longest first.
    private(set) var actorPhrases: WordTable<[Phrase]>
    private(set) var triggerPhrases: WordTable<[Phrase]>

    public init(actors: String, triggers: String, actorsFile: String = "actors.tsv", triggersFile: String = "events.tsv") throws {
        var actorPhrases: [String: [Phrase]] = [:]
        var triggerPhrases: [String: [Phrase]] = [:]
        for (n, line) in actors.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.hasPrefix("#") && !line.isEmpty {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 4, !f[0].isEmpty, !f[3].isEmpty else {
                throw ReportsError.badLexicon(file: actorsFile, line: n + 1, reason: "want 4 tab-separated fields: actor, kind, country, aliases")
            }
            self.actors.append(Actor(name: f[0], kind: f[1], country: f[2]))
            for alias in f[3].split(separator: "|") { EventLexicon.add(String(alias), target: self.actors.count - 1, to: &actorPhrases) }
        }
        for (n, line) in triggers.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.hasPrefix("#") && !line.isEmpty {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 4, ["weak", "strong"].contains(f[3]) else {
                throw ReportsError.badLexicon(file: triggersFile, line: n + 1, reason: "want 4 tab-separated fields: triggers, event type, sub-event type, weak|strong")
            }
            self.triggers.append(Trigger(eventType: f[1], subEventType: f[2], weak: f[3] == "weak", order: self.triggers.count))
            for phrase in f[0].split(separator: "|") { EventLexicon.add(String(phrase), target: self.triggers.count - 1, to: &triggerPhrases) }
        }
        for key in actorPhrases.keys { actorPhrases[key]!.sort { $0.words.count > $1.words.count } }
        for key in triggerPhrases.keys { triggerPhrases[key]!.sort { $0.words.count > $1.words.count } }
        self.actorPhrases = WordTable(actorPhrases.map { ($0.key, $0.value) })
        self.triggerPhrases = WordTable(triggerPhrases.map { ($0.key, $0.value) })
    }

    private static func add(_ phrase: String, target: Int, to table: inout [String: [Phrase]]) {
        let words = Text(phrase).tokens.map(\.text)
        guard let first = words.first else { return }
        let exact = words.map { w in w.count > 1 && w.unicodeScalars.allSatisfy { !$0.properties.isLowercase } && w.unicodeScalars.contains { $0.properties.isAlphabetic } }
        table[first.lowercased(), default: []].append(Phrase(words: words.map { $0.lowercased() }, exactCase: exact, target: target))
    }

    /// The lexicon shipped with geotrack.
    public static func bundled() throws -> EventLexicon {
        func read(_ name: String) throws -> String {
            guard let url = Bundle.module.url(forResource: name, withExtension: "tsv", subdirectory: "Lexicon")
                    ?? Bundle.module.url(forResource: name, withExtension: "tsv"),
                  let data = FileManager.default.contents(atPath: url.path) else {
                throw ReportsError.missingData("the bundled lexicon \(name).tsv is missing beside the executable")
            }
            return String(decoding: data, as: UTF8.self)
        }
        return try EventLexicon(actors: read("actors"), triggers: read("events"))
    }

    /// The phrase of `table` that starts at token `i`, longest first: (target, tokens it covers).
    func match(_ table: WordTable<[Phrase]>, at i: Int, in text: Text, limit: Int) -> (target: Int, end: Int)? {
        let tokens = text.tokens
        guard let candidates = table[tokens[i]] else { return nil }
        for p in candidates where i + p.words.count <= limit {
            var ok = true
            for (k, w) in p.words.enumerated() {
                let t = tokens[i + k]
                if p.exactCase[k] ? t.text.lowercased() != w || t.text != t.text.uppercased() : t.lowered != w { ok = false; break }
            }
            if ok { return (p.target, i + p.words.count) }
        }
        return nil
    }

    func actorMatch(at i: Int, in text: Text, limit: Int) -> (target: Int, end: Int)? { match(actorPhrases, at: i, in: text, limit: limit) }
    func triggerMatch(at i: Int, in text: Text, limit: Int) -> (target: Int, end: Int)? { match(triggerPhrases, at: i, in: text, limit: limit) }
}
