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
        let calendarGap: Int?
        let greenChannel: Bool
        let submittedAt: Date
        let version: Int
    }

    struct Queue: Content {
        let counts: [String: Int]
        let items: [QueueEntry]
        let greenChannel: GreenChannelFigures
    }

    struct GreenChannelFigures: Content {
        let count: Int
        /// Share of the department's cases, 0–1.
        let share: Double
        /// Working days from acceptance to decision, on average, of decided green-channel cases.
        let averageDays: Double?
    }

    static func entry(_ record: CaseRecord) -> QueueEntry {
        let level = DeadlineLevel(rawValue: record.level) ?? .normal
        return QueueEntry(receiptNumber: record.receiptNumber, serviceCode: record.serviceCode, serviceName: record.serviceName,
                          state: record.state, level: level.rawValue, levelLabel: level.label, deadline: record.deadlineOn,
                          remainingDays: record.remainingDays, calendarGap: record.calendarGap, greenChannel: record.greenChannel,
                          submittedAt: record.submittedAt, version: record.version)
    }

    /// Open cases of the clerk's department: green channel first, then fewest days left.
    @Sendable func queue(req: Request) async throws -> Queue {
        let staff = try req.requireStaff()
        var query = CaseRecord.query(on: req.db).filter(\.$departmentCode == (staff.departmentCode ?? ""))
            .filter(\.$state !~ [CaseState.refused, .closed, .withdrawn].map(\.rawValue))
        if let service = req.query[String.self, at: "service"], !service.isEmpty { query = query.filter(\.$serviceCode == service) }
        if let state = req.query[String.self, at: "state"], !state.isEmpty { query = query.filter(\.$state == state) }
        let open = try await query.all()
        var counts: [String: Int] = [:]
        for record in open { counts[record.level, default: 0] += 1 }
        var items = open
        if let level = req.query[String.self, at: "level"], !level.isEmpty { items = items.filter { $0.level == level } }
        // days left when known; then cases whose deadline waits for a year's holiday schedule (far
        // off by construction); then cases with no deadline yet (not accepted, or no limit)
        func urgency(_ record: CaseRecord) -> Int { record.remainingDays ?? (record.calendarGap != nil ? Int.max - 1 : Int.max) }
        items.sort { a, b in
            if a.greenChannel != b.greenChannel { return a.greenChannel }
            if urgency(a) != urgency(b) { return urgency(a) < urgency(b) }
            return a.submittedAt < b.submittedAt
        }
        let figures = try await WorkflowService(request: req).greenChannelFigures(department: staff.departmentCode ?? "")
        return Queue(counts: counts, items: items.map(Self.entry),
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
        let values = try ApplicationService.decode(record.formValues)
        var masked: [String: String] = [:]
        for field in item.form.fields {
            guard let value = values[field.name] else { continue }
            masked[field.name] = Masking.value(value, of: field.type)
        }
        let events = try await CaseEventRecord.query(on: req.db).filter(\.$caseID == record.requireID()).sort(\.$at).all()
        return CaseDetail(
            entry: Self.entry(record), applicantName: Masking.name(account?.name ?? ""), values: masked,
            timeline: events.map { CaseEventDTO(at: $0.at, actor: $0.actorName, action: $0.action, state: $0.state, opinion: $0.opinion) },
            actions: workflow.actions(in: CaseState(rawValue: record.state) ?? .submitted, roles: Set(staff.roles), applicant: false).map(\.rawValue))
    }

    @Sendable func act(req: Request) async throws -> QueueEntry {
        let staff = try req.requireStaff()
        let service = WorkflowService(request: req)
        let record = try await service.caseRecord(receipt: req.parameters.get("receipt") ?? "", staff: staff)
        let form = try req.content.decode(WorkflowService.ActionRequest.self)
        return Self.entry(try await service.act(on: record, form, by: staff, applicant: false))
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
        return Self.entry(try await service.markGreenChannel(record, reason: form.reason, version: form.version, by: staff))
    }

    /// The applicant's own actions: resubmitting after 补正, withdrawing before acceptance.
    @Sendable func applicantAct(req: Request) async throws -> QueueEntry {
        let user = try req.requireCitizen()
        let record = try await ApplicationService(request: req).caseRecord(receipt: req.parameters.get("receipt") ?? "", user: user)
        let form = try req.content.decode(WorkflowService.ActionRequest.self)
        guard let action = form.action, ["resubmit", "withdraw"].contains(action) else {
            throw Problem(status: .forbidden, detail: "申请人只能补正后重新提交或撤回申请")
        }
        return Self.entry(try await WorkflowService(request: req).act(on: record, form, by: user, applicant: true))
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
