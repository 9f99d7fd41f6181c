/// The registries as a pre-fill source (零填表): what they hold of the applicant or the company —
/// 户籍 and 参保地, the social-security card's account, the disability certificate, 低保 standing, the
/// company's area, bank account, size and scope — each value named with its registry.
public struct RegistryPrefill: PrefillSource {
    public let registry: any RegistryClient

    public init(registry: any RegistryClient) { self.registry = registry }

    public func values(for applicant: ApplicantProfile) async throws -> [PrefillKey: PrefilledValue] {
        var values: [PrefillKey: PrefilledValue] = [:]
        if !applicant.idNumber.isEmpty {
            let facts = try await registry.personFacts(idNumber: applicant.idNumber)
            values.merge(Self.personValues(facts, applicant: applicant)) { first, _ in first }
        }
        if let uscc = applicant.enterprise?.uscc {
            let facts = try await registry.enterpriseFacts(uscc: uscc)
            values.merge(Self.companyValues(facts)) { first, _ in first }
        }
        return values
    }

    /// The form values a person's registry facts give.
    public static func personValues(_ facts: [String: SourcedFact], applicant: ApplicantProfile) -> [PrefillKey: PrefilledValue] {
        let idNumber = applicant.idNumber
        var values = mapped(facts, [
            (.hukouArea, PersonFacts.hukouDivision, area), (.hukouAddress, "hukou_address", text), (.insuredArea, "insured_division", area),
            (.payoutAccountType, "ssc_account", { _ in "社会保障卡" }), (.bankName, "ssc_bank", text),
            (.bankAccount, "ssc_account", text), (.housingFundAccount, "housing_fund_account", text),
            (.disabilityCategory, "disability_kind", text), (.insuredStatus, "insured_status", text), (.employer, "employer_name", text),
            (.workStartDate, "work_start_date", text), (.medicalContributionYears, "medical_contribution_years", number),
            (.medicalHunanYears, "medical_hunan_years", number), (.housingFundBalance, "housing_fund_balance", number),
            (.sscCardNumber, "ssc_card_number", text), (.householdHead, "household_head_name", text),
            (.disabilityLevel, "disability_grade", { value in
                value.number.flatMap { grade in (1...4).contains(Int(grade)) ? ["一级", "二级", "三级", "四级"][Int(grade) - 1] : nil }
            }),
        ])
        if facts["disability_certificate"]?.value == .flag(true), let kind = facts["disability_kind"], case .text(let kindName) = kind.value,
           let grade = facts["disability_grade"]?.value.number,
           let number = DisabilityCertificateNumber.compose(idNumber: idNumber, kind: kindName, grade: Int(grade)) {
            values[.disabilityCertificateNumber] = PrefilledValue(value: number, source: kind.source)
        }
        // the household: the applicant and the spouse the marriage registry records, as the newborn's parents
        if let male = AccountProfilePrefill.isMale(idNumber), let spouse = facts["spouse_name"], case .text(let spouseName) = spouse.value {
            let account = "实名账户"
            let spouseID = facts["spouse_id_number"].flatMap { text($0.value) }
            values[male ? .fatherName : .motherName] = PrefilledValue(value: applicant.name, source: account)
            values[male ? .fatherIdNumber : .motherIdNumber] = PrefilledValue(value: idNumber, source: account)
            values[male ? .motherName : .fatherName] = PrefilledValue(value: spouseName, source: spouse.source)
            if let spouseID { values[male ? .motherIdNumber : .fatherIdNumber] = PrefilledValue(value: spouseID, source: spouse.source) }
        }
        if let dibao = facts["dibao"] {
            let edge = facts["dibao_edge"]
            let status: String? = switch (dibao.value, edge?.value) {
            case (.flag(true), _): "最低生活保障对象"
            case (.flag(false), .flag(true)?): "低收入家庭"
            case (.flag(false), .flag(false)?): "其他"
            default: nil
            }
            if let status { values[.economicStatus] = PrefilledValue(value: status, source: dibao.source) }
        }
        return values
    }

    /// The form values a company's registry facts give.
    public static func companyValues(_ facts: [String: SourcedFact]) -> [PrefillKey: PrefilledValue] {
        mapped(facts, [(.enterpriseArea, "company_division", area), (.enterpriseBankName, "company_bank_name", text),
                       (.enterpriseBankAccount, "company_bank_account", text), (.enterpriseBusinessScope, "company_business_scope", text),
                       (.enterpriseSize, "company_size", text)])
    }

    /// Each key's value from its fact, where the registry holds the fact and it converts.
    private static func mapped(_ facts: [String: SourcedFact],
                               _ table: [(PrefillKey, String, (FactValue) -> String?)]) -> [PrefillKey: PrefilledValue] {
        var values: [PrefillKey: PrefilledValue] = [:]
        for (key, fact, transform) in table {
            guard let stored = facts[fact], let value = transform(stored.value), !value.isEmpty else { continue }
            values[key] = PrefilledValue(value: value, source: stored.source)
        }
        return values
    }

    private static func text(_ value: FactValue) -> String? {
        if case .text(let text) = value { return text }
        return nil
    }

    /// A number as a form takes it: "28", "86520.35".
    private static func number(_ value: FactValue) -> String? {
        if case .number = value { return value.description }
        return nil
    }

    /// A division code as an area field's value: a Hunan county's full name.
    private static func area(_ value: FactValue) -> String? {
        text(value).flatMap(HunanDivisions.area(code:))
    }
}

/// The second-generation disability certificate's number (第二代残疾人证号): the holder's 18-character
/// ID number, then one digit for the kind of disability and one for its grade. Composed, never stored.
public enum DisabilityCertificateNumber {
    public static let kinds = ["视力残疾", "听力残疾", "言语残疾", "肢体残疾", "智力残疾", "精神残疾", "多重残疾"]

    public static func compose(idNumber: String, kind: String, grade: Int) -> String? {
        guard idNumber.count == 18, let index = kinds.firstIndex(of: kind), (1...4).contains(grade) else { return nil }
        return idNumber.uppercased() + String(index + 1) + String(grade)
    }
}
