import Fluent
import Foundation
import YiwangDomain

extension CertificateService {
    /// Whether `user` may revoke the certificate: an approver of the issuing department, while it is in force.
    static func canRevoke(_ record: CertificateRecord, by user: SignedIn) -> Bool {
        user.kind == .staff && user.departmentCode == record.departmentCode && user.roles.contains(.approval) && record.status == .valid
    }

    /// The holder starts a renewal: a draft of the same service, filled with what the certificate's
    /// application said wherever the new draft has nothing yet. A company's certificate is renewed
    /// while acting for that company.
    func startRenewal(of record: CertificateRecord, by user: SignedIn) async throws -> ApplicationDraftRecord {
        guard user.kind == .citizen, try await isHolder(record, user) else { throw ServiceError.forbidden("只有持证人可以申请换证") }
        if let company = record.holderEnterpriseID, user.enterpriseID != company {
            throw ServiceError.conflict("请先在账号页切换到持证企业，再申请换证")
        }
        let applications = ApplicationService(platform: platform)
        let draft = try await applications.start(code: record.serviceCode, user: user)
        var values = try vault.openForm(draft.formValues)
        for (name, value) in try vault.openForm(record.sealedFormValues) where (values[name] ?? "").isEmpty { values[name] = value }
        _ = try await applications.save(draft, values: values, expectedVersion: nil, user: user)
        return draft
    }
}
