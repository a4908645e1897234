/// What a trigger word names, before its clause decides the sub-event type (see triggers.tsv).
public enum TriggerClass: String, Sendable, CaseIterable {
    case clash, attack, fire, kill, execute, air, shell, explosive, explosion, suicide, grenade, chemical
    case abduct, sexual, beat, wound, gather, protest, riot, mob
    case capture, regain, withdraw
    case agreement, arrest, intercept, loot, base, change, measure, other

    /// The sub-event type the trigger names when nothing in its clause says otherwise.
    var defaultSubEventType: SubEventType {
        switch self {
        case .clash, .attack, .fire: .armedClash
        case .kill, .execute, .beat, .wound: .attack
        case .air: .airDroneStrike
        case .shell: .shelling
        case .explosive, .explosion: .remoteExplosive
        case .suicide: .suicideBomb
        case .grenade: .grenade
        case .chemical: .chemicalWeapon
        case .abduct: .abduction
        case .sexual: .sexualViolence
        case .gather, .protest: .peacefulProtest
        case .riot: .violentDemonstration
        case .mob: .mobViolence
        case .capture: .nonStateActorOvertakesTerritory
        case .regain: .governmentRegainsTerritory
        case .withdraw: .nonViolentTransferOfTerritory
        case .agreement: .agreement
        case .arrest: .arrests
        case .intercept: .disruptedWeaponsUse
        case .loot: .lootingPropertyDestruction
        case .base: .headquartersEstablished
        case .change: .changeToGroupActivity
        case .measure, .other: .other
        }
    }

    /// Triggers that tell an outcome or a means more often than an event of their own ("killing four",
    /// "opened fire", "an explosion"): another trigger in the sentence names the event.
    var isWeak: Bool {
        switch self {
        case .attack, .fire, .kill, .explosion, .gather, .change, .arrest, .withdraw, .beat, .wound, .base, .measure: true
        default: false
        }
    }

    /// Which of two triggers of one sentence names its event, the higher first: the means of violence over
    /// the outcome, a battle over the strikes that supported it, a demonstration over its dispersal.
    var precedence: Int {
        switch self {
        // "mass grave": the discovery is the event, not the killings it holds.
        case .other: 95
        case .chemical: 88
        case .protest, .riot, .mob: 85
        case .clash: 80
        // "clashed with suicide attackers": the battle; "intercepted missiles": the interception.
        case .suicide, .intercept: 79
        case .capture, .regain: 78
        case .air: 75
        case .shell: 70
        case .explosive: 68
        case .grenade: 66
        case .abduct, .sexual: 60
        case .agreement: 55
        case .attack: 50
        case .fire: 48
        case .explosion: 46
        case .execute: 62
        case .kill: 40
        case .beat: 38
        case .loot: 36
        case .arrest: 34
        case .gather: 32
        case .base, .withdraw: 30
        case .change: 20
        case .wound: 18
        case .measure: 15
        }
    }
}

/// The cue classes of cues.tsv: words that are no event on their own but decide how one is read.
public enum CueClass: Int, Sendable, CaseIterable {
    /// The class's position in `allCases` (tables of cues are kept in that order).
    var ordinal: Int { rawValue }

    /// The class a line of cues.tsv names ("air", "civilian").
    init?(name: String) {
        guard let found = CueClass.allCases.first(where: { String(describing: $0) == name }) else { return nil }
        self = found
    }

    /// The means: aircraft, artillery, planted explosives, suicide attackers, grenades, chemicals, guns.
    case air, artillery, explosive, suicide, grenade, chemical, gun
    /// Fire returned or exchanged: both sides engaged.
    case exchange
    /// Weapons found or made safe.
    case disarm
    /// A place taken without a fight.
    case uncontested
    /// Unarmed people who may clash with security forces.
    case unarmed
    /// The target: unarmed people and their property, or armed actors and their positions.
    case civilian, armed
    /// The noun after a nationality that makes it a state's forces, police or government.
    case military, police, government
    /// How a demonstration went: force used on it, deaths, violence by the demonstrators.
    case intervention, lethal, violence
    /// Whether it happened: negation, modality ("would strike"), attempts ("tried to storm": it did).
    case negation, modality, attempt, witness, passive
    /// Words that place an event at the place after them, and the words that may stand between.
    case locative, settlement
    /// Words that make a place "near" or part of an area (geo_precision 2).
    case near
    /// Words for the area around a town ("Hama countryside"), for the parts of a city ("Qanawat
    /// neighbourhood"), and for things in a city named after a place ("a Riyadh Bank branch").
    case area, part, landmark
    /// Words after a town that put an event near it ("Basra area"); what may stand between a part and its
    /// city ("Salh in the city of Taizz").
    case around, partOf
    /// Words that may stand between a locative and its place ("in Hama and Idlib").
    case linker
    /// Nouns for a populated place ("the town of X", "X village"): the name is a town's.
    case town
    /// For the place finder: workplaces named after their town ("Doroud Railways": the town is where their
    /// workers are), and things named after a place that put nothing there ("the US dollar").
    case workplace, namedAfter
    /// What a demonstration is about: places after these are its topic, not where it is.
    case topic
    /// Clauses that give the main event's background: an earlier event ("following clashes"), or one at
    /// the same time and place ("amid shelling").
    case background, concurrent
    /// Sentences that sum up a conflict ("so far", "in total"): no event of their own.
    case cumulative
    /// Outcomes: deaths, casualties, the wounded.
    case death, casualty, wounded
}
