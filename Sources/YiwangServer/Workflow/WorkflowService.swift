import Fluent
import Foundation
import SQLKit
import YiwangDomain

/// Steps on cases: checks each against the state machine of the item's workflow and the actor's
/// roles, moves the deadline clocks (start at acceptance, stop for 补正, resume on resubmission,
/// extend), records the steps on the timeline, issues the e-certificate of a grant and tells the
/// applicant — all in one transaction that takes effect only if nobody acted on the case since
/// the actor loaded it. A clerk's action, the applicant's and 秒批's all go through `perform`.
struct WorkflowService {
    let platform: Platform

    var database: any Database { platform.database }
    var today: CivilDate { platform.today }

    /// A case of the clerk's department; any other is not found.
    func caseRecord(receipt: String, staff: SignedIn) async throws -> CaseRecord {
        guard staff.kind == .staff, receipt.count <= 40, let record = try await CaseRecord.query(on: database)
            .filter(\.$receiptNumber == receipt).filter(\.$departmentCode == (staff.departmentCode ?? "")).first()
        else { throw ServiceError.notFound("没有找到这个办件") }
        return record
    }

    func workflow(for record: CaseRecord) async throws -> (CaseWorkflow, ServiceItem) {
        guard let guide = try await platform.catalog.guide(code: record.serviceCode, on: database) else {
            throw ServiceError.notFound("办件对应的事项已不在目录中")
        }
        return (CaseWorkflow(steps: guide.guide.item.steps), guide.guide.item)
    }

    /// One step asked for by a clerk, or by the applicant (`resubmit`, `withdraw`).
    func act(on record: CaseRecord, _ command: CaseCommand, by actor: CaseActor) async throws -> CaseRecord {
        guard let action = command.action.flatMap(CaseAction.init(rawValue:)) else { throw FieldErrors.field("action", "不认识的操作") }
        if actor.isApplicant, ![.resubmit, .withdraw].contains(action) {
            throw ServiceError.forbidden("申请人只能补正后重新提交或撤回申请")
        }
        let (_, item) = try await workflow(for: record)
        var opinion = command.opinion?.trimmingCharacters(in: .whitespacesAndNewlines).prefix(1000).description
        // 要求补正 names the materials: the applicant is told exactly which, and the page shows them
        var requested: [Material] = []
        if action == .requestSupplement, let missing = command.missing, !missing.isEmpty {
            requested = item.materials.filter { missing.contains($0.id) }
            guard requested.count == Set(missing).count else {
                throw FieldErrors.field("missing", "要求补正的材料不在本事项的材料清单中")
            }
            let list = "请补正：" + requested.map { "《\($0.name)》" }.joined(separator: "、")
            opinion = (opinion ?? "").isEmpty ? list : list + "。" + (opinion ?? "")
        }
        if action == .extend {
            let most = item.statutoryDays ?? 30
            guard let days = command.days, (1...most).contains(days) else {
                throw FieldErrors.field("days", "延期天数须为 1–\(most) 个工作日")
            }
        }
        try await perform([.action(action, opinion: opinion, days: command.days, requested: requested)], on: record,
                          item: item, by: actor, expecting: command.version ?? record.version)
        return try await fresh(record)
    }

    /// A step of `perform`: an action of the state machine, or a note on the timeline.
    enum Step: Sendable {
        case action(CaseAction, opinion: String? = nil, days: Int? = nil, requested: [Material] = [])
        case note(String, opinion: String?)
    }

    /// Takes `steps` in order on the case, as it stood at version `expected`; throws
    /// `CaseVersion.conflict` when someone acted first, and nothing is written then.
    func perform(_ steps: [Step], on record: CaseRecord, item: ServiceItem, by actor: CaseActor, expecting expected: Int) async throws {
        let workflow = CaseWorkflow(steps: item.steps)
        let calendar = try await CalendarStore(database: database).calendar()
        var state = record.state, acceptedOn = record.acceptedOn
        var promised = record.promised, statutory = record.statutory
        var requested: [Material]?, events: [(action: String, state: CaseState, opinion: String?)] = []
        var last: CaseAction?
        for step in steps {
            guard case .action(let action, let opinion, let days, let materials) = step else {
                if case .note(let label, let opinion) = step { events.append((label, state, opinion)) }
                continue
            }
            let next: CaseState
            switch workflow.apply(action, to: state, roles: actor.roles, applicant: actor.isApplicant, opinion: opinion) {
            case .success(let state): next = state
            case .failure(.opinionRequired(let action)):
                throw FieldErrors.field("opinion", CaseWorkflow.Refusal.opinionRequired(action).description)
            case .failure(let refusal):
                throw refusal == .wrongState(state, action) ? ServiceError.conflict(refusal.description) : ServiceError.forbidden(refusal.description)
            }
            switch action {
            case .accept:
                acceptedOn = today.description
                if let days = item.statutoryDays {
                    statutory = DeadlineClock(limit: days, unit: item.statutoryUnit ?? .workingDays, acceptedOn: today)
                }
                if let days = item.promisedDays ?? item.statutoryDays {
                    promised = DeadlineClock(limit: record.greenChannel ? DeadlineClock.greenChannelLimit(days) : days,
                                             unit: item.promisedUnit ?? item.statutoryUnit ?? .workingDays, acceptedOn: today)
                }
            case .requestSupplement:
                promised?.suspend(on: today, counting: calendar)
                statutory?.suspend(on: today, counting: calendar)
                requested = materials
            case .resubmit:
                promised?.resume(on: today)
                statutory?.resume(on: today)
            case .extend:
                promised?.extend(by: days ?? 0)
                statutory?.extend(by: days ?? 0)
            default:
                break
            }
            events.append((action.label, next, opinion))
            state = next
            last = action
        }
        try await commit(events, reaching: state, on: record, item: item, by: actor, expecting: expected, last: last, clocks: (promised, statutory),
                         acceptedOn: acceptedOn, requested: requested, calendar: calendar)
        // a component of a 一件事 that this step started may be one a rule decides (秒批)
        if let applicationID = record.bundleApplicationID, [.granted, .closed].contains(state) {
            try await BundleCases(platform: platform).decideByRule(applicationID)
        }
    }

    /// Writes what `perform` decided, in one transaction: the case (if still at `expected`), its
    /// timeline, the certificate of a grant — which reaches the applicant with it, so the case is
    /// 办结 at once — and the applicant's notice.
    private func commit(_ steps: [(action: String, state: CaseState, opinion: String?)], reaching decided: CaseState, on record: CaseRecord,
                        item: ServiceItem, by actor: CaseActor, expecting expected: Int, last: CaseAction?,
                        clocks: (promised: DeadlineClock?, statutory: DeadlineClock?), acceptedOn: String?, requested: [Material]?,
                        calendar: WorkdayCalendar) async throws {
        let now = platform.now, today = today, caseID = try record.requireID()
        let at: @Sendable (Int) -> Date = { now.addingTimeInterval(Double($0) / 1000) }  // the timeline keeps the steps' order
        let promisedJSON = try clocks.promised.map(StoredJSON.encode), statutoryJSON = try clocks.statutory.map(StoredJSON.encode)
        let requestedJSON = try requested.map { try StoredJSON.encode($0.map(\.id)) }
        try await database.transaction { database in
            let platform = platform.on(database)
            var events = steps, state = decided
            var certificate: CertificateRecord?
            if state == .granted, item.certificate != nil {
                certificate = try await CertificateIssuer(platform: platform).issue(for: record, item: item, at: at(events.count))
            }
            if certificate != nil {
                events.append((CaseAction.close.label, .closed, "电子证照已签发并送达申请人"))
                state = .closed
            }
            let timing = DeadlineTiming.compute(promised: clocks.promised, state: state, on: today, calendar: calendar, yellowAt: item.yellowAt)
            try await CaseVersion.require(database, caseID: caseID, version: expected, set: """
                state = \(bind: state.rawValue), accepted_on = \(bind: acceptedOn),
                promised_clock = \(bind: promisedJSON), statutory_clock = \(bind: statutoryJSON), \(timing.assignments),
                handler_id = \(bind: actor.isApplicant ? record.handlerID : actor.accountID ?? record.handlerID),
                supplement_items = \(bind: requestedJSON ?? (state == .supplementing ? record.supplementItems : nil))
                """)
            for (index, event) in events.enumerated() {
                // the certificate's own entry sits between the grant and 办结
                let time = certificate != nil && index == events.count - 1 ? at(index + 1) : at(index)
                try await CaseEventRecord(caseID: caseID, at: time, actorID: actor.accountID, actorName: actor.timelineName,
                                          action: event.action, state: event.state, opinion: event.opinion).create(on: database)
            }
            // a component of a 一件事: the bundle moves on with it, and may tell the applicant itself
            var toldByBundle = false
            if record.bundleApplicationID != nil {
                toldByBundle = try await BundleCases(platform: platform).caseMoved(record, to: state, at: at(events.count + 1))
            }
            guard !actor.isApplicant, let last, !toldByBundle else { return }
            try await notifyApplicant(record, state: state, step: last, opinion: events.last { $0.action == last.label }?.opinion,
                                      certificate: certificate, actor: actor, key: "case-\(caseID)-v\(expected)", platform: platform)
        }
    }

    /// The applicant's inbox message and SMS of the step, in the step's transaction. The state is
    /// named as the case shows it, in every channel.
    private func notifyApplicant(_ record: CaseRecord, state: CaseState, step: CaseAction, opinion: String?,
                                 certificate: CertificateRecord?, actor: CaseActor, key: String, platform: Platform) async throws {
        var link = SiteURL.caseFile(.value(record.receiptNumber)).path
        let body: String
        if let certificate {
            let notice = try await CertificateIssuer(platform: platform).notice(of: certificate, serviceName: record.serviceName)
            (body, link) = (notice.body, notice.link)
        } else if case .system = actor {
            body = try MessageTemplate.caseAutoApproved.render(["service": record.serviceName, "receipt": record.receiptNumber,
                                                                "state": state.rawValue])
        } else {
            body = try MessageTemplate.caseProgress.render([
                "service": record.serviceName, "receipt": record.receiptNumber, "step": step.label,
                "detail": (step.label == state.rawValue ? "" : "，当前状态：\(state.rawValue)")
                    + (step == .requestSupplement ? "。需补正：\(opinion ?? "")" : ""),
            ])
        }
        let account = try await AccountRecord.find(record.accountID, on: platform.database)
        try await NotificationService(database: platform.database).notify(
            accountID: record.accountID, sealedPhone: account?.sealedPhone, title: "办件进度：\(state.rawValue)", body: body,
            link: link, key: key, now: platform.now)
    }

    /// The case as it is now.
    func fresh(_ record: CaseRecord) async throws -> CaseRecord {
        guard let fresh = try await CaseRecord.find(try record.requireID(), on: database) else {
            throw ServiceError.notFound("没有找到这个办件")
        }
        return fresh
    }
}

extension DeadlineTiming {
    /// The case columns that hold this timing, for an `UPDATE cases SET …`.
    var assignments: SQLQueryString {
        """
        deadline_on = \(bind: deadline?.description), warning_on = \(bind: warningDay?.description), \
        remaining_days = \(bind: remaining), level = \(bind: level.rawValue), calendar_gap = \(bind: gap)
        """
    }
}
