/// Times of day, numbers, counts and stated distances, read from a sentence's tokens (dates and death tolls:
/// `DateRules`, `FatalityRules`).
enum TextCues {
    static let weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    static let months = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                         "october", "november", "december"]
    static let monthAbbreviations = ["jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
                                     "sept": 9, "oct": 10, "nov": 11, "dec": 12]

    /// Month names and abbreviations to their number, in one table (looked up for every token).
    static let monthNumbers = WordTable(monthAbbreviations.map { ($0.key, $0.value) } + months.enumerated().map { ($1, $0 + 1) })
    static let weekdayNumbers = WordTable(weekdays.enumerated().map { ($1, $0) })
    static let hourWords: WordSet = ["hours", "hour"]
    /// A year or decade that puts the sentence in the past ("in 1984", "in the 1990s", "in July 2015").
    static func isHistorical(_ range: Range<Int>, _ text: Text, published: CivilDate?) -> Bool {
        guard let now = published?.year else { return false }
        for i in range where text.tokens[i].kind == .number {
            let s = text.tokens[i].text
            if s.count == 4, let y = Int(s), (1800...now).contains(y), y < now - 1 || (y < now && i + 1 < range.upperBound && text.tokens[i + 1].lowered == "s") { return true }
        }
        return false
    }

    /// A time of day with its zone: "04:30 GMT", "0430 UTC", "07:30 local time (04:30 GMT)" → minutes UTC.
    static func timeUTC(in range: Range<Int>, _ text: Text) -> Int? {
        let t = text.tokens
        for i in range where t[i].kind == .number && i + 1 < range.upperBound {
            let zone = t[i + 1].text.uppercased()
            guard ["GMT", "UTC", "Z"].contains(zone) else { continue }
            let digits = t[i].text.filter(\.isNumber)
            guard digits.count == 4 || digits.count == 3, let v = Int(digits) else { continue }
            let h = v / 100, m = v % 100
            if h < 24, m < 60 { return h * 60 + m }
        }
        return nil
    }

    /// "Four hours later", "2 hours later": the hours to add to the time last given.
    static func hoursLater(in range: Range<Int>, _ text: Text) -> Int? {
        let t = text.tokens
        for i in range where i + 2 < range.upperBound && hourWords.contains(t[i + 1]) && t[i + 2].lowered == "later" {
            if let n = number(t[i]) { return n }
        }
        return nil
    }

    static func number(_ token: Text.Token) -> Int? {
        if token.kind == .number { return Int(token.text.replacingOccurrences(of: ",", with: "")) }
        return Words.numbers[token]
    }

    static let deathWords: WordSet = ["dead", "killed", "deaths", "died", "fatalities", "lives", "killing", "kills", "kill", "death"]

    /// "three drones", "15 Kurdish targets": a number and the plural noun it counts.
    static func counts(in range: Range<Int>, _ text: Text) -> [Event.Count] {
        let t = text.tokens
        var found: [Event.Count] = []
        for i in range {
            guard t[i].kind == .number || (Words.numbers[t[i]] != nil && !["a", "an", "single", "both"].contains(t[i].lowered)),
                  let n = number(t[i]), n > 0, !(t[i].kind == .number && t[i].text.contains(":")) else { continue }
            if i + 1 < range.upperBound, ["hours", "hour", "minutes", "days", "years", "km", "kilometres", "kilometers", "miles", "m", "metres", "meters", "percent"].contains(t[i + 1].lowered) { continue }
            if t[i].kind == .number, t[i].text.count == 4, n > 1800, n < 2100 { continue }
            var k = i + 1
            while k < range.upperBound, k <= i + 2, t[k].kind == .word, t[k].isCapitalised || t[k].lowered == "armed" { k += 1 }
            guard k < range.upperBound, t[k].kind == .word, !t[k].isCapitalised, t[k].lowered.hasSuffix("s"),
                  t[k].lowered.count > 3, !deathWords.contains(t[k]), !Words.function.contains(t[k]) else { continue }
            found.append(Event.Count(count: n, of: t[k].lowered))
        }
        return found
    }

    static let units: WordTable<Double> = WordTable(unitWords.map { ($0.key, $0.value) })
    private static let unitWords: [String: Double] = ["km": 1000, "kilometres": 1000, "kilometers": 1000, "kilometre": 1000,
                                          "kilometer": 1000, "m": 1, "metres": 1, "meters": 1, "metre": 1, "meter": 1,
                                          "mi": 1609.344, "miles": 1609.344, "mile": 1609.344, "yards": 0.9144]
    static let approximately: WordSet = ["approximately", "about", "around", "some", "roughly", "nearly", "almost", "within", "some", "less", "under", "barely"]

    /// "approximately 1km away from US troops": the distance in metres, whether approximate, and to what.
    static func proximity(in range: Range<Int>, _ text: Text) -> [ProximityRelation] {
        let t = text.tokens
        var found: [ProximityRelation] = []
        for i in range where t[i].kind == .number && i + 1 < range.upperBound {
            guard let unit = units[t[i + 1]], let value = Double(t[i].text.replacingOccurrences(of: ",", with: "")) else { continue }
            var k = i + 2
            if k < range.upperBound, t[k].lowered == "away" { k += 1 }
            guard k < range.upperBound, ["from", "of"].contains(t[k].lowered) else { continue }
            k += 1
            if k < range.upperBound, ["the", "a", "an"].contains(t[k].lowered) { k += 1 }
            let start = k
            while k < range.upperBound, k < start + 4, t[k].kind == .word, !Words.function.contains(t[k]) || t[k].isAllCaps,
                  !["prompting", "causing", "forcing", "and", "while", "where"].contains(t[k].lowered) { k += 1 }
            guard k > start else { continue }
            var approx = i > range.lowerBound && approximately.contains(t[i - 1])
            if i > range.lowerBound + 1, t[i - 1].lowered == "than" { approx = true }
            found.append(ProximityRelation(distance: value * unit, approximate: approx, to: text.text(ofTokens: start..<k)))
        }
        return found
    }
}
