/// Everything the assistant may answer from: passages built from every guide and every policy
/// document, with a version that changes whenever the content does.
public struct KnowledgeBase: Sendable {
    public let passages: [KnowledgePassage]
    public let policies: [PolicyDocument]
    /// A short hash of all passages: cited with every answer, so an answer can be traced to the
    /// knowledge it was built from.
    public let version: String

    public init(items: [ServiceItem], policies: [PolicyDocument], extra: [KnowledgePassage] = []) {
        let guidePassages = items.flatMap(GuidePassages.passages(for:))
        let policyPassages = policies.flatMap(Self.passages(for:))
        passages = guidePassages + policyPassages + extra
        self.policies = policies
        var fingerprint = ""
        for passage in passages { fingerprint += passage.id + "\u{1}" + passage.text + "\u{2}" }
        version = "kb-" + StableHash.hex(fingerprint).prefix(12)
    }

    static func passages(for policy: PolicyDocument) -> [KnowledgePassage] {
        let body = [policy.summary] + policy.paragraphs
        return body.enumerated().map { index, text in
            KnowledgePassage(
                id: "\(policy.id)#\(index)", section: .policy, serviceCodes: policy.services,
                title: policy.title, text: text, url: SiteURL.policy(.value(policy.id)).path, source: policy.source.citation
            )
        }
    }
}
