import Fluent
import Foundation
import Vapor
import YiwangDomain

/// Reading and managing certificates: verification (anyone), the holder's wallet and shares, the
/// issuing department's revocation, and renewal.
struct CertificateService {
    let database: any Database
    let masterKey: MasterKey?
    let vault: PersonalDataVault
    let today: CivilDate

    init(request: Request) {
        database = request.db
        masterKey = request.application.masterKey
        vault = request.application.personalData
        today = request.application.today()
    }

    init(database: any Database, masterKey: MasterKey?, vault: PersonalDataVault, today: CivilDate) {
        self.database = database; self.masterKey = masterKey; self.vault = vault; self.today = today
    }

    /// `HN-<department>-<year>-<six digits>`.
    static func isWellFormed(_ number: String) -> Bool {
        let parts = number.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "HN" && (2...8).contains(parts[1].count) && parts[1].allSatisfy { $0.isASCII && $0.isUppercase }
            && parts[2].count == 4 && parts[2].allSatisfy(\.isASCII) && parts[2].allSatisfy(\.isNumber)
            && parts[3].count == 6 && parts[3].allSatisfy(\.isASCII) && parts[3].allSatisfy(\.isNumber)
    }

    func find(number: String) async throws -> CertificateRecord? {
        guard Self.isWellFormed(number) else { return nil }
        return try await CertificateRecord.query(on: database).filter(\.$number == number).first()
    }

    // MARK: verification

    struct Verification: Content {
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
        else if record.status == "revoked" { standing = .revoked }
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

    // MARK: the holder's certificates

    /// Whether the signed-in person may see the certificate as its holder: their own, or a company's they act for.
    func isHolder(_ record: CertificateRecord, _ user: SignedIn) async throws -> Bool {
        guard user.kind == .citizen else { return false }
        if record.holderAccountID == user.accountID, record.holderEnterpriseID == nil { return true }
        guard let enterprise = record.holderEnterpriseID else { return false }
        return try await EnterpriseAgentRecord.query(on: database).filter(\.$accountID == user.accountID)
            .filter(\.$enterpriseID == enterprise).first() != nil
    }

    /// The holder's certificate, or staff of the issuing department's; any other is not found.
    func readable(number: String, by user: SignedIn) async throws -> CertificateRecord {
        guard let record = try await find(number: number) else { throw Problem.notFound("没有找到这个证照") }
        if user.kind == .staff, user.departmentCode == record.departmentCode { return record }
        guard try await isHolder(record, user) else { throw Problem.notFound("没有找到这个证照") }
        return record
    }

    /// 我的证照: the person's own, and those of the companies they act for.
    func wallet(of user: SignedIn) async throws -> [CertificateRecord] {
        let companies = try await EnterpriseAgentRecord.query(on: database).filter(\.$accountID == user.accountID).all().map(\.enterpriseID)
        return try await CertificateRecord.query(on: database).group(.or) { group in
            group.group(.and) { $0.filter(\.$holderAccountID == user.accountID).filter(\.$holderEnterpriseID == nil) }
            if !companies.isEmpty { group.filter(\.$holderEnterpriseID ~~ companies) }
        }.sort(\.$createdAt, .descending).all()
    }

    // MARK: sharing

    /// A link for a third party, valid `hours` (1–168, 24 by default); only the holder may share. Audited.
    func share(_ record: CertificateRecord, hours: Int?, by user: SignedIn, audit: AuditLog, now: Date = Date())
        async throws -> (token: String, expiresAt: Date) {
        guard try await isHolder(record, user) else { throw Problem(status: .forbidden, detail: "只有持证人可以分享证照") }
        let hours = hours ?? 24
        guard (1...168).contains(hours) else {
            var errors = FieldErrors()
            errors.add("hours", "有效时长须为 1–168 小时")
            throw errors
        }
        let token = SessionStore.newToken()
        let share = CertificateShareRecord()
        share.certificateID = try record.requireID()
        share.tokenHash = SHA256.hash(data: Data(token.utf8)).hex
        share.createdBy = user.accountID
        share.expiresAt = now.addingTimeInterval(Double(hours) * 3600)
        share.views = 0
        share.createdAt = now
        try await database.transaction { database in
            try await share.create(on: database)
            try await audit.record("certificate.share", object: "certificate:\(record.number)",
                                   detail: "有效至 \(ApplicationPageController.format(share.expiresAt))", on: database)
        }
        return (token, share.expiresAt)
    }

    /// The certificate behind a share link that has not expired; the view is counted.
    func openShare(token: String, now: Date = Date()) async throws -> (CertificateRecord, CertificateShareRecord) {
        guard (16...128).contains(token.count),
              let share = try await CertificateShareRecord.query(on: database)
                .filter(\.$tokenHash == SHA256.hash(data: Data(token.utf8)).hex).first(),
              share.expiresAt > now, let record = try await CertificateRecord.find(share.certificateID, on: database)
        else { throw Problem.notFound("分享链接不存在或已过期") }
        share.views += 1
        try await share.update(on: database)
        return (record, share)
    }

    // MARK: revocation

    /// 注销 by an approver of the issuing department, with a reason; recorded on the case timeline
    /// and told to the holder.
    func revoke(_ record: CertificateRecord, reason raw: String?, by staff: SignedIn, audit: AuditLog, now: Date = Date()) async throws {
        guard staff.kind == .staff, staff.departmentCode == record.departmentCode else { throw Problem.notFound("没有找到这个证照") }
        guard staff.roles.contains(.approval) else { throw Problem(status: .forbidden, detail: "证照须由颁证部门的审批人员注销") }
        let reason = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...200).contains(reason.count) else {
            var errors = FieldErrors()
            errors.add("reason", "请写明注销理由（2–200 字）")
            throw errors
        }
        guard record.status != "revoked" else { throw Problem(status: .conflict, detail: "该证照已注销") }
        let id = try record.requireID()
        try await database.transaction { database in
            try await CertificateRecord.query(on: database).filter(\.$id == id).filter(\.$status == "valid")
                .set(\.$status, to: "revoked").set(\.$revokedAt, to: now).set(\.$revokedReason, to: reason).update()
            try await CaseEventRecord(caseID: record.caseID, at: now, actorID: staff.accountID, actorName: staff.staffLabel,
                                      action: "注销电子证照", state: CaseState.granted.rawValue,
                                      opinion: "\(record.typeName) \(record.number)：\(reason)").create(on: database)
            let account = try await AccountRecord.find(record.holderAccountID, on: database)
            try await NotificationService(database: database).notify(
                accountID: record.holderAccountID, sealedPhone: account?.sealedPhone, title: "证照已注销：\(record.typeName)",
                body: try MessageTemplate.certificateRevoked.render([
                    "certificate": record.typeName, "number": record.number, "issuer": record.departmentName, "reason": reason,
                ]),
                link: "/certificates/\(record.number)", key: "certificate-revoked-\(id)", now: now)
            try await audit.record("certificate.revoke", object: "certificate:\(record.number)", detail: reason, on: database)
        }
    }
}
