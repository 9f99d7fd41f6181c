/// Who is applying, as the platform knows them: the verified account holder and, when they act for
/// a company, that company.
public struct ApplicantProfile: Sendable, Equatable {
    public var name: String
    public var idNumber: String
    public var phone: String
    public var address: String?
    public var enterprise: EnterpriseProfile?

    public init(name: String, idNumber: String, phone: String, address: String? = nil, enterprise: EnterpriseProfile? = nil) {
        self.name = name; self.idNumber = idNumber; self.phone = phone; self.address = address; self.enterprise = enterprise
    }
}

public struct EnterpriseProfile: Sendable, Equatable {
    public var name: String
    public var uscc: String
    public var legalRepresentative: String
    public var address: String?

    public init(name: String, uscc: String, legalRepresentative: String, address: String? = nil) {
        self.name = name; self.uscc = uscc; self.legalRepresentative = legalRepresentative; self.address = address
    }
}

/// A pre-filled value and where it came from, shown to the applicant ("来自：实名账户").
public struct PrefilledValue: Sendable, Equatable, Codable {
    public let value: String
    public let source: String

    public init(value: String, source: String) {
        self.value = value
        self.source = source
    }
}

/// Somewhere values for an application can come from so the applicant need not type them: the
/// account profile here; e-certificates and data-sharing exchanges plug in the same way.
public protocol PrefillSource: Sendable {
    /// Values this source knows for the applicant, by the key the catalog's form fields name.
    func values(for applicant: ApplicantProfile) async throws -> [PrefillKey: PrefilledValue]
    /// Numbers of the valid certificates the applicant (or their company) holds, by certificate type
    /// — for fields pre-filled from `certificate.number`.
    func certificateNumbers(for applicant: ApplicantProfile) async throws -> [String: PrefilledValue]
}

extension PrefillSource {
    public func certificateNumbers(for applicant: ApplicantProfile) async throws -> [String: PrefilledValue] { [:] }
}

/// The account's own verified data.
public struct AccountProfilePrefill: PrefillSource {
    public init() {}

    public func values(for applicant: ApplicantProfile) async throws -> [PrefillKey: PrefilledValue] {
        let source = "实名账户"
        var values: [PrefillKey: PrefilledValue] = [
            .applicantName: .init(value: applicant.name, source: source),
            .applicantIdNumber: .init(value: applicant.idNumber, source: source),
            .applicantPhone: .init(value: applicant.phone, source: source),
        ]
        if let address = applicant.address { values[.applicantAddress] = .init(value: address, source: source) }
        if applicant.enterprise == nil { values[.applyingInPerson] = .init(value: "本人", source: "实名账户（本人办理）") }
        if let male = Self.isMale(applicant.idNumber) {
            values[.gender] = .init(value: male ? "男" : "女", source: source)
            values[.asParent] = .init(value: male ? "父亲" : "母亲", source: source)
        }
        if let enterprise = applicant.enterprise {
            let source = "企业认证信息"
            values[.enterpriseName] = .init(value: enterprise.name, source: source)
            values[.enterpriseUscc] = .init(value: enterprise.uscc, source: source)
            values[.enterpriseLegalRepresentative] = .init(value: enterprise.legalRepresentative, source: source)
            if let address = enterprise.address { values[.enterpriseAddress] = .init(value: address, source: source) }
        }
        return values
    }
}

extension AccountProfilePrefill {
    /// The sex an 18-character ID number records (its 17th character: odd for men); nil for anything else.
    public static func isMale(_ idNumber: String) -> Bool? {
        guard idNumber.count == 18, let digit = idNumber.dropLast().last?.wholeNumberValue else { return nil }
        return digit % 2 == 1
    }
}

/// Fills a form from several sources, the first that knows a key winning.
public struct FormPrefiller: Sendable {
    public let sources: [any PrefillSource]

    public init(sources: [any PrefillSource]) { self.sources = sources }

    /// Pre-filled values by field name, for the fields of the schema that name a prefill key.
    public func prefill(_ schema: FormSchema, for applicant: ApplicantProfile) async throws -> [String: PrefilledValue] {
        var known: [PrefillKey: PrefilledValue] = [:]
        var certificates: [String: PrefilledValue] = [:]
        let wantsCertificates = schema.fields.contains { $0.prefill == .heldCertificateNumber }
        for source in sources {
            for (key, value) in try await source.values(for: applicant) where known[key] == nil { known[key] = value }
            guard wantsCertificates else { continue }
            for (type, value) in try await source.certificateNumbers(for: applicant) where certificates[type] == nil { certificates[type] = value }
        }
        var result: [String: PrefilledValue] = [:]
        for field in schema.fields {
            let value = field.prefill == .heldCertificateNumber ? field.certificateType.flatMap { certificates[$0] } : field.prefill.flatMap { known[$0] }
            if let value, let fitted = Self.fit(value, to: field) { result[field.name] = fitted }
        }
        return result
    }

    /// A value as the field takes it: a choice is the option the value names, starts ("本人" →
    /// "本人申请") or alone contains ("父亲" → "新生儿父亲"); nil when no option fits or the value is empty.
    static func fit(_ value: PrefilledValue, to field: FormField) -> PrefilledValue? {
        guard !value.value.isEmpty else { return nil }
        guard field.type == .select, let options = field.options, !options.isEmpty, !options.contains(value.value) else { return value }
        let containing = options.filter { $0.contains(value.value) }
        let option = options.first { $0.hasPrefix(value.value) } ?? (containing.count == 1 ? containing.first : nil)
        return option.map { PrefilledValue(value: $0, source: value.source) }
    }

    /// The values with every locked field put back to its pre-filled value, and the fields whose
    /// submitted value differed (a tampered form, or a stale page).
    public static func enforceLocked(_ values: [String: String], schema: FormSchema,
                                     prefilled: [String: PrefilledValue]) -> (values: [String: String], changed: [String]) {
        var values = values
        var changed: [String] = []
        for field in schema.fields where field.prefillLocked == true {
            guard let locked = prefilled[field.name]?.value else { continue }
            if let submitted = values[field.name], submitted.trimmingCharacters(in: .whitespaces).uppercased() != locked.uppercased() {
                changed.append(field.name)
            }
            values[field.name] = locked
        }
        return (values, changed)
    }
}
