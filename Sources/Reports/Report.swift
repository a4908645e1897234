/// One news report as it comes in: a plain-text file or a JSONL record.
public struct Report: Sendable {
    public var id: String
    public var text: String
    public var title: String?
    /// Anchors relative dates ("Thursday", "yesterday"); `--date` supplies it for plain text.
    public var published: CivilDate?
    public var source: String?
    public var url: String?
    /// Gold spans (code points, end exclusive): when given, exactly these are resolved.
    public var mentions: [Range<Int>]?

    public init(id: String, text: String, title: String? = nil, published: CivilDate? = nil, source: String? = nil,
                url: String? = nil, mentions: [Range<Int>]? = nil) {
        self.id = id
        self.text = text
        self.title = title
        self.published = published
        self.source = source
        self.url = url
        self.mentions = mentions
    }
}
