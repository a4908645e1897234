/// The sub-event type of an event: its trigger's class, read with the means, the target and the actors of
/// its clause. Each rule implements one distinction of ACLED's codebook.
struct SubEventRules: Sendable {
    let lexicon: EventLexicon

    /// What the rules read besides the trigger: the text around the event, and who did it to whom.
    struct Reading {
        var event: EventCandidate
        /// Tokens the event's cues are read in: its sentence, and for a demonstration the sentences after it
        /// that tell how it went.
        var context: Range<Int>
        var agent: ActorMention?
        var patient: ActorMention?
        /// The means of remote violence the report names most, if any.
        var reportMeans: SubEventType?
        /// Whether the trigger is passive ("was killed"): its target is the subject before it.
        var passive = false
        /// People named by nationality alone ("a Palestinian", "two Syrians"): civilians.
        var personsByNationality: [Range<Int>] = []
        /// A people named as a side ("Palestinians", "Kurds"): not an organised armed group.
        var peoplesByNationality: [Range<Int>] = []
    }

    func subEventType(_ r: Reading, _ text: Text) -> SubEventType {
        let classes = r.event.classes
        switch r.event.trigger.cls {
        case .protest, .gather, .riot, .mob:
            return demonstration(r, text)
        case .capture, .regain:
            return territory(r, text)
        case .air, .shell, .explosive, .explosion, .suicide, .grenade, .chemical:
            if firedBothWays(r, text) || attackersKilledFirst(r, text) { return .armedClash }
            if weaponsMadeSafe(r, text) { return .disruptedWeaponsUse }
            return remoteViolence(r, text) ?? r.event.trigger.cls.defaultSubEventType
        case .clash:
            return clashWithUnarmed(r, text) ? .violentDemonstration : .armedClash
        case .execute:
            return .attack
        case .attack, .fire, .kill, .beat, .wound:
            if let means = remoteViolence(r, text, requireMeans: true) { return means }
            if classes.contains(.abduct) { return .abduction }
            // "Turkey had resumed its attacks": an attack told without its means used the report's.
            if r.event.trigger.cls == .attack, let means = r.reportMeans, r.patient?.inter != .civilians { return means }
            return battleOrAttackOnCivilians(r, text)
        default:
            return r.event.trigger.cls.defaultSubEventType
        }
    }

    /// Codebook, Explosions/Remote violence: told apart by the weapon. A suicide attacker outranks the bomb
    /// he carries, a chemical agent its delivery, an aircraft the bombs it drops; planted explosives outrank
    /// a generic blast; artillery, rockets and missiles are shelling. `requireMeans`: nil unless the clause
    /// names a means (an "attack" with guns is no remote violence).
    func remoteViolence(_ r: Reading, _ text: Text, requireMeans: Bool = false) -> SubEventType? {
        let classes = r.event.classes
        let tokens = text.tokens
        // The means are read in the event's own clause: "following a suicide attack in Ankara, Turkey began
        // airstrikes" tells two events by two means.
        func cue(_ c: CueClass) -> Bool { lexicon.has(c, in: r.event.clause, of: tokens) }
        if classes.contains(.suicide) || cue(.suicide) { return .suicideBomb }
        if classes.contains(.chemical) || cue(.chemical) { return .chemicalWeapon }
        if classes.contains(.air) { return .airDroneStrike }
        if classes.contains(.explosive) { return .remoteExplosive }
        if classes.contains(.grenade) { return .grenade }
        if classes.contains(.shell) { return .shelling }
        // A generic blast or bombing, or an attack: the means named in the sentence decide.
        if cue(.air) { return .airDroneStrike }
        if cue(.explosive) { return .remoteExplosive }
        if cue(.grenade) { return .grenade }
        if cue(.artillery) { return .shelling }
        return requireMeans ? nil : classes.contains(.explosion) ? .remoteExplosive : nil
    }

    /// Codebook: a battle needs two armed, organised sides; "clashes" between security forces and
    /// residents, students or youths — people by their nationality ("Palestinians") among them — are a riot
    /// (Violent demonstration), the unarmed side the rioters.
    func clashWithUnarmed(_ r: Reading, _ text: Text) -> Bool {
        let sides = [r.agent, r.patient].compactMap { $0 }
        if sides.contains(where: { $0.inter.isArmed && $0.inter != .stateForces }) { return false }
        let state = sides.contains { $0.inter == .stateForces }
        let unarmedActor = sides.contains { $0.inter == .civilians || $0.inter == .protesters || $0.inter == .rioters }
        let tokens = text.tokens
        let unarmedWords = r.event.clause.contains { lexicon.cue(.unarmed, at: $0, in: tokens, limit: r.event.clause.upperBound) != nil }
            || r.personsByNationality.contains { r.event.clause.contains($0.lowerBound) }
            || r.peoplesByNationality.contains { r.event.clause.contains($0.lowerBound) }
        return state && (unarmedActor || unarmedWords)
    }

    /// Codebook, Armed clash: armed, organised groups engaging each other, heavy weapons included. Shelling
    /// or fire exchanged between two sides ("exchanged artillery fire", "an exchange of shelling between",
    /// "responded by shelling") is a battle, not remote violence.
    func firedBothWays(_ r: Reading, _ text: Text) -> Bool {
        guard [.shell, .air].contains(r.event.trigger.cls) || r.event.classes.contains(.shell) else { return false }
        let tokens = text.tokens
        let near = max(r.event.clause.lowerBound, r.event.trigger.span.lowerBound - 4)..<min(r.event.clause.upperBound, r.event.trigger.span.upperBound + 3)
        guard lexicon.has(.exchange, in: near, of: tokens) else { return false }
        // "between X and Y" needs two sides; the other cues name them by themselves.
        if tokens[near].contains(where: { $0.lowered == "between" }) { return r.agent != nil && r.patient != nil }
        return true
    }

    /// Codebook, Disrupted weapons use: "police discovered IEDs", "dismantled a roadside bomb", "seized
    /// rockets" — an explosive found or made safe before it went off.
    func weaponsMadeSafe(_ r: Reading, _ text: Text) -> Bool {
        guard [.explosive, .explosion, .shell, .grenade].contains(r.event.trigger.cls) else { return false }
        let window = max(r.event.clause.lowerBound, r.event.trigger.span.lowerBound - 4)..<r.event.trigger.span.lowerBound
        return lexicon.has(.disarm, in: window, of: text.tokens)
    }

    /// "military forces killed 2 suicide bombers", "suicide bombers were killed by the police": attackers
    /// stopped before they blew themselves up fought a battle, they set off no bomb.
    func attackersKilledFirst(_ r: Reading, _ text: Text) -> Bool {
        guard r.event.trigger.cls == .suicide else { return false }
        let suicide = r.event.trigger.span
        // "killed 2 suicide bombers" (the bombers the object), "bombers were killed" (passive) — not "a suicide
        // bomber killed five policemen" (the bomber the subject).
        let tokens = text.tokens
        return r.event.support.contains { k in
            guard k.cls == .kill else { return false }
            if k.span.upperBound <= suicide.lowerBound { return suicide.lowerBound - k.span.upperBound <= 4 }
            return k.span.lowerBound >= suicide.upperBound && k.span.lowerBound - suicide.upperBound <= 3
                && tokens[suicide.upperBound..<k.span.lowerBound].contains { lexicon.cue(.passive, at: 0, in: [$0], limit: 1) != nil }
        }
    }

    /// Codebook: Battles are violent interactions between two organised armed groups; Violence against
    /// civilians is an armed group's violence against unarmed non-combatants. The target decides: civilians
    /// or their homes make an attack, armed actors or their positions a clash; with no target named, a
    /// killing or beating is an attack, an assault or gunfire a clash.
    func battleOrAttackOnCivilians(_ r: Reading, _ text: Text) -> SubEventType {
        if let patient = r.patient {
            if patient.inter == .civilians { return .attack }
            if patient.inter.isArmed { return .armedClash }
        }
        if let agent = r.agent, agent.inter == .civilians || agent.inter == .protesters { return .attack }
        let tokens = text.tokens
        let trigger = r.event.trigger.span
        // The target: the words after an active trigger, or the subject before a passive one.
        let object = trigger.upperBound..<min(r.event.clause.upperBound, trigger.upperBound + 6)
        let subject = max(r.event.sentence.lowerBound, trigger.lowerBound - 6)..<trigger.lowerBound
        let passive = r.passive
        let target = passive ? subject : object
        var armed = lexicon.has(.armed, in: target, of: tokens) || (r.patient?.inter.isArmed ?? false)
        // "A Palestinian was shot": a person named by nationality alone is a civilian.
        var civilian = lexicon.has(.civilian, in: target, of: tokens) || r.personsByNationality.contains { target.contains($0.lowerBound) }
        if !armed && !civilian {
            // Nothing in the object's words: the clause's other words ("halted a van carrying two lawyers,
            // opened fire and killed them"), the agent's own excepted.
            let rest = r.event.clause.filter { i in !(r.agent?.span.contains(i) ?? false) && !r.event.trigger.span.contains(i) }
            armed = rest.contains { lexicon.cue(.armed, at: $0, in: tokens, limit: r.event.clause.upperBound) != nil }
            civilian = rest.contains { lexicon.cue(.civilian, at: $0, in: tokens, limit: r.event.clause.upperBound) != nil }
        }
        if civilian && !armed { return .attack }
        if armed { return .armedClash }
        switch r.event.trigger.cls {
        case .kill, .beat, .wound: return .attack
        default: return .armedClash
        }
    }

    /// Codebook, Protests and Riots: a demonstration met with lethal force is "Excessive force against
    /// protesters"; one met with force short of that (dispersal, tear gas, arrests) "Protest with
    /// intervention"; demonstrators who use violence or destroy property, or block roads, riot ("Violent
    /// demonstration"); a mob's violence is "Mob violence"; otherwise "Peaceful protest".
    func demonstration(_ r: Reading, _ text: Text) -> SubEventType {
        if r.event.trigger.cls == .mob { return .mobViolence }
        // Rioters met with force, lethal or not, riot still.
        if r.event.trigger.cls == .riot { return .violentDemonstration }
        let tokens = text.tokens
        func cue(_ c: CueClass) -> Bool { lexicon.has(c, in: r.context, of: tokens) }
        let classes = r.event.classes
        let stateAgainst = [r.agent, r.patient].contains { $0?.inter == .stateForces }
        if (cue(.lethal) || classes.contains(.kill)) && (stateAgainst || cue(.intervention) || classes.contains(.fire)) {
            return .excessiveForceAgainstProtesters
        }
        if r.event.trigger.cls == .riot || classes.contains(.riot) || classes.contains(.loot) || cue(.violence) {
            return .violentDemonstration
        }
        if cue(.intervention) || classes.contains(.arrest) || classes.contains(.fire) { return .protestWithIntervention }
        return .peacefulProtest
    }

    /// Codebook: "Government regains territory" when government forces or their affiliates take a place
    /// back from non-state actors; "Non-state actor overtakes territory" when a non-state actor takes one.
    /// The actor decides; without one, "recaptured" tells a government's return, "seized" a non-state gain.
    func territory(_ r: Reading, _ text: Text) -> SubEventType {
        // Codebook: "Non-violent transfer of territory" when control changes hands without fighting: the
        // other side withdrew, handed it over, or it happened "under unknown circumstances".
        if !r.event.classes.contains(.clash), lexicon.has(.uncontested, in: r.event.sentence, of: text.tokens) { return .nonViolentTransferOfTerritory }
        if let agent = r.agent { return agent.inter == .stateForces || agent.inter == .externalOther ? .governmentRegainsTerritory : .nonStateActorOvertakesTerritory }
        return r.event.trigger.cls.defaultSubEventType
    }
}
