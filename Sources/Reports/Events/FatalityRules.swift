/// Deaths as ACLED counts them ("Reported fatalities"): the dead of the event, not the wounded; 0 when the
/// report says none died or gives no toll; vague figures by the table of numbers.tsv.
struct FatalityRules: Sendable {
    let lexicon: EventLexicon

    /// What one sentence says of the toll.
    struct Reading: Sendable, Equatable {
        enum Kind: Sendable, Equatable {
            /// "2 fatalities.", "the death toll rose to 12": a total for the event.
            case total
            /// "killing four fighters", "a man was killed": deaths counted in the sentence.
            case counted
            /// "No fatalities were reported", "no casualties".
            case none
            /// "killing those aboard", "incurring fatalities": deaths without a figure (coded by ACLED's
            /// convention for an unknown number, when no account of the event gives one).
            case unknown
        }
        var kind: Kind
        var deaths: Int
        var lowerBound: Bool
    }

    /// The sentence's reading, or nil when it says nothing of deaths.
    func reading(in sentence: Range<Int>, _ text: Text) -> Reading? {
        let tokens = text.tokens
        var counted: [(value: Int, lowerBound: Bool, at: Int)] = []
        var noneSaid = false
        var unknownDeaths = false
        var i = sentence.lowerBound
        while i < sentence.upperBound {
            guard let end = lexicon.cue(.death, at: i, in: tokens, limit: sentence.upperBound)
                    ?? lexicon.cue(.casualty, at: i, in: tokens, limit: sentence.upperBound) else { i += 1; continue }
            let isCasualty = lexicon.cue(.death, at: i, in: tokens, limit: sentence.upperBound) == nil
            if negated(i, sentence: sentence, text) {
                noneSaid = true
            } else if let total = statedTotal(at: i, end: end, sentence: sentence, text) {
                return Reading(kind: .total, deaths: total.value, lowerBound: total.lowerBound)
            } else if !isCasualty, let n = count(forDeathAt: i, end: end, sentence: sentence, text) {
                if !counted.contains(where: { $0.at == n.at }) { counted.append(n) }
            } else if !isCasualty {
                unknownDeaths = true
            }
            i = end
        }
        if !counted.isEmpty {
            // Deaths on each side are added ("4 fighters were killed whilst the other side lost 6").
            return Reading(kind: .counted, deaths: counted.map(\.value).reduce(0, +), lowerBound: counted.contains { $0.lowerBound })
        }
        // Codebook: a toll reported without a figure is coded by the convention for an unknown number.
        if unknownDeaths { return Reading(kind: .unknown, deaths: lexicon.unknownNumber, lowerBound: true) }
        return noneSaid ? Reading(kind: .none, deaths: 0, lowerBound: false) : nil
    }

    /// "no fatalities", "neither injuries nor fatalities", "no one was killed", "without casualties".
    func negated(_ i: Int, sentence: Range<Int>, _ text: Text) -> Bool {
        let tokens = text.tokens
        var k = i - 1
        while k >= sentence.lowerBound, i - k <= 4 {
            if lexicon.cue(.negation, at: k, in: tokens, limit: i) != nil { return true }
            if tokens[k].text == "," || lexicon.cue(.death, at: k, in: tokens, limit: i) != nil && k != i { break }
            k -= 1
        }
        return false
    }

    /// "2 fatalities", "a total of 12 fatalities", "the death toll rose to 12", "fatalities: 3": a total.
    func statedTotal(at i: Int, end: Int, sentence: Range<Int>, _ text: Text) -> (value: Int, lowerBound: Bool)? {
        let tokens = text.tokens
        let word = tokens[i].lowered
        if word == "fatalities" || word == "fatality" || word == "deaths" {
            // "N fatalities" closing a sentence of its own, or after "total".
            if i - 1 >= sentence.lowerBound, let n = number(before: i, sentence: sentence, text),
               n.start == sentence.lowerBound || tokens[max(sentence.lowerBound, n.start - 2)..<n.start].contains(where: { $0.lowered == "total" }) {
                return (n.value, n.vague)
            }
            // "total fatalities coded to 10", "fatalities: 3".
            var k = end
            while k < sentence.upperBound, k < end + 4, ["coded", "to", "of", ":", "were", "was", "at", "reached", "rose", "is", "as"].contains(tokens[k].lowered) { k += 1 }
            if k > end, k < sentence.upperBound, let n = number(at: k, sentence: sentence, text) { return (n.value, n.vague) }
        }
        if word == "death", end < sentence.upperBound, tokens[end].lowered == "toll" {
            var k = end + 1
            while k < sentence.upperBound, k < end + 6, number(at: k, sentence: sentence, text) == nil { k += 1 }
            if k < sentence.upperBound, let n = number(at: k, sentence: sentence, text) { return (n.value, n.vague) }
        }
        return nil
    }

    /// The number of dead a death word tells: "killing 4", "killed at least 12 fighters", "4 QSD fighters were
    /// killed", "a civilian was killed", "killed the mukhtar" (one) — not the wounded beside them ("killing 2
    /// and injuring 7"). Nil when the dead are plural and uncounted ("killing those aboard").
    func count(forDeathAt i: Int, end: Int, sentence: Range<Int>, _ text: Text) -> (value: Int, lowerBound: Bool, at: Int)? {
        let tokens = text.tokens
        var k = end
        var bound = false
        // "the killing of 4 civilians", "the death of a single soldier".
        if k + 1 < sentence.upperBound, tokens[k].lowered == "of" { k += tokens[k + 1].lowered == "the" ? 2 : 1 }
        while k < sentence.upperBound, k < end + 4, FatalityRules.boundWords.contains(tokens[k]) || tokens[k].lowered == "up" || tokens[k].lowered == "to" {
            bound = true
            k += 1
        }
        if k < sentence.upperBound, let n = number(at: k, sentence: sentence, text), !isDate(n.end, sentence: sentence, text) {
            return (n.value, bound || n.vague, k)
        }
        if let n = number(before: i, sentence: sentence, text) { return (n.value, n.vague, n.start) }
        // No figure: one when the dead are one ("killed the mukhtar", "the man was killed", "a body was
        // found", "stoned a woman to death").
        let word = tokens[i].lowered
        if word == "body" || word == "corpse" { return (1, false, i) }
        if word == "death", i >= 2, tokens[i - 1].lowered == "to", let singular = objectIsSingular(before: i - 1, sentence: sentence, text) {
            return singular ? (1, false, i) : nil
        }
        if let singular = nounPhraseIsSingular(after: end, sentence: sentence, text) ?? nounPhraseIsSingular(before: i, sentence: sentence, text),
           singular { return (1, false, i) }
        return nil
    }

    static let boundWords: WordSet = ["at", "least", "more", "than", "over", "about", "around", "nearly", "some", "approximately", "almost"]
    /// Words between a subject and its death word: "4 fighters were reportedly killed".
    static let auxiliaries: WordSet = ["was", "were", "been", "be", "being", "have", "has", "had", "reportedly", "also", "later",
                                       "allegedly", "all", "both", "shot", "subsequently", "are", "is", "got", "to", "reported",
                                       "said", "believed", "thought", "confirmed", "gunned", "found", "then"]
    /// Words a subject may hold between its number and its noun ("two alleged spies for the security forces",
    /// "15 regime and pro-regime fighters").
    static let insideNounPhrase: WordSet = ["of", "for", "from", "the", "a", "an", "and", "in"]

    /// "4 QSD fighters were", "12 people", "dozens of civilians": a number before the death word, across its
    /// noun and auxiliaries.
    func number(before i: Int, sentence: Range<Int>, _ text: Text) -> (value: Int, vague: Bool, start: Int)? {
        let tokens = text.tokens
        var j = i - 1
        while j >= sentence.lowerBound, i - j <= 4, FatalityRules.auxiliaries.contains(tokens[j]) { j -= 1 }
        var words = 0
        while j >= sentence.lowerBound, words <= 7 {
            let t = tokens[j]
            if t.kind == .punctuation || lexicon.cue(.wounded, at: j, in: tokens, limit: i) != nil { return nil }
            // The number may be a phrase ("a dozen", "dozens of"): try each start up to here.
            for start in stride(from: j, through: max(sentence.lowerBound, j - 2), by: -1) {
                if let n = number(at: start, sentence: sentence, text), n.end == j + 1, !(t.kind == .number && isYearOrDay(j, text)) {
                    return (n.value, n.vague || (start > sentence.lowerBound && FatalityRules.boundWords.contains(tokens[start - 1])), start)
                }
            }
            if Words.function.contains(t) && !FatalityRules.insideNounPhrase.contains(t) { return nil }
            j -= 1
            words += 1
        }
        return nil
    }

    /// Whether the noun phrase after a death word ("the mukhtar", "him", "two brothers") is singular; nil
    /// when none follows.
    func nounPhraseIsSingular(after k: Int, sentence: Range<Int>, _ text: Text) -> Bool? {
        let tokens = text.tokens
        guard k < sentence.upperBound else { return nil }
        let first = tokens[k].lowered
        if ["him", "her", "himself", "herself"].contains(first) { return true }
        if ["them", "themselves", "those", "all"].contains(first) { return false }
        guard ["the", "a", "an", "his", "her", "their", "its", "one"].contains(first) else { return nil }
        var j = k + 1
        var head: Text.Token?
        while j < sentence.upperBound, j <= k + 4, tokens[j].kind == .word, !Words.function.contains(tokens[j]) {
            head = tokens[j]
            j += 1
        }
        return head.map { !$0.lowered.hasSuffix("s") || $0.lowered.hasSuffix("ss") }
    }

    /// Whether the subject of a death word is singular: the verb agrees with it ("was killed": one, "were
    /// killed": more), or the clause opens with one ("A young man … died"); nil when neither says.
    func nounPhraseIsSingular(before i: Int, sentence: Range<Int>, _ text: Text) -> Bool? {
        let tokens = text.tokens
        var j = i - 1
        while j >= sentence.lowerBound, i - j <= 6, FatalityRules.auxiliaries.contains(tokens[j]) {
            if tokens[j].lowered == "was" { return true }
            if tokens[j].lowered == "were" { return false }
            j -= 1
        }
        guard ["died", "dies"].contains(tokens[i].lowered) else { return nil }
        let opening = tokens[sentence.lowerBound].lowered
        return ["a", "an", "one"].contains(opening) ? true : nil
    }

    /// "stoned a woman to death", "beat two men to death": the object before "to death".
    func objectIsSingular(before to: Int, sentence: Range<Int>, _ text: Text) -> Bool? {
        let tokens = text.tokens
        var j = to - 1
        while j >= sentence.lowerBound, to - j <= 4 {
            let w = tokens[j].lowered
            if ["a", "an", "one", "him", "her"].contains(w) { return true }
            if ["them"].contains(w) || number(at: j, sentence: sentence, text).map({ $0.value > 1 }) == true { return false }
            j -= 1
        }
        return nil
    }

    private func isYearOrDay(_ j: Int, _ text: Text) -> Bool {
        let t = text.tokens[j]
        if t.text.count == 4, let y = Int(t.text), y > 1800, y < 2100 { return true }
        return j + 1 < text.tokens.count && TextCues.monthNumbers[text.tokens[j + 1]] != nil
    }

    /// "killing 5 April": a number that is a day of a date.
    private func isDate(_ end: Int, sentence: Range<Int>, _ text: Text) -> Bool {
        end < sentence.upperBound && TextCues.monthNumbers[text.tokens[end]] != nil
    }

    /// A number starting at token `k`: digits ("1,200") or a number word or phrase ("four", "a dozen", "dozens").
    func number(at k: Int, sentence: Range<Int>, _ text: Text) -> (value: Int, vague: Bool, end: Int)? {
        let t = text.tokens[k]
        if t.kind == .number, !t.text.contains(":"), let v = Int(t.text.replacingOccurrences(of: ",", with: "")) { return (v, false, k + 1) }
        guard let m = lexicon.numbers.match(at: k, in: text.tokens, limit: sentence.upperBound) else { return nil }
        // "a" counts one only before a singular noun: "a man was killed", not "a number of".
        return (m.target.value, m.target.vague, m.end)
    }
}
