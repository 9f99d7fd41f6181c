import Fluent
import Foundation
import SQLKit
import YiwangDomain

/// The person's side of 政策找人: their benefits and why, 一键确认, objections, and whether the platform
/// may compute a profile for them at all. Acting for a company, the same for the company (惠企政策).
struct BenefitService {
    let platform: Platform

    var database: any Database { platform.database }

    /// Whom the signed-in user looks at: themselves, or the company they act for.
    func subject(of user: SignedIn) async throws -> BenefitSubject? {
        let matching = PolicyMatching(platform: platform)
        if let enterpriseID = user.enterpriseID {
            return try await EnterpriseRecord.find(enterpriseID, on: database).map(matching.company)
        }
        guard let account = try await AccountRecord.find(user.accountID, on: database) else { return nil }
        return try matching.person(account)
    }

    func overview(of user: SignedIn) async throws -> BenefitOverview {
        let subject = try await subject(of: user)
        let forCompany = user.enterpriseID != nil
        let off = subject?.recommendationsOff ?? false
        let entitlements = try await records(of: user)
        let items = entitlements.map(Self.item)
        var suggestions: [BenefitOverview.Suggestion] = []
        var profile: [BenefitOverview.ProfileFact] = []
        if let subject, !off {
            let facts = try await PolicyMatching(platform: platform).facts(of: subject)
            let held = Set(entitlements.filter { $0.status != .ended }.map(\.policyID))
            for policy in try await PolicyStore(database: database).book().inForce(on: platform.today, for: subject.target)
            where !held.contains(policy.id) {
                let decision = PolicyEvaluator.evaluate(policy, facts: facts)
                let applies = decision.outcome == .eligible && policy.mode == .apply
                guard applies || decision.outcome == .undetermined else { continue }
                suggestions.append(.init(policyID: policy.id, name: policy.name, mode: policy.mode.label, summary: policy.summary,
                                         toConfirm: decision.unknown.map(\.label), applyCode: policy.serviceCode,
                                         amount: PolicyExplanation.amount(decision)))
            }
            profile = facts.compactMap { name, fact in
                FactVocabulary.facts[name].map { .init(label: $0.label, value: fact.value.description, source: fact.source, asOf: fact.asOf.description) }
            }.sorted { $0.label < $1.label }
        }
        return BenefitOverview(
            holder: subject?.name ?? user.name, forCompany: forCompany, recommendationsOff: off,
            received: items.filter { $0.status == .granted || $0.status == .confirmed }, toConfirm: items.filter { $0.status == .offered },
            stopped: items.filter { $0.status == .ended || $0.status == .declined }, suggestions: suggestions, profile: profile)
    }

    /// The user's entitlements (or their company's), newest first.
    func records(of user: SignedIn) async throws -> [EntitlementRecord] {
        let query = EntitlementRecord.query(on: database)
        if let enterpriseID = user.enterpriseID { query.filter(\.$enterpriseID == enterpriseID) } else { query.filter(\.$accountID == user.accountID) }
        return try await query.sort(\.$decidedOn, .descending).sort(\.$policyID).all()
    }

    /// The entitlement if it is the user's (or their company's, acting for it); otherwise the same 404 as none.
    func entitlement(_ id: String, user: SignedIn) async throws -> EntitlementRecord {
        guard let uuid = UUID(uuidString: id), let record = try await EntitlementRecord.find(uuid, on: database),
              user.enterpriseID.map({ record.enterpriseID == $0 }) ?? (record.accountID == user.accountID) else {
            throw ServiceError.notFound("没有找到这项待遇")
        }
        return record
    }

    func detail(_ id: String, user: SignedIn) async throws -> BenefitDetail {
        let record = try await entitlement(id, user: user)
        let entitlementID = try record.requireID()
        let book = try await PolicyStore(database: database).book()
        guard let decision = record.storedDecision, let policy = book.policy(record.policyID, version: record.policyVersion) else {
            throw ServiceError.unavailable("这项待遇的政策版本暂时无法读取")
        }
        let events = try await BenefitEventRecord.query(on: database).filter(\.$entitlementID == entitlementID).sort(\.$at).all()
        let objections = try await ObjectionRecord.query(on: database).filter(\.$entitlementID == entitlementID).sort(\.$raisedAt).all()
        let corrections = try await RegistryCorrectionRecord.query(on: database).filter(\.$objectionID ~~ objections.compactMap(\.id)).all()
        let until = try await objectionDeadline(decidedOn: record.decidedOn, days: policy.objectionDays)
        var prefilled = 0, fields = 0
        var confirmService: String?
        if record.status == .offered, let code = policy.serviceCode, let guide = try? await platform.catalog.requireGuide(code: code, on: database) {
            confirmService = guide.item.name
            fields = guide.item.form.fields.count
            prefilled = try await platform.prefiller.prefill(guide.item.form, for: user.applicantProfile).count
        }
        let receipt = try await record.caseID.asyncMap { try await CaseRecord.find($0, on: database)?.receiptNumber } ?? nil
        return BenefitDetail(
            item: Self.item(record), policyName: policy.name, issuer: policy.issuer, version: policy.version, summary: policy.summary,
            legalBasis: policy.legalBasis.map(\.citation), note: policy.benefit.note, outcome: decision.outcome,
            trace: BenefitDetail.TraceLine.lines(of: decision),
            events: events.map { .init(at: $0.at, action: $0.action, detail: $0.detail) },
            objections: objections.map { objection in
                let correction = corrections.first { $0.objectionID == objection.id }
                return .init(id: objection.id ?? UUID(), kind: objection.kind, statement: objection.statement, status: objection.status,
                             dueOn: objection.dueOn, raisedAt: objection.raisedAt, reason: objection.reason,
                             correction: correction.map(\.summary))
            },
            objectionUntil: until.description,
            mayObject: platform.today <= until && !objections.contains { $0.status == .open } && record.status != .declined,
            confirmService: confirmService, prefilled: prefilled, fields: fields, caseReceipt: receipt)
    }

    /// The last day to object: `days` working days after the decision (calendar days where the year's
    /// holiday schedule is not loaded yet — never fewer than the law gives).
    func objectionDeadline(decidedOn: String, days: Int) async throws -> CivilDate {
        let decided = CivilDate(decidedOn) ?? platform.today
        let calendar = try await CalendarStore(database: database).calendar()
        return (try? calendar.adding(workingDays: days, after: decided)) ?? decided.adding(days: days * 7 / 5 + 7)
    }

    static func item(_ record: EntitlementRecord) -> BenefitOverview.Item {
        let decision = record.storedDecision
        return BenefitOverview.Item(
            id: record.id ?? UUID(), policyID: record.policyID, policyName: record.policyName,
            mode: record.status == .offered || record.status == .confirmed ? PolicyMode.confirm.label : PolicyMode.granted.label,
            status: record.status, amount: decision.map(PolicyExplanation.amount) ?? "", decidedOn: record.decidedOn, stopFrom: record.stopFrom)
    }

    /// Switches personalised recommendations off (nothing is computed for the person any more and the
    /// offers not yet confirmed are withdrawn) or on again. Statutory 免申即享 decisions are not
    /// recommendations and stay.
    func setRecommendations(on: Bool, user: SignedIn) async throws {
        guard user.enterpriseID == nil, let account = try await AccountRecord.find(user.accountID, on: database) else {
            throw ServiceError.badRequest("个性化推荐的设置只对个人有效，请切换为以个人身份办事")
        }
        let now = platform.now
        try await database.transaction { database in
            account.recommendationsOff = !on
            try await account.update(on: database)
            guard !on else { return }
            for offer in try await EntitlementRecord.query(on: database).filter(\.$accountID == user.accountID).filter(\.$status == .offered).all() {
                offer.status = .ended
                try await offer.update(on: database)
                try await BenefitEventRecord(entitlementID: try offer.requireID(), at: now, action: "您关闭了个性化推荐",
                                             detail: "未确认的申请已撤回；重新开启后会再次为您准备").create(on: database)
            }
        }
    }

    /// The step that counts as a grant of a 一键确认 policy in 信息公示.
    static let confirmedAction = "一键确认：已提交申请"

    enum ConfirmOutcome: Sendable {
        /// Submitted as a case (or submitted before: the same case).
        case submitted(receipt: String)
        /// The ordinary case path wants something the registries could not fill: the prepared draft.
        case incomplete(draftID: UUID, message: String)
    }

    /// 一键确认: the prepared application of the policy's item, with the tap recorded as the person's
    /// confirmation, submitted through the ordinary case path (and 秒批 where a rule allows). Tapping
    /// twice gives the same case.
    func confirm(_ id: String, user: SignedIn) async throws -> ConfirmOutcome {
        let record = try await entitlement(id, user: user)
        if record.status == .confirmed, let caseID = record.caseID, let existing = try await CaseRecord.find(caseID, on: database) {
            return .submitted(receipt: existing.receiptNumber)
        }
        guard record.status == .offered else { throw ServiceError.conflict("这项待遇不需要您确认") }
        guard let policy = try await PolicyStore(database: database).book().policy(record.policyID, version: record.policyVersion),
              let code = policy.serviceCode else {
            throw ServiceError.unavailable("这项政策暂未关联申请事项，请拨打 12345 咨询")
        }
        let applications = ApplicationService(platform: platform)
        let draft = try await applications.start(code: code, user: user)
        let form = try await applications.item(code: code).item.form
        var tapped: [String: String] = [:]
        for field in form.fields where field.prefill == .oneTapConfirmation {
            if let option = field.options?.first(where: { $0.hasPrefix("确认") }) { tapped[field.name] = option }
        }
        if !tapped.isEmpty { _ = try await applications.save(draft, values: tapped, expectedVersion: nil, user: user) }
        let submitted: CaseRecord
        do {
            submitted = try await applications.submit(draft, idempotencyKey: "benefit-\(try record.requireID())", user: user).record
        } catch ServiceError.unprocessable(let message, _) {
            return .incomplete(draftID: try draft.requireID(), message: message)
        }
        let entitlementID = try record.requireID(), caseID = try submitted.requireID(), now = platform.now
        try await database.transaction { database in
            let moved = try await database.sql().raw("""
                UPDATE entitlements SET status = \(bind: EntitlementStatus.confirmed.rawValue), case_id = \(bind: caseID)
                WHERE id = \(bind: entitlementID) AND status = \(bind: EntitlementStatus.offered.rawValue)
                RETURNING id
                """).all()
            guard !moved.isEmpty else { return }
            try await BenefitEventRecord(entitlementID: entitlementID, at: now, action: Self.confirmedAction,
                                         detail: "办件编号 \(submitted.receiptNumber)（\(policy.name)）").create(on: database)
        }
        return .submitted(receipt: submitted.receiptNumber)
    }

    struct ObjectionInput: Codable, Sendable {
        var kind: String?
        var statement: String?
        var fact: String?
    }

    /// Raises an objection: a work item for the policy's department, due in working days; the person
    /// is told when to expect the answer. What they write is kept with ID and mobile numbers masked.
    func object(_ id: String, input: ObjectionInput, user: SignedIn) async throws -> ObjectionRecord {
        let detail = try await detail(id, user: user)
        let record = try await entitlement(id, user: user)
        var errors = FieldErrors()
        let kind = input.kind.flatMap(ObjectionKind.init(rawValue:))
        if kind == nil { errors.add("kind", "请选择异议类型") }
        let statement = (input.statement ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if statement.isEmpty { errors.add("statement", "请说明您的异议") } else if statement.count > 1000 { errors.add("statement", "说明不能超过 1000 字") }
        let fact = input.fact.flatMap { $0.isEmpty ? nil : $0 }
        if let fact, !detail.facts.contains(where: { $0.fact == fact }) { errors.add("fact", "请选择判定中用到的一项数据") }
        if kind == .wrongData, fact == nil { errors.add("fact", "请选择哪一项数据有误") }
        guard errors.isEmpty, let kind else { throw errors }
        guard detail.mayObject else {
            throw ServiceError.conflict(detail.objections.contains { $0.status == .open } ? "您的异议正在办理中，请等待答复"
                                        : "已超过提出异议的期限（\(detail.objectionUntil)），可拨打 12345 或申请行政复议")
        }
        let calendar = try await CalendarStore(database: database).calendar()
        let today = platform.today, now = platform.now
        let due = (try? calendar.adding(workingDays: ObjectionStatus.workingDaysToDecide, after: today)) ?? today.adding(days: 14)
        let objection = ObjectionRecord()
        objection.entitlementID = try record.requireID(); objection.accountID = user.accountID; objection.departmentCode = record.departmentCode
        objection.kind = kind; objection.statement = PersonalDataRedactor.redact(statement); objection.fact = fact
        objection.status = .open; objection.dueOn = due.description; objection.raisedAt = now
        let department = try await DepartmentRecord.find(record.departmentCode, on: database)?.name ?? record.departmentCode
        try await database.transaction { database in
            try await objection.create(on: database)
            try await BenefitEventRecord(entitlementID: try record.requireID(), at: now, action: "提出异议：\(kind.label)",
                                         detail: "\(department)将于 \(due) 前答复").create(on: database)
            let account = try await AccountRecord.find(user.accountID, on: database)
            let page = SiteURL.myBenefit(.value(try record.requireID().uuidString))
            try await NotificationService(database: database).notify(
                accountID: user.accountID, sealedPhone: account?.sealedPhone, title: "异议已受理：\(record.policyName)",
                body: try MessageTemplate.objectionReceived.render([
                    "policy": "「\(record.policyName)」", "department": department, "deadline": due.description,
                    "link": try await ShortLinks.absolute(to: page, platform: platform.on(database)),
                ]), link: page.path, key: "objection-received-\(try objection.requireID())", now: now)
        }
        return objection
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
