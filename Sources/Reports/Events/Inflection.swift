/// English inflections of a lexicon word, so a data file lists "shell/v" once and matches "shells",
/// "shelled", "shelling". Regular rules only, generous rather than exact: a form no one writes ("targetted")
/// costs nothing, a form missed loses an event. Irregular forms are listed in the data.
enum Inflection {
    static let vowels: Set<Character> = ["a", "e", "i", "o", "u"]

    /// A verb's forms: the base, third person (+s), past (+ed) and present participle (+ing).
    static func verb(_ base: String) -> [String] {
        var forms = [base, plural(base)]
        let stem: String
        if base.hasSuffix("e"), !base.hasSuffix("ee") {
            stem = String(base.dropLast())
            forms += [base + "d", stem + "ing"]
        } else if base.hasSuffix("y"), base.count > 1, !vowels.contains(base[base.index(before: base.index(before: base.endIndex))]) {
            forms += [String(base.dropLast()) + "ied", base + "ing"]
        } else {
            forms += [base + "ed", base + "ing"]
            // A final consonant after a single vowel may double ("kidnapped", "dropped", "targeted" does not):
            // both spellings are kept.
            if let doubled = doubledConsonant(base) { forms += [doubled + "ed", doubled + "ing"] }
        }
        return unique(forms)
    }

    /// A noun's forms: singular and plural.
    static func noun(_ base: String) -> [String] { unique([base, plural(base)]) }

    static func plural(_ word: String) -> String {
        if ["s", "x", "z", "ch", "sh"].contains(where: { word.hasSuffix($0) }) { return word + "es" }
        if word.hasSuffix("y"), word.count > 1, !vowels.contains(word[word.index(before: word.index(before: word.endIndex))]) {
            return String(word.dropLast()) + "ies"
        }
        return word + "s"
    }

    private static func doubledConsonant(_ word: String) -> String? {
        let letters = Array(word)
        guard letters.count >= 3, let last = letters.last, !vowels.contains(last), !["w", "x", "y"].contains(last),
              vowels.contains(letters[letters.count - 2]), !vowels.contains(letters[letters.count - 3]) else { return nil }
        return word + String(last)
    }

    private static func unique(_ forms: [String]) -> [String] {
        var seen = Set<String>()
        return forms.filter { seen.insert($0).inserted }
    }
}
