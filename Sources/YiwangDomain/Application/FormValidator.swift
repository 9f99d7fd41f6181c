import Foundation

/// Checks the values of an application form against the item's form schema: field types, required
/// and conditional fields, and the catalog's rules. The same checks run as the applicant types
/// (partial: empty fields are listed, not errors), when a draft is saved, and on submission.
public struct FormValidator: Sendable {
    public let schema: FormSchema
    /// The day "future", "age" and birth dates are judged against (China Standard Time).
    public let today: CivilDate

    public init(schema: FormSchema, today: CivilDate) {
        self.schema = schema
        self.today = today
    }

    public struct Outcome: Sendable, Equatable {
        /// Values that are present but wrong, and values for fields the form does not have.
        public var problems: [FieldProblem] = []
        /// Required fields (including those required by another answer) still empty.
        public var missing: [MissingField] = []
        /// The values as they will be stored: trimmed, upper-cased ID and credit codes, bare mobile digits.
        public var normalized: [String: String] = [:]

        public var isComplete: Bool { problems.isEmpty && missing.isEmpty }
    }

    public static let maxTextLength = 500
    public static let maxTextareaLength = 2000

    public func check(_ values: [String: String]) -> Outcome {
        var outcome = Outcome()
        let known = Set(schema.fields.map(\.name))
        for key in values.keys.sorted() where !known.contains(key) {
            outcome.problems.append(FieldProblem(field: key, message: "表单中没有“\(key)”这一项"))
        }
        var trimmed: [String: String] = [:]
        for field in schema.fields {
            if let value = values[field.name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty {
                trimmed[field.name] = value
            }
        }
        for field in schema.fields {
            guard let value = trimmed[field.name] else {
                if isRequired(field, given: trimmed) {
                    outcome.missing.append(MissingField(field: field.name, label: field.label))
                }
                continue
            }
            switch check(value, of: field) {
            case .success(let normalized): outcome.normalized[field.name] = normalized
            case .failure(let problem): outcome.problems.append(problem)
            }
        }
        return outcome
    }

    /// Whether a field must be filled, given the other answers.
    public func isRequired(_ field: FormField, given values: [String: String]) -> Bool {
        if field.required { return true }
        guard let condition = field.requiredIf else { return false }
        return values[condition.field]?.trimmingCharacters(in: .whitespaces) == condition.equals
    }

    /// Checks one non-empty value; on success gives it in its stored form.
    public func check(_ value: String, of field: FormField) -> Result<String, FieldProblem> {
        func problem(_ message: String) -> Result<String, FieldProblem> {
            .failure(FieldProblem(field: field.name, message: message))
        }
        if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" }) {
            return problem("\(field.label)含有无法识别的控制字符")
        }
        var normalized = value
        var birthDate: CivilDate?
        switch field.type {
        case .text, .address, .area:
            if value.contains("\n") { return problem("\(field.label)请填写在一行内") }
            if value.count > Self.maxTextLength { return problem("\(field.label)不能超过 \(Self.maxTextLength) 字") }
            if field.type == .address, value.count < 5 || !value.contains(where: { $0.isLetter && !$0.isASCII }) {
                return problem("请填写详细地址，例如“长沙市岳麓区麓山南路 1 号”")
            }
        case .textarea:
            if value.count > Self.maxTextareaLength { return problem("\(field.label)不能超过 \(Self.maxTextareaLength) 字") }
        case .number, .money:
            guard let number = Self.decimal(value), number >= 0 || field.type == .number else {
                return problem(field.type == .money ? "\(field.label)应为金额，例如 1200.50" : "\(field.label)应为数字")
            }
            if field.type == .money, let dot = value.firstIndex(of: "."), value[value.index(after: dot)...].count > 2 {
                return problem("\(field.label)最多保留两位小数")
            }
            if let limit = Self.ruleValue(field, \.minimum), number < limit { return problem("\(field.label)不能小于 \(Self.format(limit))") }
            if let limit = Self.ruleValue(field, \.maximum), number > limit { return problem("\(field.label)不能大于 \(Self.format(limit))") }
        case .date:
            guard let date = CivilDate(value) else { return problem("\(field.label)应为日期，例如 2026-01-31") }
            normalized = date.description
            birthDate = date
            for rule in rules(field) {
                if rule == .notFuture, date > today { return problem("\(field.label)不能晚于今天") }
                if rule == .notPast, date < today { return problem("\(field.label)不能早于今天") }
            }
        case .select:
            guard (field.options ?? []).contains(value) else { return problem("请从列出的选项中选择\(field.label)") }
        case .idNumber:
            do {
                let number = try ResidentIdentityNumber(value, today: today)
                normalized = number.value
                birthDate = number.birthDate
            } catch {
                return problem(error.description)
            }
        case .uscc:
            do { normalized = try UnifiedSocialCreditCode(value).value } catch { return problem(error.description) }
        case .phone:
            do { normalized = try MobileNumber(value).value } catch { return problem(error.description) }
        case .email:
            let parts = value.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !value.contains(" ") else {
                return problem("\(field.label)应为电子邮箱地址，例如 name@example.com")
            }
        }
        for rule in rules(field) {
            switch rule {
            case .maxLength(let limit) where normalized.count > limit:
                return problem("\(field.label)不能超过 \(limit) 字")
            case .minLength(let limit) where normalized.count < limit:
                return problem("\(field.label)至少 \(limit) 字")
            case .ageAtLeast(let years):
                if let birthDate, birthDate.fullYears(until: today) < years {
                    return problem("\(field.label)显示年龄未满 \(years) 周岁，不符合申请条件")
                }
            case .ageBelow(let years):
                if let birthDate, birthDate.fullYears(until: today) >= years {
                    return problem("\(field.label)显示年龄已满 \(years) 周岁，不符合申请条件")
                }
            case .postalCode where !(normalized.count == 6 && normalized.allSatisfy { $0.isASCII && $0.isNumber }):
                return problem("邮政编码应为 6 位数字")
            case .plateNumber where !Self.isPlateNumber(normalized):
                return problem("车牌号格式不正确，例如 湘A12345")
            case .hunanArea:
                // "长沙市芙蓉区" is in Hunan as much as "湖南省长沙市芙蓉区": stored with the province
                switch HunanDivisions.match(normalized) {
                case .area(let area): normalized = area
                case .unknownCounty(let prefecture, let written):
                    return problem("\(prefecture)没有“\(written)”，请从列表中选择区县，例如“\(prefecture)\(HunanDivisions.firstCounty(of: prefecture))”")
                case .outside:
                    return problem("\(field.label)须在湖南省内，例如“湖南省长沙市岳麓区”或“长沙市岳麓区”")
                }
            default:
                continue
            }
        }
        return .success(normalized)
    }

    private func rules(_ field: FormField) -> [FieldRule] {
        (field.rules ?? []).compactMap(FieldRule.init(spelling:))
    }

    private static func ruleValue(_ field: FormField, _ pick: KeyPath<FieldRule, Double?>) -> Double? {
        (field.rules ?? []).compactMap(FieldRule.init(spelling:)).compactMap { $0[keyPath: pick] }.first
    }

    /// A plain decimal as people type it ("1200", "1,200.50"): no exponents, no spaces inside.
    static func decimal(_ text: String) -> Double? {
        let plain = text.replacingOccurrences(of: ",", with: "")
        guard !plain.isEmpty, plain.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-") }),
              plain.filter({ $0 == "." }).count <= 1, !plain.dropFirst().contains("-") else { return nil }
        return Double(plain)
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    /// 湘A12345, 湘AD12345 (new energy): a province character, a letter, five or six letters and digits.
    static func isPlateNumber(_ text: String) -> Bool {
        let characters = Array(text.uppercased())
        guard (7...8).contains(characters.count), !characters[0].isASCII, characters[1].isASCII, characters[1].isLetter else {
            return false
        }
        return characters.dropFirst(2).allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }
}

extension FieldRule {
    var minimum: Double? { if case .min(let value) = self { value } else { nil } }
    var maximum: Double? { if case .max(let value) = self { value } else { nil } }
}
