/// Checks a bundle against the catalog it is built from: every part it names exists, every
/// required material and field of every component is covered once, the order has no cycle, and
/// the bundle's promise holds even when every component takes its full time.
public struct BundleValidator: Sendable {
    public let items: [String: ServiceItem]
    /// Department code of each item.
    public let departmentOfItem: [String: String]
    public let departments: Set<String>

    public init(items: [String: ServiceItem], departmentOfItem: [String: String], departments: Set<String>) {
        self.items = items; self.departmentOfItem = departmentOfItem; self.departments = departments
    }

    /// Every problem of every bundle, and codes and names unique across them.
    public func validate(_ bundles: [LifeEventBundle]) -> [CatalogProblem] {
        var problems = bundles.flatMap(validate)
        var codes = Set<String>(), names = Set<String>()
        for bundle in bundles {
            if !codes.insert(bundle.code).inserted || items[bundle.code] != nil {
                problems.append(.init(itemCode: bundle.code, path: "code", message: "编码与其他一件事或事项重复"))
            }
            if !names.insert(bundle.name).inserted {
                problems.append(.init(itemCode: bundle.code, path: "name", message: "一件事名称重复：\(bundle.name)"))
            }
        }
        return problems
    }

    public func validate(_ bundle: LifeEventBundle) -> [CatalogProblem] {
        var problems: [CatalogProblem] = []
        func fail(_ path: String, _ message: String) { problems.append(.init(itemCode: bundle.code, path: path, message: message)) }
        checkHeader(bundle, fail)
        let components = checkComponents(bundle, fail)
        let questions = checkQuestions(bundle, fail)
        checkMaterials(bundle, components: components, questions: questions, fail)
        checkForm(bundle, components: components, choices: questions, fail)
        checkLimits(bundle, components: components, fail)
        return problems
    }

    private typealias Fail = (String, String) -> Void

    private func checkHeader(_ bundle: LifeEventBundle, _ fail: Fail) {
        if bundle.code.isEmpty || bundle.code.count > 64 || !bundle.code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) {
            fail("code", "编码只能包含字母、数字和连字符，且不超过 64 位")
        }
        if !bundle.name.hasSuffix("一件事") { fail("name", "名称应以“一件事”结尾") }
        if !bundle.lifeCycle.stages.contains(bundle.stage) {
            fail("stage", "\(bundle.lifeCycle.rawValue)生命周期没有“\(bundle.stage)”阶段（可选：\(bundle.lifeCycle.stages.joined(separator: "、"))）")
        }
        if bundle.summary.trimmingCharacters(in: .whitespaces).isEmpty { fail("summary", "未写明简介") }
        if bundle.policyBasis.isEmpty { fail("policy_basis", "未写明政策依据") }
        if bundle.applicantTypes.isEmpty { fail("applicant_types", "未写明申请对象") }
        for (index, code) in bundle.departments.enumerated() where !departments.contains(code) {
            fail(index == 0 ? "lead_department" : "partner_departments", "没有部门 \(code)")
        }
    }

    /// The components whose items exist, by code.
    private func checkComponents(_ bundle: LifeEventBundle, _ fail: Fail) -> [String: ServiceItem] {
        var found: [String: ServiceItem] = [:]
        if bundle.components.count < 2 { fail("components", "一件事至少由两个事项组成") }
        for (index, component) in bundle.components.enumerated() {
            let path = "components/\(index)"
            guard let item = items[component.item] else { fail(path + "/item", "没有事项 \(component.item)"); continue }
            if found.updateValue(item, forKey: item.code) != nil { fail(path + "/item", "事项 \(item.code) 重复") }
            if let department = departmentOfItem[item.code], !bundle.departments.contains(department) {
                fail(path + "/item", "\(item.name) 由 \(department) 办理，但该部门不是牵头或协同部门")
            }
            if let days = component.promisedDays, let own = item.promisedDays, days > own || days < 0 {
                fail(path + "/promised_days", "一件事中的承诺时限 \(days) 不得超过事项本身的 \(own) 个工作日")
            }
        }
        let codes = Set(bundle.components.map(\.item))
        for (index, component) in bundle.components.enumerated() {
            let path = "components/\(index)"
            for earlier in component.after ?? [] where !codes.contains(earlier) || earlier == component.item {
                fail(path + "/after", "前序事项 \(earlier) 不是本一件事的其他组成事项")
            }
            for (fillIndex, fill) in (component.resultFills ?? []).enumerated() {
                if !(component.after ?? []).contains(fill.from) {
                    fail(path + "/result_fills/\(fillIndex)", "取自 \(fill.from) 的结果，就须等待它（写入 after）")
                }
                if let item = found[component.item], !item.form.fields.contains(where: { $0.name == fill.field }) {
                    fail(path + "/result_fills/\(fillIndex)", "\(item.name) 的表单没有字段 \(fill.field)")
                }
            }
        }
        if hasCycle(bundle.components) {
            fail("components", "前序关系成环，事项无法开始")
        }
        return found
    }

    private func hasCycle(_ components: [BundleComponent]) -> Bool {
        let edges = Dictionary(components.map { ($0.item, $0.after ?? []) }, uniquingKeysWith: { first, _ in first })
        var state: [String: Int] = [:]  // 1 visiting, 2 done
        func visit(_ code: String) -> Bool {
            if state[code] == 1 { return true }
            if state[code] == 2 { return false }
            state[code] = 1
            defer { state[code] = 2 }
            return (edges[code] ?? []).contains(where: visit)
        }
        return components.contains { visit($0.item) }
    }

    /// The questions' choices, by id.
    private func checkQuestions(_ bundle: LifeEventBundle, _ fail: Fail) -> [String: [String]] {
        var choices: [String: [String]] = [:]
        for (index, question) in bundle.questions.enumerated() {
            if choices.updateValue(question.options, forKey: question.id) != nil { fail("questions/\(index)/id", "问题 \(question.id) 重复") }
            if question.options.count < 2 || Set(question.options).count != question.options.count {
                fail("questions/\(index)/options", "至少两个且互不相同的选项")
            }
        }
        func checkConditions(_ conditions: [SituationCondition]?, _ path: String) {
            for condition in conditions ?? [] {
                guard let options = choices[condition.question] else { fail(path, "没有问题 \(condition.question)"); continue }
                for value in condition.in where !options.contains(value) { fail(path, "问题 \(condition.question) 没有选项“\(value)”") }
            }
        }
        for (index, component) in bundle.components.enumerated() { checkConditions(component.when, "components/\(index)/when") }
        for (index, material) in bundle.materials.enumerated() { checkConditions(material.when, "materials/\(index)/when") }
        for (index, conflict) in (bundle.conflicts ?? []).enumerated() { checkConditions(conflict.when, "conflicts/\(index)/when") }
        return choices
    }

    private func checkMaterials(_ bundle: LifeEventBundle, components: [String: ServiceItem], questions: [String: [String]], _ fail: Fail) {
        var ids = Set<String>()
        var covered: [ItemPart: String] = [:]
        let fieldNames = Set(bundle.form.fields.map(\.field.name))
        for (index, material) in bundle.materials.enumerated() {
            let path = "materials/\(index)"
            if !ids.insert(material.id).inserted { fail(path + "/id", "材料 \(material.id) 重复") }
            switch material.source {
            case .eCertificate where (material.sharedFrom ?? "").isEmpty:
                fail(path + "/shared_from", "电子证照来源的材料须写明证照名称")
            case .produced where material.producedBy.map { components[$0] == nil } ?? true:
                fail(path + "/produced_by", "免提交的材料须由本一件事的组成事项产生")
            case .upload where material.fileTypes?.isEmpty ?? true || material.maxSizeMb == nil || material.maxFiles == nil:
                fail(path, "上传的材料须写明文件类型、大小和份数")
            default: break
            }
            if material.satisfies.isEmpty { fail(path + "/satisfies", "未写明替代哪些事项的材料") }
            for part in material.satisfies {
                guard let item = components[part.item] else { fail(path + "/satisfies", "\(part.item) 不是本一件事的组成事项"); continue }
                if !item.materials.contains(where: { $0.id == part.name }) { fail(path + "/satisfies", "\(item.name) 没有材料 \(part.name)") }
                if let other = covered.updateValue(material.id, forKey: part) { fail(path + "/satisfies", "\(part) 已由材料 \(other) 替代") }
            }
            if let condition = material.requiredIf, !fieldNames.contains(condition.field) {
                fail(path + "/required_if", "表单没有字段 \(condition.field)")
            }
        }
        for (code, item) in components.sorted(by: { $0.key < $1.key }) {
            for material in item.materials where material.required && covered[ItemPart(item: code, name: material.id)] == nil {
                fail("materials", "\(item.name) 的必交材料“\(material.name)”（\(material.id)）不在材料清单中")
            }
        }
    }

    /// A value of type `source` can go into a field of type `target`: the same type, or free text
    /// taking a choice, a region or an address as written.
    static func compatible(_ source: FieldType, into target: FieldType) -> Bool {
        source == target || ([.text, .textarea, .address].contains(target) && [.text, .select, .area, .address].contains(source))
    }

    private func checkForm(_ bundle: LifeEventBundle, components: [String: ServiceItem], choices: [String: [String]], _ fail: Fail) {
        var names = Set<String>()
        var filled: [ItemPart: String] = [:]
        for (index, bundleField) in bundle.form.fields.enumerated() {
            let path = "form/fields/\(index)"
            let field = bundleField.field
            if !names.insert(field.name).inserted { fail(path + "/name", "字段 \(field.name) 重复") }
            if field.type == .select && (field.options ?? []).isEmpty { fail(path + "/options", "选择题须有选项") }
            if bundleField.fills.isEmpty { fail(path + "/fills", "未写明填入哪些事项的字段") }
            if let question = bundleField.fromQuestion {
                if let options = choices[question] {
                    if field.type != .select || Set(field.options ?? []) != Set(options) {
                        fail(path + "/from_question", "取自问题 \(question) 的字段须是选项相同的选择题")
                    }
                } else {
                    fail(path + "/from_question", "没有问题 \(question)")
                }
            }
            for target in bundleField.fills {
                let part = target.part
                guard let item = components[part.item] else { fail(path + "/fills", "\(part.item) 不是本一件事的组成事项"); continue }
                guard let itemField = item.form.fields.first(where: { $0.name == part.name }) else {
                    fail(path + "/fills", "\(item.name) 的表单没有字段 \(part.name)"); continue
                }
                if let other = filled.updateValue(field.name, forKey: part) { fail(path + "/fills", "\(part) 已由字段 \(other) 填写") }
                if !Self.compatible(field.type, into: itemField.type) {
                    fail(path + "/type", "\(part) 是 \(itemField.type.rawValue) 类型，不能由 \(field.type.rawValue) 类型的字段填写")
                }
                if let options = field.options, let allowed = itemField.options {
                    let refused = options.filter { !allowed.contains(target.value(for: $0)) }
                    if !refused.isEmpty { fail(path + "/options", "\(part) 不接受选项：\(refused.joined(separator: "、"))（可用 map 对应）") }
                }
                if itemField.required && itemField.requiredIf == nil && !field.required && bundleField.fromQuestion == nil {
                    fail(path + "/required", "\(part) 是必填字段，本字段也须必填")
                }
                if itemField.prefillLocked == true && (field.prefill != itemField.prefill || field.prefillLocked != true) {
                    fail(path + "/prefill", "\(part) 取自账户的核验身份（\(itemField.prefill?.rawValue ?? "")），本字段也须如此且不可修改")
                }
            }
        }
        for component in bundle.components {
            guard let item = components[component.item] else { continue }
            for (field, value) in (component.presets ?? [:]).sorted(by: { $0.key < $1.key }) {
                guard let itemField = item.form.fields.first(where: { $0.name == field }) else {
                    fail("components", "\(item.name) 的表单没有字段 \(field)"); continue
                }
                if let options = itemField.options, !options.contains(value) { fail("components", "\(item.name) 的字段 \(field) 没有选项“\(value)”") }
                if let other = filled.updateValue("presets", forKey: ItemPart(item: item.code, name: field)) {
                    fail("components", "\(item.code).\(field) 已由字段 \(other) 填写，不能再预设")
                }
            }
            let fromResults = Set((component.resultFills ?? []).map(\.field))
            // required outright, or by a condition a preset of this bundle makes true
            let presets = component.presets ?? [:]
            func required(_ field: FormField) -> Bool {
                field.required && field.requiredIf == nil || field.requiredIf.map { presets[$0.field] == $0.equals } ?? false
            }
            for field in item.form.fields where required(field)
                && filled[ItemPart(item: item.code, name: field.name)] == nil && !fromResults.contains(field.name) {
                fail("form/fields", "\(item.name) 的必填字段“\(field.label)”（\(field.name)）没有合并表单字段填写")
            }
        }
    }

    private func checkLimits(_ bundle: LifeEventBundle, components: [String: ServiceItem], _ fail: Fail) {
        var end: [String: Int] = [:]
        for component in BundlePlanner.inOrder(bundle.components) {
            let days = component.promisedDays ?? components[component.item]?.promisedDays ?? 0
            end[component.item] = ((component.after ?? []).compactMap { end[$0] }.max() ?? 0) + days
        }
        let longest = end.values.max() ?? 0
        if bundle.promisedDays < longest || bundle.promisedDays > 3650 {
            fail("promised_days", "承诺 \(bundle.promisedDays) 个工作日，但按前序关系最长需 \(longest) 个工作日")
        }
        let visits = components.values.reduce(0) { $0 + ($1.visits ?? 0) }
        if bundle.visits < 0 || bundle.visits > visits { fail("visits", "跑动次数应在 0–\(visits) 之间") }
    }
}
