import Testing
import TestSupport
@testable import Reports

@Suite struct TextTests {
    @Test func offsetsAreCodePoints() {
        // "é" as one scalar, an emoji (one scalar, two UTF-16 units), Arabic: offsets count scalars.
        let text = Text("Café 🚀 in الحسكة, Syria.")
        let words = text.tokens.map(\.text)
        #expect(words == ["Café", "🚀", "in", "الحسكة", ",", "Syria", "."])
        let hasakah = text.tokens[3]
        #expect(hasakah.start == 10 && hasakah.end == 16)
        #expect(text.slice(hasakah.start, hasakah.end) == "الحسكة")
    }

    /// ASCII tokens hash their key while lower-casing; it must be the key word tables look words up by.
    @Test func tokenKeysAreWordKeys() {
        let text = Text("The US-backed SDF said Al-Hasakah, Café and NATO's drones were 1km away.")
        #expect(text.tokens.count > 10)
        for t in text.tokens { #expect(t.key == WordKey.of(t.lowered), "\(t.text)") }
        #expect(Words.directions.contains(Text("Northern").tokens[0]))
    }

    @Test func abbreviationsAndPossessivesStayWhole() {
        let text = Text("The U.S. military and Turkey’s ministry met Gen. Pat Ryder in al-Hasakah.")
        #expect(text.tokens.map(\.text).contains("U.S."))
        #expect(text.tokens.map(\.text).contains("’s"))
        #expect(text.sentences.count == 1)  // "Gen." does not end the sentence
        let al = text.tokens.first { $0.text == "al" }
        #expect(al?.gap == .hyphen)
        // AP abbreviations with a short second part are one token; an initial before a name is not joined.
        let ap = Text("Morgantown, W.Va., and George W. Bush.").tokens.map(\.text)
        #expect(ap.contains("W.Va.") && ap.contains("W") && ap.contains("Bush"))
    }

    @Test func sentencesEndAtStopsAndLines() {
        let text = Text("Ankara said so. Washington agreed!\nHEADLINE WITHOUT A STOP\nLast one")
        #expect(text.sentences.count == 4)
    }

    @Test func numbersKeepTheirSeparators() {
        let text = Text("At 07:30 about 1,200 people walked 1km.")
        #expect(text.tokens.map(\.text) == ["At", "07:30", "about", "1,200", "people", "walked", "1", "km", "."])
    }
}

@Suite struct CivilDateTests {
    @Test func weekdaysAndArithmetic() throws {
        let friday = try #require(CivilDate(iso: "2023-10-06"))
        #expect(friday.weekday == 4)
        #expect(friday.adding(days: -1).description == "2023-10-05")
        #expect(CivilDate(iso: "2024-02-29") != nil)
        #expect(CivilDate(iso: "2023-02-29") == nil)
        #expect(CivilDate(iso: "2023-10-06T09:00:00Z")?.description == "2023-10-06")
        #expect(CivilDate(dayNumber: friday.dayNumber) == friday)
        #expect(CivilDate(iso: "1970-01-01")?.dayNumber == 0)
    }
}

@Suite struct TextCuesTests {
    let published = CivilDate(iso: "2023-10-06")

    func sentence(_ s: String) -> (Text, Range<Int>) {
        let t = Text(s)
        return (t, 0..<t.tokens.count)
    }

    @Test func relativeAndWrittenDates() throws {
        let dates = DateRules(lexicon: try EventLexicon.bundled())
        var (t, r) = sentence("The drone was shot down on Thursday.")
        #expect(dates.date(in: r, t, published: published)?.0.description == "2023-10-05")
        (t, r) = sentence("It happened on Friday.")  // the publication day itself
        #expect(dates.date(in: r, t, published: published)?.0.description == "2023-10-06")
        (t, r) = sentence("The attack on October 1, 2023 killed two.")
        #expect(dates.date(in: r, t, published: published)?.0.description == "2023-10-01")
        (t, r) = sentence("A bombing earlier this week.")
        let week = dates.date(in: r, t, published: published)
        #expect(week?.0.description == "2023-10-02" && week?.1 == 2)
        (t, r) = sentence("The uprising began in 1984.")
        #expect(TextCues.isHistorical(r, t, published: published))
    }

    @Test func timesWithZones() {
        let (t, r) = sentence("At 07:30 local time (04:30 GMT), soldiers saw drones.")
        #expect(TextCues.timeUTC(in: r, t) == 4 * 60 + 30)
        let (t2, r2) = sentence("Four hours later, the F-16 downed the drone.")
        #expect(TextCues.hoursLater(in: r2, t2) == 4)
        let (t3, r3) = sentence("At 07:30 local time soldiers saw drones.")
        #expect(TextCues.timeUTC(in: r3, t3) == nil)  // no zone: no UTC time
    }

    @Test func deathTollsAndCounts() throws {
        let tolls = FatalityRules(lexicon: try EventLexicon.bundled())
        var (t, r) = sentence("DRONE ATTACK ON SYRIAN MILITARY ACADEMY IN HOMS LEAVES AT LEAST 60 DEAD")
        let deaths = tolls.reading(in: r, t)
        #expect(deaths?.deaths == 60 && deaths?.lowerBound == true)
        (t, r) = sentence("The blast killed 12 people.")
        #expect(tolls.reading(in: r, t)?.deaths == 12 && tolls.reading(in: r, t)?.lowerBound == false)
        (t, r) = sentence("American soldiers saw three drones and 15 Kurdish targets were hit in 2023.")
        #expect(TextCues.counts(in: r, t) == [Event.Count(count: 3, of: "drones"), Event.Count(count: 15, of: "targets")])
    }

    @Test func statedProximity() {
        let (t, r) = sentence("Some of the strikes were approximately 1km away from US troops, prompting them to hide.")
        #expect(TextCues.proximity(in: r, t) == [ProximityRelation(distance: 1000, approximate: true, to: "US troops")])
        let (t2, r2) = sentence("Shells fell 500 metres from the hospital.")
        #expect(TextCues.proximity(in: r2, t2) == [ProximityRelation(distance: 500, approximate: false, to: "hospital")])
    }
}

@Suite struct LexiconTests {
    @Test func badLinesAreReportedByFileAndLine() throws {
        var files = try bundledLexiconFiles()
        files["actors.tsv"] = "# comment\nOnly one field\n"
        do {
            _ = try EventLexicon(files: files)
            Issue.record("a line of one field was accepted")
        } catch let LexiconError.badLine(file, line, _) {
            #expect(file == "actors.tsv" && line == 2)
        }
        files = try bundledLexiconFiles()
        files["triggers.tsv"] = "# c\nshot down\tno-such-class\n"
        do {
            _ = try EventLexicon(files: files)
            Issue.record("an unknown trigger class was accepted")
        } catch let LexiconError.badLine(file, line, _) {
            #expect(file == "triggers.tsv" && line == 2)
        }
    }

    @Test func theBundledLexiconLoads() throws {
        let lexicon = try EventLexicon.bundled()
        #expect(lexicon.actors.contains { $0.template == "PKK: Kurdistan Workers Party" && $0.inter == .rebelGroups })
        let t = Text("US soldiers shot down the drone")
        #expect(lexicon.triggers.match(at: 2, in: t.tokens, limit: t.tokens.count)?.target == .intercept)
    }
}

/// The lexicon's files as shipped, by name, to edit in a test.
func bundledLexiconFiles() throws -> [String: String] {
    let folder = projectRoot.appendingPathComponent("Sources/Reports/Lexicon")
    var files: [String: String] = [:]
    for name in EventLexicon.fileNames { files["\(name).tsv"] = try String(contentsOf: folder.appendingPathComponent("\(name).tsv"), encoding: .utf8) }
    return files
}
