import Vapor
import YiwangDomain

/// Every write (POST, PUT, PATCH, DELETE) and every read the policy lists as audited
/// (`AccessPolicy.auditedReads`: case files, applicants' uploads, certificates, the audit log)
/// leaves an audit record, whatever its outcome: refused by the access policy or CSRF, rejected as
/// bad input, failed, or done. A handler that records the act itself — a sign-in, a view of
/// applicant data in clear, a revocation — says more than this could, so its record stands alone;
/// every other call gets one here, named by its route (`POST /api/v1/applications/:id`), with the
/// route's parameters as the object and the status.
struct AuditTrailMiddleware: AsyncMiddleware {
    static let writeMethods: [HTTPMethod] = [.POST, .PUT, .PATCH, .DELETE]

    /// Whether a call of this route leaves a record.
    static func isAudited(_ route: Route) -> Bool {
        writeMethods.contains(route.method) || AccessPolicy.auditedReads.contains(AccessPolicyMiddleware.key(route))
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let route = request.route, Self.isAudited(route) else {
            return try await next.respond(to: request)
        }
        do {
            let response = try await next.respond(to: request)
            await record(request, route: route, status: response.status)
            return response
        } catch {
            await record(request, route: route, status: HTTPResponseStatus(statusCode: Problem(for: error).status))
            throw error
        }
    }

    private func record(_ request: Request, route: Route, status: HTTPResponseStatus) async {
        guard !request.hasAuditRecord else { return }
        let outcome: AuditLog.Outcome = switch status.code {
        case ..<400: .success
        case 401, 403, 404: .denied
        default: .failed
        }
        let parameters = route.path.compactMap { component -> String? in
            guard case .parameter(let name) = component else { return nil }
            return "\(name)=\(request.parameters.get(name) ?? "")"
        }
        do {
            try await request.audit.record(
                AccessPolicyMiddleware.key(route), object: String(parameters.joined(separator: "&").prefix(200)),
                outcome: outcome, detail: "HTTP \(status.code)")
        } catch {
            // the write has happened; an audit trail with a hole must not go unnoticed
            request.logger.error("audit record not written", metadata: ["route": .string(AccessPolicyMiddleware.key(route)),
                                                                          "error": .string(String(describing: error))])
        }
    }
}
