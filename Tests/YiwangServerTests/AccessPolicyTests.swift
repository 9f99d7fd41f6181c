import Fluent
import Foundation
import Testing
import Vapor
import YiwangDomain
@testable import YiwangServer

@Suite("Access policy: every route declared, every route tried as every kind of user")
struct AccessPolicyTests {
    @Test("no route without a declared audience, and no declaration without a route")
    func complete() async throws {
        try await withTestApp(seed: false) { app in
            let registered = Set(app.routes.all.map(AccessPolicyMiddleware.key))
            let declared = Set(AccessPolicy.routes.keys)
            #expect(registered.subtracting(declared).isEmpty, "routes without an audience: \(registered.subtracting(declared).sorted())")
            #expect(declared.subtracting(registered).isEmpty, "audiences for routes that do not exist: \(declared.subtracting(registered).sorted())")
            #expect(AccessPolicy.auditedReads.subtracting(registered).isEmpty, "audited reads of routes that do not exist")
        }
    }

    @Test("each route × each kind of user gets what the table says", arguments: Backend.available)
    func everyRouteEveryRole(backend: Backend) async throws {
        try await withTestApp(backend) { app in
            // a bearer token for each kind of signed-in user (no cookies, so CSRF does not enter into it)
            // the anonymous caller holds the CSRF cookie a browser would, so that the policy, not the CSRF check, answers
            let anonymous = TestBrowser(app)
            try await anonymous.get("/login")
            var clients: [(AccessPolicy.Principal, TestBrowser)] = [(.anonymous, anonymous)]
            for (principal, login) in [(AccessPolicy.Principal.citizen, "13800000001"), (.agent, "13800000002"), (.intake, "mzt-intake"),
                                       (.review, "mzt-review"), (.approval, "mzt-approval"), (.admin, "admin"), (.auditor, "auditor")] {
                let client = TestBrowser(app)
                try await client.signInAPI(login)
                clients.append((principal, client))
            }
            let agent = try #require(clients.first { $0.0 == .agent }?.1)
            let company = try #require(try await EnterpriseRecord.query(on: app.db).first())
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: try #require(agent.bearer))
            headers.contentType = .urlEncodedForm
            try await agent.send(.POST, "/account/acting", headers: headers, body: ByteBuffer(string: "enterprise_id=\(try company.requireID())"))

            var mismatches: [String] = []
            var writes: [String: String] = [:]  // request id → what was tried
            // signing out ends the token the rest of the run needs: those two go last
            let endsSession: Set<String> = ["DELETE /api/v1/auth/token", "POST /logout"]
            let routes = app.routes.all.filter { !endsSession.contains(AccessPolicyMiddleware.key($0)) }
                + app.routes.all.filter { endsSession.contains(AccessPolicyMiddleware.key($0)) }
            for route in routes {
                let key = AccessPolicyMiddleware.key(route)
                let path = "/" + route.path.map { component -> String in
                    if case .parameter = component { return "x" }
                    return component.description
                }.joined(separator: "/")
                for (principal, client) in clients {
                    let expected = AccessPolicy.allows(key, [principal])
                    var headers = HTTPHeaders()
                    headers.contentType = .json
                    headers.replaceOrAdd(name: .accept, value: "application/json")
                    if AuditTrailMiddleware.isAudited(route) {
                        let id = "matrix-" + UUID().uuidString.lowercased()
                        headers.replaceOrAdd(name: .xRequestId, value: id)
                        writes[id] = "\(key) as \(principal)"
                    }
                    let response = try await client.send(route.method, path, headers: headers, body: ByteBuffer(string: "{}"))
                    let json = try? JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any]
                    let detail = json?["detail"] as? String ?? ""
                    let refused = (response.status == .forbidden && detail == AccessPolicy.denied)
                        || (principal == .anonymous && response.status == .unauthorized && detail == "请先登录")
                    if expected == refused { mismatches.append("\(key) as \(principal): \(response.status.code) \(detail)") }
                }
            }
            #expect(mismatches.isEmpty, "\(mismatches.count) mismatches: \(mismatches.prefix(20))")
            // every write, allowed or refused, left an audit record under its request id
            let audited = Set(try await AuditRecord.query(on: app.db).all().map(\.requestID))
            let missing = writes.filter { !audited.contains($0.key) }.values.sorted()
            #expect(writes.count > 300 && missing.isEmpty, "\(missing.count) audited calls without a record: \(missing.prefix(20))")
        }
    }
}
