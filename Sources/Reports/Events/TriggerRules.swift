/// A trigger found in a sentence: its class, its tokens, and whether it sits in a clause that only gives
/// the background of another event ("amid shelling").
struct FoundTrigger: Sendable {
    var cls: TriggerClass
    var span: Range<Int>
    var background: Bool
    /// In a background clause of the same time and place ("amid shelling of Salata").
    var concurrent = false
}

/// The rules that find what happened in a sentence and group it into events.
struct TriggerRules: Sendable {
    let lexicon: EventLexicon

    /// The triggers of a sentence that tell something that happened (see `happened`).
    func triggers(in sentence: Range<Int>, _ text: Text) -> [FoundTrigger] {
        let tokens = text.tokens
        return lexicon.triggers.matches(in: sentence, of: tokens).compactMap { match in
            // "Houthi-controlled", "US-led", "regime-held": joined to a name by a hyphen, a trigger is an adjective.
            if match.span.lowerBound > sentence.lowerBound, tokens[match.span.lowerBound - 1].gap == .hyphen { return nil }
            guard happened(match.span, sentence: sentence, text) else { return nil }
            let prior = inBackground(match.span, .background, sentence: sentence, text)
            let concurrent = inBackground(match.span, .concurrent, sentence: sentence, text)
            return FoundTrigger(cls: match.target, span: match.span, background: prior || concurrent, concurrent: concurrent)
        }
    }

    /// A heading that names the report's event ("Arrests: …", "Non-violent activity: …"): a label of the
    /// lexicon's headings, then a colon, opening the text. Its class is the first event's, and the label a
    /// trigger of its own when the sentence has none.
    func heading(_ text: Text) -> FoundTrigger? {
        let tokens = text.tokens
        guard let first = text.sentences.first, let (cls, end) = lexicon.headings.match(at: first.lowerBound, in: tokens, limit: first.upperBound),
              end < first.upperBound, tokens[end].text == ":" else { return nil }
        return FoundTrigger(cls: cls, span: first.lowerBound..<end, background: false)
    }

    /// Codebook: only events that took place are coded. A trigger negated ("no clashes", "denied
    /// attacking") or under a modal ("would strike", "threatened to attack", "plans to") did not happen; a
    /// purpose or an attempt did ("gathered to protest", "tried to storm").
    func happened(_ span: Range<Int>, sentence: Range<Int>, _ text: Text) -> Bool {
        let tokens = text.tokens
        let from = max(sentence.lowerBound, span.lowerBound - 3)
        let window = from..<span.lowerBound
        // An attempt or a start just before: it happened ("attempted to advance", "began shelling").
        for i in window.reversed() {
            let t = tokens[i]
            if Words.clauseBreaks.contains(t) || t.text == "," || t.text == ";" { break }
            if lexicon.cue(.negation, at: i, in: tokens, limit: span.lowerBound) != nil {
                // "no fatalities" negates the toll, not the clash before it; "no" right before the trigger negates it.
                return false
            }
            // "would continue to strike": a modal governs the attempt too.
            if lexicon.cue(.modality, at: i, in: tokens, limit: span.lowerBound) != nil { return false }
        }
        // "a coalition that has battled IS": a relative clause in the perfect characterises, it does not tell.
        if span.lowerBound - 2 >= sentence.lowerBound, ["has", "have", "had"].contains(tokens[span.lowerBound - 1].lowered),
           ["that", "which", "who"].contains(tokens[span.lowerBound - 2].lowered) { return false }
        return true
    }

    /// Whether the trigger sits in a clause that gives the main event's background ("amid shelling", "in
    /// retaliation for an attack", "following clashes").
    func inBackground(_ span: Range<Int>, _ cue: CueClass, sentence: Range<Int>, _ text: Text) -> Bool {
        let tokens = text.tokens
        var i = span.lowerBound - 1
        while i >= sentence.lowerBound, span.lowerBound - i <= 6 {
            if tokens[i].text == "," || tokens[i].text == ";" { return false }
            if let end = lexicon.cue(cue, at: i, in: tokens, limit: span.lowerBound), end <= span.lowerBound { return true }
            i -= 1
        }
        return false
    }

    /// Codebook: one event is one interaction at one place and time. A sentence's triggers group into
    /// events: each clause holds at most one, named by its strongest trigger; weaker triggers (the outcome,
    /// the gunfire) join it, and a clause with weak triggers only joins the sentence's strong event. A
    /// background clause ("following a suicide attack in Ankara") tells an event of its own.
    func events(from triggers: [FoundTrigger], sentence: Range<Int>, _ text: Text) -> [EventCandidate] {
        var candidates: [EventCandidate] = []
        for clause in clauseRanges(of: sentence, text) {
            let here = triggers.filter { clause.contains($0.span.lowerBound) }
            guard let main = here.max(by: { rank($0) < rank($1) }) else { continue }
            candidates.append(EventCandidate(trigger: main, support: here.filter { $0.span != main.span }, clause: clause, sentence: sentence))
        }
        // Weak events join the sentence's strong one ("opened fire, and clashes broke out"); a weak event of the
        // main clause does not join one told as background ("Following a suicide attack in Ankara, warplanes
        // struck positions in Iraq").
        let foregroundStrong = candidates.firstIndex { !$0.trigger.cls.isWeak && !$0.trigger.background }
        let anyStrong = candidates.firstIndex { !$0.trigger.cls.isWeak }
        var joined = Set<Int>()
        for k in candidates.indices where candidates[k].trigger.cls.isWeak {
            guard let strong = candidates[k].trigger.background ? anyStrong : foregroundStrong else { continue }
            candidates[strong].support += [candidates[k].trigger] + candidates[k].support
            joined.insert(k)
        }
        candidates = candidates.indices.filter { !joined.contains($0) }.map { candidates[$0] }
        // Two foreground events of one family in one sentence are one ("clashed … and fought"); a battle
        // takes in the shelling and strikes told with it ("shelled the town while clashes took place").
        var merged: [EventCandidate] = []
        for c in candidates.sorted(by: { ($0.trigger.cls == .clash ? 0 : 1, $0.trigger.span.lowerBound) < ($1.trigger.cls == .clash ? 0 : 1, $1.trigger.span.lowerBound) }) {
            let joins: (EventCandidate) -> Bool = { m in
                guard !c.trigger.background || c.trigger.concurrent, !m.trigger.background || m.trigger.concurrent else { return false }
                if m.trigger.cls.family == c.trigger.cls.family { return true }
                // The shelling that accompanied a battle: in its clause, or in a clause of the same time
                // ("amid shelling") — not one set beside it ("shelled Saraqib while rebels clashed near Raqqa").
                return m.trigger.cls == .clash && [.shell, .air].contains(c.trigger.cls) && (m.clause == c.clause || c.trigger.concurrent)
            }
            if let k = merged.firstIndex(where: joins) {
                if rank(c.trigger) > rank(merged[k].trigger) {
                    merged[k].support.append(merged[k].trigger)
                    merged[k].trigger = c.trigger
                } else {
                    merged[k].support.append(c.trigger)
                }
                merged[k].support += c.support
                merged[k].clause = min(merged[k].clause.lowerBound, c.clause.lowerBound)..<max(merged[k].clause.upperBound, c.clause.upperBound)
            } else {
                merged.append(c)
            }
        }
        return merged.sorted { $0.trigger.span.lowerBound < $1.trigger.span.lowerBound }
    }

    /// Strong triggers by precedence; weak ones, which tell the same act in several words ("opened fire and
    /// killed"), by order: the first is the clause's verb.
    private func rank(_ t: FoundTrigger) -> Int {
        (t.cls.isWeak ? 0 : t.cls.precedence * 2 + 1000) + (t.background ? 0 : 1) - (t.cls.isWeak ? t.span.lowerBound * 2 : 0)
    }

    /// The sentence cut into clauses: at "while", "whereas" and ";", and around background clauses, which
    /// run from their cue ("following", "amid") to the next comma.
    func clauseRanges(of sentence: Range<Int>, _ text: Text) -> [Range<Int>] {
        let tokens = text.tokens
        var cuts = Set<Int>()
        var inBackground = false
        var i = sentence.lowerBound
        while i < sentence.upperBound {
            let t = tokens[i]
            if t.text == ";" || ["while", "whereas", "whilst", "meanwhile"].contains(t.lowered) {
                cuts.insert(i)
                inBackground = false
            } else if inBackground, t.text == "," {
                cuts.insert(i + 1)
                inBackground = false
            } else if let end = lexicon.cue(.background, at: i, in: tokens, limit: sentence.upperBound)
                        ?? lexicon.cue(.concurrent, at: i, in: tokens, limit: sentence.upperBound) {
                cuts.insert(i)
                inBackground = true
                i = end
                continue
            }
            i += 1
        }
        var ranges: [Range<Int>] = []
        var start = sentence.lowerBound
        for c in cuts.sorted() where c > start && c < sentence.upperBound {
            ranges.append(start..<c)
            start = c
        }
        ranges.append(start..<sentence.upperBound)
        return ranges
    }
}

/// Triggers grouped into one event: the one that names it, those that support it, the clause it governs.
struct EventCandidate: Sendable {
    var trigger: FoundTrigger
    var support: [FoundTrigger]
    var clause: Range<Int>
    var sentence: Range<Int>

    /// Every trigger class the event's sentence holds for it.
    var classes: Set<TriggerClass> { Set([trigger.cls] + support.map(\.cls)) }
}

extension TriggerClass {
    /// Triggers of one family in one clause tell one event.
    var family: Int {
        switch self {
        case .clash, .attack, .fire, .kill, .execute, .beat, .wound, .capture, .regain: 1
        case .air, .shell, .explosive, .explosion, .suicide, .grenade, .chemical: 2
        case .gather, .protest, .riot, .mob: 3
        case .abduct, .sexual: 4
        case .agreement: 5
        case .arrest: 6
        case .intercept: 7
        case .loot: 8
        case .base, .change, .withdraw, .measure, .other: 9
        }
    }
}
