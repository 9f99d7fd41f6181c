import Fluent
import Foundation
import YiwangDomain

/// A certificate's standing, as anyone may check it: the record by its number, its JWS checked
/// against the issuer's published key and against what the record says, then revocation and
/// expiry. Needs no key of its own, so the registries (一键核验) use it too.
struct CertificateVerifier {
    let database: any Database
    let vault: PersonalDataVault
    let today: CivilDate

    /// `HN-<department>-<year>-<six digits>`.
    static func isWellFormed(_ number: String) -> Bool {
        let parts = number.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "HN" && (2...8).contains(parts[1].count) && parts[1].allSatisfy { $0.isASCII && $0.isUppercase }
            && parts[2].count == 4 && parts[2].allSatisfy(\.isASCII) && parts[2].allSatisfy(\.isNumber)
            && parts[3].count == 6 && parts[3].allSatisfy(\.isASCII) && parts[3].allSatisfy(\.isNumber)
    }

    /// The record as it is now.
    func reloaded(_ record: CertificateRecord) async throws -> CertificateRecord {
        guard let fresh = try await CertificateRecord.find(record.id, on: database) else { throw ServiceError.notFound("没有找到这个证照") }
        return fresh
    }

    func find(number: String) async throws -> CertificateRecord? {
        guard Self.isWellFormed(number) else { return nil }
        return try await CertificateRecord.query(on: database).filter(\.$number == number).first()
    }

    struct Verification: Codable, Sendable {
        let number: String
        let status: String
        let statusLabel: String
        let typeName: String
        let issuer: String
        let holderName: String
        /// Masked: a verifier sees who, not the whole number.
        let holderID: String
        let issuedOn: String
        let validUntil: String?
        let revokedReason: String?
        let revokedAt: Date?
        /// Why a certificate counts as tampered.
        let problem: String?
    }

    /// The certificate's standing today: its JWS must verify with the issuer's published key, and
    /// say what the record says; then revocation, then expiry.
    func verify(_ record: CertificateRecord) async throws -> Verification {
        var standing = CertificateStanding.valid
        let problem = try await tamperProblem(record)
        if problem != nil { standing = .tampered }
        else if record.status == .revoked { standing = .revoked }
        else if let until = record.validUntil.flatMap(CivilDate.init), until < today { standing = .expired }
        let masked = (try? record.maskedHolderID(vault)) ?? "（无法解密）"
        return Verification(number: record.number, status: standing.rawValue, statusLabel: standing.label, typeName: record.typeName,
                            issuer: record.departmentName, holderName: record.holderName, holderID: masked,
                            issuedOn: record.issuedOn, validUntil: record.validUntil, revokedReason: record.revokedReason,
                            revokedAt: record.revokedAt, problem: problem)
    }

    /// Nil when the signature holds and the signed document matches the record; else what is wrong.
    func tamperProblem(_ record: CertificateRecord) async throws -> String? {
        guard let jws = try? record.jws(vault), let holderID = try? record.holderID(vault) else { return "证照记录无法解密，可能已被改动" }
        guard let parts = CompactJWS.parse(jws), parts.header.kid == record.kid else { return "签名数据格式不正确" }
        guard let key = try await SealKeys(database: database).publicKey(kid: parts.header.kid) else {
            return "找不到签发印章的公钥"
        }
        guard CompactJWS.isValid(parts, key: key) else { return "电子印章签名验证失败" }
        guard let document = try? JSONDecoder().decode(CertificateDocument.self, from: parts.payload) else { return "签名内容无法解析" }
        let claims = (try? record.claims(vault)) ?? []
        let matches = document.licence.number == record.number && document.licence.typeName == record.typeName
            && document.credentialSubject.name == record.holderName && document.credentialSubject.idNumber == holderID
            && document.validFrom == record.issuedOn && document.validUntil == record.validUntil
            && document.credentialSubject.claims == claims && document.issuer.id == "urn:yiwang:department:\(record.departmentCode)"
        return matches ? nil : "证照记录与签名内容不一致"
    }

}
