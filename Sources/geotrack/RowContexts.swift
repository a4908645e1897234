import GeoJSON
import Gazetteer

/// Each batch row's context: the run's (--country, --near), with the row's own country, division and point in
/// their place. Every distinct value is read once, before the rows are resolved on every core.
struct RowContexts: Sendable {
    let base: ResolutionContext
    private var countries: [String: String] = [:]
    private var divisions: [String: Set<String>] = [:]
    private var points: [String: LatLon] = [:]

    /// Reads the rows' context values; one that names nothing is reported (its row keeps the run's context).
    init(rows: [BatchRow], base: ResolutionContext, gazetteer: Gazetteer, onIssue: (RecordIssue) throws -> Void) throws {
        self.base = base
        var unknown = Set<String>()
        for (n, row) in rows.enumerated() {
            func report(_ message: String) throws {
                if unknown.insert(message).inserted { try onIssue(RecordIssue(location: "row \(n + 1)", message: message)) }
            }
            if let text = row.country, countries[text] == nil {
                if let code = gazetteer.countryCode(text) { countries[text] = code } else { try report("country \"\(text)\" is no country the gazetteer knows") }
            }
            if let text = row.admin1 {
                let key = (row.country.flatMap { countries[$0] } ?? "") + "|" + text
                if divisions[key] == nil {
                    let found = gazetteer.admin1Keys(text, country: row.country.flatMap { countries[$0] })
                    if found.isEmpty { try report("admin1 \"\(text)\" is no division the gazetteer knows") } else { divisions[key] = found }
                }
            }
            if let text = row.near, points[text] == nil {
                if let point = LatLon(argument: text) { points[text] = point } else { try report("near \"\(text)\" is not lat,lon") }
            }
        }
    }

    func context(_ row: BatchRow) -> ResolutionContext {
        guard row.country != nil || row.admin1 != nil || row.near != nil else { return base }
        var context = base
        let country = row.country.flatMap { countries[$0] }
        if let country { context.countries = [country] }
        if let text = row.admin1, let keys = divisions[(country ?? "") + "|" + text] { context.admin1 = keys }
        if let point = row.near.flatMap({ points[$0] }) { context.near = point.coordinate }
        return context
    }
}
