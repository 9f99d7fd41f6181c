import Fluent
import Foundation
import YiwangDomain

extension WorkflowService {
    /// 一键核验 of a case: every name + ID number against the population registry, every company
    /// name + credit code against the enterprise registry, every certificate number the form cites.
    func checks(of record: CaseRecord, item: ServiceItem) async throws -> [VerificationCheck] {
        try await OneClickVerification(registry: platform.registry).verify(form: item.form, values: platform.vault.openForm(record.formValues))
    }

    /// One line for the timeline.
    static func summary(of checks: [VerificationCheck]) -> String {
        let failed = checks.filter { !$0.passed }
        if checks.isEmpty { return "申请中没有可核验的身份信息" }
        if failed.isEmpty { return "\(checks.count) 项全部通过" }
        return "\(failed.count) 项未通过：" + failed.map { "\($0.subject)：\($0.reason)" }.joined(separator: "；")
    }

    /// 一键核验 by a clerk of the case's department; the outcome goes on the timeline.
    func verify(receipt: String, by staff: SignedIn) async throws -> [VerificationCheck] {
        let record = try await caseRecord(receipt: receipt, staff: staff)
        let (_, item) = try await workflow(for: record)
        let checks = try await checks(of: record, item: item)
        try await CaseEventRecord(caseID: try record.requireID(), at: platform.now, actorID: staff.accountID,
                                  actorName: staff.staffLabel, action: "一键核验", state: record.state,
                                  opinion: Self.summary(of: checks)).create(on: database)
        return checks
    }
}
