import Vapor
import YiwangDomain

/// Turns every error into an answer a person can act on: `application/problem+json` with a Chinese
/// `detail` for the API, the site's error page for everything else. Internal errors are logged in
/// full and answered with a generic message; nothing of the request is echoed back.
struct ErrorRenderingMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let response = await render(error, for: request)
            if let seconds = Problem.retryAfter(error) { response.headers.replaceOrAdd(name: .retryAfter, value: String(seconds)) }
            if let method = error as? MethodNotAllowed { response.headers.replaceOrAdd(name: .allow, value: method.header) }
            if request.sessionEnded {  // the session behind the cookie is over: the browser forgets it
                response.cookies[SessionAuthenticator.cookieName] = SessionAuthenticator.expiredCookie()
            }
            return response
        }
    }

    private func render(_ error: any Error, for request: Request) async -> Response {
        let problem = Problem(for: error)
        if problem.status >= 500 { request.logger.error("request failed: \(String(reflecting: error))") }
        if Self.wantsJSON(request) {
            return Self.jsonResponse(problem)
        }
        if problem.status == 401, request.pendingSecondFactor != nil, request.url.path != SiteURL.secondFactor.path {
            // signed in with the password only: the second factor first
            return request.redirect(to: SecondFactorPage.path(next: request.method == .GET ? request.url.string : SiteURL.workbench.path),
                                    redirectType: .normal)
        }
        if problem.status == 401, request.url.path != SiteURL.login.path {  // a page that needs signing in: go there, and come back after
            let next = ElderMode.safeReturnPath(request.method == .GET ? request.url.string : SiteURL.mine.path)
            var components = URLComponents()
            components.queryItems = [URLQueryItem(name: "next", value: next)]
                + (request.sessionEnded ? [URLQueryItem(name: "expired", value: "1")] : [])
            return request.redirect(to: SiteURL.login.path + "?" + (components.percentEncodedQuery ?? ""), redirectType: .normal)
        }
        return await ErrorPage.render(problem, for: request)
    }

    static func wantsJSON(_ request: Request) -> Bool {
        // API paths, and clients that sign in with a bearer token, are programs: they get JSON, not a sign-in page
        if request.url.path.hasPrefix("/api/") || request.headers.bearerAuthorization != nil
            || SiteURL.forPrograms.contains(request.url.path) { return true }
        let accept = request.headers.first(name: .accept) ?? ""
        return accept.contains("json") && !accept.contains("html")
    }

    static func jsonResponse(_ problem: Problem) -> Response {
        let response = Response(status: HTTPResponseStatus(statusCode: problem.status))
        do {
            try response.content.encode(problem, as: .json)
        } catch {
            response.body = .init(string: #"{"title":"服务器暂时出了问题","status":500}"#)
        }
        response.headers.contentType = Problem.mediaType
        return response
    }
}
