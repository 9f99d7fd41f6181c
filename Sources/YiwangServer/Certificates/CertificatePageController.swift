import Fluent
import Vapor
import YiwangDomain

/// The certificate pages: 我的证照, the printable sealed certificate with its QR code, sharing,
/// revocation by the issuing department, renewal, the public verification page and shared views.
struct CertificatePageController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("me", "certificates", use: wallet)
        routes.get("certificates", ":number", use: show)
        routes.post("certificates", ":number", "share", use: share)
        routes.post("certificates", ":number", "revoke", use: revoke)
        routes.get("certificates", ":number", "renew", use: renewPage)
        routes.post("certificates", ":number", "renew", use: renew)
        routes.get("verify", ":number", use: verify)
        routes.get("shared", ":token", use: shared)
    }

    struct WalletContext: Encodable {
        let meta: PageMeta
        let items: [CertificateAPIController.CertificateDTO]
    }

    @Sendable func wallet(req: Request) async throws -> View {
        let items = try await CertificateAPIController().wallet(req: req)
        return try await req.view.render("certificates", WalletContext(meta: PageMeta(title: "我的证照", request: req), items: items))
    }

    struct CertificateContext: Encodable {
        let meta: PageMeta
        let certificate: CertificateAPIController.CertificateDTO
        let seal: String
        let qr: String
        let verifyURL: String
        let holder: Bool
        let canRevoke: Bool
        let shared: Bool
        let revokedReason: String?
        let shareURL: String?
        let shareExpires: String?
        let notice: String?
        let error: String?
    }

    func render(_ req: Request, record: CertificateRecord, holder: Bool, canRevoke: Bool, shared: Bool = false,
                shareURL: String? = nil, shareExpires: Date? = nil, notice: String? = nil, error: String? = nil,
                status: HTTPResponseStatus = .ok) async throws -> Response {
        let service = CertificateService(request: req)
        let verification = try await service.verify(record)
        let base = req.application.yiwangConfig?.publicBaseURL ?? ""
        let verifyURL = base + "/verify/\(record.number)"
        let qr = (try? QRCode(encoding: verifyURL))?.svg(moduleSize: 3) ?? ""
        let response = try await req.view.render("certificate", CertificateContext(
            meta: PageMeta(title: "\(record.typeName) \(record.number)", request: req),
            certificate: try CertificateAPIController.dto(record, verification: verification, holder: holder && !shared, vault: service.vault),
            seal: ElectronicSealDrawing.svg(departmentName: record.departmentName), qr: qr, verifyURL: verifyURL,
            holder: holder && !shared, canRevoke: canRevoke, shared: shared, revokedReason: record.revokedReason,
            shareURL: shareURL, shareExpires: shareExpires.map(ApplicationPageController.format),
            notice: notice, error: error)).encodeResponse(for: req)
        response.status = status
        return response
    }

    private func load(_ req: Request) async throws -> (CertificateRecord, SignedIn, holder: Bool, canRevoke: Bool) {
        let user = try req.requireSignedIn()
        let service = CertificateService(request: req)
        let record = try await service.readable(number: req.parameters.get("number") ?? "", by: user)
        let holder = try await service.isHolder(record, user)
        let canRevoke = user.kind == .staff && user.departmentCode == record.departmentCode && user.roles.contains(.approval)
            && record.status == "valid"
        return (record, user, holder, canRevoke)
    }

    @Sendable func show(req: Request) async throws -> Response {
        let (record, _, holder, canRevoke) = try await load(req)
        return try await render(req, record: record, holder: holder, canRevoke: canRevoke)
    }

    struct SharePost: Content { var hours: Int? }

    @Sendable func share(req: Request) async throws -> Response {
        let (record, user, holder, canRevoke) = try await load(req)
        let form = (try? req.content.decode(SharePost.self)) ?? SharePost()
        do {
            let link = try await CertificateService(request: req).share(record, hours: form.hours, by: user, audit: AuditLog(request: req))
            return try await render(req, record: record, holder: holder, canRevoke: canRevoke,
                                    shareURL: (req.application.yiwangConfig?.publicBaseURL ?? "") + "/shared/\(link.token)",
                                    shareExpires: link.expiresAt, notice: "已生成分享链接")
        } catch let errors as FieldErrors {
            return try await render(req, record: record, holder: holder, canRevoke: canRevoke, error: errors.summary, status: .badRequest)
        } catch let problem as Problem where problem.status < 500 {
            return try await render(req, record: record, holder: holder, canRevoke: canRevoke, error: problem.detail,
                                    status: HTTPResponseStatus(statusCode: problem.status))
        }
    }

    struct RevokePost: Content { var reason: String? }

    @Sendable func revoke(req: Request) async throws -> Response {
        let (record, user, holder, canRevoke) = try await load(req)
        let form = (try? req.content.decode(RevokePost.self)) ?? RevokePost()
        do {
            try await CertificateService(request: req).revoke(record, reason: form.reason, by: user, audit: AuditLog(request: req))
            let fresh = try await CertificateRecord.find(record.id, on: req.db) ?? record
            return try await render(req, record: fresh, holder: holder, canRevoke: false, notice: "证照已注销")
        } catch let errors as FieldErrors {
            return try await render(req, record: record, holder: holder, canRevoke: canRevoke, error: errors.summary, status: .badRequest)
        } catch let problem as Problem where problem.status < 500 {
            return try await render(req, record: record, holder: holder, canRevoke: canRevoke, error: problem.detail,
                                    status: HTTPResponseStatus(statusCode: problem.status))
        }
    }

    struct RenewContext: Encodable {
        let meta: PageMeta
        let certificate: CertificateAPIController.CertificateDTO
        let serviceName: String
    }

    /// The page an expiry reminder links to: what will be renewed, and a button to start.
    @Sendable func renewPage(req: Request) async throws -> View {
        let (record, _, holder, _) = try await load(req)
        guard holder else { throw Problem(status: .forbidden, detail: "只有持证人可以申请换证") }
        let guide = try await ApplicationService(request: req).item(code: record.serviceCode)
        return try await req.view.render("certificate-renew", RenewContext(
            meta: PageMeta(title: "换证：\(record.typeName)", request: req),
            certificate: try CertificateAPIController.dto(record, verification: try await CertificateService(request: req).verify(record), holder: true,
                                                      vault: req.application.personalData),
            serviceName: guide.item.name))
    }

    /// Starts the renewal: a draft of the same service, filled with the certificate's application.
    @Sendable func renew(req: Request) async throws -> Response {
        let (record, user, holder, _) = try await load(req)
        guard holder, user.kind == .citizen else { throw Problem(status: .forbidden, detail: "只有持证人可以申请换证") }
        if let company = record.holderEnterpriseID, user.enterpriseID != company {
            throw Problem(status: .conflict, detail: "请先在账号页切换到持证企业，再申请换证")
        }
        let applications = ApplicationService(request: req)
        let draft = try await applications.start(code: record.serviceCode, user: user)
        var values = try applications.vault.openForm(draft.formValues)
        for (name, value) in try applications.vault.openForm(record.sealedFormValues) where (values[name] ?? "").isEmpty { values[name] = value }
        _ = try await applications.save(draft, values: values, expectedVersion: nil, user: user)
        return req.redirect(to: "/applications/\(try draft.requireID())", redirectType: .normal)
    }

    struct VerifyContext: Encodable {
        let meta: PageMeta
        let number: String
        let result: CertificateService.Verification?
    }

    /// Anyone: the certificate's standing, issuer, validity; the holder's ID masked.
    @Sendable func verify(req: Request) async throws -> Response {
        let number = req.parameters.get("number") ?? ""
        let service = CertificateService(request: req)
        let result: CertificateService.Verification?
        if let record = try await service.find(number: number) { result = try await service.verify(record) } else { result = nil }
        let response = try await req.view.render("verify", VerifyContext(
            meta: PageMeta(title: "证照核验", request: req), number: String(number.prefix(40)), result: result)).encodeResponse(for: req)
        if result == nil { response.status = .notFound }
        return response
    }

    /// A third party's view through a share link: the certificate with the holder's number masked; the view is audited.
    @Sendable func shared(req: Request) async throws -> Response {
        let (record, share) = try await CertificateService(request: req).openShare(token: req.parameters.get("token") ?? "")
        try await AuditLog(request: req).record("certificate.shared_view", object: "certificate:\(record.number)",
                                                detail: "分享链接第 \(share.views) 次查看")
        return try await render(req, record: record, holder: false, canRevoke: false, shared: true)
    }
}
