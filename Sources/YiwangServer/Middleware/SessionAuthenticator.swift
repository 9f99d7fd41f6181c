import Fluent
import Vapor
import YiwangDomain

/// Finds who is making a request: a bearer token (`Authorization: Bearer …`) for API clients, or
/// the session cookie for the web. A cookie whose session has ended is cleared.
struct SessionAuthenticator: AsyncMiddleware {
    static let cookieName = "yiwang_session"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let store = SessionStore(database: request.db)
        var clearCookie = false
        if request.url.path == SiteURL.metrics.path {
            // the bearer token here is the scraper's (`MetricsAccess`), not a session; no session is needed
        } else if let bearer = request.headers.bearerAuthorization?.token {
            guard let session = try await store.find(token: bearer, kind: .api) else {
                throw Problem(status: .unauthorized, detail: "访问令牌无效或已过期，请重新获取")
            }
            request.signedIn = try await Self.load(session, on: request.db, vault: request.application.personalData)
        } else if let token = request.cookies[Self.cookieName]?.string {
            if let session = try await store.find(token: token, kind: .web) {
                request.signedIn = try await Self.load(session, on: request.db, vault: request.application.personalData)
            } else if let session = try await store.find(token: token, kind: .pending) {
                request.pendingSecondFactor = session  // the password was right; the second factor is still to come
            }
            if request.signedIn == nil, request.pendingSecondFactor == nil {
                request.sessionEnded = true
                clearCookie = true
            }
        }
        let response = try await next.respond(to: request)
        if clearCookie, response.cookies[Self.cookieName] == nil {
            response.cookies[Self.cookieName] = Self.expiredCookie()
        }
        return response
    }

    static func load(_ session: SessionRecord, on database: any Database, vault: PersonalDataVault) async throws -> SignedIn? {
        guard let account = try await AccountRecord.find(session.accountID, on: database) else { return nil }
        let kind = account.kind
        var enterprise: EnterpriseProfile?
        if let enterpriseID = session.enterpriseID, let record = try await EnterpriseRecord.find(enterpriseID, on: database) {
            enterprise = EnterpriseProfile(name: record.name, uscc: record.uscc,
                                           legalRepresentative: record.legalRepresentative, address: record.address)
        }
        return SignedIn(accountID: try account.requireID(), kind: kind, name: account.name, idNumber: try account.idNumber(vault),
                        phone: try account.phone(vault), address: account.address, departmentCode: account.departmentCode,
                        roles: StaffRole.parse(account.roles), sessionID: try session.requireID(),
                        sessionKind: session.kind, csrfToken: session.csrfToken,
                        enterprise: enterprise, enterpriseID: enterprise == nil ? nil : session.enterpriseID)
    }

    static func cookie(_ token: String, secure: Bool) -> HTTPCookies.Value {
        HTTPCookies.Value(string: token, maxAge: Int(SessionStore.absoluteTimeout[.web]!), path: "/",
                          isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }

    static func expiredCookie() -> HTTPCookies.Value {
        HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/", isHTTPOnly: true, sameSite: .lax)
    }
}
