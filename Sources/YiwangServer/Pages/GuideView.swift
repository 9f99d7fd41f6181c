import YiwangDomain

/// An application guide put into the words the guide page shows.
struct GuideView: Encodable {
    struct MaterialView: Encodable {
        let name: String
        let requirement: String
        let form: String
        let copies: Int
        let formats: String
        let template: String?
        let sample: String?
        let note: String?
        let sharedFrom: String?
    }

    struct FieldView: Encodable {
        let label: String
        let kind: String
        let required: String
        /// What to write, for the printed template: the help text, or the choices of a select.
        let hint: String?
        let options: [String]
        let wide: Bool
    }

    let item: ServiceItem
    let department: DepartmentSummary
    let applicants: String
    let statutory: String
    let promised: String
    let visits: String
    let fees: String
    let materials: [MaterialView]
    let fields: [FieldView]

    init(_ guide: ServiceGuide) {
        let item = guide.item
        self.item = item
        department = guide.department
        applicants = item.applicantTypes.map(\.rawValue).joined(separator: "、")
        statutory = Self.limit(item.statutoryDays, unit: item.statutoryUnit, none: "法律法规未规定")
        promised = Self.limit(item.promisedDays, unit: item.promisedUnit, none: "无承诺时限")
        visits = item.visits.map { $0 == 0 ? "0 次（不用跑）" : "\($0) 次" } ?? "以窗口告知为准"
        fees = item.fees.map { fees in
            fees.charged ? fees.description : "不收费" + (fees.basis.map { "（\($0)）" } ?? "")
        } ?? "以窗口告知为准"
        materials = item.materials.map { material in
            MaterialView(
                name: material.name,
                requirement: material.required ? "必交" : "视情形提交：\(material.requiredWhen ?? "按要求")",
                form: material.form.rawValue,
                copies: material.copies,
                formats: material.fileTypes.map { $0.rawValue.uppercased() }.joined(separator: "/")
                    + "，单个文件不超过 \(material.maxSizeMb) MB，最多 \(material.maxFiles) 个",
                template: material.template, sample: material.sample, note: material.note,
                sharedFrom: material.sharedFrom
            )
        }
        fields = item.form.fields.map { field in
            FieldView(
                label: field.label, kind: Self.kindName(field.type),
                required: field.required ? "必填"
                    : field.requiredIf.map { "“\($0.equals)”时必填" } ?? "选填",
                hint: field.help ?? field.placeholder, options: field.options ?? [],
                wide: field.type == .textarea || field.type == .address
            )
        }
    }

    static func limit(_ days: Int?, unit: LimitUnit?, none: String) -> String {
        guard let days else { return none }
        if days == 0 { return "即办" }
        return "\(days) 个\((unit ?? .workingDays).rawValue)"
    }

    static func kindName(_ type: FieldType) -> String {
        switch type {
        case .text: "文本"
        case .textarea: "多行文本"
        case .number: "数字"
        case .date: "日期"
        case .select: "选择"
        case .idNumber: "身份证号码"
        case .uscc: "统一社会信用代码"
        case .phone: "手机号码"
        case .address: "地址"
        case .area: "行政区划"
        case .money: "金额（元）"
        case .email: "电子邮箱"
        }
    }
}
