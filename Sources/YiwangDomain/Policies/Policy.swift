/// A benefit policy as rules-as-code data (`Resources/Policies/*.json`): who it is for, the conditions
/// over named facts, each with its legal reference, the benefit by band, how it reaches the person, and
/// the dates it is in force. A new version is a new file state with a new `effectiveFrom`; a decision
/// keeps the version it was made under.
public struct Policy: Codable, Sendable, Equatable {
    public var id: String
    public var version: Int
    public var name: String
    /// The department that decides objections (a catalog department code, e.g. `MZT`).
    public var department: String
    public var issuer: String
    public var target: PolicyTarget
    public var mode: PolicyMode
    /// The catalog item a 一键确认 submits or a 快申快享 links to.
    public var serviceCode: String?
    public var summary: String
    public var legalBasis: [LegalReference]
    public var effectiveFrom: CivilDate
    public var effectiveTo: CivilDate?
    /// Working days to object after being told.
    public var objectionDays: Int
    public var conditions: PolicyCondition
    public var benefit: Benefit

    public init(id: String, version: Int, name: String, department: String, issuer: String, target: PolicyTarget, mode: PolicyMode,
                serviceCode: String? = nil, summary: String, legalBasis: [LegalReference], effectiveFrom: CivilDate,
                effectiveTo: CivilDate? = nil, objectionDays: Int = 15, conditions: PolicyCondition, benefit: Benefit) {
        self.id = id; self.version = version; self.name = name; self.department = department; self.issuer = issuer
        self.target = target; self.mode = mode; self.serviceCode = serviceCode; self.summary = summary
        self.legalBasis = legalBasis; self.effectiveFrom = effectiveFrom; self.effectiveTo = effectiveTo
        self.objectionDays = objectionDays; self.conditions = conditions; self.benefit = benefit
    }

    /// Whether the version is in force on `day`.
    public func isInForce(on day: CivilDate) -> Bool {
        effectiveFrom <= day && effectiveTo.map { day < $0 } ?? true
    }
}

public enum PolicyTarget: String, Codable, Sendable {
    case person, company

    public var label: String { self == .person ? "个人" : "企业" }
}

/// How a benefit reaches someone who qualifies.
public enum PolicyMode: String, Codable, Sendable {
    /// 免申即享: granted without an application.
    case granted
    /// 一键确认: the law wants an application — prepared, filled and checked, one tap submits it.
    case confirm
    /// 快申快享: a link to the item's online application.
    case apply

    public var label: String {
        switch self {
        case .granted: "免申即享"
        case .confirm: "一键确认"
        case .apply: "快申快享"
        }
    }
}

public struct LegalReference: Codable, Sendable, Equatable {
    public var document: String
    public var number: String?
    public var article: String?
    public var url: String?

    public init(document: String, number: String? = nil, article: String? = nil, url: String? = nil) {
        self.document = document; self.number = number; self.article = article; self.url = url
    }

    /// "《…》（湘政发〔2015〕54号）第三条".
    public var citation: String {
        document + (number.map { "（\($0)）" } ?? "") + (article ?? "")
    }
}

/// A condition: a test of one fact, or all / any / not of others.
public indirect enum PolicyCondition: Sendable, Equatable {
    case test(FactTest)
    case all([PolicyCondition], label: String?)
    case any([PolicyCondition], label: String?)
    case not(PolicyCondition, label: String?)
}

/// One fact compared with a value: "age ≥ 80", labelled as a person reads it ("年满 80 周岁").
public struct FactTest: Codable, Sendable, Equatable {
    public var fact: String
    public var op: FactOperator
    public var value: FactValue?
    public var label: String
    /// Index into the policy's `legalBasis`.
    public var basis: Int?
    /// No registry holds it: the person confirms it (shown as a question, never assumed).
    public var confirmByPerson: Bool?

    public init(fact: String, op: FactOperator, value: FactValue? = nil, label: String, basis: Int? = nil, confirmByPerson: Bool? = nil) {
        self.fact = fact; self.op = op; self.value = value; self.label = label; self.basis = basis; self.confirmByPerson = confirmByPerson
    }
}

public enum FactOperator: String, Codable, Sendable, CaseIterable {
    case eq, ne, gt, gte, lt, lte, `in`
    case isTrue = "is_true", isFalse = "is_false"

    /// Whether it compares with a value (all but the flag tests).
    public var needsValue: Bool { self != .isTrue && self != .isFalse }
}

/// What is paid: the first band whose condition holds — a fixed amount, or a rate of a fact, times a
/// count where it is per person, up to a cap.
public struct Benefit: Codable, Sendable, Equatable {
    public var unit: String
    public var bands: [Band]
    public var note: String?

    public struct Band: Codable, Sendable, Equatable {
        public var label: String
        public var when: PolicyCondition?
        public var amount: Double?
        public var rate: Double?
        public var of: String?
        public var per: String?
        public var cap: Double?

        public init(label: String, when: PolicyCondition? = nil, amount: Double? = nil, rate: Double? = nil, of: String? = nil,
                    per: String? = nil, cap: Double? = nil) {
            self.label = label; self.when = when; self.amount = amount; self.rate = rate; self.of = of; self.per = per; self.cap = cap
        }
    }

    public init(unit: String, bands: [Band], note: String? = nil) {
        self.unit = unit; self.bands = bands; self.note = note
    }
}

extension PolicyCondition: Codable {
    private enum Keys: String, CodingKey { case all, any, not, label }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        let label = try container.decodeIfPresent(String.self, forKey: .label)
        if let all = try container.decodeIfPresent([PolicyCondition].self, forKey: .all) {
            self = .all(all, label: label)
        } else if let any = try container.decodeIfPresent([PolicyCondition].self, forKey: .any) {
            self = .any(any, label: label)
        } else if let inner = try container.decodeIfPresent(PolicyCondition.self, forKey: .not) {
            self = .not(inner, label: label)
        } else {
            self = .test(try FactTest(from: decoder))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .test(let test): try test.encode(to: encoder)
        case .all(let conditions, let label):
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(conditions, forKey: .all)
            try container.encodeIfPresent(label, forKey: .label)
        case .any(let conditions, let label):
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(conditions, forKey: .any)
            try container.encodeIfPresent(label, forKey: .label)
        case .not(let inner, let label):
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(inner, forKey: .not)
            try container.encodeIfPresent(label, forKey: .label)
        }
    }
}
