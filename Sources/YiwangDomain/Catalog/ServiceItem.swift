import Foundation

/// A service item (事项) together with its application guide (办事指南): everything a citizen needs to
/// know before applying, and the form schema the online application uses.
///
/// JSON keys are snake_case (see `CatalogCoding`); the catalog files in `Resources/Catalog` follow
/// `Resources/Catalog/catalog.schema.json`.
public struct ServiceItem: Codable, Sendable, Equatable {
    /// Stable item code, e.g. `HN-YJJ-001`, or the portal's task code for imported items.
    public var code: String
    public var name: String
    /// Names citizens type for this item (colloquial terms, short forms, old names).
    public var aliases: [String]
    public var type: ServiceType
    /// 自然人 / 法人 / 其他组织.
    public var applicantTypes: [ApplicantType]
    public var summary: String?
    public var legalBasis: [LegalBasis]
    /// 受理条件.
    public var conditions: [String]
    public var materials: [Material]
    public var fees: Fees?
    /// 法定时限, counted in `statutoryUnit` (working days unless stated); nil where the law sets none.
    public var statutoryDays: Int?
    /// 承诺时限; never longer than the statutory limit; 0 is 即办 (done on the spot). Every item of the
    /// platform's own catalog states one.
    public var promisedDays: Int?
    public var statutoryUnit: LimitUnit?
    public var promisedUnit: LimitUnit?
    /// Working days left at which a case turns 黄色预警; 3 when not set.
    public var warningDays: Int?
    public var onlineLevel: OnlineLevel
    /// 到现场次数.
    public var visits: Int?
    public var steps: [ProcessStep]
    public var location: ServiceLocation?
    public var faq: [FAQEntry]
    public var form: FormSchema
    /// The e-certificate a granted case receives; nil when the item issues none.
    public var certificate: CertificateSpec?
    /// Where an imported item came from (the portal page).
    public var sourceUrl: String?
    /// Where the limits are published: the service hall's guide, the law, or how a figure was set
    /// where none is published (e.g. "湘潭市岳塘区民政局“高龄津贴”办事指南：承诺 22、法定 30 个工作日").
    public var limitSource: String?

    public init(
        code: String, name: String, aliases: [String] = [], type: ServiceType,
        applicantTypes: [ApplicantType], summary: String? = nil, legalBasis: [LegalBasis] = [],
        conditions: [String] = [], materials: [Material] = [], fees: Fees? = nil,
        statutoryDays: Int? = nil, promisedDays: Int? = nil,
        statutoryUnit: LimitUnit? = nil, promisedUnit: LimitUnit? = nil, limitSource: String? = nil, warningDays: Int? = nil,
        onlineLevel: OnlineLevel, visits: Int? = nil, steps: [ProcessStep] = [],
        location: ServiceLocation? = nil, faq: [FAQEntry] = [], form: FormSchema = FormSchema(fields: []),
        certificate: CertificateSpec? = nil, sourceUrl: String? = nil
    ) {
        self.code = code; self.name = name; self.aliases = aliases; self.type = type
        self.applicantTypes = applicantTypes; self.summary = summary; self.legalBasis = legalBasis
        self.conditions = conditions; self.materials = materials; self.fees = fees
        self.statutoryDays = statutoryDays; self.promisedDays = promisedDays
        self.statutoryUnit = statutoryUnit; self.promisedUnit = promisedUnit; self.limitSource = limitSource
        self.warningDays = warningDays
        self.onlineLevel = onlineLevel; self.visits = visits; self.steps = steps
        self.location = location; self.faq = faq; self.form = form; self.certificate = certificate
        self.sourceUrl = sourceUrl
    }
}

extension ServiceItem {
    /// The 黄色预警 threshold when an item does not set its own.
    public static let defaultWarningDays = 3

    public var yellowAt: Int { warningDays ?? Self.defaultWarningDays }
}

/// A law, regulation or rule that an item rests on, with the article and what it says.
public struct LegalBasis: Codable, Sendable, Equatable {
    public var law: String
    public var article: String
    public var text: String

    public init(law: String, article: String, text: String) {
        self.law = law; self.article = article; self.text = text
    }
}

/// 收费: whether the item is charged, and on what basis.
public struct Fees: Codable, Sendable, Equatable {
    public var charged: Bool
    public var description: String
    public var basis: String?

    public init(charged: Bool, description: String, basis: String? = nil) {
        self.charged = charged; self.description = description; self.basis = basis
    }
}

/// One step of the process (办理流程), and who takes it.
public struct ProcessStep: Codable, Sendable, Equatable {
    public var name: String
    public var actor: StepActor
    public var description: String
    public var days: Int?

    public init(name: String, actor: StepActor, description: String, days: Int? = nil) {
        self.name = name; self.actor = actor; self.description = description; self.days = days
    }
}

/// Where the item is handled (办理地点), the consultation phone and the opening hours.
public struct ServiceLocation: Codable, Sendable, Equatable {
    public var address: String
    public var phone: String
    public var hours: String
    public var window: String?

    public init(address: String, phone: String, hours: String, window: String? = nil) {
        self.address = address; self.phone = phone; self.hours = hours; self.window = window
    }
}

/// A frequently asked question (常见问题) and its answer.
public struct FAQEntry: Codable, Sendable, Equatable {
    public var q: String
    public var a: String

    public init(q: String, a: String) { self.q = q; self.a = a }
}
