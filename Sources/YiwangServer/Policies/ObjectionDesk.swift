import Fluent
import Foundation
import SQLKit
import YiwangDomain

/// The department's side of objections: its queue with working-day deadlines, one objection with
/// only what deciding it needs (the masked name, the decision's trace, what the person wrote), and the
/// decision — which may end or restore the benefit, or send a correction to the registry the wrong
/// fact came from and evaluate the person again.
struct ObjectionDesk {
    let platform: Platform

    var database: any Database { platform.database }

    struct Row: Sendable {
        let id: UUID
        let policyName: String
        let kind: ObjectionKind
        let holder: String
        let raisedAt: Date
        let dueOn: String
        let status: ObjectionStatus
        let overdue: Bool
    }

    struct Case: Sendable {
        let row: Row
        let statement: String
        let fact: String?
        let factLabel: String?
        let trace: [BenefitDetail.TraceLine]
        let entitlementStatus: EntitlementStatus
        let policyVersion: Int
        let reason: String?
        let decidedBy: String?
        let correction: String?
        /// The facts a correction may change (those the decision used).
        let facts: [(fact: String, label: String)]
    }

    /// The department's objections: open ones first, by due date.
    func queue(for staff: SignedIn) async throws -> [Row] {
        let department = try requireDepartment(staff)
        let objections = try await ObjectionRecord.query(on: database).filter(\.$departmentCode == department).sort(\.$dueOn).all()
        let rows = try await rows(objections)
        return rows.filter { $0.status == .open } + rows.filter { $0.status != .open }.sorted { $0.raisedAt > $1.raisedAt }
    }

    func objection(_ id: String, staff: SignedIn) async throws -> Case {
        let (objection, entitlement) = try await find(id, staff: staff)
        guard let row = try await rows([objection]).first, let decision = entitlement.storedDecision else {
            throw ServiceError.unavailable("这条异议的判定记录暂时无法读取")
        }
        let trace = BenefitDetail.TraceLine.lines(of: decision)
        let correction = try await RegistryCorrectionRecord.query(on: database).filter(\.$objectionID == objection.requireID()).first()
        let facts = BenefitDetail.facts(of: trace)
        return Case(row: row, statement: objection.statement, fact: objection.fact,
                    factLabel: facts.first { $0.fact == objection.fact }?.label, trace: trace, entitlementStatus: entitlement.status,
                    policyVersion: entitlement.policyVersion, reason: objection.reason, decidedBy: objection.decidedBy,
                    correction: correction.map(\.summary),
                    facts: facts)
    }

    struct Decision: Codable, Sendable {
        var outcome: String?
        var reason: String?
        var fact: String?
        var correctedValue: String?
    }

    /// Decides an objection once. Upheld: "not wanted" declines the benefit; "wrong decision" ends a
    /// running benefit or restores an ended one; "wrong data" corrects the fact in its registry (a
    /// correction request the stand-in applies) and evaluates the person again with it.
    func decide(_ id: String, _ input: Decision, staff: SignedIn) async throws {
        let (objection, entitlement) = try await find(id, staff: staff)
        guard objection.status == .open else { throw ServiceError.conflict("这条异议已经办结") }
        var errors = FieldErrors()
        let outcome = input.outcome.flatMap(ObjectionStatus.init(rawValue:)).flatMap { $0 == .open ? nil : $0 }
        if outcome == nil { errors.add("outcome", "请选择异议是否成立") }
        let reason = (input.reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.isEmpty { errors.add("reason", "请写明理由，申请人会看到") } else if reason.count > 1000 { errors.add("reason", "理由不能超过 1000 字") }
        var correction: FactCorrection.Parsed?
        let fact = (input.fact.flatMap { $0.isEmpty ? nil : $0 }) ?? objection.fact
        if outcome == .upheld, objection.kind == .wrongData {
            let used = Set(entitlement.storedDecision.map { BenefitDetail.TraceLine.lines(of: $0).compactMap(\.fact) } ?? [])
            if let fact, used.contains(fact) {
                switch FactCorrection.parse(fact: fact, input: input.correctedValue ?? "") {
                case .success(let parsed): correction = parsed
                case .failure(let problem): errors.add("corrected_value", problem.message)
                }
            } else {
                errors.add("fact", "请选择要更正的数据")
            }
        }
        guard errors.isEmpty, let outcome else { throw errors }
        let corrected = correction
        let now = platform.now, today = platform.today
        let objectionID = try objection.requireID(), entitlementID = try entitlement.requireID()
        try await database.transaction { database in
            let moved = try await database.sql().raw("""
                UPDATE policy_objections SET status = \(bind: outcome.rawValue), reason = \(bind: PersonalDataRedactor.redact(reason)),
                    decided_at = \(bind: now), decided_by = \(bind: staff.staffLabel)
                WHERE id = \(bind: objectionID) AND status = \(bind: ObjectionStatus.open.rawValue)
                RETURNING id
                """).all()
            guard !moved.isEmpty else { throw ServiceError.conflict("这条异议已由他人办结") }
            var detail = "理由：\(reason)"
            if outcome == .upheld {
                switch objection.kind {
                case .notWanted:
                    try await move(entitlementID, from: entitlement.status, to: .declined, stop: EntitlementChange.paymentsStop(after: today), on: database)
                    detail += "；已按您的意愿停止，自 \(EntitlementChange.paymentsStop(after: today)) 起不再发放"
                case .wrongDecision where entitlement.status.isActive:
                    try await move(entitlementID, from: entitlement.status, to: .ended, stop: EntitlementChange.paymentsStop(after: today), on: database)
                    detail += "；原认定撤销，自 \(EntitlementChange.paymentsStop(after: today)) 起停止发放"
                case .wrongDecision:
                    try await move(entitlementID, from: entitlement.status, to: .granted, stop: nil, on: database)
                    detail += "；已恢复享受"
                case .wrongData:
                    if let corrected {
                        let source = try await correct(entitlement, corrected, objectionID: objectionID, now: now, today: today, on: database)
                        detail += "；已向\(source.label)发出数据更正并按更正后的数据重新判定"
                    }
                }
            }
            try await BenefitEventRecord(entitlementID: entitlementID, at: now, action: "异议办结：\(outcome.label)", detail: detail).create(on: database)
            let page = SiteURL.myBenefit(.value(entitlementID.uuidString))
            let account = try await AccountRecord.find(objection.accountID, on: database)
            try await NotificationService(database: database).notify(
                accountID: objection.accountID, sealedPhone: account?.sealedPhone, title: "异议已办结：\(entitlement.policyName)",
                body: try MessageTemplate.objectionDecided.render([
                    "policy": "「\(entitlement.policyName)」", "outcome": outcome.label, "reason": reason,
                    "link": try await ShortLinks.absolute(to: page, platform: platform.on(database)),
                ]), link: page.path, key: "objection-decided-\(objectionID)", now: now)
        }
        if correction != nil { try await evaluateAgain(entitlement) }
    }

    /// The corrected fact written to the registry stand-in with a correction request on record.
    private func correct(_ entitlement: EntitlementRecord, _ correction: FactCorrection.Parsed, objectionID: UUID, now: Date, today: CivilDate,
                         on database: any Database) async throws -> FactSource {
        let existing = try await RegistryFactRecord.query(on: database).filter(\.$subject == entitlement.subject)
            .filter(\.$fact == correction.registryFact).first()
        let source = existing?.source ?? FactCorrection.keeper(of: correction.registryFact)
        let request = RegistryCorrectionRecord()
        request.objectionID = objectionID; request.source = source; request.subject = entitlement.subject
        request.fact = correction.registryFact; request.correctedValue = try StoredJSON.encode(correction.value)
        request.requestedAt = now; request.status = "已更正"
        try await request.create(on: database)
        if let existing {
            existing.value = try StoredJSON.encode(correction.value)
            existing.asOf = today.description
            existing.recordedAt = now
            try await existing.update(on: database)
        } else {
            try await RegistryFactRecord(target: entitlement.target, subject: entitlement.subject, fact: correction.registryFact,
                                         value: correction.value, source: source, asOf: today, now: now).create(on: database)
        }
        return source
    }

    /// 政策找人 again for the person or company, with the corrected fact.
    private func evaluateAgain(_ entitlement: EntitlementRecord) async throws {
        let matching = PolicyMatching(platform: platform)
        if let accountID = entitlement.accountID {
            _ = try await matching.match(accountID: accountID)
        } else if let enterpriseID = entitlement.enterpriseID, let company = try await EnterpriseRecord.find(enterpriseID, on: database) {
            var report = PolicyMatching.Report()
            try await matching.match(matching.company(company), book: try await PolicyStore(database: database).book(), into: &report)
        }
    }

    private func move(_ id: UUID, from: EntitlementStatus, to: EntitlementStatus, stop: CivilDate?, on database: any Database) async throws {
        let moved = try await database.sql().raw("""
            UPDATE entitlements SET status = \(bind: to.rawValue), stop_from = \(bind: stop?.description)
            WHERE id = \(bind: id) AND status = \(bind: from.rawValue)
            RETURNING id
            """).all()
        guard !moved.isEmpty else { throw ServiceError.conflict("这项待遇的状态已变化，请刷新后再办理") }
    }

    /// The objection and its entitlement, if it is the staff member's department's; else 404.
    private func find(_ id: String, staff: SignedIn) async throws -> (ObjectionRecord, EntitlementRecord) {
        let department = try requireDepartment(staff)
        guard let uuid = UUID(uuidString: id), let objection = try await ObjectionRecord.find(uuid, on: database),
              objection.departmentCode == department,
              let entitlement = try await EntitlementRecord.find(objection.entitlementID, on: database) else {
            throw ServiceError.notFound("没有找到这条异议")
        }
        return (objection, entitlement)
    }

    private func requireDepartment(_ staff: SignedIn) throws -> String {
        guard let department = staff.departmentCode else { throw ServiceError.forbidden("异议由政策的主管部门办理") }
        return department
    }

    /// Rows with the holder named as little as deciding needs: a person's surname, a company's name.
    private func rows(_ objections: [ObjectionRecord]) async throws -> [Row] {
        let entitlements = try await EntitlementRecord.query(on: database).filter(\.$id ~~ objections.map(\.entitlementID)).all()
        let accounts = try await AccountRecord.query(on: database).filter(\.$id ~~ objections.map(\.accountID)).all()
        let companies = try await EnterpriseRecord.query(on: database).filter(\.$id ~~ entitlements.compactMap(\.enterpriseID)).all()
        let today = platform.today.description
        return objections.compactMap { objection in
            guard let id = objection.id, let entitlement = entitlements.first(where: { $0.id == objection.entitlementID }) else { return nil }
            let holder = entitlement.enterpriseID.flatMap { enterpriseID in companies.first { $0.id == enterpriseID }?.name }
                ?? Masking.name(accounts.first { $0.id == objection.accountID }?.name ?? "")
            return Row(id: id, policyName: entitlement.policyName, kind: objection.kind, holder: holder, raisedAt: objection.raisedAt,
                       dueOn: objection.dueOn, status: objection.status, overdue: objection.status == .open && objection.dueOn < today)
        }
    }
}
