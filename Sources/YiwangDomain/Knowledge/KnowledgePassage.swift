/// A passage the assistant can retrieve and cite: one section of a guide, or one paragraph of a
/// policy document.
public struct KnowledgePassage: Sendable, Equatable, Codable {
    /// What part of a guide a passage comes from; `policy` for policy documents.
    public enum Section: String, Sendable, Codable, CaseIterable {
        case overview, conditions, materials, limits, fees, location, online, process, faq, policy
    }

    /// Stable id, e.g. `HN-YJJ-001#materials` or `P001#2`.
    public let id: String
    public let section: Section
    /// Codes of the items the passage is about.
    public let serviceCodes: [String]
    /// Title shown on a citation, e.g. 药品生产许可证核发 · 申请材料.
    public let title: String
    public let text: String
    /// Where a reader can see it in full.
    public let url: String
    /// The law or policy it rests on, when it names one.
    public let source: String?

    public init(id: String, section: Section, serviceCodes: [String], title: String, text: String, url: String, source: String?) {
        self.id = id; self.section = section; self.serviceCodes = serviceCodes; self.title = title
        self.text = text; self.url = url; self.source = source
    }
}
