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
            lines.append("网上申报时，系统会实时检查缺什么、格式对不对。")
            cite(.materials)
        case .timeLimit:
            lines.append("\(name)" + GuidePassagesText.limits(item))
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
            lines.append(GuidePassagesText.online(item))
            cite(.location)
        case .online:
            lines.append("\(name)" + GuidePassagesText.online(item))
            cite(.online)
        case .eligibility:
            lines.append("\(name)的申请对象：" + item.applicantTypes.map(\.rawValue).joined(separator: "、") + "。受理条件：")
            lines += item.conditions.enumerated().map { "\($0 + 1). \($1)" }
            cite(.conditions)
        case .process:
            lines.append("\(name)的办理流程：")
            lines += item.steps.enumerated().map { "\($0 + 1). \($1.name)：\($1.description)" }
            cite(.process)
        case .whichService, .clarify, .chitchat, .outOfScope:
            lines.append("您要办的应该是\(name)，由\(department)办理。")
            if let summary = item.summary { lines.append(summary) }
            lines.append(GuidePassagesText.online(item) + (item.promisedDays.map { $0 == 0 ? "可即时办结。" : "承诺\($0)个工作日内办结。" } ?? ""))
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

/// The sentences about limits and online service that both the guide passages and answers use.
enum GuidePassagesText {
    static func limits(_ item: ServiceItem) -> String {
        func limit(_ days: Int?, _ unit: LimitUnit?) -> String? {
            days.map { $0 == 0 ? "即办" : "\($0)个\((unit ?? .workingDays).rawValue)" }
        }
        let statutory = limit(item.statutoryDays, item.statutoryUnit)
        let promised = limit(item.promisedDays, item.promisedUnit)
        switch (statutory, promised) {
        case let (s?, p?): return "的法定办结时限为\(s)，承诺\(p)内办结，自受理次日起算，补正材料期间不计时。"
        case let (nil, p?): return "承诺\(p)内办结，自受理次日起算。"
        case let (s?, nil): return "的法定办结时限为\(s)，自受理次日起算。"
        case (nil, nil): return "没有固定的办结时限，以经办机构通知为准。"
        }
    }

    static func online(_ item: ServiceItem) -> String {
        let visits = item.visits.map { $0 == 0 ? "不用跑现场" : "需到现场\($0)次" } ?? "到现场次数以窗口告知为准"
        switch item.onlineLevel {
        case .fullyOnline: return "可全程网办，手机上就能申请，\(visits)。"
        case .onlineWithOnsiteCheck: return "可以网上申请，但需到现场核验，\(visits)。"
        case .onsite: return "需要到现场办理，\(visits)。"
        }
    }
}
