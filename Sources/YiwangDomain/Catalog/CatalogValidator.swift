import Foundation

/// A problem found in a catalog: which item, where in it, and what is wrong (in Chinese).
public struct CatalogProblem: Sendable, Equatable, CustomStringConvertible {
    public let itemCode: String
    public let path: String
    public let message: String

    public var description: String { "\(itemCode) \(path)：\(message)" }
}

/// Checks that guides are complete and consistent before they reach the database.
///
/// `complete` is the standard for the platform's own catalog (every part of the guide a clerk signs
/// off); `minimal` is the standard for records imported from other portals, which carry less.
public struct CatalogValidator: Sendable {
    public enum Standard: Sendable { case complete, minimal }

    public let standard: Standard

    public init(standard: Standard) { self.standard = standard }

    /// Checks every item, and that codes and names are unique across the given items.
    public func validate(_ items: [ServiceItem]) -> [CatalogProblem] {
        var problems = items.flatMap(validate)
        var seenCodes = Set<String>(), seenNames = Set<String>()
        for item in items {
            if !seenCodes.insert(item.code).inserted {
                problems.append(.init(itemCode: item.code, path: "code", message: "事项编码重复"))
            }
            if !seenNames.insert(item.name).inserted {
                problems.append(.init(itemCode: item.code, path: "name", message: "事项名称重复：\(item.name)"))
            }
        }
        return problems
    }

    public func validate(_ item: ServiceItem) -> [CatalogProblem] {
        var problems: [CatalogProblem] = []
        func fail(_ path: String, _ message: String) {
            problems.append(.init(itemCode: item.code, path: path, message: message))
        }
        if item.code.trimmingCharacters(in: .whitespaces).isEmpty || item.code.count > 64 {
            fail("code", "事项编码为空或过长")
        } else if !item.code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) {
            fail("code", "事项编码只能包含字母、数字和连字符")
        }
        if item.name.trimmingCharacters(in: .whitespaces).isEmpty { fail("name", "事项名称为空") }
        if item.name.count > 200 { fail("name", "事项名称超过 200 字") }
        if item.applicantTypes.isEmpty { fail("applicant_types", "未写明申请对象") }
        for (key, days) in [("statutory_days", item.statutoryDays), ("promised_days", item.promisedDays)] {
            if let days, days < 0 || days > 3650 { fail(key, "时限 \(days) 不合理") }
        }
        if (item.limitSource ?? "").count > 300 { fail("limit_source", "时限来源超过 300 字") }
        if let warning = item.warningDays, !(1...30).contains(warning) { fail("warning_days", "黄色预警天数须在 1–30 个工作日") }
        if let certificate = item.certificate {
            let names = Set(item.form.fields.map(\.name))
            if certificate.name.trimmingCharacters(in: .whitespaces).isEmpty { fail("certificate.name", "证照名称为空") }
            if let years = certificate.validityYears, !(1...50).contains(years) { fail("certificate.validity_years", "有效期须为 1–50 年") }
            for field in certificate.fields + [certificate.holderNameField] where !names.contains(field) {
                fail("certificate.fields", "证照字段 \(field) 不在申请表中")
            }
            let holderType: FieldType = certificate.holder == .enterprise ? .uscc : .idNumber
            let typeOf = { (name: String) in item.form.fields.first { $0.name == name }?.type }
            if let assignment = certificate.assignsIdNumber {
                if certificate.holder != .person { fail("certificate.assigns_id_number", "只有个人证照能编制公民身份号码") }
                if names.contains(certificate.holderIdField) { fail("certificate.holder_id_field", "编制的公民身份号码不能与申请表字段同名") }
                if typeOf(assignment.areaFrom) != .idNumber { fail("certificate.assigns_id_number.area_from", "地址码须取自身份证号字段") }
                if typeOf(assignment.birthDateField) != .date { fail("certificate.assigns_id_number.birth_date_field", "出生日期须取自日期字段") }
                if typeOf(assignment.sexField) != .select { fail("certificate.assigns_id_number.sex_field", "性别须取自选择字段") }
            } else if let assignment = certificate.assignsUscc {
                if certificate.holder != .enterprise { fail("certificate.assigns_uscc", "只有企业证照能赋予统一社会信用代码") }
                if names.contains(certificate.holderIdField) { fail("certificate.holder_id_field", "赋予的统一社会信用代码不能与申请表字段同名") }
                if typeOf(assignment.areaFrom) != .idNumber { fail("certificate.assigns_uscc.area_from", "地址码须取自身份证号字段") }
            } else if typeOf(certificate.holderIdField) != holderType {
                fail("certificate.holder_id_field", certificate.holder == .enterprise ? "企业证照的持证主体代码须为统一社会信用代码字段" : "个人证照的持证主体代码须为身份证号字段")
            }
        }
        if let statutory = item.statutoryDays, let promised = item.promisedDays,
           (item.statutoryUnit ?? .workingDays) == (item.promisedUnit ?? .workingDays), promised > statutory {
            fail("promised_days", "承诺时限 \(promised) 超过法定时限 \(statutory)")
        }
        if item.onlineLevel == .fullyOnline, let visits = item.visits, visits != 0 {
            fail("visits", "全程网办的事项到现场次数应为 0")
        }
        problems += materialProblems(item)
        problems += formProblems(item)
        if standard == .complete { problems += completenessProblems(item) }
        return problems
    }

    private func completenessProblems(_ item: ServiceItem) -> [CatalogProblem] {
        var problems: [CatalogProblem] = []
        func fail(_ path: String, _ message: String) {
            problems.append(.init(itemCode: item.code, path: path, message: message))
        }
        if item.aliases.isEmpty { fail("aliases", "至少需要一个常用名称") }
        if (item.summary ?? "").count < 20 { fail("summary", "事项简介过短") }
        if item.legalBasis.isEmpty { fail("legal_basis", "缺少设定依据") }
        for (index, basis) in item.legalBasis.enumerated()
        where !(basis.law.hasPrefix("《") && basis.law.hasSuffix("》")) || basis.article.isEmpty {
            fail("legal_basis/\(index)", "依据须写明法规名称（书名号）和条款")
        }
        if item.conditions.isEmpty { fail("conditions", "缺少受理条件") }
        if item.materials.isEmpty { fail("materials", "缺少申请材料") }
        if item.fees == nil { fail("fees", "未写明是否收费") }
        if item.promisedDays == nil { fail("promised_days", "未写明承诺办结时限（即办件填 0）") }
        if (item.limitSource ?? "").trimmingCharacters(in: .whitespaces).count < 6 { fail("limit_source", "未写明办结时限的来源") }
        if item.visits == nil { fail("visits", "未写明到现场次数") }
        if item.steps.count < 2 { fail("steps", "办理流程至少两个环节") }
        if item.location == nil { fail("location", "缺少办理地点") }
        if item.faq.count < 3 { fail("faq", "常见问题至少 3 条") }
        if item.form.fields.count < 2 { fail("form", "申请表至少两个字段") }
        return problems
    }

    private func materialProblems(_ item: ServiceItem) -> [CatalogProblem] {
        var problems: [CatalogProblem] = []
        var ids = Set<String>()
        for (index, material) in item.materials.enumerated() {
            let path = "materials/\(index)"
            func fail(_ message: String) {
                problems.append(.init(itemCode: item.code, path: path, message: message))
            }
            if !ids.insert(material.id).inserted { fail("材料标识 \(material.id) 重复") }
            if material.name.isEmpty { fail("材料名称为空") }
            if !material.required && (material.requiredWhen ?? "").isEmpty && standard == .complete {
                fail("非必交材料须写明何种情形需要提交（required_when）")
            }
            if let condition = material.requiredIf {
                if material.required { fail("必交材料不应再写条件（required_if）") }
                problems += conditionProblems(condition, in: item, path: path, subject: "材料 \(material.id)")
            }
            if material.fileTypes.isEmpty { fail("未写明允许的文件类型") }
            if !(1...50).contains(material.maxSizeMb) { fail("单个文件大小上限须在 1–50 MB") }
            if !(1...20).contains(material.maxFiles) { fail("文件数量上限须在 1–20") }
            if material.copies < 0 { fail("份数不能为负") }
        }
        return problems
    }

    private func formProblems(_ item: ServiceItem) -> [CatalogProblem] {
        var problems: [CatalogProblem] = []
        let fields = item.form.fields
        var names = Set<String>()
        for (index, field) in fields.enumerated() {
            let path = "form/fields/\(index)"
            func fail(_ message: String) {
                problems.append(.init(itemCode: item.code, path: path, message: message))
            }
            if !names.insert(field.name).inserted { fail("字段名 \(field.name) 重复") }
            if field.label.isEmpty { fail("字段 \(field.name) 缺少标签") }
            if field.type == .select && (field.options ?? []).isEmpty { fail("下拉字段 \(field.name) 缺少选项") }
            for rule in field.rules ?? [] where FieldRule(spelling: rule) == nil {
                fail("字段 \(field.name) 的校验规则 \(rule) 无法识别")
            }
            if let condition = field.requiredIf {
                problems += conditionProblems(condition, in: item, path: path, subject: "字段 \(field.name)")
            }
            if field.prefillLocked == true && field.prefill == nil { fail("字段 \(field.name) 锁定了预填值却没有预填来源") }
            if field.prefill == .heldCertificateNumber && field.certificateType == nil {
                fail("字段 \(field.name) 从电子证照预填，却没有写明证照类型（certificate_type）")
            }
            if field.certificateType != nil && field.type != .text { fail("字段 \(field.name) 引用证照编号，类型须为 text") }
        }
        return problems
    }

    /// A condition must name a field of the form, and a value that field can take.
    private func conditionProblems(_ condition: FieldCondition, in item: ServiceItem, path: String,
                                   subject: String) -> [CatalogProblem] {
        guard let target = item.form.fields.first(where: { $0.name == condition.field }) else {
            return [.init(itemCode: item.code, path: path, message: "\(subject) 的条件引用了不存在的字段 \(condition.field)")]
        }
        if let options = target.options, !options.contains(condition.equals) {
            return [.init(itemCode: item.code, path: path,
                          message: "\(subject) 的条件取值 \(condition.equals) 不在 \(target.name) 的选项中")]
        }
        return []
    }
}
