import Vapor

/// Cross-site request forgery protection. Every page carries a token: the session's own once
/// signed in, before that one kept in a cookie (double submit). A state-changing request that a
/// browser could have been tricked into sending — one that carries the session cookie, or any
/// HTML form post — must bring the token back: in the `X-CSRF-Token` header or in the `_csrf` form
/// field (URL-encoded or multipart: an upload form carries it as a field, never in its address).
/// Requests with a bearer token carry no ambient credentials and are not checked.
struct CSRFProtection: AsyncMiddleware {
    static let cookieName = "yiwang_csrf"
    static let fieldName = "_csrf"
    static let headerName = "X-CSRF-Token"
    /// URL-encoded forms are read here, up to this size, to find the token.
    static let maxFormBytes = 1024 * 1024

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        var newCookie: String?
        let token: String
        if let signedIn = request.signedIn, signedIn.sessionKind == .web {
            token = signedIn.csrfToken
        } else if let cookie = request.cookies[Self.cookieName]?.string, cookie.count >= 20, cookie.count <= 100 {
            token = cookie
        } else {
            token = SessionStore.newToken()
            newCookie = token
        }
        request.csrfToken = token
        if try await needsCheck(request) {
            let supplied = try await suppliedToken(request)
            guard let supplied, ConstantTime.equal(supplied, token), newCookie == nil else {
                throw Problem(status: .forbidden, detail: "页面已过期或来源不明，请刷新页面后重试")
            }
        }
        let response = try await next.respond(to: request)
        if let newCookie {
            response.cookies[Self.cookieName] = HTTPCookies.Value(string: newCookie, path: "/", isHTTPOnly: true, sameSite: .lax)
        }
        return response
    }

    private func needsCheck(_ request: Request) async throws -> Bool {
        guard ![.GET, .HEAD, .OPTIONS].contains(request.method) else { return false }
        if request.headers.bearerAuthorization != nil { return false }
        if request.cookies[SessionAuthenticator.cookieName] != nil { return true }
        let type = request.headers.contentType
        return type == .urlEncodedForm || type?.type == "multipart"
    }

    private func suppliedToken(_ request: Request) async throws -> String? {
        if let header = request.headers.first(name: Self.headerName) { return header }
        let type = request.headers.contentType
        let multipart = type?.type == "multipart"
        guard type == .urlEncodedForm || multipart else { return nil }
        if request.body.data == nil {
            // a signed-in person's upload is read whole here (the route would read it anyway); anything
            // else only up to a form's size
            let limit = multipart && request.signedIn != nil ? ByteCount.upload.value : Self.maxFormBytes
            _ = try await request.body.collect(max: limit).get()
        }
        if multipart { return try? request.content.decode(MultipartToken.self).token }
        return try? request.content.get(String.self, at: Self.fieldName)
    }

    /// The token field of a multipart body (the file parts beside it are not decoded here).
    private struct MultipartToken: Decodable {
        let token: String
        enum CodingKeys: String, CodingKey { case token = "_csrf" }
    }
}

private struct CSRFTokenKey: StorageKey { typealias Value = String }

extension Request {
    /// The token this request's pages must send back with their forms.
    var csrfToken: String {
        get { storage[CSRFTokenKey.self] ?? "" }
        set { storage[CSRFTokenKey.self] = newValue }
    }
}
