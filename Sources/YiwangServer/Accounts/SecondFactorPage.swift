import Fluent
import Vapor
import YiwangDomain

/// `/login/second-factor`: after a member of staff's password, the TOTP code (or a recovery code);
/// at first sign-in, enrollment — the secret as a QR code for an authenticator app, a code to
/// confirm, then the recovery codes, shown once. Only then does the session become a real one
/// (with a new id). Wrong codes count towards the account's lockout and are audited.
struct SecondFactorPage: RouteCollection {
    static let base = "/login/second-factor"

    static func path(next: String) -> String {
        var components = URLComponents()
        components.queryItems = [URLQueryItem(name: "next", value: ElderMode.safeReturnPath(next))]
        return base + "?" + (components.percentEncodedQuery ?? "")
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get("login", "second-factor", use: page)
        routes.post("login", "second-factor", use: submit)
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
            throw Problem(status: .unauthorized, detail: "请先输入账号和密码")
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
        let accountID = try account.requireID()
        let factors = SecondFactors(database: req.db, masterKey: req.application.masterKey)
        let throttle = LoginThrottle(database: req.db)
        let keys = [LoginThrottle.secondFactorKey(account.login)]
        let audit = AuditLog(request: req)
        do {
            try await throttle.check(keys)
            let record = try await factors.record(of: accountID)
            var recoveryCodes: [String]?
            if record?.confirmedAt == nil {
                recoveryCodes = try await factors.confirm(accountID: accountID, code: form.code ?? "", at: req.application.secondFactorClock())
            } else {
                try await factors.verify(accountID: accountID, code: form.code ?? "", at: req.application.secondFactorClock())
            }
            try await audit.record("auth.second_factor", object: "account:\(accountID)", detail: recoveryCodes == nil ? nil : "绑定动态口令", actor: account)
            // the pending session ends; a new one (new id) begins
            try await session.delete(on: req.db)
            let created = try await SessionStore(database: req.db).create(accountID: accountID, kind: .web)
            let response: Response
            if let recoveryCodes {
                req.pendingSecondFactor = nil
                response = try await render(req, account: account, next: next, recoveryCodes: recoveryCodes)
            } else {
                response = req.redirect(to: next, redirectType: .normal)
            }
            response.cookies[SessionAuthenticator.cookieName] = SessionAuthenticator.cookie(created.token, secure: AuthPageController.secure(req))
            return response
        } catch let problem as Problem where problem.status < 500 {
            if problem.status == 401 { try await throttle.recordFailure([(LoginThrottle.secondFactorKey(account.login), LoginThrottle.accountLimit)]) }
            try? await audit.record("auth.second_factor", object: "account:\(accountID)", outcome: .denied, detail: problem.detail, actor: account)
            return try await render(req, account: account, next: next, error: problem.detail, status: HTTPResponseStatus(statusCode: problem.status))
        }
    }
}
