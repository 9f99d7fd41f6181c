/// What an e-certificate (电子证照) says, as signed: the fields of a W3C Verifiable Credential 2.0
/// (`@context`, `type`, `id`, `issuer`, `validFrom`, `validUntil`, `credentialSubject`,
/// `credentialStatus`) with the licence metadata of GB/T 36903 (证照类型名称, 证照编号, 颁证日期, …)
/// under `licence`. The proof is the JWS around it (see the server's `CompactJWS`).
public struct CertificateDocument: Codable, Sendable, Equatable {
    public var context: [String]
    public var type: [String]
    /// `urn:yiwang:certificate:<number>`.
    public var id: String
    public var issuer: Issuer
    /// yyyy-MM-dd.
    public var validFrom: String
    /// yyyy-MM-dd, the last valid day; nil for 长期有效.
    public var validUntil: String?
    public var credentialSubject: Subject
    public var credentialStatus: Status
    public var licence: Licence

    public struct Issuer: Codable, Sendable, Equatable {
        /// `urn:yiwang:department:<code>`.
        public var id: String
        /// 颁证单位.
        public var name: String
        public init(id: String, name: String) { self.id = id; self.name = name }
    }

    public struct Subject: Codable, Sendable, Equatable {
        /// `urn:uscc:<code>` for a company, `urn:cn:id:<number>` for a person.
        public var id: String
        /// 持证主体.
        public var name: String
        /// 持证主体代码类型: 统一社会信用代码 or 居民身份证.
        public var idType: String
        /// 持证主体代码.
        public var idNumber: String
        /// The item's own entries, e.g. 生产范围, in the certificate's order.
        public var claims: [Claim]
        public init(id: String, name: String, idType: String, idNumber: String, claims: [Claim]) {
            self.id = id; self.name = name; self.idType = idType; self.idNumber = idNumber; self.claims = claims
        }
    }

    public struct Claim: Codable, Sendable, Equatable {
        public var label: String
        public var value: String
        public init(label: String, value: String) { self.label = label; self.value = value }
    }

    public struct Status: Codable, Sendable, Equatable {
        /// Where the current status is answered (valid, expired, revoked).
        public var id: String
        public var type: String
        public init(id: String, type: String) { self.id = id; self.type = type }
    }

    /// GB/T 36903 metadata.
    public struct Licence: Codable, Sendable, Equatable {
        /// 证照类型名称.
        public var typeName: String
        /// 证照编号.
        public var number: String
        /// 颁证日期.
        public var issuedOn: String
        /// The service item and the case that granted it.
        public var serviceCode: String
        public var caseReceipt: String
        public init(typeName: String, number: String, issuedOn: String, serviceCode: String, caseReceipt: String) {
            self.typeName = typeName; self.number = number; self.issuedOn = issuedOn
            self.serviceCode = serviceCode; self.caseReceipt = caseReceipt
        }
    }

    enum CodingKeys: String, CodingKey {
        case context = "@context", type, id, issuer, validFrom, validUntil, credentialSubject, credentialStatus, licence
    }

    public init(number: String, typeName: String, issuer: Issuer, subject: Subject, issuedOn: CivilDate, validUntil: CivilDate?,
                statusURL: String, serviceCode: String, caseReceipt: String) {
        context = ["https://www.w3.org/ns/credentials/v2"]
        type = ["VerifiableCredential", "ElectronicLicence"]
        id = "urn:yiwang:certificate:\(number)"
        self.issuer = issuer
        validFrom = issuedOn.description
        self.validUntil = validUntil?.description
        credentialSubject = subject
        credentialStatus = Status(id: statusURL, type: "YiwangCertificateStatus")
        licence = Licence(typeName: typeName, number: number, issuedOn: issuedOn.description, serviceCode: serviceCode,
                          caseReceipt: caseReceipt)
    }

    /// The last valid day of a certificate issued on `day` for `years` (2026-11-30 + 5 → 2031-11-29).
    public static func validUntil(issuedOn day: CivilDate, years: Int?) -> CivilDate? {
        guard let years else { return nil }
        let anniversary = CivilDate(year: day.year + years, month: day.month, day: day.day)
            ?? CivilDate(year: day.year + years, month: 3, day: 1)!  // 29 February → 1 March
        return anniversary.adding(days: -1)
    }
}

/// What the issuing department's records say of a certificate: in force, or revoked (注销). Whether
/// it has expired or been tampered with is found when it is checked (`CertificateStanding`).
public enum CertificateStatus: String, Sendable, Codable, CaseIterable {
    case valid, revoked
}

/// A certificate's standing when checked: 有效, 已过期, 已注销 (with the reason), or 已被篡改 (the
/// signature does not hold, or the record no longer says what was signed).
public enum CertificateStanding: String, Sendable, Codable {
    case valid, expired, revoked, tampered

    public var label: String {
        switch self {
        case .valid: "有效"
        case .expired: "已过期"
        case .revoked: "已注销"
        case .tampered: "已被篡改"
        }
    }
}
