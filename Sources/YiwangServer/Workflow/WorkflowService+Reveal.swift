import Fluent
import Foundation
import YiwangDomain

extension WorkflowService {
    /// The applicant's data as entered, for a member of staff who handles the department's cases
    /// (受理, 审查 or 审批) and says why; every view — and every refused attempt — is audited.
    /// Pages and answers show the data masked otherwise.
    func revealApplicant(_ record: CaseRecord, reason raw: String?, by staff: SignedIn, audit: AuditLog) async throws -> RevealedApplicant {
        let object = "case:\(record.receiptNumber)"
        guard !Set(staff.roles).isDisjoint(with: [.intake, .review, .approval]) else {
            try await audit.record("case.reveal_applicant", object: object, outcome: .denied)
            throw ServiceError.forbidden("只有办理本部门办件的受理、审查、审批人员可以查看完整的申请人信息")
        }
        let reason = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...200).contains(reason.count) else {
            throw FieldErrors.field("reason", "请写明查看完整信息的理由（2–200 字），查看将被记录")
        }
        let (_, item) = try await workflow(for: record)
        let values = try platform.vault.openForm(record.formValues)
        let account = try await AccountRecord.find(record.accountID, on: database)
        try await audit.record("case.reveal_applicant", object: object, detail: "理由：\(reason)")
        return RevealedApplicant(name: account?.name ?? "", fields: item.form.fields.compactMap { field in
            values[field.name].map { CaseFile.Field(name: field.name, label: field.label, value: $0) }
        })
    }
}
