import Vapor

/// A request whose path the platform serves, but not with this method, is answered 405 with an
/// `Allow` header naming the methods it does take (RFC 9110 §15.5.6) — before any session, CSRF or
/// access check, which would otherwise answer a TRACE to a form with "CSRF token missing".
struct MethodNotAllowedMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.route == nil, let table = request.application.methodTable else { return try await next.respond(to: request) }
        let allowed = table.methods(for: request.url.path).subtracting([request.method.rawValue])
        // HEAD is served by every GET route; anything else on a path that exists is not allowed
        if allowed.isEmpty || (request.method == .HEAD && allowed.contains("GET")) { return try await next.respond(to: request) }
        throw MethodNotAllowed(allowed: allowed.union(allowed.contains("GET") ? ["HEAD"] : []))
    }
}

/// The methods each registered path answers, looked up as the router does (parameters, catch-alls).
struct MethodTable: @unchecked Sendable {  // the routers are built once and only read after
    private static let root = "/"
    /// Method name → a router of the paths it serves.
    private let routers: [String: TrieRouter<Bool>]

    init(_ routes: [Route]) {
        var byMethod: [String: TrieRouter<Bool>] = [:]
        for route in routes {
            let router = byMethod[route.method.rawValue] ?? TrieRouter(Bool.self)
            router.register(true, at: [.constant(Self.root)] + route.path)  // the root path "/" has no components
            byMethod[route.method.rawValue] = router
        }
        routers = byMethod
    }

    func methods(for path: String) -> Set<String> {
        let components = [Self.root] + path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        return Set(routers.compactMap { method, router in
            var parameters = Parameters()
            return router.route(path: components, parameters: &parameters) == true ? method : nil
        })
    }
}

struct MethodNotAllowed: Error {
    let allowed: Set<String>

    /// For the `Allow` header, in a stable order.
    var header: String { allowed.sorted().joined(separator: ", ") }
}

extension Application {
    private struct MethodTableKey: StorageKey { typealias Value = MethodTable }

    /// Built once the routes are registered.
    var methodTable: MethodTable? {
        get { storage[MethodTableKey.self] }
        set { storage[MethodTableKey.self] = newValue }
    }
}
