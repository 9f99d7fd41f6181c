/// A plain-language policy document (政策解读) of the knowledge base, naming the law or policy it
/// rests on. Kept as data in `Resources/Knowledge/policies/<id>.json`.
public struct PolicyDocument: Codable, Sendable, Equatable {
    public struct Source: Codable, Sendable, Equatable {
        public var name: String
        public var article: String?
        public var issuer: String?
        public var year: Int?

        public init(name: String, article: String? = nil, issuer: String? = nil, year: Int? = nil) {
            self.name = name; self.article = article; self.issuer = issuer; self.year = year
        }

        /// 《药品管理法》第四十一条
        public var citation: String { name + (article ?? "") }
    }

    public var id: String
    public var title: String
    public var source: Source
    public var extraSources: [Source]?
    /// Codes of the items the document is about.
    public var services: [String]
    public var keywords: [String]
    public var summary: String
    public var paragraphs: [String]
    public var updated: String

    public init(
        id: String, title: String, source: Source, extraSources: [Source]? = nil, services: [String],
        keywords: [String], summary: String, paragraphs: [String], updated: String
    ) {
        self.id = id; self.title = title; self.source = source; self.extraSources = extraSources
        self.services = services; self.keywords = keywords; self.summary = summary
        self.paragraphs = paragraphs; self.updated = updated
    }
}
