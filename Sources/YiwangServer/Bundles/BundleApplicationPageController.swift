import Vapor
import YiwangDomain

/// The applicant's 一件事 pages: start from the bundle page's answers, fill the one form and
/// upload the one set of materials, submit once; then one progress page for every component,
/// where 补正 is answered and the rest can be withdrawn.
struct BundleApplicationPageController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post(.bundleApply(.key), use: start)
        routes.get(.bundleApplication(.key), use: form)
        routes.post(.bundleApplication(.key), use: save)
        routes.post(.bundleApplicationMaterials(.key), collecting: .upload, use: upload)
        routes.post(.bundleApplicationFileDelete(.key, .key), use: deleteFile)
        routes.get(.bundleProgress(.key), use: progress)
        routes.post(.bundleWithdraw(.key), use: withdraw)
    }

    /// 在线申请 on the bundle page: the answers come with it; answers that do not fit re-show the
    /// bundle page with the problem.
    @Sendable func start(req: Request) async throws -> Response {
        let user = try req.requireCitizen()
        let code = req.parameter(.code)
        var answers = (try? req.content.decode([String: String].self)) ?? [:]
        answers.removeValue(forKey: CSRFProtection.fieldName)
        return try await req.pageAction({
            let application = try await BundleApplications(platform: req.platform).start(code: code, answers: answers, user: user)
            return req.redirect(to: .bundleApplication(.value(try application.requireID().uuidString)))
        }, rerender: { message, status in
            try await BundlePageController().render(req, code: code, answers: answers, problem: message, status: status)
        })
    }

    func render(_ req: Request, application: BundleApplicationRecord, user: SignedIn, extra: [FieldProblem] = [], notice: String? = nil,
                uploadError: String? = nil, showReview: Bool = false, status: HTTPResponseStatus = .ok) async throws -> Response {
        if application.status == .submitted, let receipt = application.receiptNumber {
            return req.redirect(to: .bundleProgress(.value(receipt)))
        }
        let view = try await BundleApplications(platform: req.platform).describe(application, user: user, extraProblems: extra)
        let form = ApplicationFormView(draft: view.draft, form: view.form, materials: view.uploads,
                                       links: BundleApplicationView.links(view.draft.id, code: application.bundleCode, name: application.bundleName))
        return try await req.page("application", ApplicationPageController.FormContext(
            meta: PageMeta(title: "一件事申请 · \(application.bundleName)", request: req), view: form, notice: notice,
            uploadError: uploadError, showReview: showReview, situation: .init(view.plan)), status: status)
    }

    @Sendable func form(req: Request) async throws -> Response {
        let user = try req.requireCitizen()
        let application = try await BundleApplications(platform: req.platform).application(id: req.parameter(.id), user: user)
        return try await render(req, application: application, user: user, showReview: req.query[String.self, at: "check"] == "1")
    }

    /// 保存草稿 and 提交申请: values are saved either way; submitting then checks every component
    /// and, when all is complete, makes the receipt and the cases.
    @Sendable func save(req: Request) async throws -> Response {
        let user = try req.requireCitizen()
        let applications = BundleApplications(platform: req.platform)
        let application = try await applications.application(id: req.parameter(.id), user: user)
        if application.status == .submitted { return try await render(req, application: application, user: user) }
        var posted = (try? req.content.decode([String: String].self)) ?? [:]
        let action = posted.removeValue(forKey: "action") ?? "save"
        posted.removeValue(forKey: CSRFProtection.fieldName)
        let problems = try await applications.save(application, values: posted, expectedVersion: nil, user: user)
        guard action == "submit" else {
            return try await render(req, application: application, user: user, extra: problems, notice: "草稿已保存", showReview: true)
        }
        do {
            let submitted = try await BundleCases(platform: req.platform).submit(application, user: user)
            return req.redirect(to: .bundleProgress(.value(submitted.receiptNumber ?? "")))
        } catch ServiceError.unprocessable {
            return try await render(req, application: application, user: user, extra: problems,
                                    notice: "还有内容需要补充，请按“提交前检查”修改", showReview: true, status: .unprocessableEntity)
        }
    }

    @Sendable func upload(req: Request) async throws -> Response {
        let user = try req.requireCitizen()
        let applications = BundleApplications(platform: req.platform)
        let application = try await applications.application(id: req.parameter(.id), user: user)
        let form = (try? req.content.decode(ApplicationPageController.UploadForm.self)) ?? ApplicationPageController.UploadForm()
        return try await req.pageAction({
            try await form.store { bytes, fileName, materialID in
                try await applications.upload(bytes, fileName: fileName, materialID: materialID, to: application)
            }
            return req.redirect(to: .bundleApplication(.value(try application.requireID().uuidString)), fragment: "materials")
        }, rerender: { message, status in try await render(req, application: application, user: user, uploadError: message, status: status) })
    }

    @Sendable func deleteFile(req: Request) async throws -> Response {
        let applications = BundleApplications(platform: req.platform)
        let application = try await applications.application(id: req.parameter(.id), user: try req.requireCitizen())
        try await applications.deleteFile(id: req.parameter(.file), from: application)
        return req.redirect(to: .bundleApplication(.value(try application.requireID().uuidString)), fragment: "materials")
    }

    struct ProgressContext: Encodable {
        let meta: PageMeta
        let view: BundleApplicationView.Progress
        let supplements: [ApplicationPageController.Supplement]
        let notice: String?
    }

    @Sendable func progress(req: Request) async throws -> View {
        try await renderProgress(req, receipt: req.parameter(.receipt), user: try req.requireCitizen(), notice: nil)
    }

    func renderProgress(_ req: Request, receipt: String, user: SignedIn, notice: String?) async throws -> View {
        let report = try await BundleReports(platform: req.platform).progress(receipt: receipt, user: user)
        return try await req.view.render("bundle-progress", ProgressContext(
            meta: PageMeta(title: "一件事办理进度 · \(report.bundleName)", request: req), view: .init(report),
            supplements: report.supplements.compactMap { found in
                found.supplement.map { ApplicationPageController.Supplement($0, receipt: found.summary.receiptNumber, named: true) }
            },
            notice: notice))
    }

    /// 撤回其余事项: what has not been accepted is withdrawn; the page says what goes on.
    @Sendable func withdraw(req: Request) async throws -> View {
        let user = try req.requireCitizen()
        let receipt = req.parameter(.receipt)
        let application = try await BundleApplications(platform: req.platform).application(receipt: receipt, user: user)
        let result = try await BundleCases(platform: req.platform).withdrawRest(application, user: user)
        let notice = "已撤回 \(result.withdrawn) 个事项" + (result.continuing.isEmpty ? "。"
            : "；\(result.continuing.joined(separator: "、"))已受理，由部门继续办理（受理后撤回须与部门联系）。")
        return try await renderProgress(req, receipt: receipt, user: user, notice: notice)
    }
}
