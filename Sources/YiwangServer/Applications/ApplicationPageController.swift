import Vapor
import YiwangDomain

/// The applicant's pages: start an application from a guide, fill it in, upload materials,
/// submit; 我的办件; a case's receipt and timeline, and 补正.
struct ApplicationPageController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.apply(.key), use: start)
        routes.get(.application(.key), use: form)
        routes.post(.application(.key), use: save)
        routes.post(.applicationMaterials(.key), collecting: .upload, use: upload)
        routes.post(.applicationFileDelete(.key, .key), use: deleteFile)
        routes.get(.mine, use: mine)
        routes.get(.caseFile(.key), use: showCase)
        routes.post(.caseResubmit(.key), use: resubmit)
    }

    @Sendable func start(req: Request) async throws -> Response {
        do {
            let draft = try await ApplicationService(platform: req.platform).start(code: req.parameter(.code), user: try req.requireCitizen())
            return req.redirect(to: .application(.value(try draft.requireID().uuidString)))
        } catch let needed as CompanyApplicantNeeded {
            return try await req.page("acting-choice", ActingChoiceContext(
                meta: PageMeta(title: "选择办事身份", request: req), serviceCode: needed.serviceCode, serviceName: needed.serviceName,
                returnTo: SiteURL.apply(.value(needed.serviceCode)).path, companies: needed.companies
            ))
        }
    }

    struct ActingChoiceContext: Encodable {
        let meta: PageMeta
        let serviceCode: String
        let serviceName: String
        let returnTo: String
        let companies: [CompanyApplicantNeeded.Company]
    }

    struct FormContext: Encodable {
        let meta: PageMeta
        let view: ApplicationFormView
        let notice: String?
        let uploadError: String?
        let showReview: Bool
        /// A 一件事's answers and components, above its one form.
        var situation: BundleApplicationView.Situation? = nil
    }

    func render(_ req: Request, draft: ApplicationDraftRecord, user: SignedIn, extra: [FieldProblem] = [], notice: String? = nil,
                uploadError: String? = nil, showReview: Bool = false, status: HTTPResponseStatus = .ok) async throws -> Response {
        let service = ApplicationService(platform: req.platform)
        if draft.status == .submitted, let receipt = try await service.receipt(of: draft) {
            return req.redirect(to: try await service.casePage(receipt: receipt, user: user))
        }
        let view = try await service.describe(draft, user: user, extraProblems: extra)
        let guide = try await service.item(code: draft.serviceCode)
        return try await req.page("application", FormContext(
            meta: PageMeta(title: "在线申报 · \(guide.item.name)", request: req), view: ApplicationFormView(draft: view, item: guide.item),
            notice: notice, uploadError: uploadError, showReview: showReview), status: status)
    }

    @Sendable func form(req: Request) async throws -> Response {
        let user = try req.requireCitizen()
        let draft = try await ApplicationService(platform: req.platform).draft(id: req.parameter(.id), user: user)
        return try await render(req, draft: draft, user: user, showReview: req.query[String.self, at: "check"] == "1")
    }

    /// The form's 保存草稿 and 提交申请 buttons. Values are saved either way; submitting then
    /// checks everything and, when complete, makes the case.
    @Sendable func save(req: Request) async throws -> Response {
        let user = try req.requireCitizen()
        let service = ApplicationService(platform: req.platform)
        let draft = try await service.draft(id: req.parameter(.id), user: user)
        if draft.status == .submitted { return try await render(req, draft: draft, user: user) }
        var posted = (try? req.content.decode([String: String].self)) ?? [:]
        let action = posted.removeValue(forKey: "action") ?? "save"
        posted.removeValue(forKey: CSRFProtection.fieldName)
        let problems = try await service.save(draft, values: posted, expectedVersion: nil, user: user)
        guard action == "submit" else {
            return try await render(req, draft: draft, user: user, extra: problems, notice: "草稿已保存", showReview: true)
        }
        do {
            let result = try await service.submit(draft, idempotencyKey: nil, user: user)
            return req.redirect(to: .caseFile(.value(result.record.receiptNumber)))
        } catch ServiceError.unprocessable {
            return try await render(req, draft: draft, user: user, extra: problems, notice: "还有内容需要补充，请按“提交前检查”修改",
                                    showReview: true, status: .unprocessableEntity)
        }
    }

    /// An upload form: one material slot, one file (`file`) or several at once (`files[]`).
    struct UploadForm: Content {
        var materialId: String?
        var file: File?
        var files: [File]?
        enum CodingKeys: String, CodingKey {
            case materialId = "material_id"
            case file, files
        }

        /// The files chosen (a browser sends an empty part when none is).
        var chosen: [File] {
            ((files ?? []) + [file].compactMap { $0 }).filter { !$0.filename.isEmpty || $0.data.readableBytes > 0 }
        }

        /// Stores each chosen file in turn: those before a refused one are kept, and the refusal
        /// names the file when there were several.
        func store(_ body: (_ bytes: [UInt8], _ fileName: String, _ materialID: String) async throws -> Void) async throws {
            let files = chosen
            guard let materialID = materialId, !files.isEmpty else { throw ServiceError.badRequest("请先选择文件") }
            for file in files {
                do {
                    try await body(Array(file.data.readableBytesView), file.filename, materialID)
                } catch let refusal as ServiceError where files.count > 1 {
                    throw refusal.prefixed("“\(UploadStore.displayName(file.filename))”：")
                }
            }
        }
    }

    @Sendable func upload(req: Request) async throws -> Response {
        let user = try req.requireCitizen()
        let service = ApplicationService(platform: req.platform)
        let draft = try await service.draft(id: req.parameter(.id), user: user)
        let form = (try? req.content.decode(UploadForm.self)) ?? UploadForm()
        return try await req.pageAction({
            try await form.store { bytes, fileName, materialID in
                _ = try await service.upload(bytes, fileName: fileName, materialID: materialID, to: draft)
            }
            return req.redirect(to: .application(.value(try draft.requireID().uuidString)), fragment: "materials")
        }, rerender: { message, status in try await render(req, draft: draft, user: user, uploadError: message, status: status) })
    }

    @Sendable func deleteFile(req: Request) async throws -> Response {
        let service = ApplicationService(platform: req.platform)
        let draft = try await service.draft(id: req.parameter(.id), user: try req.requireCitizen())
        try await service.deleteFile(id: req.parameter(.file), from: draft)
        return req.redirect(to: .application(.value(try draft.requireID().uuidString)), fragment: "materials")
    }

    struct MineContext: Encodable {
        let meta: PageMeta
        let drafts: [DraftRow]
        let bundles: [BundleRow]
        let cases: [CaseRow]
        let messages: [MessageRow]
        let certificates: [CertificateView]
        let openCases: Int
        let steps: [String]
        let notice: String?
    }

    /// A case with how far along the usual way it is.
    struct CaseRow: Encodable {
        let receiptNumber: String
        let serviceName: String
        let state: CaseState
        let submittedAt: String
        let url: String
        let stepsDone: Int
        let open: Bool
    }

    struct DraftRow: Encodable {
        let id: UUID
        let serviceName: String
        let percentDone: Int
        let updatedAt: String
    }

    /// A 一件事 application: 草稿 (to its form) or submitted (to its progress page).
    struct BundleRow: Encodable {
        let name: String
        let status: String
        let receipt: String?
        let url: String

        init(_ application: BundleApplicationRecord) {
            name = application.bundleName
            receipt = application.receiptNumber
            if let receipt = application.receiptNumber {
                status = application.overall?.rawValue ?? BundleProgress.Overall.inProgress.rawValue
                url = SiteURL.bundleProgress(.value(receipt)).path
            } else {
                status = "草稿"
                url = SiteURL.bundleApplication(.value(application.id?.uuidString ?? "")).path
            }
        }
    }

    struct MessageRow: Encodable {
        let title: String
        let body: String
        let link: String?
        let at: String
    }

    /// 我的: drafts to continue, cases with their progress, messages, and the certificates held.
    @Sendable func mine(req: Request) async throws -> View {
        let hub = try await PersonalHub(platform: req.platform).model(for: try req.requireCitizen())
        let overview = hub.overview
        return try await req.view.render("mine", MineContext(
            meta: PageMeta(title: "我的", request: req),
            drafts: overview.drafts.map { DraftRow(id: $0.id, serviceName: $0.serviceName, percentDone: $0.percentDone,
                                                   updatedAt: ChinaTime.format($0.updatedAt)) },
            bundles: overview.bundles.map(BundleRow.init),
            cases: overview.cases.map { CaseRow(receiptNumber: $0.receiptNumber, serviceName: $0.serviceName, state: $0.state,
                                                submittedAt: ChinaTime.format($0.submittedAt), url: $0.url,
                                                stepsDone: CaseProgress.stepsDone($0.state), open: $0.state.isOpen) },
            messages: overview.messages.map { MessageRow(title: $0.title, body: $0.body, link: $0.link, at: ChinaTime.format($0.createdAt)) },
            certificates: Array(hub.certificates.prefix(4)),
            openCases: overview.cases.filter(\.state.isOpen).count,
            steps: CaseProgress.steps,
            notice: req.query[String.self, at: "registered"] == "1" ? "注册成功，已为您登录。可以在办事指南中点“在线申报”开始办事。" : nil))
    }

    struct CaseContext: Encodable {
        let meta: PageMeta
        let record: CaseSummary
        let submittedAt: String
        let timeline: [TimelineRow]
        /// While 补正中: what the clerk asked for, the materials to add to, and the case version.
        let supplement: Supplement?
    }

    /// 补正 as the applicant answers it, on the case page or the 一件事's progress page.
    struct Supplement: Encodable {
        let request: String
        let draftId: UUID
        let materials: [ApplicationFormView.MaterialSlot]
        let version: Int
        /// The item's name, where the page shows several (一件事).
        let serviceName: String
        let resubmitURL: String

        init(_ wanted: ApplicantCase.Supplement, receipt: String, named: Bool = false) {
            // the materials the clerk named come first, marked; the others stay open for additions
            var materials = ApplicationFormView(draft: wanted.draft, item: wanted.item, supplementing: true).materials
            for index in materials.indices { materials[index].requested = wanted.requested.contains(materials[index].id) }
            request = wanted.request
            draftId = wanted.draft.id
            self.materials = materials.filter(\.requested) + materials.filter { !$0.requested }
            version = wanted.version
            serviceName = named ? wanted.item.name : ""
            resubmitURL = SiteURL.caseResubmit(.value(receipt)).path
        }
    }

    @Sendable func showCase(req: Request) async throws -> View {
        let found = try await ApplicationService(platform: req.platform).applicantCase(receipt: req.parameter(.receipt), user: try req.requireCitizen())
        let supplement = found.supplement.map { Supplement($0, receipt: found.summary.receiptNumber) }
        return try await req.view.render("case", CaseContext(
            meta: PageMeta(title: "办件 \(found.summary.receiptNumber)", request: req), record: found.summary,
            submittedAt: ChinaTime.format(found.summary.submittedAt), timeline: found.summary.timeline.map(TimelineRow.init),
            supplement: supplement))
    }

    /// 补正后重新提交: the clock resumes with the days left.
    @Sendable func resubmit(req: Request) async throws -> Response {
        let user = try req.requireCitizen()
        let record = try await ApplicationService(platform: req.platform).caseRecord(receipt: req.parameter(.receipt), user: user)
        let version = (try? req.content.get(Int.self, at: "version")) ?? record.version
        _ = try await WorkflowService(platform: req.platform)
            .act(on: record, CaseCommand(action: CaseAction.resubmit.rawValue, version: version), by: .applicant(user))
        return req.redirect(to: try await ApplicationService(platform: req.platform).casePage(receipt: record.receiptNumber, user: user))
    }
}
