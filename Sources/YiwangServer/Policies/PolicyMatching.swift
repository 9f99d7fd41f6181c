import Fluent
import Foundation
import SQLKit
import YiwangDomain

/// Someone 政策找人 looks at: a citizen with an account (by their ID number's blind index) or a
/// registered company (by its credit code).
struct BenefitSubject: Sendable {
    let target: PolicyTarget
    /// What entitlements are filed under: the ID number's blind index, or the credit code.
    let key: String
    let accountID: UUID?
    let enterpriseID: UUID?
    /// For asking the registries (never stored with the entitlement).
    let idNumber: String?
    let uscc: String?
    let name: String
    /// The person switched off personalised recommendations: no 一键确认 is prepared for them.
    let recommendationsOff: Bool
}

/// 政策找人's matching: every policy in force evaluated for a person or a company with the registries'
/// facts, and what changed recorded and told — 免申即享 granted, 一键确认 prepared, a benefit no
/// longer due ended with the day payments stop. Run daily for everyone (`run`) and on demand when a
/// fact changes (`match`). Safe on several nodes and never twice for one event: an entitlement is one
/// row per policy and subject (a second insert fails), and a change is written only onto the status it
/// was decided from (`UPDATE … WHERE status = … RETURNING`), in one transaction with its messages.
struct PolicyMatching {
    let platform: Platform

    /// The step that counts as a grant in 信息公示.
    static let grantedAction = "免申即享：经数据比对认定符合"

    struct Report: Sendable, Equatable {
        var subjects = 0
        var evaluations = 0
        var granted = 0
        var offered = 0
        var ended = 0
        var revised = 0
        /// Changes that could not be written this time (logged; the next run tries again).
        var failed = 0

        var summary: String { "\(subjects) 个对象、\(evaluations) 次判定：新享受 \(granted)，待确认 \(offered)，停止 \(ended)，更新依据 \(revised)" + (failed > 0 ? "，未能写入 \(failed)" : "") }
    }

    /// Everyone: each citizen with an ID number, each registered company.
    func run() async throws -> Report {
        let book = try await PolicyStore(database: platform.database).book()
        var report = Report()
        for subject in try await subjects() {
            try await match(subject, book: book, into: &report)
        }
        return report
    }

    /// One person, when something about them changed (a registry fact recorded or corrected).
    func match(accountID: UUID) async throws -> Report {
        var report = Report()
        guard let account = try await AccountRecord.find(accountID, on: platform.database), let subject = try person(account) else { return report }
        try await match(subject, book: try await PolicyStore(database: platform.database).book(), into: &report)
        return report
    }

    func match(_ subject: BenefitSubject, book: PolicyBook, into report: inout Report) async throws {
        let today = platform.today
        let facts = try await facts(of: subject)
        report.subjects += 1
        let existing = Dictionary(try await EntitlementRecord.query(on: platform.database).filter(\.$subject == subject.key).all()
            .map { ($0.policyID, $0) }, uniquingKeysWith: { first, _ in first })
        for policy in book.inForce(on: today, for: subject.target) {
            report.evaluations += 1
            // the fast check first: not known changes nothing, and "no" matters only to a running benefit
            switch PolicyEvaluator.status(policy.conditions, facts: facts) {
            case .unknown: continue
            case .notMet where existing[policy.id]?.status.isActive != true: continue
            default: break
            }
            let decision = PolicyEvaluator.evaluate(policy, facts: facts)
            let recorded = existing[policy.id]?.storedDecision
            let changed = recorded.map { Self.explanation($0) != Self.explanation(decision) } ?? false
            guard let change = EntitlementChange.after(existing[policy.id]?.status, outcome: decision.outcome, mode: policy.mode,
                                                       explanationChanged: changed),
                  !(change == .offer && subject.recommendationsOff) else { continue }
            do {
                guard try await record(change, policy: policy, decision: decision, subject: subject, existing: existing[policy.id]) else { continue }
            } catch {
                // one write that could not be made (a lock held too long on an embedded database) does not stop the
                // day's run: the next run finds the same change again
                platform.logger.warning("policy matching: \(policy.id) \(change.rawValue) not recorded: \(String(reflecting: error))")
                report.failed += 1
                continue
            }
            switch change {
            case .grant: report.granted += 1
            case .offer: report.offered += 1
            case .end: report.ended += 1
            case .revise: report.revised += 1
            }
        }
    }

    /// What a revision compares: the version, the amount and each condition's value and standing —
    /// not the dates the facts were read on, which change every day.
    static func explanation(_ decision: PolicyDecision) -> [String] {
        let lines = BenefitDetail.TraceLine.lines(of: decision).map { "\($0.label)|\($0.status.rawValue)|\($0.value ?? "")|\($0.source ?? "")" }
        return ["v\(decision.version)", PolicyExplanation.amount(decision)] + lines
    }

    /// The facts of a subject as of today, from the registries behind `RegistryClient`.
    func facts(of subject: BenefitSubject) async throws -> [String: SourcedFact] {
        switch subject.target {
        case .person:
            guard let idNumber = subject.idNumber else { return [:] }
            return PersonFacts.derive(try await platform.registry.personFacts(idNumber: idNumber), idNumber: idNumber, on: platform.today)
        case .company:
            guard let uscc = subject.uscc else { return [:] }
            return try await platform.registry.enterpriseFacts(uscc: uscc)
        }
    }

    /// Writes one change with its step and its messages; false when another node (or an earlier run)
    /// got there first.
    private func record(_ change: EntitlementChange, policy: Policy, decision: PolicyDecision, subject: BenefitSubject,
                        existing: EntitlementRecord?) async throws -> Bool {
        let today = platform.today, now = platform.now
        let json = try StoredJSON.encode(decision)
        let stop = change == .end ? EntitlementChange.paymentsStop(after: today) : nil
        do {
            return try await platform.database.transaction { database in
                let id: UUID
                if let existing {
                    id = try existing.requireID()
                    let moved = try await database.sql().raw("""
                        UPDATE entitlements SET status = \(bind: change.status(from: existing.status).rawValue), decision = \(bind: json),
                            policy_version = \(bind: policy.version), decided_on = \(bind: today.description),
                            stop_from = \(bind: stop?.description)
                        WHERE id = \(bind: id) AND status = \(bind: existing.status.rawValue)
                        RETURNING id
                        """).all()
                    guard !moved.isEmpty else { return false }
                } else {
                    let record = EntitlementRecord()
                    record.policyID = policy.id; record.policyVersion = policy.version; record.policyName = policy.name
                    record.departmentCode = policy.department; record.target = policy.target; record.subject = subject.key
                    record.accountID = subject.accountID; record.enterpriseID = subject.enterpriseID
                    record.status = change.status(from: nil); record.decision = json; record.decidedOn = today.description
                    try await record.create(on: database)
                    id = try record.requireID()
                }
                let detail: String = switch change {
                case .grant: "符合条件：" + PolicyExplanation.reasons(decision)
                case .offer: "已预填申请，待确认：" + PolicyExplanation.reasons(decision)
                case .end: "不再符合：" + PolicyExplanation.unmetReasons(decision) + "；自 \(stop?.description ?? "") 起停止发放"
                case .revise: "仍符合条件，按最新数据更新：" + PolicyExplanation.reasons(decision) + "；标准 " + PolicyExplanation.amount(decision)
                }
                let action: String = switch change {
                case .grant: Self.grantedAction
                case .offer: "一键确认：已为您准备申请"
                case .end: "复核：不再符合条件"
                case .revise: "复核：判定依据已更新"
                }
                try await BenefitEventRecord(entitlementID: id, at: now, action: action, detail: detail).create(on: database)
                try await notify(change, entitlementID: id, policy: policy, decision: decision, subject: subject, stop: stop, on: database)
                return true
            }
        } catch {
            // the unique row: another node recorded this person and policy first
            if existing == nil, try await EntitlementRecord.query(on: platform.database)
                .filter(\.$policyID == policy.id).filter(\.$subject == subject.key).first() != nil {
                return false
            }
            throw error
        }
    }

    private func notify(_ change: EntitlementChange, entitlementID: UUID, policy: Policy, decision: PolicyDecision,
                        subject: BenefitSubject, stop: CivilDate?, on database: any Database) async throws {
        let page = SiteURL.myBenefit(.value(entitlementID.uuidString))
        let link = try await ShortLinks.absolute(to: page, platform: platform.on(database))
        let department = try await DepartmentRecord.find(policy.department, on: database)?.name ?? policy.issuer
        let holder = subject.target == .company ? "贵单位（\(subject.name)）" : "您"
        let (template, title): (MessageTemplate, String) = switch change {
        case .grant: (.benefitGranted, "政策找人：您已享受\(policy.name)")
        case .offer: (.benefitOffered, "政策找人：\(policy.name)待您确认")
        case .end: (.benefitEnded, "政策复核：\(policy.name)将停止发放")
        case .revise: (.benefitRevised, "政策复核：\(policy.name)判定依据已更新")
        }
        let body = try template.render([
            "department": department, "holder": holder, "policy": "「\(policy.name)」", "amount": PolicyExplanation.amount(decision),
            "reason": PolicyExplanation.unmetReasons(decision), "stop": stop?.description ?? "", "link": link,
        ])
        for account in try await recipients(of: subject, on: database) {
            try await NotificationService(database: database).notify(
                accountID: try account.requireID(), sealedPhone: account.sealedPhone, title: title, body: body, link: page.path,
                key: "benefit-\(change.rawValue)-\(entitlementID)-\(platform.today)-\(try account.requireID())", now: platform.now)
        }
    }

    /// Who is told: the person, or the company's legal representatives and agents.
    private func recipients(of subject: BenefitSubject, on database: any Database) async throws -> [AccountRecord] {
        if let accountID = subject.accountID { return try await AccountRecord.find(accountID, on: database).map { [$0] } ?? [] }
        guard let enterpriseID = subject.enterpriseID else { return [] }
        let agents = try await EnterpriseAgentRecord.query(on: database).filter(\.$enterpriseID == enterpriseID).all().map(\.accountID)
        return agents.isEmpty ? [] : try await AccountRecord.query(on: database).filter(\.$id ~~ agents).all()
    }

    /// Every citizen with an ID number and every registered company.
    func subjects() async throws -> [BenefitSubject] {
        let people = try await AccountRecord.query(on: platform.database).filter(\.$kind == .citizen).filter(\.$idNumberIndex != nil).all()
        let companies = try await EnterpriseRecord.query(on: platform.database).all()
        return try people.compactMap(person) + companies.map(company)
    }

    func person(_ account: AccountRecord) throws -> BenefitSubject? {
        guard account.kind == .citizen, let index = account.idNumberIndex, let idNumber = try account.idNumber(platform.vault) else { return nil }
        return BenefitSubject(target: .person, key: index, accountID: account.id, enterpriseID: nil, idNumber: idNumber, uscc: nil,
                              name: account.name, recommendationsOff: account.recommendationsOff)
    }

    func company(_ enterprise: EnterpriseRecord) -> BenefitSubject {
        BenefitSubject(target: .company, key: enterprise.uscc, accountID: nil, enterpriseID: enterprise.id, idNumber: nil, uscc: enterprise.uscc,
                       name: enterprise.name, recommendationsOff: false)
    }
}
