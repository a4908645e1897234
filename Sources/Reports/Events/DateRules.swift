/// When an event happened, from its sentence: written dates, weekdays and relative days resolved against the
/// report's published date, with ACLED's `time_precision` (1 the day, 2 the week, 3 the month).
struct DateRules: Sendable {
    let lexicon: EventLexicon

    /// The date the sentence gives, resolved against `published`: (day, time precision).
    func date(in range: Range<Int>, _ text: Text, published: CivilDate?) -> (CivilDate, Int)? {
        let t = text.tokens
        // "around 15 October 2019 (month of)": ACLED's own mark that only the month is known.
        let monthOnly = t[range].contains { $0.lowered == "month" } && t[range].contains { $0.lowered == "of" } && t[range].contains { $0.text == "(" }
        let weekOnly = !monthOnly && t[range].contains { $0.lowered == "week" } && t[range].contains { $0.text == "(" }
        func precision(_ p: Int) -> Int { monthOnly ? 3 : weekOnly ? 2 : p }
        var i = range.lowerBound
        while i < range.upperBound {
            if let anchor = published, let (days, _) = lexicon.timeWords.match(at: i, in: t, limit: range.upperBound) {
                return (anchor.adding(days: days), precision(1))
            }
            if let found = writtenDate(at: i, range, text, published: published) { return (found.0, precision(found.1)) }
            i += 1
        }
        return nil
    }

    private func writtenDate(at i: Int, _ range: Range<Int>, _ text: Text, published: CivilDate?) -> (CivilDate, Int)? {
        let t = text.tokens
        let w = t[i].lowered
        if let anchor = published {
            // "on Thursday": the latest such day on or before publication.
            if let d = TextCues.weekdayNumbers[t[i]], t[i].isCapitalised {
                return (anchor.adding(days: -((anchor.weekday - d + 7) % 7)), 1)
            }
            if w == "week", i > range.lowerBound, ["this", "last", "past"].contains(t[i - 1].lowered) {
                let monday = anchor.adding(days: -anchor.weekday)
                return (t[i - 1].lowered == "this" ? monday : monday.adding(days: -7), 2)
            }
        }
        // "October 5", "Oct. 5, 2023", "5 October 2023", "2023-10-05".
        if let m = TextCues.monthNumbers[t[i]], t[i].isCapitalised {
            var k = i + 1
            if k < range.upperBound, t[k].text == "." { k += 1 }
            if k < range.upperBound, t[k].kind == .number, let day = Int(t[k].text), (1...31).contains(day) {
                if let y = yearAfter(k + 1, range, t) ?? year(for: m, published), let d = CivilDate(year: y, month: m, day: day) { return (d, 1) }
            }
            if i > range.lowerBound, t[i - 1].kind == .number, let day = Int(t[i - 1].text), (1...31).contains(day) {
                if let y = yearAfter(i + 1, range, t) ?? year(for: m, published), let d = CivilDate(year: y, month: m, day: day) { return (d, 1) }
            }
            // "in March 2019", "during March": the month only (coded to its 15th, time precision 3).
            if w != "may", i > range.lowerBound, ["in", "during", "early", "late", "mid", "throughout"].contains(t[i - 1].lowered) || yearAfter(i + 1, range, t) != nil {
                if let y = yearAfter(i + 1, range, t) ?? year(for: m, published), let d = CivilDate(year: y, month: m, day: 15) { return (d, 3) }
            }
        }
        // "2018-03-05": the text cuts it into 2018, 03 and 05, joined by hyphens.
        if t[i].kind == .number, t[i].text.count == 4, i + 2 < range.upperBound, t[i].gap == .hyphen, t[i + 1].gap == .hyphen,
           t[i + 1].kind == .number, t[i + 2].kind == .number, let d = CivilDate(iso: "\(t[i].text)-\(t[i + 1].text)-\(t[i + 2].text)") { return (d, 1) }
        return nil
    }

    /// A month named without a year is the latest such month on or before publication.
    private func year(for month: Int, _ published: CivilDate?) -> Int? {
        guard let p = published else { return nil }
        return month > p.month ? p.year - 1 : p.year
    }

    private func yearAfter(_ k: Int, _ range: Range<Int>, _ t: [Text.Token]) -> Int? {
        var k = k
        if k < range.upperBound, t[k].text == "," { k += 1 }
        guard k < range.upperBound, t[k].kind == .number, t[k].text.count == 4, let y = Int(t[k].text), y > 1800 else { return nil }
        return y
    }
}
