import Crypto
import Fluent
import Foundation
import YiwangDomain

/// Reading and managing certificates: verification (anyone), the holder's wallet and shares, the
/// issuing department's revocation, and renewal.
struct CertificateService {
    let platform: Platform

    var database: any Database { platform.database }
    var vault: PersonalDataVault { platform.vault }
    var today: CivilDate { platform.today }

    var verifier: CertificateVerifier { CertificateVerifier(database: database, vault: vault, today: today) }

    func find(number: String) async throws -> CertificateRecord? { try await verifier.find(number: number) }

    func reloaded(_ record: CertificateRecord) async throws -> CertificateRecord { try await verifier.reloaded(record) }

    func verify(_ record: CertificateRecord) async throws -> CertificateVerifier.Verification { try await verifier.verify(record) }

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
        guard let record = try await find(number: number) else { throw ServiceError.notFound("没有找到这个证照") }
        if user.kind == .staff, user.departmentCode == record.departmentCode { return record }
        guard try await isHolder(record, user) else { throw ServiceError.notFound("没有找到这个证照") }
        return record
    }

    /// 我的证照: the person's own, and those of the companies they act for, whole.
    func wallet(of user: SignedIn) async throws -> [CertificateView] {
        let companies = try await EnterpriseAgentRecord.query(on: database).filter(\.$accountID == user.accountID).all().map(\.enterpriseID)
        let records = try await CertificateRecord.query(on: database).group(.or) { group in
            group.group(.and) { $0.filter(\.$holderAccountID == user.accountID).filter(\.$holderEnterpriseID == nil) }
            if !companies.isEmpty { group.filter(\.$holderEnterpriseID ~~ companies) }
        }.sort(\.$createdAt, .descending).all()
        var views: [CertificateView] = []
        for record in records { views.append(try await view(record, asHolder: true)) }
        return views
    }

    /// The certificate as `user` may see it: whole for its holder, the holder's number masked and
    /// no signed document for staff of the issuing department.
    func view(_ record: CertificateRecord, for user: SignedIn) async throws -> CertificateView {
        try await view(record, asHolder: try await isHolder(record, user))
    }

    /// The certificate with its standing today; whole (`asHolder`) or as others see it.
    func view(_ record: CertificateRecord, asHolder holder: Bool) async throws -> CertificateView {
        let verification = try await verify(record)
        return CertificateView(
            number: record.number, typeName: record.typeName, issuer: record.departmentName, holderName: record.holderName,
            holderIDType: record.holderKind == .enterprise ? "统一社会信用代码" : "居民身份证号码",
            holderID: holder ? try record.holderID(vault) : verification.holderID, issuedOn: record.issuedOn,
            validUntil: record.validUntil, status: verification.status, statusLabel: verification.statusLabel,
            claims: try record.claims(vault), jws: holder ? try record.jws(vault) : nil,
            url: SiteURL.certificate(.value(record.number)).path, verifyURL: SiteURL.verify(.value(record.number)).path)
    }

    // MARK: sharing

    /// A link for a third party, valid `hours` (1–168, 24 by default); only the holder may share. Audited.
    func share(_ record: CertificateRecord, hours: Int?, by user: SignedIn, audit: AuditLog) async throws -> CertificateShare {
        let now = platform.now
        guard try await isHolder(record, user) else { throw ServiceError.forbidden("只有持证人可以分享证照") }
        let hours = hours ?? 24
        guard (1...168).contains(hours) else { throw FieldErrors.field("hours", "有效时长须为 1–168 小时") }
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
                                   detail: "有效至 \(ChinaTime.format(share.expiresAt))", on: database)
        }
        return CertificateShare(url: platform.links.absolute(.shared(.value(token))), expiresAt: share.expiresAt)
    }

    /// The certificate behind a share link that has not expired; the view is counted.
    func openShare(token: String) async throws -> (CertificateRecord, CertificateShareRecord) {
        let now = platform.now
        guard (16...128).contains(token.count),
              let share = try await CertificateShareRecord.query(on: database)
                .filter(\.$tokenHash == SHA256.hash(data: Data(token.utf8)).hex).first(),
              share.expiresAt > now, let record = try await CertificateRecord.find(share.certificateID, on: database)
        else { throw ServiceError.notFound("分享链接不存在或已过期") }
        share.views += 1
        try await share.update(on: database)
        return (record, share)
    }

    // MARK: revocation

    /// 注销 by an approver of the issuing department, with a reason; recorded on the case timeline
    /// and told to the holder.
    func revoke(_ record: CertificateRecord, reason raw: String?, by staff: SignedIn, audit: AuditLog) async throws {
        let now = platform.now
        guard staff.kind == .staff, staff.departmentCode == record.departmentCode else { throw ServiceError.notFound("没有找到这个证照") }
        guard staff.roles.contains(.approval) else { throw ServiceError.forbidden("证照须由颁证部门的审批人员注销") }
        let reason = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...200).contains(reason.count) else { throw FieldErrors.field("reason", "请写明注销理由（2–200 字）") }
        guard record.status != .revoked else { throw ServiceError.conflict("该证照已注销") }
        let id = try record.requireID()
        try await database.transaction { database in
            try await CertificateRecord.query(on: database).filter(\.$id == id).filter(\.$status == .valid)
                .set(\.$status, to: .revoked).set(\.$revokedAt, to: now).set(\.$revokedReason, to: reason).update()
            let state = try await CaseRecord.find(record.caseID, on: database)?.state ?? .closed
            try await CaseEventRecord(caseID: record.caseID, at: now, actorID: staff.accountID, actorName: staff.staffLabel,
                                      action: "注销电子证照", state: state,
                                      opinion: "\(record.typeName) \(record.number)：\(reason)").create(on: database)
            let account = try await AccountRecord.find(record.holderAccountID, on: database)
            try await NotificationService(database: database).notify(
                accountID: record.holderAccountID, sealedPhone: account?.sealedPhone, title: "证照已注销：\(record.typeName)",
                body: try MessageTemplate.certificateRevoked.render([
                    "certificate": record.typeName, "number": record.number, "issuer": record.departmentName, "reason": reason,
                ]),
                link: SiteURL.certificate(.value(record.number)).path, key: "certificate-revoked-\(id)", now: now)
            try await audit.record("certificate.revoke", object: "certificate:\(record.number)", detail: reason, on: database)
        }
    }
}
