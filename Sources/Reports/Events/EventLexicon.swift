import Foundation

/// Every word list the event extractor reads, loaded from the data files of `Lexicon/` (triggers, cues,
/// actors, numbers, time words, government periods, ACLED's country names): an analyst extends them
/// without touching Swift.
public final class EventLexicon: Sendable {
    /// An actor of actors.tsv.
    public struct Actor: Sendable {
        /// The name, with `{country}` and `{period}` to fill in.
        public var template: String
        public var inter: InterCode
        /// ISO code of the country it belongs to; nil for a generic actor ("*").
        public var country: String?
        /// The template cut at its placeholders, once (names are made for every actor a sentence names).
        var pieces: [Piece] = []
        enum Piece: Sendable { case text(String), country, period }

        init(template: String, inter: InterCode, country: String?) {
            self.template = template
            self.inter = inter
            self.country = country
            var rest = Substring(template)
            while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
                if open > rest.startIndex { pieces.append(.text(String(rest[..<open]))) }
                switch rest[rest.index(after: open)..<close] {
                case "country": pieces.append(.country)
                case "period": pieces.append(.period)
                default: pieces.append(.text(String(rest[open...close])))
                }
                rest = rest[rest.index(after: close)...]
            }
            if !rest.isEmpty { pieces.append(.text(String(rest))) }
        }
    }
    /// An alias and the actor it names; `common` aliases (written in lower case: "regime forces",
    /// "coalition") name the actor only in reports about its own country.
    struct ActorAlias: Sendable {
        var actor: Int
        var common: Bool
    }
    struct Period: Sendable {
        var from: CivilDate
        var to: CivilDate?
        var suffix: String
    }
    struct Number: Sendable {
        var value: Int
        var vague: Bool
    }

    public let actors: [Actor]
    let triggers: PhraseTable<TriggerClass>
    let cues: PhraseTable<CueClass>
    /// Cues by class (in `CueClass.allCases` order), for rules that ask whether one class occurs in a span.
    let cueClasses: [PhraseTable<CueClass>]
    let actorAliases: PhraseTable<[ActorAlias]>
    let numbers: PhraseTable<Number>
    /// The figure for a number the report does not give ("unknown number" in numbers.tsv).
    let unknownNumber: Int
    let timeWords: PhraseTable<Int>
    /// Labels before a colon that name a report's event ("Arrests:").
    let headings: PhraseTable<TriggerClass>
    let periods: [String: [Period]]
    let countryNames: [String: String]

    /// The lexicon from the texts of its files (file name → contents).
    public init(files: [String: String]) throws {
        func lines(_ name: String, fields: Int) throws -> [(line: Int, fields: [String])] {
            guard let text = files[name] else { throw LexiconError.missing(name) }
            var rows: [(Int, [String])] = []
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
                let f = line.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                guard f.count >= fields, !f[0].isEmpty else {
                    throw LexiconError.badLine(file: name, line: n + 1, reason: "want \(fields) tab-separated fields")
                }
                rows.append((n + 1, f))
            }
            return rows
        }
        func parse<T>(_ name: String, _ line: Int, _ value: T?, _ what: String) throws -> T {
            guard let value else { throw LexiconError.badLine(file: name, line: line, reason: what) }
            return value
        }

        var actors: [Actor] = []
        var triggerEntries: [(String, TriggerClass)] = []
        for (n, f) in try lines("triggers.tsv", fields: 2) {
            let cls = try parse("triggers.tsv", n, TriggerClass(rawValue: f[1]), "unknown class \"\(f[1])\"")
            triggerEntries.append((f[0], cls))
        }
        triggers = try PhraseTable(triggerEntries)

        var cueEntries: [(String, CueClass)] = []
        for (n, f) in try lines("cues.tsv", fields: 2) {
            let cls = try parse("cues.tsv", n, CueClass(name: f[0]), "unknown cue class \"\(f[0])\"")
            for phrase in f[1].split(separator: "|") { cueEntries.append((String(phrase), cls)) }
        }
        cues = try PhraseTable(cueEntries)
        cueClasses = try CueClass.allCases.map { cls in try PhraseTable(cueEntries.filter { $0.1 == cls }) }

        var aliases: [String: [ActorAlias]] = [:]
        var order: [String] = []
        for (n, f) in try lines("actors.tsv", fields: 4) {
            let inter = try parse("actors.tsv", n, InterCode(name: f[1]), "unknown actor type \"\(f[1])\"")
            actors.append(Actor(template: f[0], inter: inter, country: f[2] == "*" || f[2].isEmpty ? nil : f[2]))
            for alias in f[3].split(separator: "|").map(String.init) where !alias.isEmpty {
                if aliases[alias] == nil { order.append(alias) }
                // "regime forces", "coalition": common nouns; "pro-Houthi forces" holds a name.
                let common = !alias.contains { $0.isUppercase }
                aliases[alias, default: []].append(ActorAlias(actor: actors.count - 1, common: common))
            }
        }
        actorAliases = try PhraseTable(order.map { ($0, aliases[$0]!) })

        let numberRows = try lines("numbers.tsv", fields: 3).map { n, f in
            (f[0], Number(value: try parse("numbers.tsv", n, Int(f[1]), "not a number: \(f[1])"), vague: f[2] == "yes"))
        }
        numbers = try PhraseTable(numberRows)
        unknownNumber = try parse("numbers.tsv", 0, numberRows.first { $0.0 == "unknown number" }?.1.value, "a line for \"unknown number\" is required")
        headings = try PhraseTable(try lines("headings.tsv", fields: 2).map { n, f in
            (f[0], try parse("headings.tsv", n, TriggerClass(rawValue: f[1]), "unknown class \"\(f[1])\""))
        })
        timeWords = try PhraseTable(try lines("timewords.tsv", fields: 2).map { n, f in
            (f[0], try parse("timewords.tsv", n, Int(f[1]), "not a number of days: \(f[1])"))
        })
        var periods: [String: [Period]] = [:]
        for (n, f) in try lines("periods.tsv", fields: 4) {
            let from = try parse("periods.tsv", n, CivilDate(iso: f[1]), "not a date: \(f[1])")
            let to = f[2].isEmpty ? nil : try parse("periods.tsv", n, CivilDate(iso: f[2]), "not a date: \(f[2])")
            periods[f[0], default: []].append(Period(from: from, to: to, suffix: f[3]))
        }
        self.periods = periods
        self.actors = actors
        countryNames = Dictionary(try lines("countries.tsv", fields: 2).map { ($0.fields[0], $0.fields[1]) }, uniquingKeysWith: { a, _ in a })
    }

    static let fileNames = ["triggers", "cues", "headings", "actors", "numbers", "timewords", "periods", "countries"]

    /// The lexicon shipped with geotrack (Sources/Reports/Lexicon).
    public static func bundled() throws -> EventLexicon {
        var files: [String: String] = [:]
        for name in fileNames {
            guard let url = Bundle.module.url(forResource: name, withExtension: "tsv", subdirectory: "Lexicon")
                    ?? Bundle.module.url(forResource: name, withExtension: "tsv"),
                  let data = FileManager.default.contents(atPath: url.path) else { throw LexiconError.missing("\(name).tsv") }
            files["\(name).tsv"] = String(decoding: data, as: UTF8.self)
        }
        return try EventLexicon(files: files)
    }

    /// The government period of `country`'s state forces on `date` ("(2000-2024)"), or nil.
    func period(of country: String, on date: CivilDate?) -> String? {
        guard let list = periods[country] else { return nil }
        guard let date else { return list.last?.suffix }
        return list.first { $0.from <= date && ($0.to.map { date < $0 } ?? true) }?.suffix
    }

    /// An actor's name for an event in `country` (ISO code) on `date`, as ACLED writes it.
    func name(of actor: Actor, country: String?, countryName: String?, date: CivilDate?) -> String? {
        var name = ""
        for piece in actor.pieces {
            switch piece {
            case .text(let s): name += s
            case .country:
                guard let countryName else { return nil }
                name += countryName
            case .period:
                // A state without a period: its name without one (and without the space before it).
                if let suffix = (actor.country ?? country).flatMap({ period(of: $0, on: date) }) {
                    name += suffix
                } else if name.hasSuffix(" ") {
                    name.removeLast()
                }
            }
        }
        return name
    }

    /// Whether a cue of `cls` occurs in `range` of the tokens.
    func has(_ cls: CueClass, in range: Range<Int>, of tokens: [Text.Token]) -> Bool {
        let table = cueClasses[cls.ordinal]
        for i in range where table.match(at: i, in: tokens, limit: range.upperBound) != nil { return true }
        return false
    }

    /// Whether token `i` is, alone, a cue of `cls` (a one-word class: `area`, `part`, `landmark`, `town`,
    /// `workplace`, `namedAfter`).
    func isWord(_ cls: CueClass, at i: Int, in tokens: [Text.Token]) -> Bool {
        cue(cls, at: i, in: tokens, limit: i + 1) != nil
    }

    /// The cue of `cls` at token `i`, if one starts there: the token after it.
    func cue(_ cls: CueClass, at i: Int, in tokens: [Text.Token], limit: Int) -> Int? {
        cueClasses[cls.ordinal].match(at: i, in: tokens, limit: limit)?.end
    }
}
