import YiwangDomain

/// A bundle's page as the template reads it: the guide, the situation questions with the answers
/// given, and — once every question is answered — the plan with what bundling saves.
struct BundleView: Encodable {
    struct Question: Encodable {
        let id: String
        let text: String
        let help: String?
        let options: [Option]
    }

    struct Option: Encodable {
        let value: String
        let checked: Bool
    }

    struct PlannedComponent: Encodable {
        let name: String
        let url: String
        let department: String
        let promisedDays: Int
        /// Names of the components it waits for (等待前序事项), joined; empty when it starts at once.
        let waitsFor: String
        let latestEndDay: Int
    }

    struct Material: Encodable {
        let name: String
        let source: String
        /// The component materials it stands for, by item name.
        let replaces: String
        let note: String?
        let onlyIf: String?
    }

    struct Saving: Encodable {
        let label: String
        let itemByItem: Int
        let bundled: Int
    }

    struct Plan: Encodable {
        let components: [PlannedComponent]
        let materials: [Material]
        let fieldCount: Int
        let savings: [Saving]
    }

    let guide: BundleGuide
    let leadDepartment: String
    let partnerDepartments: String
    let questions: [Question]
    let plan: Plan?

    init(guide: BundleGuide, answers: [String: String], plan: BundlePlan?) {
        self.guide = guide
        leadDepartment = guide.departments.first?.name ?? guide.bundle.leadDepartment
        partnerDepartments = guide.departments.dropFirst().map(\.name).joined(separator: "、")
        questions = guide.bundle.questions.map { question in
            Question(id: question.id, text: question.text, help: question.help,
                     options: question.options.map { Option(value: $0, checked: answers[question.id] == $0) })
        }
        self.plan = plan.map { Self.plan($0, guide: guide) }
    }

    private static func plan(_ plan: BundlePlan, guide: BundleGuide) -> Plan {
        let names = Dictionary(guide.components.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        let fields = Dictionary(guide.bundle.form.fields.map { ($0.field.name, $0.field.label) }, uniquingKeysWith: { first, _ in first })
        return Plan(
            components: plan.components.map { component in
                PlannedComponent(name: component.item.name, url: SiteURL.guide(.value(component.code)).path,
                                 department: names[component.code]?.department ?? "", promisedDays: component.promisedDays,
                                 waitsFor: component.after.compactMap { names[$0]?.name }.joined(separator: "、"), latestEndDay: component.latestEndDay)
            },
            materials: plan.materials.map { material in
                Material(name: material.name, source: source(material, names: names),
                         replaces: Set(material.satisfies.map(\.item)).sorted().compactMap { names[$0]?.name }.joined(separator: "、"),
                         note: material.note,
                         onlyIf: material.requiredIf.map { "仅当“\(fields[$0.field] ?? $0.field)”为“\($0.equals)”时需要" })
            },
            fieldCount: plan.fields.filter { $0.fromQuestion == nil }.count,
            savings: [
                Saving(label: "需准备的材料（份）", itemByItem: plan.itemByItem.listedMaterials, bundled: plan.bundled.listedMaterials),
                Saving(label: "其中需上传的材料（份）", itemByItem: plan.itemByItem.uploads, bundled: plan.bundled.uploads),
                Saving(label: "需填写的必填项（个）", itemByItem: plan.itemByItem.typedFields, bundled: plan.bundled.typedFields),
                Saving(label: "跑动次数（次）", itemByItem: plan.itemByItem.visits, bundled: plan.bundled.visits),
                Saving(label: "承诺时限（工作日）", itemByItem: plan.itemByItem.promisedDays, bundled: plan.bundled.promisedDays),
            ]
        )
    }

    private static func source(_ material: BundleMaterial, names: [String: BundleGuide.Component]) -> String {
        switch material.source {
        case .eCertificate: "电子证照，免上传（\(material.sharedFrom ?? "")）"
        case .upload: "上传一次，各部门共用"
        case .produced: "免提交：「\(material.producedBy.flatMap { names[$0]?.name } ?? "前序事项")」办结后自动获取"
        case .form: "免提交：由本次填写的申请表生成"
        }
    }
}
