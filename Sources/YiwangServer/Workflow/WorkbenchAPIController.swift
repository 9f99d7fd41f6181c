import Fluent
import Vapor
import YiwangDomain

/// `/api/v1/workbench`: the clerk's queue and case actions; and the applicant's own actions on a
/// case (补正后重新提交, 撤回).
struct WorkbenchAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let api = routes.grouped("api", "v1")
        api.get("workbench", "cases", use: queue)
        api.get("workbench", "cases", ":receipt", use: show)
        api.post("workbench", "cases", ":receipt", "actions", use: act)
        api.post("workbench", "cases", ":receipt", "verification", use: verify)
        api.post("workbench", "cases", ":receipt", "green-channel", use: markGreen)
        api.post("workbench", "cases", ":receipt", "reveal", use: reveal)
        api.get("workbench", "green-channel-classes", use: greenClasses)
        api.post("workbench", "green-channel-classes", use: addGreenClass)
        api.delete("workbench", "green-channel-classes", ":id", use: removeGreenClass)
        api.post("cases", ":receipt", "actions", use: applicantAct)
    }

    struct QueueEntry: Content {
        let receiptNumber: String
        let serviceCode: String
        let serviceName: String
        let state: String
        let level: String
        let levelLabel: String
        let deadline: String?
        let remainingDays: Int?
        /// Days left and level in words: "剩 2 个工作日，黄色预警", "已超期 2 个工作日", …
        let remainingText: String?
        /// A year the deadline reaches whose holiday schedule is not loaded: the deadline is provisional (暂定).
        let calendarGap: Int?
        let provisional: Bool
        /// "2027-01-18（暂定，剩 20 个工作日）", "计时暂停，剩 5 个工作日", …
        let deadlineText: String?
        let greenChannel: Bool
        let submittedAt: Date
        let version: Int
    }

    struct Queue: Content {
        let counts: [String: Int]
        let items: [QueueEntry]
        /// `mine` (待我办理: cases waiting for one of the clerk's roles) or `all` (the department's).
        let scope: String
        let total: Int
        let page: Int
        let pages: Int
        let greenChannel: GreenChannelFigures
    }

    struct GreenChannelFigures: Content {
        let count: Int
        /// Share of the department's cases, 0–1.
        let share: Double
        /// Working days from acceptance to decision, on average, of decided green-channel cases.
        let averageDays: Double?
    }

    /// Today and the working-day calendar: days left are counted afresh whenever a case is shown.
    struct Today {
        let day: CivilDate
        let calendar: WorkdayCalendar

        static func load(_ req: Request) async throws -> Today {
            Today(day: req.application.today(), calendar: try await CalendarStore(database: req.db).calendar())
        }
    }

    static func entry(_ record: CaseRecord, _ today: Today) -> QueueEntry {
        let level = DeadlineLevel(rawValue: record.level) ?? .normal
        let state = CaseState(rawValue: record.state) ?? .submitted
        let clock = record.promisedClock.flatMap(WorkflowService.decodeClock)
        let timing = DeadlineTiming.compute(promised: clock, state: state, on: today.day, calendar: today.calendar)
        let remaining = timing.remaining ?? record.remainingDays, unit = clock?.unit ?? .workingDays
        return QueueEntry(receiptNumber: record.receiptNumber, serviceCode: record.serviceCode, serviceName: record.serviceName,
                          state: record.state, level: level.rawValue, levelLabel: level.label, deadline: record.deadlineOn,
                          remainingDays: remaining,
                          remainingText: DeadlineTiming.text(remaining: remaining, level: level, unit: unit),
                          calendarGap: record.calendarGap, provisional: record.calendarGap != nil && record.deadlineOn != nil,
                          deadlineText: DeadlineTiming.summary(deadline: record.deadlineOn, remaining: remaining, level: level, unit: unit,
                                                               gap: record.calendarGap),
                          greenChannel: record.greenChannel, submittedAt: record.submittedAt, version: record.version)
    }

    /// Open cases of the clerk's department (see `CaseQueue`), a page at a time.
    @Sendable func queue(req: Request) async throws -> Queue {
        let staff = try req.requireStaff()
        var filter = CaseQueue.Filter()
        filter.scope = CaseQueue.Scope(rawValue: req.query[String.self, at: "scope"] ?? "") ?? .mine
        filter.level = req.query[String.self, at: "level"]
        filter.service = req.query[String.self, at: "service"]
        filter.state = req.query[String.self, at: "state"]
        filter.page = req.query[Int.self, at: "page"] ?? 1
        let department = staff.departmentCode ?? ""
        let page = try await CaseQueue(database: req.db, catalog: req.application.catalogCache)
            .page(department: department, roles: Set(staff.roles), filter: filter)
        let today = try await Today.load(req)
        let figures = try await WorkflowService(request: req).greenChannelFigures(department: department)
        return Queue(counts: page.counts, items: page.records.map { Self.entry($0, today) }, scope: filter.scope.rawValue,
                     total: page.total, page: page.page, pages: page.pages,
                     greenChannel: GreenChannelFigures(count: figures.count, share: figures.share, averageDays: figures.averageDays))
    }

    struct CaseDetail: Content {
        let entry: QueueEntry
        /// Applicant data, masked: revealing is a separate, logged action.
        let applicantName: String
        let values: [String: String]
        let timeline: [CaseEventDTO]
        let actions: [String]
    }

    @Sendable func show(req: Request) async throws -> CaseDetail {
        let staff = try req.requireStaff()
        let service = WorkflowService(request: req)
        let record = try await service.caseRecord(receipt: req.parameters.get("receipt") ?? "", staff: staff)
        let (workflow, item) = try await service.workflow(for: record)
        let account = try await AccountRecord.find(record.accountID, on: req.db)
        let values = try service.vault.openForm(record.formValues)
        var masked: [String: String] = [:]
        for field in item.form.fields {
            guard let value = values[field.name] else { continue }
            masked[field.name] = Masking.value(value, of: field.type)
        }
        let events = try await CaseEventRecord.query(on: req.db).filter(\.$caseID == record.requireID()).sort(\.$at).all()
        return CaseDetail(
            entry: Self.entry(record, try await Today.load(req)), applicantName: Masking.name(account?.name ?? ""), values: masked,
            timeline: events.map { CaseEventDTO(at: $0.at, actor: $0.actorName, action: $0.action, state: $0.state, opinion: $0.opinion) },
            actions: workflow.actions(in: CaseState(rawValue: record.state) ?? .submitted, roles: Set(staff.roles), applicant: false).map(\.rawValue))
    }

    @Sendable func act(req: Request) async throws -> QueueEntry {
        let staff = try req.requireStaff()
        let service = WorkflowService(request: req)
        let record = try await service.caseRecord(receipt: req.parameters.get("receipt") ?? "", staff: staff)
        let form = try req.content.decode(WorkflowService.ActionRequest.self)
        return Self.entry(try await service.act(on: record, form, by: staff, applicant: false), try await Today.load(req))
    }

    /// 一键核验: the case's identities against the registries; recorded on the timeline.
    struct Verification: Content {
        let checks: [VerificationCheck]
        let passed: Bool
    }

    @Sendable func verify(req: Request) async throws -> Verification {
        let staff = try req.requireStaff()
        let checks = try await WorkflowService(request: req).verify(receipt: req.parameters.get("receipt") ?? "", by: staff,
                                                                    registry: req.application.registry)
        return Verification(checks: checks, passed: checks.allSatisfy(\.passed))
    }

    struct GreenChannelRequest: Content {
        var reason: String?
        var version: Int?
    }

    @Sendable func markGreen(req: Request) async throws -> QueueEntry {
        let staff = try req.requireStaff()
        let service = WorkflowService(request: req)
        let record = try await service.caseRecord(receipt: req.parameters.get("receipt") ?? "", staff: staff)
        let form = try req.content.decode(GreenChannelRequest.self)
        return Self.entry(try await service.markGreenChannel(record, reason: form.reason, version: form.version, by: staff),
                          try await Today.load(req))
    }

    struct RevealRequest: Content {
        var reason: String?
    }

    struct RevealedApplicant: Content {
        let applicantName: String
        let values: [String: String]
    }

    /// The applicant's data in clear, with a reason; the view is audited.
    @Sendable func reveal(req: Request) async throws -> RevealedApplicant {
        let staff = try req.requireStaff()
        let service = WorkflowService(request: req)
        let record = try await service.caseRecord(receipt: req.parameters.get("receipt") ?? "", staff: staff)
        let form = try req.content.decode(RevealRequest.self)
        let revealed = try await service.revealApplicant(record, reason: form.reason, by: staff, audit: AuditLog(request: req))
        return RevealedApplicant(applicantName: revealed.name,
                                 values: Dictionary(revealed.values.map { ($0.field.name, $0.value) }, uniquingKeysWith: { a, _ in a }))
    }

    /// The department's 绿色通道 classes of applicants.
    @Sendable func greenClasses(req: Request) async throws -> [GreenChannelClasses.ClassDTO] {
        let staff = try req.requireStaff()
        return try await GreenChannelClasses(database: req.db).list(department: staff.departmentCode ?? "").map(GreenChannelClasses.ClassDTO.init)
    }

    @Sendable func addGreenClass(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let record = try await GreenChannelClasses(database: req.db).create(try req.content.decode(GreenChannelClasses.Form.self), by: staff,
                                                                            audit: AuditLog(request: req))
        return try await GreenChannelClasses.ClassDTO(record).encodeResponse(status: .created, for: req)
    }

    @Sendable func removeGreenClass(req: Request) async throws -> HTTPStatus {
        let staff = try req.requireStaff()
        _ = try await GreenChannelClasses(database: req.db).delete(id: req.parameters.get("id") ?? "", by: staff, audit: AuditLog(request: req))
        return .noContent
    }

    /// The applicant's own actions: resubmitting after 补正, withdrawing before acceptance.
    @Sendable func applicantAct(req: Request) async throws -> QueueEntry {
        let user = try req.requireCitizen()
        let record = try await ApplicationService(request: req).caseRecord(receipt: req.parameters.get("receipt") ?? "", user: user)
        let form = try req.content.decode(WorkflowService.ActionRequest.self)
        guard let action = form.action, ["resubmit", "withdraw"].contains(action) else {
            throw Problem(status: .forbidden, detail: "申请人只能补正后重新提交或撤回申请")
        }
        return Self.entry(try await WorkflowService(request: req).act(on: record, form, by: user, applicant: true), try await Today.load(req))
    }
}

extension Request {
    /// A signed-in member of staff.
    func requireStaff() throws -> SignedIn {
        let user = try requireSignedIn()
        guard user.kind == .staff else { throw Problem(status: .forbidden, detail: "仅工作人员可以使用工作台") }
        return user
    }
}
