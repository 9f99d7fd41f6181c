import Fluent
import Foundation
import YiwangDomain

/// Runs 秒批 on a newly submitted case: if its service has a rule, 一键核验 passes and the rule's
/// conditions hold, the platform takes the case through acceptance, review and decision at once —
/// the same steps, through the same state machine, as clerks would — naming the rule and its
/// version as the one who acted. Otherwise the case waits for a clerk, as any other.
struct AutoApproval {
    let platform: Platform

    static func load(resourcesDirectory: String) -> [AutoApprovalRule] {
        guard let data = FileManager.default.contents(atPath: resourcesDirectory + "Workflow/auto-approval.json") else { return [] }
        return (try? AutoApprovalRule.decodeAll(data)) ?? []
    }

    /// The rule that decided, or nil when the case goes to a clerk (or a clerk got there first).
    @discardableResult
    func run(_ record: CaseRecord, item: ServiceItem) async throws -> AutoApprovalRule? {
        guard let rule = platform.autoApprovalRules.first(where: { $0.serviceCode == record.serviceCode }),
              record.state == .submitted else { return nil }
        let workflow = WorkflowService(platform: platform)
        let values = try platform.vault.openForm(record.formValues)
        let checks = try await workflow.checks(of: record, item: item)
        guard rule.approves(values: values, checks: checks) else { return nil }
        do {
            try await workflow.perform([
                .action(.accept), .note("一键核验", opinion: WorkflowService.summary(of: checks)),
                .action(.startReview), .action(.passReview), .action(.grant, opinion: rule.description),
            ], on: record, item: item, by: .system("系统（\(rule.name)）"), expecting: record.version)
        } catch ServiceError.conflict {
            return nil  // a clerk acted first: the case is theirs
        }
        return rule
    }
}
