import Vapor
import YiwangDomain

/// The certificate pages: 我的证照, the printable sealed certificate with its QR code, sharing,
/// revocation by the issuing department, renewal, the public verification page and shared views.
struct CertificatePageController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.wallet, use: wallet)
        routes.get(.certificate(.key), use: show)
        routes.post(.certificateShare(.key), use: share)
        routes.post(.certificateRevoke(.key), use: revoke)
        routes.get(.certificateRenew(.key), use: renewPage)
        routes.post(.certificateRenew(.key), use: renew)
        routes.get(.verify(.key), use: verify)
        routes.get(.shared(.key), use: shared)
    }

    struct WalletContext: Encodable {
        let meta: PageMeta
        let items: [CertificateView]
    }

    @Sendable func wallet(req: Request) async throws -> View {
        let items = try await CertificateService(platform: req.platform).wallet(of: try req.requireCitizen())
        return try await req.view.render("certificates", WalletContext(meta: PageMeta(title: "我的证照", request: req), items: items))
    }

    struct CertificateContext: Encodable {
        let meta: PageMeta
        let certificate: CertificateView
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

    /// The certificate page; `holder` false shows it as others see it (a shared view, staff).
    func render(_ req: Request, record: CertificateRecord, holder: Bool, canRevoke: Bool, shared: Bool = false,
                share: CertificateShare? = nil, notice: String? = nil, error: String? = nil,
                status: HTTPResponseStatus = .ok) async throws -> Response {
        let platform = req.platform
        let view = try await CertificateService(platform: platform).view(record, asHolder: holder && !shared)
        let verifyURL = platform.links.absolute(.verify(.value(record.number)))
        return try await req.page("certificate", CertificateContext(
            meta: PageMeta(title: "\(record.typeName) \(record.number)", request: req), certificate: view,
            seal: ElectronicSealDrawing.svg(departmentName: record.departmentName),
            qr: (try? QRCode(encoding: verifyURL))?.svg(moduleSize: 3) ?? "", verifyURL: verifyURL,
            holder: holder && !shared, canRevoke: canRevoke, shared: shared, revokedReason: record.revokedReason,
            shareURL: share?.url, shareExpires: share.map { ChinaTime.format($0.expiresAt) }, notice: notice, error: error), status: status)
    }

    /// The certificate the signed-in person may see, whether they hold it, and whether they may revoke it.
    private func load(_ req: Request) async throws -> (CertificateRecord, SignedIn, holder: Bool, canRevoke: Bool) {
        let user = try req.requireSignedIn()
        let service = CertificateService(platform: req.platform)
        let record = try await service.readable(number: req.parameter(.number), by: user)
        return (record, user, try await service.isHolder(record, user), CertificateService.canRevoke(record, by: user))
    }

    @Sendable func show(req: Request) async throws -> Response {
        let (record, _, holder, canRevoke) = try await load(req)
        return try await render(req, record: record, holder: holder, canRevoke: canRevoke)
    }

    struct SharePost: Content { var hours: Int? }

    @Sendable func share(req: Request) async throws -> Response {
        let (record, user, holder, canRevoke) = try await load(req)
        return try await req.pageAction({
            let form = try req.optionalContent(SharePost.self, orIfEmpty: SharePost())
            let link = try await CertificateService(platform: req.platform).share(record, hours: form.hours, by: user, audit: req.audit)
            return try await render(req, record: record, holder: holder, canRevoke: canRevoke, share: link, notice: "已生成分享链接")
        }, rerender: { message, status in
            try await render(req, record: record, holder: holder, canRevoke: canRevoke, error: message, status: status)
        })
    }

    struct RevokePost: Content { var reason: String? }

    @Sendable func revoke(req: Request) async throws -> Response {
        let (record, user, holder, canRevoke) = try await load(req)
        let form = (try? req.content.decode(RevokePost.self)) ?? RevokePost()
        return try await req.pageAction({
            let service = CertificateService(platform: req.platform)
            try await service.revoke(record, reason: form.reason, by: user, audit: req.audit)
            return try await render(req, record: try await service.reloaded(record), holder: holder, canRevoke: false, notice: "证照已注销")
        }, rerender: { message, status in
            try await render(req, record: record, holder: holder, canRevoke: canRevoke, error: message, status: status)
        })
    }

    struct RenewContext: Encodable {
        let meta: PageMeta
        let certificate: CertificateView
        let serviceName: String
    }

    /// The page an expiry reminder links to: what will be renewed, and a button to start.
    @Sendable func renewPage(req: Request) async throws -> View {
        let (record, _, holder, _) = try await load(req)
        guard holder else { throw ServiceError.forbidden("只有持证人可以申请换证") }
        let platform = req.platform
        let guide = try await platform.catalog.requireGuide(code: record.serviceCode, on: platform.database)
        return try await req.view.render("certificate-renew", RenewContext(
            meta: PageMeta(title: "换证：\(record.typeName)", request: req),
            certificate: try await CertificateService(platform: platform).view(record, asHolder: true), serviceName: guide.item.name))
    }

    /// Starts the renewal: a draft of the same service, filled with the certificate's application.
    @Sendable func renew(req: Request) async throws -> Response {
        let (record, user, _, _) = try await load(req)
        let draft = try await CertificateService(platform: req.platform).startRenewal(of: record, by: user)
        return req.redirect(to: .application(.value(try draft.requireID().uuidString)))
    }

    struct VerifyContext: Encodable {
        let meta: PageMeta
        let number: String
        let result: CertificateVerifier.Verification?
    }

    /// Anyone: the certificate's standing, issuer, validity; the holder's ID masked.
    @Sendable func verify(req: Request) async throws -> Response {
        let number = req.parameter(.number)
        let service = CertificateService(platform: req.platform)
        let result: CertificateVerifier.Verification?
        if let record = try await service.find(number: number) { result = try await service.verify(record) } else { result = nil }
        return try await req.page("verify", VerifyContext(meta: PageMeta(title: "证照核验", request: req), number: String(number.prefix(40)),
                                                         result: result), status: result == nil ? .notFound : .ok)
    }

    /// A third party's view through a share link: the certificate with the holder's number masked; the view is audited.
    @Sendable func shared(req: Request) async throws -> Response {
        let (record, share) = try await CertificateService(platform: req.platform).openShare(token: req.parameter(.token))
        try await req.audit.record("certificate.shared_view", object: "certificate:\(record.number)", detail: "分享链接第 \(share.views) 次查看")
        return try await render(req, record: record, holder: false, canRevoke: false, shared: true)
    }
}
