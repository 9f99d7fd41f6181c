import Vapor

/// Turns every error into an answer a person can act on: `application/problem+json` with a Chinese
/// `detail` for the API, the site's error page for everything else. Internal errors are logged in
/// full and answered with a generic message; nothing of the request is echoed back.
struct ErrorRenderingMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let response = await render(error, for: request)
            if let limited = error as? RateLimited { response.headers.replaceOrAdd(name: .retryAfter, value: String(limited.seconds)) }
            if request.sessionEnded {  // the session behind the cookie is over: the browser forgets it
                response.cookies[SessionAuthenticator.cookieName] = SessionAuthenticator.expiredCookie()
            }
            return response
        }
    }

    private func render(_ error: any Error, for request: Request) async -> Response {
        let problem = Self.problem(for: error)
        if problem.status >= 500 { request.logger.error("request failed: \(String(reflecting: error))") }
        if Self.wantsJSON(request) {
            return Self.jsonResponse(problem)
        }
        if problem.status == 401, request.pendingSecondFactor != nil, !request.url.path.hasPrefix(SecondFactorPage.base) {
            // signed in with the password only: the second factor first
            return request.redirect(to: SecondFactorPage.path(next: request.method == .GET ? request.url.string : "/workbench"), redirectType: .normal)
        }
        if problem.status == 401, request.url.path != "/login" {  // a page that needs signing in: go there, and come back after
            let next = ElderMode.safeReturnPath(request.method == .GET ? request.url.string : "/me")
            var components = URLComponents()
            components.queryItems = [URLQueryItem(name: "next", value: next)]
                + (request.sessionEnded ? [URLQueryItem(name: "expired", value: "1")] : [])
            return request.redirect(to: "/login?" + (components.percentEncodedQuery ?? ""), redirectType: .normal)
        }
        return await ErrorPage.render(problem, for: request)
    }

    /// The answer an error gets (its status and Chinese detail); also what the audit records of a failed write.
    static func problem(for error: any Error) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let errors as FieldErrors:
            return .badRequest(errors)
        case let limited as RateLimited:
            return Problem(status: .tooManyRequests, detail: "请求过于频繁，请 \(limited.seconds) 秒后再试")
        case let abort as any AbortError:
            let status = abort.status
            let detail = abort.reason == status.reasonPhrase ? defaultDetail(for: status) : abort.reason
            return Problem(status: status, detail: detail)
        case is DecodingError:
            return Problem(status: .badRequest, detail: "请求内容的格式不对，请检查后重试")
        default:
            return Problem(status: .internalServerError, detail: defaultDetail(for: .internalServerError))
        }
    }

    static func defaultDetail(for status: HTTPResponseStatus) -> String {
        switch status.code {
        case 404: "您访问的页面或资源不存在"
        case 405: "该地址不支持这种请求方法"
        case 413: "提交的内容过大"
        case 415: "不支持的内容类型"
        case 500..<600: "服务器暂时出了问题，请稍后再试；如多次出现，请拨打 12345 政务服务便民热线"
        default: Problem.title(for: status)
        }
    }

    static func wantsJSON(_ request: Request) -> Bool {
        // API paths, and clients that sign in with a bearer token, are programs: they get JSON, not a sign-in page
        if request.url.path.hasPrefix("/api/") || request.headers.bearerAuthorization != nil { return true }
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
