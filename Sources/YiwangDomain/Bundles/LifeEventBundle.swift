/// 一件事: one life event a citizen or a company gets done once — one guide, one form, one set of
/// materials — although several departments' items (components) make it up. Catalog data, read
/// from `Resources/Bundles`, checked by `BundleValidator` against the items it names.
///
/// Named `LifeEventBundle` in code because Foundation already has a `Bundle`.
public struct LifeEventBundle: Codable, Sendable, Equatable {
    /// e.g. `HN-YJS-001`.
    public var code: String
    /// e.g. 新生儿出生一件事.
    public var name: String
    /// How people ask for it ("孩子出生要办什么手续", "开饭馆").
    public var aliases: [String]
    public var lifeCycle: LifeCycle
    /// The stage of the life cycle (国办发〔2025〕24号 总体清单), e.g. 出生, 准入准营.
    public var stage: String
    public var summary: String
    /// The documents that set the bundle up (国发〔2024〕3号 …).
    public var policyBasis: [LegalBasis]
    /// 牵头部门: sees the whole bundle's progress.
    public var leadDepartment: String
    /// 协同部门.
    public var partnerDepartments: [String]
    public var applicantTypes: [ApplicantType]
    public var components: [BundleComponent]
    /// 情形引导: each answer adds or drops components and materials.
    public var questions: [SituationQuestion]
    /// Combinations of answers that cannot both be true, with what to tell the applicant.
    public var conflicts: [SituationConflict]?
    /// One de-duplicated material list for the whole bundle.
    public var materials: [BundleMaterial]
    /// One merged form: each field asked once, copied into every component form it fills.
    public var form: BundleForm
    /// The bundle's overall promise (承诺时限, working days) from submission to the last result.
    public var promisedDays: Int
    /// 统一办结: results are delivered together, with one notice, when the last component ends.
    public var deliveredTogether: Bool
    /// Visits to a hall the bundle needs at most (the items' own `visits` add up otherwise).
    public var visits: Int
    public var faq: [FAQEntry]

    public init(code: String, name: String, aliases: [String], lifeCycle: LifeCycle, stage: String, summary: String,
                policyBasis: [LegalBasis], leadDepartment: String, partnerDepartments: [String],
                applicantTypes: [ApplicantType], components: [BundleComponent], questions: [SituationQuestion],
                conflicts: [SituationConflict]? = nil, materials: [BundleMaterial], form: BundleForm, promisedDays: Int, deliveredTogether: Bool,
                visits: Int, faq: [FAQEntry]) {
        self.code = code; self.name = name; self.aliases = aliases; self.lifeCycle = lifeCycle; self.stage = stage
        self.summary = summary; self.policyBasis = policyBasis; self.leadDepartment = leadDepartment
        self.partnerDepartments = partnerDepartments; self.applicantTypes = applicantTypes
        self.components = components; self.questions = questions; self.conflicts = conflicts; self.materials = materials; self.form = form
        self.promisedDays = promisedDays; self.deliveredTogether = deliveredTogether; self.visits = visits
        self.faq = faq
    }

    /// Every department taking part, lead first.
    public var departments: [String] { [leadDepartment] + partnerDepartments.filter { $0 != leadDepartment } }

    public func component(_ item: String) -> BundleComponent? { components.first { $0.item == item } }
}

/// 个人 or 企业: the two life cycles of 国办发〔2025〕24号.
public enum LifeCycle: String, Codable, Sendable, CaseIterable {
    case person = "个人"
    case enterprise = "企业"

    /// The stages of the life cycle as the 总体清单 names them.
    public var stages: [String] {
        switch self {
        case .person: ["出生", "教育", "就业", "生活", "置业", "出行", "就医", "救助", "养老", "身后"]
        case .enterprise: ["准入准营", "招聘用工", "纳税缴费", "经营发展", "工程建设", "注销退出"]
        }
    }
}

/// One item of the bundle, done by its own department on its own clock.
public struct BundleComponent: Codable, Sendable, Equatable {
    /// The item's code in the catalog.
    public var item: String
    /// When the component applies; absent: always.
    public var when: [SituationCondition]?
    /// Components whose result this one needs: it waits (等待前序事项) until they are granted.
    public var after: [String]?
    /// The component's promise inside the bundle when it is shorter than the item's own.
    public var promisedDays: Int?
    /// Form fields of this item filled from an earlier component's result, not by the applicant.
    public var resultFills: [ResultFill]?
    /// Form fields of this item that take a fixed value inside the bundle (e.g. 参保人员类别 = 新生儿).
    public var presets: [String: String]?
    /// What a refusal of this component does to the rest (its dependants always stop).
    public var ifRefused: RefusalEffect

    public init(item: String, when: [SituationCondition]? = nil, after: [String]? = nil, promisedDays: Int? = nil,
                resultFills: [ResultFill]? = nil, presets: [String: String]? = nil, ifRefused: RefusalEffect) {
        self.item = item; self.when = when; self.after = after; self.promisedDays = promisedDays
        self.resultFills = resultFills; self.presets = presets; self.ifRefused = ifRefused
    }
}

/// A refused component either leaves the independent components running or ends the bundle.
public enum RefusalEffect: String, Codable, Sendable, CaseIterable {
    case continueOthers = "continue_others"
    case stopAll = "stop_all"
}

/// "This item's `field` takes the `value` of the result of `from`" — e.g. 户口's 出生医学证明编号
/// from the 出生医学证明 issued in the same bundle.
public struct ResultFill: Codable, Sendable, Equatable {
    public var field: String
    public var from: String
    public var value: ResultValue

    public init(field: String, from: String, value: ResultValue) { self.field = field; self.from = from; self.value = value }
}

/// What a granted component hands on.
public enum ResultValue: String, Codable, Sendable, CaseIterable {
    /// The number of the e-certificate it issued (or the case's receipt number when it issues none).
    case certificateNumber = "certificate.number"
    /// The identity number of the person the result is issued to — for 出生登记, the newborn's new
    /// 公民身份号码.
    case holderIdNumber = "certificate.holder_id_number"
    /// The name the result is issued to — for a 设立登记, the new business's registered name.
    case holderName = "certificate.holder_name"
}

/// A 情形引导 question with its choices.
public struct SituationQuestion: Codable, Sendable, Equatable {
    /// snake_case id, e.g. `business_form`.
    public var id: String
    public var text: String
    public var options: [String]
    public var help: String?

    public init(id: String, text: String, options: [String], help: String? = nil) {
        self.id = id; self.text = text; self.options = options; self.help = help
    }
}

/// "The answer to `question` is one of `in`".
public struct SituationCondition: Codable, Sendable, Equatable {
    public var question: String
    public var `in`: [String]

    public init(question: String, in values: [String]) { self.question = question; self.in = values }

    public func holds(_ answers: [String: String]) -> Bool { answers[question].map(self.in.contains) ?? false }
}

/// "Component `item`'s material `material`" — how the bundle list and form name what they replace.
public struct ItemPart: Codable, Sendable, Equatable, Hashable, CustomStringConvertible {
    public var item: String
    public var name: String

    public init(item: String, name: String) { self.item = item; self.name = name }

    public var description: String { "\(item).\(name)" }
}

/// Answers that contradict each other: when every condition holds, `message` says why.
public struct SituationConflict: Codable, Sendable, Equatable {
    public var when: [SituationCondition]
    public var message: String

    public init(when: [SituationCondition], message: String) { self.when = when; self.message = message }
}

/// One entry of the de-duplicated material list.
public struct BundleMaterial: Codable, Sendable, Equatable {
    /// snake_case id, unique in the bundle: the upload slot.
    public var id: String
    public var name: String
    public var source: MaterialSource
    /// The e-certificate that replaces it (`e_certificate`), e.g. 居民身份证电子证照.
    public var sharedFrom: String?
    /// The component whose result it is (`produced`): 免提交.
    public var producedBy: String?
    /// Which components' materials it stands for (`name` is the material id there).
    public var satisfies: [ItemPart]
    /// Needed in these situations only; absent: whenever a component it satisfies applies.
    public var when: [SituationCondition]?
    /// Needed only when an answer on the form says so (e.g. 委托他人办理).
    public var requiredIf: FieldCondition?
    /// For uploads: the slot's rules, as an item material's.
    public var fileTypes: [FileType]?
    public var maxSizeMb: Int?
    public var maxFiles: Int?
    public var note: String?

    public init(id: String, name: String, source: MaterialSource, sharedFrom: String? = nil, producedBy: String? = nil,
                satisfies: [ItemPart], when: [SituationCondition]? = nil, requiredIf: FieldCondition? = nil,
                fileTypes: [FileType]? = nil, maxSizeMb: Int? = nil, maxFiles: Int? = nil, note: String? = nil) {
        self.id = id; self.name = name; self.source = source; self.sharedFrom = sharedFrom; self.producedBy = producedBy
        self.satisfies = satisfies; self.when = when; self.requiredIf = requiredIf; self.fileTypes = fileTypes
        self.maxSizeMb = maxSizeMb; self.maxFiles = maxFiles; self.note = note
    }
}

/// Where a bundle material comes from.
public enum MaterialSource: String, Codable, Sendable, CaseIterable {
    /// 电子证照: fetched from the certificate wallet, nothing to upload.
    case eCertificate = "e_certificate"
    /// The applicant uploads it once.
    case upload
    /// 免提交: another component of the bundle produces it.
    case produced
    /// 免提交: a registration or application form (登记表、申请表) that the one bundle form replaces.
    case form
}

/// The merged form.
public struct BundleForm: Codable, Sendable, Equatable {
    public var fields: [BundleField]

    public init(fields: [BundleField]) { self.fields = fields }
}

/// A field asked once: a form field as an item's, plus the component fields it fills.
public struct BundleField: Codable, Sendable, Equatable {
    public var field: FormField
    public var fills: [FieldTarget]
    /// The value is the answer to this situation question: not asked again on the form.
    public var fromQuestion: String?

    public init(field: FormField, fills: [FieldTarget], fromQuestion: String? = nil) {
        self.field = field; self.fills = fills; self.fromQuestion = fromQuestion
    }

    private enum CodingKeys: String, CodingKey { case fills, fromQuestion }

    /// The field's own keys, flattened, plus `fills` and `from_question`.
    public init(from decoder: any Decoder) throws {
        field = try FormField(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        fills = try container.decode([FieldTarget].self, forKey: .fills)
        fromQuestion = try container.decodeIfPresent(String.self, forKey: .fromQuestion)
    }

    public func encode(to encoder: any Encoder) throws {
        try field.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(fills, forKey: .fills)
        try container.encodeIfPresent(fromQuestion, forKey: .fromQuestion)
    }
}

/// A component field a bundle field fills; `map` turns the bundle's wording of a choice into the
/// item's (新生儿母亲 → 母亲) where the two forms word it differently.
public struct FieldTarget: Codable, Sendable, Equatable {
    public var item: String
    public var name: String
    public var map: [String: String]?

    public init(item: String, name: String, map: [String: String]? = nil) { self.item = item; self.name = name; self.map = map }

    public var part: ItemPart { ItemPart(item: item, name: name) }

    /// The value the item's field receives.
    public func value(for answer: String) -> String { map?[answer] ?? answer }
}
