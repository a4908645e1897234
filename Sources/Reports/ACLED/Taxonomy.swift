/// ACLED's event taxonomy as its codebook defines it (ACLED Codebook, "Event Types and Sub-Event Types"):
/// six event types, twenty-five sub-event types, three disorder types. Raw values are the codebook's names,
/// exactly as ACLED's data writes them.
public enum EventType: String, Sendable, CaseIterable, Codable {
    case battles = "Battles"
    case explosions = "Explosions/Remote violence"
    case violenceAgainstCivilians = "Violence against civilians"
    case protests = "Protests"
    case riots = "Riots"
    case strategicDevelopments = "Strategic developments"

    /// The codebook's disorder type: political violence, demonstrations, or strategic developments.
    public var disorderType: DisorderType {
        switch self {
        case .battles, .explosions, .violenceAgainstCivilians: .politicalViolence
        case .protests, .riots: .demonstrations
        case .strategicDevelopments: .strategicDevelopments
        }
    }
}

/// ACLED's `disorder_type`.
public enum DisorderType: String, Sendable, CaseIterable, Codable {
    case politicalViolence = "Political violence"
    case demonstrations = "Demonstrations"
    case strategicDevelopments = "Strategic developments"
}

/// ACLED's twenty-five sub-event types; each belongs to exactly one event type.
public enum SubEventType: String, Sendable, CaseIterable, Codable {
    // Battles
    case armedClash = "Armed clash"
    case governmentRegainsTerritory = "Government regains territory"
    case nonStateActorOvertakesTerritory = "Non-state actor overtakes territory"
    // Explosions/Remote violence
    case chemicalWeapon = "Chemical weapon"
    case airDroneStrike = "Air/drone strike"
    case suicideBomb = "Suicide bomb"
    case shelling = "Shelling/artillery/missile attack"
    case remoteExplosive = "Remote explosive/landmine/IED"
    case grenade = "Grenade"
    // Violence against civilians
    case sexualViolence = "Sexual violence"
    case attack = "Attack"
    case abduction = "Abduction/forced disappearance"
    // Protests
    case peacefulProtest = "Peaceful protest"
    case protestWithIntervention = "Protest with intervention"
    case excessiveForceAgainstProtesters = "Excessive force against protesters"
    // Riots
    case violentDemonstration = "Violent demonstration"
    case mobViolence = "Mob violence"
    // Strategic developments
    case agreement = "Agreement"
    case arrests = "Arrests"
    case changeToGroupActivity = "Change to group/activity"
    case disruptedWeaponsUse = "Disrupted weapons use"
    case headquartersEstablished = "Headquarters or base established"
    case lootingPropertyDestruction = "Looting/property destruction"
    case nonViolentTransferOfTerritory = "Non-violent transfer of territory"
    case other = "Other"

    public var eventType: EventType {
        switch self {
        case .armedClash, .governmentRegainsTerritory, .nonStateActorOvertakesTerritory: .battles
        case .chemicalWeapon, .airDroneStrike, .suicideBomb, .shelling, .remoteExplosive, .grenade: .explosions
        case .sexualViolence, .attack, .abduction: .violenceAgainstCivilians
        case .peacefulProtest, .protestWithIntervention, .excessiveForceAgainstProtesters: .protests
        case .violentDemonstration, .mobViolence: .riots
        case .agreement, .arrests, .changeToGroupActivity, .disruptedWeaponsUse, .headquartersEstablished,
             .lootingPropertyDestruction, .nonViolentTransferOfTerritory, .other: .strategicDevelopments
        }
    }
}

/// ACLED's actor types, the `inter1`/`inter2` codes (codebook, "Actor Names, Types, and 'Inter' Codes").
public enum InterCode: Int, Sendable, CaseIterable, Codable, Comparable {
    case stateForces = 1
    case rebelGroups = 2
    case politicalMilitias = 3
    case identityMilitias = 4
    case rioters = 5
    case protesters = 6
    case civilians = 7
    case externalOther = 8

    /// The names the lexicon's actor file writes in its `type` column.
    public init?(name: String) {
        switch name {
        case "state": self = .stateForces
        case "rebel": self = .rebelGroups
        case "political": self = .politicalMilitias
        case "identity": self = .identityMilitias
        case "rioters": self = .rioters
        case "protesters": self = .protesters
        case "civilians": self = .civilians
        case "external": self = .externalOther
        default: return nil
        }
    }

    /// Armed, organised actors: the two sides of a battle (codebook: "Battles" need two armed groups).
    public var isArmed: Bool { self <= .identityMilitias || self == .externalOther }

    public static func < (a: InterCode, b: InterCode) -> Bool { a.rawValue < b.rawValue }
}

/// ACLED's `interaction`: the two inter codes, the lower first (12: state forces against rebels); one
/// actor alone gives its code times ten (60: protesters alone).
public func interaction(_ inter1: InterCode?, _ inter2: InterCode?) -> Int? {
    switch (inter1, inter2) {
    case let (a?, b?): min(a, b).rawValue * 10 + max(a, b).rawValue
    case let (a?, nil), let (nil, a?): a.rawValue * 10
    case (nil, nil): nil
    }
}

/// ACLED's `civilian_targeting`: set on political violence whose target is civilians (codebook, "Civilian
/// targeting").
public func civilianTargeting(subEventType: SubEventType, inter2: InterCode?) -> Bool {
    subEventType.eventType.disorderType == .politicalViolence && (inter2 == .civilians || subEventType.eventType == .violenceAgainstCivilians)
}
