import Fluent
import SQLKit
import Vapor
import YiwangDomain

/// Runs 秒批 on a newly submitted case: if its service has a rule, 一键核验 passes and the rule's
/// conditions hold, the case is accepted and granted at once, the rule and its version named as
/// the decider on the timeline. Otherwise the case waits for a clerk, as any other.
struct AutoApproval {
    let database: any Database
    let registry: any RegistryClient
    let rules: [AutoApprovalRule]
    /// For the certificate of an item that issues one.
    var masterKey: MasterKey?
    /// Opens the application's values; seals what a certificate keeps.
    let vault: PersonalDataVault
    var publicBaseURL = "http://127.0.0.1:8080"

    static func load(resourcesDirectory: String) -> [AutoApprovalRule] {
        guard let data = FileManager.default.contents(atPath: resourcesDirectory + "Workflow/auto-approval.json") else { return [] }
        return (try? AutoApprovalRule.decodeAll(data)) ?? []
    }

    /// The rule that decided, or nil when the case goes to a clerk.
    @discardableResult
    func run(_ record: CaseRecord, item: ServiceItem, today: CivilDate, now: Date = Date()) async throws -> AutoApprovalRule? {
        guard let rule = rules.first(where: { $0.serviceCode == record.serviceCode }),
              record.state == CaseState.submitted.rawValue else { return nil }
        let values = try vault.openForm(record.formValues)
        let checks = try await OneClickVerification(registry: registry).verify(form: item.form, values: values)
        guard rule.approves(values: values, checks: checks) else { return nil }
        let caseID = try record.requireID()
        let decider = "系统（\(rule.name)）"
        try await database.transaction { database in
            guard try await CaseVersion.update(database, caseID: caseID, version: record.version, set: """
                state = \(bind: CaseState.granted.rawValue), accepted_on = \(bind: today.description), level = \(bind: DeadlineLevel.normal.rawValue)
                """) else { return }
            for (action, state, opinion) in [
                (CaseAction.accept.label, CaseState.accepted, nil as String?),
                ("一键核验", CaseState.accepted, "\(checks.count) 项全部通过"),
                (CaseAction.grant.label, CaseState.granted, rule.description),
            ] {
                try await CaseEventRecord(caseID: caseID, at: now, actorID: nil, actorName: decider, action: action,
                                          state: state.rawValue, opinion: opinion).create(on: database)
            }
            let phone = try await AccountRecord.find(record.accountID, on: database)?.sealedPhone
            var body = try MessageTemplate.caseAutoApproved.render(["service": record.serviceName, "receipt": record.receiptNumber])
            var link = "/cases/\(record.receiptNumber)"
            if item.certificate != nil {
                guard let masterKey else { throw Problem(status: .internalServerError, detail: "主密钥尚未加载，无法签发电子证照") }
                let issuer = CertificateIssuer(database: database, masterKey: masterKey, vault: vault, publicBaseURL: publicBaseURL)
                if let certificate = try await issuer.issue(for: record, item: item, today: today, now: now) {
                    (body, link) = try await issuer.notice(of: certificate, serviceName: record.serviceName, now: now)
                }
            }
            try await NotificationService(database: database).notify(
                accountID: record.accountID, sealedPhone: phone, title: "办件进度：准予许可", body: body,
                link: link, key: "case-\(caseID)-auto", now: now)
        }
        return rule
    }
}

private struct AutoApprovalRulesKey: StorageKey { typealias Value = [AutoApprovalRule] }

extension Application {
    /// The 秒批 rules, read from `Resources/Workflow/auto-approval.json` at start.
    var autoApprovalRules: [AutoApprovalRule] {
        get { storage[AutoApprovalRulesKey.self] ?? [] }
        set { storage[AutoApprovalRulesKey.self] = newValue }
    }
}
