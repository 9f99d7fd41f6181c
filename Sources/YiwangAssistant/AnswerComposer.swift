import YiwangDomain
import YiwangSearch

/// Writes answers from the structured guide and retrieved passages only — every fact it states is
/// in a passage it cites. This is the offline composer, and the fallback when a model fails.
public struct AnswerComposer: Sendable {
    public init() {}

    public struct Composition: Sendable {
        public var text: String
        public var citations: [KnowledgePassage]
    }

    /// The answer to `intent` about `item`, with `extra` passages (FAQ, policy) that matched the
    /// question closely enough to add.
    public func compose(intent: Intent, item: ServiceItem, department: String, passages: [KnowledgePassage],
                        extra: [KnowledgePassage]) -> Composition {
        func passage(_ section: KnowledgePassage.Section) -> KnowledgePassage? {
            passages.first { $0.section == section && $0.serviceCodes.contains(item.code) }
        }
        var lines: [String] = []
        var cited: [KnowledgePassage] = []
        func cite(_ section: KnowledgePassage.Section) { if let found = passage(section) { cited.append(found) } }
        let name = "「\(item.name)」"
        switch intent {
        case .materials:
            let required = item.materials.filter(\.required)
            let optional = item.materials.filter { !$0.required }
            lines.append("办理\(name)需要准备以下材料：")
            lines += required.enumerated().map { "\($0 + 1). \($1.name)（\($1.form.rawValue)\($1.copies)份）"
                + ($1.sharedFrom.map { "，可由\($0)免提交" } ?? "") }
            if !optional.isEmpty {
                lines.append("视情形提交：")
                lines += optional.map { "· \($0.name)（\($0.requiredWhen ?? "按要求")）" }
            }
            cite(.materials)
        case .timeLimit:
            lines.append("\(name)" + GuideSentences.limits(item))
            cite(.limits)
        case .fee:
            if let fees = item.fees {
                lines.append("\(name)" + (fees.charged ? "收费：\(fees.description)" : "不收费。" + (fees.basis.map { "依据：\($0)。" } ?? "")))
            } else {
                lines.append("\(name)的收费以窗口告知为准。")
            }
            cite(.fees)
        case .location:
            lines.append("\(name)由\(department)办理。")
            if let location = item.location {
                lines.append("办理地点：\(location.address)。咨询电话：\(location.phone)。"
                    + (location.hours.isEmpty ? "" : "办理时间：\(location.hours)。"))
            }
            lines.append(GuideSentences.online(item))
            cite(.location)
        case .online:
            lines.append("\(name)" + GuideSentences.online(item))
            cite(.online)
        case .eligibility:
            lines.append("\(name)的申请对象：" + item.applicantTypes.map(\.rawValue).joined(separator: "、") + "。受理条件：")
            lines += item.conditions.enumerated().map { "\($0 + 1). \($1)" }
            cite(.conditions)
        case .process:
            lines.append("\(name)的办理流程：")
            lines += item.steps.enumerated().map { "\($0 + 1). \($1.name)：\($1.description)" }
            cite(.process)
        case .apply:
            lines.append("\(name)由\(department)办理，可以在线申报。" + GuideSentences.online(item))
            lines.append("登录后，我可以在对话中逐项帮您填写申请表（边聊边办）；也可以点“立即申报”直接打开申请表。")
            cite(.overview)
        case .whichService, .clarify, .chitchat, .outOfScope:
            lines.append("您要办的应该是\(name)，由\(department)办理。")
            if let summary = item.summary { lines.append(summary) }
            lines.append(GuideSentences.online(item))
            lines.append("您可以接着问我：要带什么材料、多久能办好、在哪办、收不收费。")
            cite(.overview)
        }
        for passage in extra where !cited.contains(passage) {
            lines.append("补充说明（\(passage.title)）：" + Self.plain(passage.text))
            cited.append(passage)
        }
        return Composition(text: lines.joined(separator: "\n"), citations: cited)
    }

    static func plain(_ text: String) -> String {
        text.replacingOccurrences(of: "\n", with: " ")
    }
}
