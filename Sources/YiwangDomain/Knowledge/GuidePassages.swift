/// Cuts a guide into the passages the assistant cites: overview, conditions, materials, limits,
/// fees, location, online depth, process, and one passage per FAQ entry.
enum GuidePassages {
    static func passages(for item: ServiceItem) -> [KnowledgePassage] {
        var passages: [KnowledgePassage] = []
        func add(_ section: KnowledgePassage.Section, _ heading: String, _ text: String, anchor: String, suffix: String = "") {
            guard !text.isEmpty else { return }
            passages.append(KnowledgePassage(
                id: "\(item.code)#\(section.rawValue)\(suffix)", section: section, serviceCodes: [item.code],
                title: "\(item.name) · \(heading)", text: text, url: SiteURL.guide(.value(item.code)).path + "#" + anchor,
                source: item.legalBasis.first.map { $0.law + $0.article }
            ))
        }
        add(.overview, "事项简介", [item.summary ?? "", "事项类型：\(item.type.rawValue)。",
                                   "申请对象：" + item.applicantTypes.map(\.rawValue).joined(separator: "、") + "。"]
            .joined(), anchor: "overview")
        add(.conditions, "受理条件", item.conditions.enumerated().map { "\($0 + 1). \($1)" }.joined(separator: "\n"),
            anchor: "conditions")
        add(.materials, "申请材料", item.materials.enumerated().map { index, material in
            let need = material.required ? "必交" : "视情形提交（\(material.requiredWhen ?? "按要求")）"
            return "\(index + 1). \(material.name)：\(need)，\(material.form.rawValue)\(material.copies)份"
                + (material.sharedFrom.map { "，可由“\($0)”免提交" } ?? "")
        }.joined(separator: "\n"), anchor: "materials")
        add(.limits, "办理时限", "「\(item.name)」" + GuideSentences.limits(item), anchor: "limits")
        if let fees = item.fees {
            add(.fees, "收费标准", fees.charged ? fees.description : "不收费。" + (fees.basis.map { "依据：\($0)" } ?? ""),
                anchor: "fees")
        }
        if let location = item.location {
            add(.location, "办理地点", "办理地点：\(location.address)\(location.window.map { " \($0)" } ?? "")。"
                + "咨询电话：\(location.phone)。" + (location.hours.isEmpty ? "" : "办理时间：\(location.hours)。"),
                anchor: "location")
        }
        add(.online, "办理方式", "「\(item.name)」" + GuideSentences.online(item), anchor: "basic")
        add(.process, "办理流程", item.steps.enumerated().map { index, step in
            "\(index + 1). \(step.name)（\(step.actor.rawValue)）：\(step.description)"
        }.joined(separator: "\n"), anchor: "process")
        for (index, entry) in item.faq.enumerated() {
            add(.faq, "常见问题", "问：\(entry.q)\n答：\(entry.a)", anchor: "faq", suffix: "-\(index + 1)")
        }
        return passages
    }
}

/// The sentences about an item's time limits and online service, as passages and answers say them.
public enum GuideSentences {
    public static func limits(_ item: ServiceItem) -> String {
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

    public static func online(_ item: ServiceItem) -> String {
        let visits = item.visits.map { $0 == 0 ? "不用跑现场" : "需到现场\($0)次" } ?? "到现场次数以窗口告知为准"
        switch item.onlineLevel {
        case .fullyOnline: return "可全程网办，手机上就能申请，\(visits)。"
        case .onlineWithOnsiteCheck: return "可以网上申请，但需到现场核验，\(visits)。"
        case .onsite: return "需要到现场办理，\(visits)。"
        }
    }
}
