import Fluent
import SQLKit
import Vapor
import YiwangDomain

/// Clerks' actions on cases: checks the state machine and the clerk's role and department, moves
/// the deadline clocks (start at acceptance, stop for 补正, resume on resubmission, extend), records
/// the step on the timeline, tells the applicant — and takes effect only if nobody acted on the case
/// since the clerk loaded it.
struct WorkflowService {
    let database: any Database
    let catalog: CatalogCache
    var today: CivilDate
    /// For the e-certificate a grant issues.
    let masterKey: MasterKey?
    /// Opens the application's values; seals what a certificate keeps.
    let vault: PersonalDataVault
    let publicBaseURL: String

    init(request: Request) {
        database = request.db
        vault = request.application.personalData
        catalog = request.application.catalogCache
        today = request.application.today()
        masterKey = request.application.masterKey
        publicBaseURL = request.application.yiwangConfig?.publicBaseURL ?? "http://127.0.0.1:8080"
    }

    struct ActionRequest: Content {
        var action: String?
        var opinion: String?
        /// The case version the clerk saw; without it the current one is assumed.
        var version: Int?
        /// Working days an extension adds.
        var days: Int?
        /// 要求补正: the ids of the materials the applicant must supply (the item's materials).
        var missing: [String]?
    }

    /// A case of the clerk's department; any other is not found.
    func caseRecord(receipt: String, staff: SignedIn) async throws -> CaseRecord {
        guard staff.kind == .staff, receipt.count <= 40, let record = try await CaseRecord.query(on: database)
            .filter(\.$receiptNumber == receipt).filter(\.$departmentCode == (staff.departmentCode ?? "")).first()
        else { throw Problem.notFound("没有找到这个办件") }
        return record
    }

    func workflow(for record: CaseRecord) async throws -> (CaseWorkflow, ServiceItem) {
        guard let guide = try await catalog.guide(code: record.serviceCode, on: database) else {
            throw Problem.notFound("办件对应的事项已不在目录中")
        }
        return (CaseWorkflow(steps: guide.guide.item.steps), guide.guide.item)
    }

    /// Takes an action as staff, or as the applicant (`resubmit`, `withdraw`).
    func act(on record: CaseRecord, _ form: ActionRequest, by user: SignedIn, applicant: Bool, now: Date = Date()) async throws -> CaseRecord {
        guard let action = form.action.flatMap(CaseAction.init(rawValue:)) else {
            var errors = FieldErrors()
            errors.add("action", "不认识的操作")
            throw errors
        }
        let (workflow, item) = try await workflow(for: record)
        let state = CaseState(rawValue: record.state) ?? .submitted
        var typed = form.opinion?.trimmingCharacters(in: .whitespacesAndNewlines).prefix(1000).description
        // 要求补正 names the materials: the applicant is told exactly which, and the page shows them
        var requested: [Material] = []
        if action == .requestSupplement, let missing = form.missing, !missing.isEmpty {
            requested = item.materials.filter { missing.contains($0.id) }
            guard requested.count == Set(missing).count else {
                var errors = FieldErrors()
                errors.add("missing", "要求补正的材料不在本事项的材料清单中")
                throw errors
            }
            let list = "请补正：" + requested.map { "《\($0.name)》" }.joined(separator: "、")
            typed = (typed ?? "").isEmpty ? list : list + "。" + (typed ?? "")
        }
        let opinion = typed
        let next: CaseState
        switch workflow.apply(action, to: state, roles: applicant ? [] : Set(user.roles), applicant: applicant, opinion: opinion) {
        case .success(let state): next = state
        case .failure(.opinionRequired(let action)):
            var errors = FieldErrors()
            errors.add("opinion", CaseWorkflow.Refusal.opinionRequired(action).description)
            throw errors
        case .failure(let refusal):
            throw Problem(status: refusal == .wrongState(state, action) ? .conflict : .forbidden, detail: refusal.description)
        }
        let calendar = try await CalendarStore(database: database).calendar()
        var promised = record.promisedClock.flatMap(Self.decodeClock)
        var statutory = record.statutoryClock.flatMap(Self.decodeClock)
        switch action {
        case .accept:
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
        case .resubmit:
            promised?.resume(on: today)
            statutory?.resume(on: today)
        case .extend:
            guard let days = form.days, (1...(item.statutoryDays ?? 30)).contains(days) else {
                var errors = FieldErrors()
                errors.add("days", "延期天数须为 1–\(item.statutoryDays ?? 30) 个工作日")
                throw errors
            }
            promised?.extend(by: days)
            statutory?.extend(by: days)
        default:
            break
        }
        let expected = form.version ?? record.version
        let requestedJSON = action == .requestSupplement ? try ApplicationService.encodeList(requested.map(\.id)) : nil
        let timing = DeadlineTiming.compute(promised: promised, state: next, on: today, calendar: calendar, yellowAt: item.yellowAt)
        let caseID = try record.requireID()
        let promisedJSON = try promised.map(Self.encodeClock), statutoryJSON = try statutory.map(Self.encodeClock)
        try await database.transaction { database in
            try await CaseVersion.require(database, caseID: caseID, version: expected, set: """
                state = \(bind: next.rawValue), accepted_on = \(bind: action == .accept ? today.description : record.acceptedOn),
                promised_clock = \(bind: promisedJSON), statutory_clock = \(bind: statutoryJSON), \(timing.assignments),
                handler_id = \(bind: applicant ? record.handlerID : user.accountID),
                supplement_items = \(bind: requestedJSON)
                """)
            try await CaseEventRecord(caseID: caseID, at: now, actorID: user.accountID, actorName: applicant ? user.name : user.staffLabel,
                                      action: action.label, state: next.rawValue, opinion: opinion).create(on: database)
            // a grant of an item that issues a certificate issues it now, in this transaction, and the
            // applicant's notice links to it
            var notice: (body: String, link: String)?
            if next == .granted, item.certificate != nil {
                guard let masterKey else { throw Problem(status: .internalServerError, detail: "主密钥尚未加载，无法签发电子证照") }
                let issuer = CertificateIssuer(database: database, masterKey: masterKey, vault: vault, publicBaseURL: publicBaseURL)
                if let certificate = try await issuer.issue(for: record, item: item, today: today, now: now) {
                    notice = try await issuer.notice(of: certificate, serviceName: record.serviceName, now: now)
                }
            }
            if !applicant, let account = try await AccountRecord.find(record.accountID, on: database) {
                let body = try notice?.body ?? MessageTemplate.caseProgress.render([
                    "service": record.serviceName, "receipt": record.receiptNumber, "step": action.label,
                    "detail": (next == state ? "" : "，当前状态：\(next.rawValue)") + (action == .requestSupplement ? "。需补正：\(opinion ?? "")" : ""),
                ])
                try await NotificationService(database: database).notify(
                    accountID: record.accountID, sealedPhone: account.sealedPhone, title: "办件进度：\(action.label)", body: body,
                    link: notice?.link ?? "/cases/\(record.receiptNumber)", key: "case-\(caseID)-v\(expected)", now: now)
            }
        }
        guard let fresh = try await CaseRecord.find(caseID, on: database) else { throw Problem.notFound("没有找到这个办件") }
        return fresh
    }

    /// 一键核验 on a case of the clerk's department; the outcome goes on the timeline.
    func verify(receipt: String, by staff: SignedIn, registry: any RegistryClient, now: Date = Date()) async throws -> [VerificationCheck] {
        let record = try await caseRecord(receipt: receipt, staff: staff)
        let (_, item) = try await workflow(for: record)
        let checks = try await OneClickVerification(registry: registry).verify(form: item.form, values: vault.openForm(record.formValues))
        let failed = checks.filter { !$0.passed }
        let summary = checks.isEmpty ? "申请中没有可核验的身份信息"
            : failed.isEmpty ? "\(checks.count) 项全部通过" : "\(failed.count) 项未通过：" + failed.map { "\($0.subject)：\($0.reason)" }.joined(separator: "；")
        try await CaseEventRecord(caseID: try record.requireID(), at: now, actorID: staff.accountID,
                                  actorName: staff.staffLabel, action: "一键核验", state: record.state, opinion: summary).create(on: database)
        return checks
    }

    static func decodeClock(_ json: String) -> DeadlineClock? {
        try? JSONDecoder().decode(DeadlineClock.self, from: Data(json.utf8))
    }

    static func encodeClock(_ clock: DeadlineClock) throws -> String {
        String(decoding: try JSONEncoder().encode(clock), as: UTF8.self)
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
