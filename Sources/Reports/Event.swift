import Geometry

/// An event as ACLED records one: what happened, who, when, where, how many — with the sentences and
/// reports that tell it.
public struct Event: Sendable {
    /// ACLED's sub-event type; the event type and disorder type follow from it.
    public var subEventType: SubEventType
    public var eventType: EventType { subEventType.eventType }
    public var actor1: String?
    public var actor2: String?
    /// ACLED's actor types of actor1 and actor2 (`inter1`, `inter2`).
    public var inter1: InterCode?
    public var inter2: InterCode?
    public var interaction: Int? { Reports.interaction(inter1, inter2) }
    public var civilianTargeting: Bool { Reports.civilianTargeting(subEventType: subEventType, inter2: inter2) }
    public var date: CivilDate?
    /// ACLED's `time_precision`: 1 the day is known, 2 the week, 3 the month.
    public var timePrecision: Int
    /// Whether the date was written in the event's own sentence (rather than carried from earlier text or
    /// the published date): merged events keep a written one.
    public var dateIsWritten: Bool
    /// Minutes after midnight UTC, when the report gives a time of day with its zone.
    public var timeUTC: Int?
    public var location: ResolvedPlace?
    /// ACLED's `geo_precision` when the text says more than the place's kind ("near Hasakah": 2).
    public var geoPrecisionStated: Int?
    /// ACLED's `geo_precision`: as the text states it, else as the place's kind implies.
    public var geoPrecision: Int? { location.map { max(geoPrecisionStated ?? 1, $0.geoPrecision) } }
    public var fatalities: Int?
    /// "at least 60 dead": the figure is a lower bound.
    public var fatalitiesLowerBound: Bool
    public var counts: [Count]
    public var relations: [ProximityRelation]
    public var evidence: [Evidence]

    public init(subEventType: SubEventType, actor1: String?, actor2: String?, inter1: InterCode? = nil, inter2: InterCode? = nil,
                date: CivilDate?, timePrecision: Int, dateIsWritten: Bool, timeUTC: Int?, location: ResolvedPlace?,
                geoPrecision: Int? = nil, fatalities: Int?, fatalitiesLowerBound: Bool, counts: [Count], relations: [ProximityRelation],
                evidence: [Evidence]) {
        self.subEventType = subEventType
        self.actor1 = actor1
        self.actor2 = actor2
        self.inter1 = inter1
        self.inter2 = inter2
        self.geoPrecisionStated = geoPrecision
        self.date = date
        self.timePrecision = timePrecision
        self.dateIsWritten = dateIsWritten
        self.timeUTC = timeUTC
        self.location = location
        self.fatalities = fatalities
        self.fatalitiesLowerBound = fatalitiesLowerBound
        self.counts = counts
        self.relations = relations
        self.evidence = evidence
    }

    /// "three drones" → 3 drones.
    public struct Count: Sendable, Equatable {
        public var count: Int
        public var of: String
        public init(count: Int, of: String) {
            self.count = count
            self.of = of
        }
    }
    /// A sentence that tells the event.
    public struct Evidence: Sendable, Hashable {
        public var report: String
        /// Code points, end exclusive.
        public var start: Int
        public var end: Int
        public var text: String
        public init(report: String, start: Int, end: Int, text: String) {
            self.report = report
            self.start = start
            self.end = end
            self.text = text
        }
    }

    /// The reports that tell it, in the order they came.
    public var sources: [String] {
        var seen = Set<String>()
        return evidence.map(\.report).filter { seen.insert($0).inserted }
    }

    /// "04:30" for `timeUTC`.
    public var timeUTCText: String? {
        timeUTC.map { m in
            let h = m / 60, mm = m % 60
            return "\(h < 10 ? "0" : "")\(h):\(mm < 10 ? "0" : "")\(mm)"
        }
    }
}

/// Stated proximity: "approximately 1km away from US troops" → 1,000 m, approximate, to "US troops".
public struct ProximityRelation: Sendable, Equatable {
    public var distance: Double
    public var approximate: Bool
    public var to: String
    public init(distance: Double, approximate: Bool, to: String) {
        self.distance = distance
        self.approximate = approximate
        self.to = to
    }
}

extension Event {
    /// Whether two accounts may be one event: same type, actors that do not contradict each other, dates
    /// at most a day apart, and places within a few kilometres — or one of them only the country the
    /// other lies in.
    /// `acrossReports`: accounts from different reports may also meet in a region one of them names ("in
    /// northern Syria" and "in Hasakah"); within one report, a writer who names two places means two events.
    public func canMerge(with other: Event, acrossReports: Bool = false, maxKilometres: Double = 10) -> Bool {
        guard subEventType == other.subEventType else { return false }
        // Dates known to the day may be a day apart (time zones, late reports); to the week, within it.
        let slack = max(timePrecision, other.timePrecision) >= 2 ? 6 : 1
        if let a = date, let b = other.date, abs(a.dayNumber - b.dayNumber) > slack { return false }
        if !Event.compatible(actor1, other.actor1) || !Event.compatible(actor2, other.actor2) { return false }
        guard let here = location, let there = other.location else { return true }
        if Event.sameArea(here, there, maxKilometres: maxKilometres, pointsInCountry: acrossReports) { return true }
        return acrossReports && (Event.within(here, there) || Event.within(there, here))
    }

    /// Whether `a` is a region whose polygon holds `b`'s point.
    static func within(_ a: ResolvedPlace, _ b: ResolvedPlace) -> Bool {
        guard let area = a.region?.geometry, let p = b.coordinate else { return false }
        return (try? area.contains(.point(Point(p)))) ?? false
    }

    static func compatible(_ a: String?, _ b: String?) -> Bool { a == nil || b == nil || a == b }

    /// Within a few kilometres, or a country-level account of an event placed more precisely in that country
    /// — in an area of it ("in Syria" and "in northern Syria"), or, with `pointsInCountry`, at a town of it.
    static func sameArea(_ a: ResolvedPlace, _ b: ResolvedPlace, maxKilometres: Double, pointsInCountry: Bool) -> Bool {
        guard let p = a.coordinate, let q = b.coordinate else { return false }
        if let m = try? Geodesic.wgs84.inverse(from: p, to: q).distance, m <= maxKilometres * 1000 { return true }
        func countryOnly(_ x: ResolvedPlace, _ y: ResolvedPlace) -> Bool {
            x.region == nil && x.place?.kind == .country && x.place?.country == y.place?.country && (pointsInCountry || y.fineness >= 3)
        }
        return countryOnly(a, b) || countryOnly(b, a)
    }

    /// Folds `other` into this event: the more precise place, a written date over a carried one, a time,
    /// the larger death toll, every count, relation and source.
    public mutating func absorb(_ other: Event) {
        if let there = other.location, location == nil || there.fineness < location!.fineness {
            location = there
            geoPrecisionStated = other.geoPrecisionStated
        }
        // A written date beats a carried one, unless it comes from a vaguer account ("in Syria on Wednesday"
        // told of a week's strikes; "in Al Hasakah" of this one).
        let otherAsFine = other.location.map { o in location.map { o.fineness <= $0.fineness } ?? true } ?? false
        if date == nil || other.dateIsWritten && !dateIsWritten && otherAsFine {
            date = other.date
            timePrecision = other.timePrecision
            dateIsWritten = other.dateIsWritten
        }
        if timeUTC == nil { timeUTC = other.timeUTC }
        if actor1 == nil { (actor1, inter1) = (other.actor1, other.inter1) }
        if actor2 == nil { (actor2, inter2) = (other.actor2, other.inter2) }
        if let f = other.fatalities, f > (fatalities ?? -1) {
            fatalities = f
            fatalitiesLowerBound = other.fatalitiesLowerBound
        }
        for c in other.counts where !counts.contains(c) { counts.append(c) }
        for r in other.relations where !relations.contains(r) { relations.append(r) }
        for e in other.evidence where !evidence.contains(e) { evidence.append(e) }
    }
}

/// One event from many accounts: each event joins the first earlier one it can merge with.
public enum EventMerger {
    /// Events of different reports merged; two events one report keeps apart stay apart, and an account
    /// already told (the same report read twice) adds nothing.
    public static func merge(_ events: [Event]) -> [Event] {
        var merged: [Event] = []
        for e in events {
            if merged.contains(where: { Set($0.evidence).isSuperset(of: e.evidence) }) { continue }
            let sources = Set(e.sources)
            if let k = merged.firstIndex(where: { sources.isDisjoint(with: $0.sources) && $0.canMerge(with: e, acrossReports: true) }) {
                merged[k].absorb(e)
            } else {
                merged.append(e)
            }
        }
        return merged
    }
}
