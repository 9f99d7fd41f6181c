/// What a registry (population, enterprise) knows of a person or company.
public struct RegistryPerson: Sendable, Equatable {
    public let idNumber: String
    public let name: String
    /// 正常, 死亡注销, 迁出 …
    public let status: String

    public init(idNumber: String, name: String, status: String) {
        self.idNumber = idNumber; self.name = name; self.status = status
    }
}

public struct RegistryEnterprise: Sendable, Equatable {
    public let uscc: String
    public let name: String
    /// 存续, 注销, 吊销 …
    public let status: String

    public init(uscc: String, name: String, status: String) {
        self.uscc = uscc; self.name = name; self.status = status
    }
}

/// What the certificate store says of a certificate cited in an application.
public struct RegistryCertificate: Sendable, Equatable {
    public let number: String
    public let typeName: String
    public let holderName: String
    public let standing: CertificateStanding

    public init(number: String, typeName: String, holderName: String, standing: CertificateStanding) {
        self.number = number; self.typeName = typeName; self.holderName = holderName; self.standing = standing
    }
}

/// The authoritative registries a case's data is checked against (一键核验). The platform's own
/// tables stand in for them; a real data-sharing exchange replaces them behind this protocol.
public protocol RegistryClient: Sendable {
    func person(idNumber: String) async throws -> RegistryPerson?
    func enterprise(uscc: String) async throws -> RegistryEnterprise?
    /// A certificate by its number, with its standing today.
    func certificate(number: String) async throws -> RegistryCertificate?
    /// What the registries hold of a person — birth date and 户籍 (population), 低保 and 特困 (civil
    /// affairs), the disability certificate, social insurance and unemployment registration — each
    /// fact with its source and as-of date, by the names `FactVocabulary` and `PersonFacts` use.
    func personFacts(idNumber: String) async throws -> [String: SourcedFact]
    /// What the enterprise, social-insurance and credit registries hold of a company.
    func enterpriseFacts(uscc: String) async throws -> [String: SourcedFact]
}

/// One check of 一键核验: what was checked, ✓ or ✗, and why.
public struct VerificationCheck: Sendable, Equatable, Codable {
    public let subject: String
    public let passed: Bool
    public let reason: String
}

/// Checks the identities an application names against the registries: every ID number with the
/// name beside it (`x_id_number` with `x_name`), every credit code with its company name.
public struct OneClickVerification: Sendable {
    public let registry: any RegistryClient

    public init(registry: any RegistryClient) { self.registry = registry }

    public func verify(form: FormSchema, values: [String: String]) async throws -> [VerificationCheck] {
        var checks: [VerificationCheck] = []
        for field in form.fields {
            guard let value = values[field.name], !value.isEmpty else { continue }
            switch field.type {
            case .idNumber:
                let nameField = Self.partner(of: field, suffix: "id_number", in: form) { $0.type == .text && $0.name.hasSuffix("name") }
                let name = nameField.flatMap { values[$0.name] }
                checks.append(try await checkPerson(label: field.label, idNumber: value, name: name))
            case .uscc:
                let nameField = Self.partner(of: field, suffix: "uscc", in: form) { $0.prefill == .enterpriseName || $0.name.hasSuffix("name") }
                checks.append(try await checkEnterprise(label: field.label, uscc: value, name: nameField.flatMap { values[$0.name] }))
            default:
                if let typeName = field.certificateType {
                    checks.append(try await checkCertificate(label: field.label, number: value, typeName: typeName))
                }
            }
        }
        return checks
    }

    /// The name field that belongs to an identifier field: same prefix (`agent_id_number` → `agent_name`),
    /// else the first field before it that fits.
    static func partner(of field: FormField, suffix: String, in form: FormSchema, fits: (FormField) -> Bool) -> FormField? {
        let prefix = field.name.hasSuffix(suffix) ? String(field.name.dropLast(suffix.count)) : ""
        if let same = form.fields.first(where: { $0.name == prefix + "name" }) { return same }
        guard let index = form.fields.firstIndex(of: field) else { return nil }
        return form.fields[..<index].last(where: fits)
    }

    func checkPerson(label: String, idNumber: String, name: String?) async throws -> VerificationCheck {
        let subject = "\(label) \(Masking.idNumber(idNumber))"
        guard let person = try await registry.person(idNumber: idNumber) else {
            return VerificationCheck(subject: subject, passed: false, reason: "人口库中没有此身份证号码")
        }
        if let name, person.name != name {
            return VerificationCheck(subject: subject, passed: false, reason: "姓名与人口库不一致（人口库为\(Masking.name(person.name))）")
        }
        guard person.status == "正常" else {
            return VerificationCheck(subject: subject, passed: false, reason: "人口库状态为“\(person.status)”")
        }
        return VerificationCheck(subject: subject, passed: true, reason: "姓名与身份证号码一致，户籍状态正常")
    }

    /// A certificate the application cites (a field with `certificate_type`): it must exist in the
    /// certificate store, be of that type, and be valid today.
    func checkCertificate(label: String, number: String, typeName: String) async throws -> VerificationCheck {
        let subject = "\(label) \(number)"
        guard let certificate = try await registry.certificate(number: number.trimmingCharacters(in: .whitespaces).uppercased()) else {
            return VerificationCheck(subject: subject, passed: false, reason: "证照库中没有此编号的证照")
        }
        guard certificate.typeName == typeName else {
            return VerificationCheck(subject: subject, passed: false, reason: "该编号是\(certificate.typeName)，不是\(typeName)")
        }
        guard certificate.standing == .valid else {
            return VerificationCheck(subject: subject, passed: false, reason: "证照\(certificate.standing.label)")
        }
        return VerificationCheck(subject: subject, passed: true, reason: "\(typeName)有效，持证主体\(certificate.holderName)")
    }

    func checkEnterprise(label: String, uscc: String, name: String?) async throws -> VerificationCheck {
        let subject = "\(label) \(uscc)"
        guard let company = try await registry.enterprise(uscc: uscc) else {
            return VerificationCheck(subject: subject, passed: false, reason: "企业登记库中没有此统一社会信用代码")
        }
        if let name, company.name != name {
            return VerificationCheck(subject: subject, passed: false, reason: "企业名称与登记不一致（登记为\(company.name)）")
        }
        guard company.status == "存续" else {
            return VerificationCheck(subject: subject, passed: false, reason: "企业登记状态为“\(company.status)”")
        }
        return VerificationCheck(subject: subject, passed: true, reason: "名称与统一社会信用代码一致，登记状态存续")
    }
}
