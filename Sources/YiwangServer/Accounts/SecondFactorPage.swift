import Fluent
import Vapor
import YiwangDomain

/// `/login/second-factor`: after a member of staff's password, the TOTP code (or a recovery code);
/// at first sign-in, enrollment — the secret as a QR code for an authenticator app, a code to
/// confirm, then the recovery codes, shown once. Only then does the session become a real one
/// (with a new id). Wrong codes count towards the account's lockout and are audited.
struct SecondFactorPage: RouteCollection {
    static func path(next: String) -> String {
        SiteURL.secondFactor.path(query: [("next", ElderMode.safeReturnPath(next))])
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get(.secondFactor, use: page)
        routes.post(.secondFactor, use: submit)
    }

    struct Context: Encodable {
        let meta: PageMeta
        let next: String
        let enrolling: Bool
        /// While enrolling: the QR code of the otpauth URI, and the secret to type by hand.
        let qr: String?
        let secret: String?
        /// After enrolling: the recovery codes, shown this once.
        let recoveryCodes: [String]?
        let error: String?
    }

    struct Form: Content {
        var code: String?
        var next: String?
    }

    private func pending(_ req: Request) async throws -> (SessionRecord, AccountRecord) {
        guard let session = req.pendingSecondFactor, let account = try await AccountRecord.find(session.accountID, on: req.db) else {
            throw ServiceError.unauthenticated("请先输入账号和密码")
        }
        return (session, account)
    }

    func render(_ req: Request, account: AccountRecord, next: String, recoveryCodes: [String]? = nil, error: String? = nil,
                status: HTTPResponseStatus = .ok) async throws -> Response {
        let factors = SecondFactors(database: req.db, masterKey: req.application.masterKey)
        let record = try await factors.record(of: try account.requireID())
        var qr: String?, secret: String?
        let enrolling = record?.confirmedAt == nil && recoveryCodes == nil
        if enrolling {
            let totp = try await factors.beginEnrollment(accountID: try account.requireID())
            qr = (try? QRCode(encoding: totp.provisioningURI(issuer: SecondFactors.issuer, account: account.login)))?.svg(moduleSize: 4)
            secret = totp.base32Secret
        }
        let response = try await req.view.render("second-factor", Context(
            meta: PageMeta(title: "动态口令", request: req), next: next, enrolling: enrolling, qr: qr, secret: secret,
            recoveryCodes: recoveryCodes, error: error)).encodeResponse(for: req)
        response.status = status
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")  // a secret or recovery codes may be on it
        return response
    }

    @Sendable func page(req: Request) async throws -> Response {
        let (_, account) = try await pending(req)
        return try await render(req, account: account, next: ElderMode.safeReturnPath(req.query[String.self, at: "next"]))
    }

    @Sendable func submit(req: Request) async throws -> Response {
        let (session, account) = try await pending(req)
        let form = (try? req.content.decode(Form.self)) ?? Form()
        let next = ElderMode.safeReturnPath(form.next)
        let factors = SecondFactors(database: req.db, masterKey: req.application.masterKey)
        return try await req.pageAction({
            let outcome = try await factors.check(account, code: form.code ?? "", at: req.application.secondFactorClock(), enrolling: true,
                                                  audit: req.audit)
            // the pending session ends; a new one (new id) begins
            try await session.delete(on: req.db)
            let created = try await SessionStore(database: req.db).create(accountID: try account.requireID(), kind: .web)
            let response: Response
            if case .enrolled(let recoveryCodes) = outcome {
                req.pendingSecondFactor = nil
                response = try await render(req, account: account, next: next, recoveryCodes: recoveryCodes)
            } else {
                response = req.redirect(to: next, redirectType: .normal)
            }
            response.cookies[SessionAuthenticator.cookieName] = SessionAuthenticator.cookie(created.token, secure: AuthPageController.secure(req))
            return response
        }, rerender: { message, status in
            try await render(req, account: account, next: next, error: message, status: status)
        })
    }
}
