/// Closed word classes the place finder and the event extractor read text with. Open classes (actors,
/// event triggers) are data files under `Lexicon/`.
enum Words {
    /// Function words: capitalised at a sentence's start, never a place on their own.
    static let function: WordSet = [
        "a", "an", "the", "in", "on", "at", "of", "to", "for", "from", "by", "with", "and", "or", "but", "as", "if",
        "it", "its", "is", "was", "are", "were", "be", "been", "this", "that", "these", "those", "there", "their",
        "they", "he", "she", "we", "you", "i", "his", "her", "our", "my", "your", "after", "before", "while",
        "when", "where", "although", "though", "however", "also", "some", "all", "any", "no", "not", "one", "two",
        "so", "then", "than", "since", "until", "about", "into", "over", "under", "near", "now", "meanwhile",
        "according", "following", "despite", "during", "between", "among", "both", "each", "other", "another",
        "instead", "furthermore", "additionally", "currently", "today", "yesterday", "tomorrow", "here", "what",
        "who", "which", "why", "how", "me", "us", "do", "did", "does", "has", "have", "had", "will", "would",
        "can", "could", "may", "might", "should", "must", "up", "out", "down", "off", "per", "via", "yet",
    ]

    /// Days and months: capitalised, and places somewhere ("Thursday Island", "March" in Germany), never
    /// places on their own in a report.
    static let calendar: WordSet = [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
        "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    ]

    /// Prepositions that place an event: "airstrikes in Al Hasakah", "an attack near Homs".
    static let eventLocative: WordSet = ["in", "at", "near", "outside", "inside", "into", "across", "around", "within", "throughout", "over", "on"]

    /// Words that start a new clause: the places and actors on the other side belong to another event.
    static let clauseBreaks: WordSet = ["after", "before", "following", "since", "when", "while", "because", "despite",
                                            "although", "though", "whereas", "according", "amid", "as"]

    /// Titles before a person's name: "Gen. Pat Ryder", "Secretary Blinken", "Mr. Fidan".
    static let titles: WordSet = [
        "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "gen", "general", "brig", "col", "colonel",
        "lt", "maj", "major", "capt", "captain", "sgt", "sergeant", "adm", "admiral", "gov", "governor", "sen",
        "senator", "rep", "representative", "president", "minister", "secretary", "chairman", "chair", "king",
        "queen", "prince", "princess", "sheikh", "pope", "father", "sister", "judge", "justice", "mayor",
        "commissioner", "chief", "officer", "deputy", "spokesperson", "spokesman", "spokeswoman", "prof",
        "professor", "rev", "reverend", "saint", "st", "coach", "detective", "sheriff", "ambassador", "emir",
        "ayatollah", "imam", "rabbi", "bishop", "cardinal", "premier", "chancellor", "envoy",
    ]

    /// Prepositions that put what follows on the map: "in Homs", "near Hasakah", "outside Damascus".
    static let locative: WordSet = [
        "in", "at", "near", "outside", "inside", "into", "across", "around", "from", "toward", "towards", "within",
        "throughout", "through", "to", "of", "off", "along", "beyond", "over", "onto", "nearby", "northern", "southern",
        "eastern", "western", "central",
    ]

    /// Verbs a government speaks or acts by: "Ankara claimed", "Washington said" — the place is a metonym.
    static let agency: WordSet = [
        "said", "says", "say", "claimed", "claims", "claim", "announced", "announces", "stated", "states", "warned",
        "warns", "denied", "denies", "accused", "accuses", "insisted", "insists", "urged", "urges", "condemned",
        "condemns", "rejected", "rejects", "told", "tells", "confirmed", "confirms", "believes", "believe", "wants",
        "want", "agreed", "agrees", "demanded", "demands", "criticized", "criticised", "criticizes", "responded",
        "responds", "supports", "support", "supported", "sees", "views", "view", "vowed", "vows", "threatened",
        "threatens", "decided", "decides", "plans", "planned", "considers", "considered", "sent", "sends",
        "imposed", "imposes", "recognized", "recognised", "recalled", "summoned", "expelled", "backed", "backs",
        "opposes", "opposed", "welcomed", "welcomes", "signed", "signs", "pledged", "pledges", "refused",
        "refuses", "rejects", "has", "had", "is", "was", "would", "will", "should", "must", "can", "could", "may",
        "might", "did", "does", "increased", "began", "begun", "resumed", "continues", "continued", "launched",
        "informed", "assured", "emphasized", "emphasised", "highlighted", "acknowledged", "promised", "asked",
        "called", "calls", "hopes", "hoped", "expects", "expected", "accepted", "argued", "argues", "noted",
    ]
    /// Adverbs between a metonym and its verb: "Ankara only claimed".
    static let adverbs: WordSet = ["only", "also", "still", "already", "again", "reportedly", "repeatedly", "officially", "now", "has", "have", "had"]

    /// Nouns a place modifies rather than locates: "US troops", "U.S. officials", "Turkish drone".
    static let modified: WordSet = [
        "troops", "troop", "soldiers", "soldier", "forces", "force", "military", "militaries", "army", "navy",
        "air", "officials", "official", "government", "authorities", "authority", "president", "minister",
        "ministry", "secretary", "embassy", "ambassador", "lawmakers", "congress", "parliament", "readout",
        "drone", "drones", "jet", "jets", "warplanes", "aircraft", "fighter", "counterpart", "counterparts",
        "citizens", "citizen", "nationals", "national", "people", "leaders", "leader", "diplomats", "diplomat",
        "envoy", "defense", "defence", "foreign", "interior", "state", "department", "intelligence", "police",
        "coalition", "allies", "ally", "side", "delegation", "administration", "regime", "media", "press",
        "economy", "market", "markets", "dollar", "company", "companies", "firm", "firms", "team", "border",
        "borders", "sanctions", "bases", "base", "personnel", "marines", "navy", "statement", "central",
        "spokesperson", "spokesman", "spokeswoman", "general", "commanders", "commander", "counterterrorism",
        "policy", "policies", "strike", "strikes", "airstrikes", "operations", "operation", "officers",
        "warships", "vessels", "supreme", "court", "senate", "house", "department's", "chamber", "team's",
    ]

    /// Heads of organisation names a place may start: "Kurdistan Workers' Party", "Rapides Parish Fire District".
    /// Last words of the names of parties and armed movements: a place before them is part of the name
    /// ("Kurdistan Workers Party"), not a place of the report.
    static let organisationNames: WordSet = [
        "party", "front", "movement", "army", "brigade", "brigades", "union", "league", "alliance", "organization",
        "organisation", "committee", "battalion", "battalions", "militia",
    ]

    static let organisationHeads: WordSet = [
        "party", "workers", "forces", "force", "army", "office", "department", "ministry", "university", "college",
        "school", "hospital", "press", "times", "post", "news", "herald", "tribune", "journal", "club", "council",
        "company", "corporation", "bank", "airlines", "airways", "district", "authority", "committee", "commission",
        "agency", "institute", "center", "centre", "church", "league", "association", "union", "front", "movement",
        "brigade", "brigades", "units", "guard", "police", "democratic", "fire", "sheriff", "board", "court",
        "county", "state", "high", "museum", "airport", "station", "group", "fc", "city", "united",
    ]

    /// Lower-case words that may sit inside a place's name: "Bosnia and Herzegovina", "Isle of Man".
    static let nameParticles: WordSet = [
        "and", "of", "de", "del", "da", "do", "dos", "das", "la", "le", "les", "el", "al", "upon", "on", "the", "y",
        "du", "des", "am", "an", "der", "di", "ad", "ar", "as", "ash", "at", "az", "en", "sur", "von", "van", "bin",
        "ibn", "i", "e", "ez", "es", "ed", "ur", "um", "au", "aux",
    ]

    /// Nouns for settlements and areas: a name next to one is a place's ("the town of X", "X village").
    static let settlements: WordSet = [
        "town", "village", "city", "area", "district", "neighbourhood", "neighborhood", "camp", "suburb", "countryside",
        "governorate", "province", "region", "hamlet", "municipality", "subdistrict", "nahiya", "quarter", "township", "villages",
        "towns", "areas", "hill", "mountain", "valley", "plain", "front", "axis", "crossing", "checkpoint", "base", "port", "island",
    ]

    /// Direction words that make a region of the place after them: "northern Syria", "north-eastern Syria".
    static let directions: WordSet = [
        "northern", "southern", "eastern", "western", "central", "northeastern", "northwestern", "southeastern",
        "southwestern", "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
        "upper", "lower",
    ]

    static let numbers: WordTable<Int> = WordTable(numberWords.map { ($0.key, $0.value) })
    private static let numberWords: [String: Int] = [
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
        "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
        "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
        "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12, "dozens": 24, "a dozen": 12,
        "hundreds": 200, "thousands": 2000, "a": 1, "an": 1, "single": 1, "several": 3, "both": 2,
    ]
}
