import Fluent
import Vapor
import YiwangDomain

/// The applicant's pages: start an application from a guide, fill it in, upload materials,
/// submit; 我的办件; a case's receipt and timeline.
struct ApplicationPageController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("services", ":code", "apply", use: start)
        routes.get("applications", ":id", use: form)
        routes.post("applications", ":id", use: save)
        routes.on(.POST, "applications", ":id", "materials", body: .collect(maxSize: ApplicationAPIController.maxUploadBody), use: upload)
        routes.post("applications", ":id", "files", ":file", "delete", use: deleteFile)
        routes.get("me", use: mine)
        routes.get("cases", ":receipt", use: showCase)
        routes.post("cases", ":receipt", "resubmit", use: resubmit)
    }

    @Sendable func start(req: Request) async throws -> Response {
        let user = try req.requireCitizen()
        let draft = try await ApplicationService(request: req).start(code: req.parameters.get("code") ?? "", user: user)
        return req.redirect(to: "/applications/\(try draft.requireID())", redirectType: .normal)
    }

    struct FormContext: Encodable {
        let meta: PageMeta
        let view: ApplicationFormView
        let notice: String?
        let uploadError: String?
        let showReview: Bool
    }

    func render(_ req: Request, draft: ApplicationDraftRecord, user: SignedIn, extra: [FieldProblem] = [], notice: String? = nil,
                uploadError: String? = nil, showReview: Bool = false, status: HTTPResponseStatus = .ok) async throws -> Response {
        let service = ApplicationService(request: req)
        if draft.status == "submitted", let receipt = try await CaseRecord.find(draft.caseID, on: req.db)?.receiptNumber {
            return req.redirect(to: "/cases/\(receipt)", redirectType: .normal)
        }
        let dto = try await service.describe(draft, user: user, extraProblems: extra)
        let guide = try await service.item(code: draft.serviceCode)
        let view = ApplicationFormView(draft: dto, item: guide.item)
        let response = try await req.view.render("application", FormContext(
            meta: PageMeta(title: "在线申报 · \(guide.item.name)", request: req), view: view, notice: notice,
            uploadError: uploadError, showReview: showReview)).encodeResponse(for: req)
        response.status = status
        return response
    }

    @Sendable func form(req: Request) async throws -> Response {
        let user = try req.requireCitizen()
        let draft = try await ApplicationService(request: req).draft(id: req.parameters.get("id") ?? "", user: user)
        return try await render(req, draft: draft, user: user, showReview: req.query[String.self, at: "check"] == "1")
    }

    /// The form's 保存草稿 and 提交申请 buttons. Values are saved either way; submitting then
    /// checks everything and, when complete, makes the case.
    @Sendable func save(req: Request) async throws -> Response {
        let user = try req.requireCitizen()
        let service = ApplicationService(request: req)
        let draft = try await service.draft(id: req.parameters.get("id") ?? "", user: user)
        if draft.status == "submitted" { return try await render(req, draft: draft, user: user) }
        var posted = (try? req.content.decode([String: String].self)) ?? [:]
        let action = posted.removeValue(forKey: "action") ?? "save"
        posted.removeValue(forKey: CSRFProtection.fieldName)
        let problems = try await service.save(draft, values: posted, expectedVersion: nil, user: user)
        guard action == "submit" else {
            return try await render(req, draft: draft, user: user, extra: problems, notice: "草稿已保存", showReview: true)
        }
        do {
            let result = try await service.submit(draft, idempotencyKey: nil, user: user)
            return req.redirect(to: "/cases/\(result.record.receiptNumber)", redirectType: .normal)
        } catch let problem as Problem where problem.status == 422 {
            return try await render(req, draft: draft, user: user, extra: problems, notice: "还有内容需要补充，请按“提交前检查”修改",
                                    showReview: true, status: .unprocessableEntity)
        }
    }

    struct UploadForm: Content {
        var materialId: String?
        var file: File?
        enum CodingKeys: String, CodingKey {
            case materialId = "material_id"
            case file
        }
    }

    @Sendable func upload(req: Request) async throws -> Response {
        let user = try req.requireCitizen()
        let service = ApplicationService(request: req)
        let draft = try await service.draft(id: req.parameters.get("id") ?? "", user: user)
        let form = (try? req.content.decode(UploadForm.self)) ?? UploadForm()
        guard let file = form.file, let materialID = form.materialId else {
            return try await render(req, draft: draft, user: user, uploadError: "请先选择文件", status: .badRequest)
        }
        do {
            _ = try await service.upload(Array(file.data.readableBytesView), fileName: file.filename, materialID: materialID, to: draft)
            return req.redirect(to: "/applications/\(try draft.requireID())#materials", redirectType: .normal)
        } catch let problem as Problem where problem.status < 500 {
            return try await render(req, draft: draft, user: user, uploadError: problem.detail,
                                    status: HTTPResponseStatus(statusCode: problem.status))
        }
    }

    @Sendable func deleteFile(req: Request) async throws -> Response {
        let user = try req.requireCitizen()
        let service = ApplicationService(request: req)
        let draft = try await service.draft(id: req.parameters.get("id") ?? "", user: user)
        try await service.deleteFile(id: req.parameters.get("file") ?? "", from: draft)
        return req.redirect(to: "/applications/\(try draft.requireID())#materials", redirectType: .normal)
    }

    struct MineContext: Encodable {
        let meta: PageMeta
        let drafts: [DraftRow]
        let cases: [CaseDTO]
        let messages: [MessageRow]
    }

    struct DraftRow: Encodable {
        let id: UUID
        let serviceName: String
        let percentDone: Int
        let updatedAt: String
    }

    struct MessageRow: Encodable {
        let title: String
        let body: String
        let link: String?
        let at: String
    }

    /// 我的办件: drafts to continue, cases with their state, and messages.
    @Sendable func mine(req: Request) async throws -> View {
        let user = try req.requireCitizen()
        let service = ApplicationService(request: req)
        var drafts: [DraftRow] = []
        for draft in try await service.drafts(of: user) {
            let dto = try await service.describe(draft, user: user)
            drafts.append(DraftRow(id: dto.id, serviceName: dto.serviceName, percentDone: dto.review.percentDone,
                                   updatedAt: Self.format(draft.updatedAt)))
        }
        var cases: [CaseDTO] = []
        for record in try await service.cases(of: user) { cases.append(try await service.describe(record)) }
        let messages = try await InboxMessageRecord.query(on: req.db).filter(\.$accountID == user.accountID)
            .sort(\.$createdAt, .descending).limit(20).all()
            .map { MessageRow(title: $0.title, body: $0.body, link: $0.link, at: Self.format($0.createdAt)) }
        return try await req.view.render("mine", MineContext(meta: PageMeta(title: "我的办件", request: req),
                                                             drafts: drafts, cases: cases, messages: messages))
    }

    struct CaseContext: Encodable {
        let meta: PageMeta
        let record: CaseDTO
        let submittedAt: String
        let timeline: [TimelineRow]
        /// While 补正中: what the clerk asked for, the materials to add to, and the case version.
        let supplement: Supplement?
    }

    struct Supplement: Encodable {
        let request: String
        let draftId: UUID
        let materials: [ApplicationFormView.MaterialSlot]
        let version: Int
    }

    struct TimelineRow: Encodable {
        let at: String
        let actor: String
        let action: String
        let state: String
        let opinion: String?
    }

    @Sendable func showCase(req: Request) async throws -> View {
        let user = try req.requireCitizen()
        let service = ApplicationService(request: req)
        let stored = try await service.caseRecord(receipt: req.parameters.get("receipt") ?? "", user: user)
        let record = try await service.describe(stored)
        var supplement: Supplement?
        if stored.state == CaseState.supplementing.rawValue,
           let draft = try await ApplicationDraftRecord.find(stored.draftID, on: req.db) {
            let dto = try await service.describe(draft, user: user)
            let item = try await service.item(code: stored.serviceCode).item
            // the materials the clerk named come first, marked; the others stay open for additions
            let requested = ApplicationService.decodeList(stored.supplementItems)
            var materials = ApplicationFormView(draft: dto, item: item, supplementing: true).materials
            for index in materials.indices { materials[index].requested = requested.contains(materials[index].id) }
            materials = materials.filter(\.requested) + materials.filter { !$0.requested }
            supplement = Supplement(request: record.timeline.last { $0.state == CaseState.supplementing.rawValue }?.opinion ?? "",
                                    draftId: dto.id, materials: materials, version: stored.version)
        }
        return try await req.view.render("case", CaseContext(
            meta: PageMeta(title: "办件 \(record.receiptNumber)", request: req), record: record,
            submittedAt: Self.format(record.submittedAt),
            timeline: record.timeline.map { TimelineRow(at: Self.format($0.at), actor: $0.actor, action: $0.action,
                                                         state: $0.state, opinion: $0.opinion) },
            supplement: supplement))
    }

    /// 补正后重新提交: the clock resumes with the days left.
    @Sendable func resubmit(req: Request) async throws -> Response {
        let user = try req.requireCitizen()
        let receipt = req.parameters.get("receipt") ?? ""
        let record = try await ApplicationService(request: req).caseRecord(receipt: receipt, user: user)
        let version = (try? req.content.get(Int.self, at: "version")) ?? record.version
        _ = try await WorkflowService(request: req).act(on: record, .init(action: "resubmit", opinion: nil, version: version, days: nil),
                                                        by: user, applicant: true)
        return req.redirect(to: "/cases/\(receipt)", redirectType: .normal)
    }

    /// Date and time in China Standard Time, as people read it: 2026-11-29 14:05.
    static func format(_ date: Date?) -> String {
        guard let date else { return "" }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }
}
