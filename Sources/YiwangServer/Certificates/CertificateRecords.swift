import Fluent
import Foundation
import YiwangDomain

/// An issued e-certificate: the signed document (`jws`) and, beside it, the columns the wallet,
/// the verification page and the reminders read. Verification compares the two. What names or
/// describes the holder — ID, entries, application values, the document itself — is sealed by
/// `PersonalDataVault`; read it through the accessors below.
final class CertificateRecord: Model, @unchecked Sendable {
    static let schema = "certificates"

    @ID(key: .id) var id: UUID?
    /// 证照编号, e.g. `HN-YJJ-2026-000001`.
    @Field(key: "number") var number: String
    @Field(key: "type_name") var typeName: String
    @Field(key: "service_code") var serviceCode: String
    @Field(key: "case_id") var caseID: UUID
    @Field(key: "department_code") var departmentCode: String
    @Field(key: "department_name") var departmentName: String
    /// `enterprise` or `person`.
    @Field(key: "holder_kind") var holderKind: CertificateHolderKind
    @Field(key: "holder_name") var holderName: String
    /// The company's USCC or the person's ID number, sealed.
    @Field(key: "holder_id") var sealedHolderID: String
    /// Its blind index (kind `idNumber`), to find a holder's certificates.
    @OptionalField(key: "holder_id_index") var holderIndex: String?
    /// The account that applied (a person's own certificate), and the company it applied for.
    @Field(key: "holder_account_id") var holderAccountID: UUID
    @OptionalField(key: "holder_enterprise_id") var holderEnterpriseID: UUID?
    @Field(key: "issued_on") var issuedOn: String
    @OptionalField(key: "valid_until") var validUntil: String?
    /// The certificate's entries as JSON (`[CertificateDocument.Claim]`), sealed.
    @Field(key: "claims") var sealedClaims: String
    /// The application's values, for a pre-filled renewal, sealed as the case's are.
    @Field(key: "form_values") var sealedFormValues: String
    @Field(key: "kid") var kid: String
    /// The signed document (compact JWS), sealed.
    @Field(key: "jws") var sealedJWS: String
    /// `valid` or `revoked` (expiry is read from `valid_until`).
    @Field(key: "status") var status: CertificateStatus
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    @OptionalField(key: "revoked_reason") var revokedReason: String?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    func holderID(_ vault: PersonalDataVault) throws -> String { try vault.open(sealedHolderID) }

    func claims(_ vault: PersonalDataVault) throws -> [CertificateDocument.Claim] {
        let json = try vault.open(sealedClaims)
        return (try? JSONDecoder().decode([CertificateDocument.Claim].self, from: Data(json.utf8))) ?? []
    }

    func jws(_ vault: PersonalDataVault) throws -> String { try vault.open(sealedJWS) }

    /// The holder's ID as a page or answer may show it to someone other than the holder: a
    /// person's ID number masked; a company's unified social credit code in full — it is public by
    /// law (printed on the business licence, published in the national enterprise credit
    /// information system) and a verifier needs all of it to match the licence in front of them.
    /// See SECURITY.md, "What a public verification shows".
    func maskedHolderID(_ vault: PersonalDataVault) throws -> String {
        let id = try holderID(vault)
        return holderKind == .person ? Masking.idNumber(id) : id
    }
}

/// A time-limited link that lets a third party see a certificate; each view is counted and audited.
final class CertificateShareRecord: Model, @unchecked Sendable {
    static let schema = "certificate_shares"

    @ID(key: .id) var id: UUID?
    @Field(key: "certificate_id") var certificateID: UUID
    /// SHA-256 of the link's token: the token itself is only in the link.
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "expires_at") var expiresAt: Date
    @Field(key: "views") var views: Int
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// An expiry reminder sent (90, 30 or 7 days before valid-until): one row each, so each goes once.
final class CertificateReminderRecord: Model, @unchecked Sendable {
    static let schema = "certificate_reminders"

    @ID(key: .id) var id: UUID?
    @Field(key: "certificate_id") var certificateID: UUID
    @Field(key: "days") var days: Int
    @Field(key: "sent_at") var sentAt: Date

    init() {}
}

/// `/c/{code}`: a short link for SMS, pointing at a path on this site.
final class ShortLinkRecord: Model, @unchecked Sendable {
    static let schema = "short_links"

    @ID(custom: "code", generatedBy: .user) var id: String?
    @Field(key: "target") var target: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
