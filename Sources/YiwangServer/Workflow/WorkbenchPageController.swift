import Fluent
import Vapor
import YiwangDomain

/// The clerk's pages: the queue, and a case with its data (masked), materials, timeline and the
/// actions the clerk's role may take.
struct WorkbenchPageController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("workbench", use: queue)
        routes.get("workbench", "cases", ":receipt", use: show)
        routes.post("workbench", "cases", ":receipt", "actions", use: act)
        routes.post("workbench", "cases", ":receipt", "verification", use: verify)
        routes.post("workbench", "cases", ":receipt", "green-channel", use: markGreen)
        routes.post("workbench", "cases", ":receipt", "reveal", use: reveal)
        routes.get("workbench", "files", ":file", use: file)
    }

    struct QueueContext: Encodable {
        let meta: PageMeta
        let department: String
        let counts: [LevelCount]
        let items: [WorkbenchAPIController.QueueEntry]
        let level: String
        let scope: String
        let page: Int
        let pages: Int
        let previousPage: Int?
        let nextPage: Int?
        let total: Int
        /// The query string of the current filters without the page, for the paging links.
        let filters: String
        let green: String
    }

    struct LevelCount: Encodable {
        let level: String
        let label: String
        let count: Int
    }

    @Sendable func queue(req: Request) async throws -> View {
        let staff = try req.requireStaff()
        let queue = try await WorkbenchAPIController().queue(req: req)
        let counts = DeadlineLevel.allCases.map { LevelCount(level: $0.rawValue, label: $0.label, count: queue.counts[$0.rawValue] ?? 0) }
        return try await req.view.render("workbench", QueueContext(
            meta: PageMeta(title: "工作台", request: req), department: staff.departmentCode ?? "", counts: counts, items: queue.items,
            level: req.query[String.self, at: "level"] ?? "", scope: queue.scope, page: queue.page, pages: queue.pages,
            previousPage: queue.page > 1 ? queue.page - 1 : nil, nextPage: queue.page < queue.pages ? queue.page + 1 : nil, total: queue.total,
            filters: Self.filterQuery(req),
            green: String(format: "绿色通道 %d 件，占本部门办件 %.0f%%", queue.greenChannel.count, queue.greenChannel.share * 100)
                + (queue.greenChannel.averageDays.map { String(format: "；已决定的平均用时 %.1f 个工作日", $0) } ?? "")))
    }

    /// `scope=…&level=…` of the current request, percent-encoded, without the page.
    static func filterQuery(_ req: Request) -> String {
        ["scope", "level", "service", "state"].compactMap { key in
            guard let value = req.query[String.self, at: key], !value.isEmpty,
                  let encoded = value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) else { return nil }
            return "\(key)=\(encoded)"
        }.joined(separator: "&")
    }

    struct CaseContext: Encodable {
        let meta: PageMeta
        let entry: WorkbenchAPIController.QueueEntry
        let applicantName: String
        let fields: [FieldRow]
        let files: [UploadedFileDTO]
        let timeline: [ApplicationPageController.TimelineRow]
        let actions: [ActionForm]
        let notice: String?
        let error: String?
        let checks: [VerificationCheck]?
        /// Whether the applicant's data is shown in clear (after a reason, audited).
        let revealed: Bool
        let greenReason: String?
    }

    struct FieldRow: Encodable {
        let label: String
        let value: String
    }

    struct ActionForm: Encodable {
        let action: String
        let label: String
        let needsOpinion: Bool
        let extend: Bool
        /// 要求补正: the item's materials to tick.
        let materials: [MaterialChoice]
    }

    struct MaterialChoice: Encodable {
        let id: String
        let name: String
    }

    func render(_ req: Request, receipt: String, notice: String? = nil, error: String? = nil, checks: [VerificationCheck]? = nil,
                revealed: (name: String, values: [(field: FormField, value: String)])? = nil,
                status: HTTPResponseStatus = .ok) async throws -> Response {
        let staff = try req.requireStaff()
        let service = WorkflowService(request: req)
        let record = try await service.caseRecord(receipt: receipt, staff: staff)
        let (workflow, item) = try await service.workflow(for: record)
        let values = try service.vault.openForm(record.formValues)
        let account = try await AccountRecord.find(record.accountID, on: req.db)
        let files = try await UploadedFileRecord.query(on: req.db).filter(\.$draftID == record.draftID).sort(\.$createdAt).all()
        let events = try await CaseEventRecord.query(on: req.db).filter(\.$caseID == record.requireID()).sort(\.$at).all()
        let actions = workflow.actions(in: CaseState(rawValue: record.state) ?? .submitted, roles: Set(staff.roles), applicant: false)
        let response = try await req.view.render("workbench-case", CaseContext(
            meta: PageMeta(title: "办件 \(record.receiptNumber)", request: req), entry: WorkbenchAPIController.entry(record, try await .load(req)),
            applicantName: revealed?.name ?? Masking.name(account?.name ?? ""),
            fields: revealed.map { $0.values.map { FieldRow(label: $0.field.label, value: $0.value) } } ?? item.form.fields.compactMap { field in
                values[field.name].map { FieldRow(label: field.label, value: Masking.value($0, of: field.type)) }
            },
            files: files.map(UploadedFileDTO.init),
            timeline: events.map { .init(at: ApplicationPageController.format($0.at), actor: $0.actorName, action: $0.action,
                                         state: $0.state, opinion: $0.opinion) },
            actions: actions.map { action in
                ActionForm(action: action.rawValue, label: action.label, needsOpinion: action.needsOpinion, extend: action == .extend,
                           materials: action == .requestSupplement ? item.materials.map { MaterialChoice(id: $0.id, name: $0.name) } : [])
            },
            notice: notice, error: error, checks: checks, revealed: revealed != nil, greenReason: record.greenReason)).encodeResponse(for: req)
        response.status = status
        return response
    }

    @Sendable func show(req: Request) async throws -> Response {
        try await render(req, receipt: req.parameters.get("receipt") ?? "")
    }

    @Sendable func verify(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let receipt = req.parameters.get("receipt") ?? ""
        let checks = try await WorkflowService(request: req).verify(receipt: receipt, by: staff, registry: req.application.registry)
        return try await render(req, receipt: receipt, checks: checks)
    }

    @Sendable func markGreen(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let receipt = req.parameters.get("receipt") ?? ""
        let service = WorkflowService(request: req)
        let record = try await service.caseRecord(receipt: receipt, staff: staff)
        let form = (try? req.content.decode(WorkbenchAPIController.GreenChannelRequest.self)) ?? .init()
        do {
            _ = try await service.markGreenChannel(record, reason: form.reason, version: form.version, by: staff)
            return try await render(req, receipt: receipt, notice: "已纳入绿色通道")
        } catch let problem as Problem where problem.status < 500 {
            return try await render(req, receipt: receipt, error: problem.detail, status: HTTPResponseStatus(statusCode: problem.status))
        } catch let errors as FieldErrors {
            return try await render(req, receipt: receipt, error: errors.summary, status: .badRequest)
        }
    }

    /// The applicant's data in clear on this page, with a reason; the view is audited.
    @Sendable func reveal(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let receipt = req.parameters.get("receipt") ?? ""
        let service = WorkflowService(request: req)
        let record = try await service.caseRecord(receipt: receipt, staff: staff)
        let form = (try? req.content.decode(WorkbenchAPIController.RevealRequest.self)) ?? .init()
        do {
            let revealed = try await service.revealApplicant(record, reason: form.reason, by: staff, audit: AuditLog(request: req))
            return try await render(req, receipt: receipt, notice: "已显示完整信息，本次查看已记录", revealed: revealed)
        } catch let problem as Problem where problem.status < 500 {
            return try await render(req, receipt: receipt, error: problem.detail, status: HTTPResponseStatus(statusCode: problem.status))
        } catch let errors as FieldErrors {
            return try await render(req, receipt: receipt, error: errors.summary, status: .badRequest)
        }
    }

    struct ActionPost: Content {
        var action: String?
        var opinion: String?
        var version: Int?
        var days: Int?
        var missing: [String]?
    }

    /// A form's action; the page comes back with what happened, or why not.
    @Sendable func act(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let receipt = req.parameters.get("receipt") ?? ""
        let service = WorkflowService(request: req)
        let record = try await service.caseRecord(receipt: receipt, staff: staff)
        let form = (try? req.content.decode(ActionPost.self)) ?? ActionPost()
        do {
            let done = try await service.act(on: record, .init(action: form.action, opinion: form.opinion, version: form.version,
                                                                days: form.days, missing: form.missing), by: staff, applicant: false)
            return try await render(req, receipt: receipt, notice: "已办理，当前状态：\(done.state)")
        } catch let problem as Problem where problem.status < 500 {
            return try await render(req, receipt: receipt, error: problem.detail, status: HTTPResponseStatus(statusCode: problem.status))
        } catch let errors as FieldErrors {
            return try await render(req, receipt: receipt, error: errors.summary, status: .badRequest)
        }
    }

    /// A material of a case of the clerk's department.
    @Sendable func file(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        guard let id = UUID(uuidString: req.parameters.get("file") ?? ""),
              let file = try await UploadedFileRecord.find(id, on: req.db),
              try await CaseRecord.query(on: req.db).filter(\.$draftID == file.draftID)
                .filter(\.$departmentCode == (staff.departmentCode ?? "")).first() != nil
        else { throw Problem.notFound("没有找到这个文件") }
        return file.response(try UploadStore(application: req.application).read(file.sha256))
    }
}
