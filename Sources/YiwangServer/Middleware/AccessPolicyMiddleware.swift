import Vapor
import YiwangDomain

/// Applies `AccessPolicy` to every routed request before its handler: anonymous callers of a route
/// that needs more are asked to sign in (401), others are refused (403). Runs after the session is
/// known and the CSRF token set (so a refusal page still carries it for its own forms).
struct AccessPolicyMiddleware: AsyncMiddleware {
    static func key(_ route: Route) -> String {
        "\(route.method.rawValue) /" + route.path.map(\.description).joined(separator: "/")
    }

    static func principals(_ request: Request) -> Set<AccessPolicy.Principal> {
        guard let user = request.signedIn else { return [.anonymous] }
        switch user.kind {
        case .citizen: return [user.enterpriseID == nil ? .citizen : .agent]
        case .staff: return Set(user.roles.compactMap { AccessPolicy.Principal(rawValue: $0.rawValue) })
        }
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let route = request.route else { return try await next.respond(to: request) }  // not found: the router answers
        let principals = Self.principals(request)
        guard AccessPolicy.allows(Self.key(route), principals) else {
            if principals == [.anonymous], AccessPolicy.routes[Self.key(route)] != nil {
                throw Problem(status: .unauthorized, detail: request.sessionEnded ? "登录已超时，请重新登录" : "请先登录")
            }
            throw Problem(status: .forbidden, detail: AccessPolicy.denied)
        }
        return try await next.respond(to: request)
    }
}
