/// The online application form of an item: the fields the applicant fills in, in order.
public struct FormSchema: Codable, Sendable, Equatable {
    public var fields: [FormField]

    public init(fields: [FormField]) { self.fields = fields }
}

/// One field of an application form.
public struct FormField: Codable, Sendable, Equatable {
    /// snake_case key of the value in the submitted form.
    public var name: String
    /// The Chinese label shown to the applicant.
    public var label: String
    public var type: FieldType
    public var required: Bool
    /// The field is required when another field has a given value.
    public var requiredIf: FieldCondition?
    /// Choices of a `select` field.
    public var options: [String]?
    /// Validation rule names, e.g. `max_length:100`, `age_at_least:80`; see `FieldRule`.
    public var rules: [String]?
    /// Where a value can be pre-filled from, e.g. `applicant.name`.
    public var prefill: PrefillKey?
    /// The pre-filled value is the account's verified identity and may not be changed: the server
    /// puts it back from the source on every save and submission.
    public var prefillLocked: Bool?
    /// The field holds the number of an e-certificate of this type (证照类型名称, e.g. 药品生产许可证):
    /// 一键核验 checks it against the certificate store, and `certificate.number` pre-fills it.
    public var certificateType: String?
    public var help: String?
    public var placeholder: String?

    public init(
        name: String, label: String, type: FieldType, required: Bool, requiredIf: FieldCondition? = nil,
        options: [String]? = nil, rules: [String]? = nil, prefill: PrefillKey? = nil,
        prefillLocked: Bool? = nil, help: String? = nil, placeholder: String? = nil
    ) {
        self.name = name; self.label = label; self.type = type; self.required = required
        self.requiredIf = requiredIf; self.options = options; self.rules = rules; self.prefill = prefill
        self.prefillLocked = prefillLocked
        self.help = help; self.placeholder = placeholder
    }
}

/// "Required when `field` equals `equals`".
public struct FieldCondition: Codable, Sendable, Equatable {
    public var field: String
    public var equals: String

    public init(field: String, equals: String) { self.field = field; self.equals = equals }
}

/// Field types the form renderer and the server validator understand.
public enum FieldType: String, Codable, Sendable, CaseIterable {
    case text, textarea, number, date, select
    case idNumber = "id_number"
    case uscc, phone, address, area, money, email
}

/// Profile values a field can be pre-filled from.
public enum PrefillKey: String, Codable, Sendable, CaseIterable {
    case applicantName = "applicant.name"
    case applicantIdNumber = "applicant.id_number"
    case applicantPhone = "applicant.phone"
    case applicantAddress = "applicant.address"
    case enterpriseName = "enterprise.name"
    case enterpriseUscc = "enterprise.uscc"
    case enterpriseLegalRepresentative = "enterprise.legal_representative"
    case enterpriseAddress = "enterprise.address"
    /// The number of the applicant's (or their company's) valid certificate of the field's `certificate_type`.
    case heldCertificateNumber = "certificate.number"
    /// The applicant applies for themselves (本人申请): the select's option that starts with 本人.
    case applyingInPerson = "applicant.in_person"
    // what the registries hold (`RegistryPrefill`)
    case hukouArea = "applicant.hukou_area"
    case hukouAddress = "applicant.hukou_address"
    /// Where benefits are paid: 社会保障卡 when the registry holds the card's financial account.
    case payoutAccountType = "applicant.payout_account_type"
    case insuredArea = "applicant.insured_area"
    /// The financial account of the social-security card, where benefits are paid.
    case bankName = "applicant.bank_name"
    case bankAccount = "applicant.bank_account"
    case housingFundAccount = "applicant.housing_fund_account"
    case disabilityCertificateNumber = "applicant.disability_certificate_number"
    case disabilityCategory = "applicant.disability_category"
    case disabilityLevel = "applicant.disability_level"
    case economicStatus = "applicant.economic_status"
    case enterpriseArea = "enterprise.area"
    case enterpriseBankName = "enterprise.bank_name"
    case enterpriseBankAccount = "enterprise.bank_account"
    case enterpriseBusinessScope = "enterprise.business_scope"
    case enterpriseSize = "enterprise.size"
    /// 男 or 女, from the ID number's sequence digit.
    case gender = "applicant.gender"
    /// 父亲 or 母亲, for a form about the applicant's newborn.
    case asParent = "applicant.as_parent"
    case insuredStatus = "applicant.insured_status"
    case employer = "applicant.employer"
    case workStartDate = "applicant.work_start_date"
    case medicalContributionYears = "applicant.medical_contribution_years"
    case medicalHunanYears = "applicant.medical_hunan_years"
    /// What a retiree withdraws when the account is closed: its balance.
    case housingFundBalance = "applicant.housing_fund_balance"
    case sscCardNumber = "applicant.ssc_card_number"
    case householdHead = "applicant.household_head"
    /// The applicant's household as the marriage registry has it: the applicant and their spouse as mother and father.
    case motherName = "family.mother_name"
    case motherIdNumber = "family.mother_id_number"
    case fatherName = "family.father_name"
    case fatherIdNumber = "family.father_id_number"
    /// 一键确认's tap: the select's option that starts with 确认 — filled only when the person taps, never by pre-filling.
    case oneTapConfirmation = "application.confirmation"

    /// Whether the value describes the applicant as a person (their registry records, applying in
    /// person): wrong for a form about someone else, so it goes when the applicant's ID number does.
    public var describesApplicantPerson: Bool {
        switch self {
        case .applyingInPerson, .hukouArea, .hukouAddress, .payoutAccountType, .insuredArea, .bankName, .bankAccount, .housingFundAccount,
             .disabilityCertificateNumber, .disabilityCategory, .disabilityLevel, .economicStatus, .gender, .asParent, .insuredStatus,
             .employer, .workStartDate, .medicalContributionYears, .medicalHunanYears, .housingFundBalance, .sscCardNumber, .householdHead,
             .motherName, .motherIdNumber, .fatherName, .fatherIdNumber: true
        default: false
        }
    }
}
