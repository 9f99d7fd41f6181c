/// Who may call what: one table, route by route, of the audience each route is for. The server
/// checks it before any handler runs (handlers still check the objects: whose case, which
/// department), and a test generated from the registered routes tries every route as every kind of
/// user — a route missing from the table fails that test and is refused to everyone.
public enum AccessPolicy {
    /// Who is calling, as the policy sees them.
    public enum Principal: String, Sendable, CaseIterable {
        case anonymous, citizen
        /// A citizen acting for a company (经办人 or legal representative).
        case agent
        case intake, review, approval, admin, auditor
    }

    public enum Audience: Sendable, Equatable {
        /// Anyone, signed in or not (public pages, sign-in itself, verification).
        case anyone
        /// Anyone signed in.
        case signedIn
        /// Citizens, also when acting for a company.
        case citizens
        /// Any member of staff (handlers then check the department and the stage's role).
        case staff
        /// Staff with one of these roles.
        case roles(Set<StaffRole>)

        public func admits(_ principal: Principal) -> Bool {
            switch self {
            case .anyone: true
            case .signedIn: principal != .anonymous
            case .citizens: principal == .citizen || principal == .agent
            case .staff: StaffRole(rawValue: principal.rawValue) != nil
            case .roles(let roles): StaffRole(rawValue: principal.rawValue).map(roles.contains) ?? false
            }
        }
    }

    /// The answer to a refused call.
    public static let denied = "您没有权限使用此功能"

    /// `"METHOD /path/:parameter"` → audience, for every route the platform serves.
    public static let routes: [String: Audience] = {
        var table: [String: Audience] = [:]
        func allow(_ audience: Audience, _ keys: String...) { for key in keys { table[key] = audience } }
        allow(.anyone,
              "GET /", "GET /.well-known/jwks.json", "GET /healthz", "GET /readyz", "GET /openapi.json",
              "GET /services", "GET /services/:code", "GET /services/:code/template", "GET /departments/:code", "GET /policies/:id",
              "GET /bundles", "GET /bundles/:code", "GET /benefits", "GET /benefits/:code", "GET /api/v1/bundles", "GET /api/v1/bundles/:code", "POST /api/v1/bundles/:code/plan", "POST /api/v1/bundles/:code/validate",
              "GET /api/v1/services", "GET /api/v1/services/:code", "GET /api/v1/departments", "GET /api/v1/suggest",
              "POST /api/v1/services/:code/validate",
              "GET /assistant", "POST /assistant", "GET /assistant/tickets/new", "POST /assistant/tickets",
              "POST /api/v1/assistant/chat", "GET /api/v1/assistant/chat/stream", "POST /api/v1/assistant/chat/stream",
              "POST /api/v1/assistant/tickets", "POST /api/v1/assistant/turns/:turn/feedback",
              "GET /login", "POST /login", "GET /login/second-factor", "POST /login/second-factor", "POST /logout",
              "GET /register", "POST /register", "POST /register/code",
              "POST /api/v1/auth/codes", "POST /api/v1/auth/register", "POST /api/v1/auth/token", "DELETE /api/v1/auth/token",
              "POST /settings/elder-mode", "GET /dev/sms", "GET /c/:code", "GET /me/lookup",
              "GET /verify/:number", "GET /api/v1/certificates/:number/verification", "GET /shared/:token",
              "GET /api/v1/audit/head")
        // no account reads the metrics: the scraper's token does (or, with none configured, being this machine)
        allow(.anyone, "GET /metrics")
        allow(.signedIn, "GET /account", "GET /api/v1/me", "GET /certificates/:number", "GET /api/v1/certificates/:number")
        allow(.citizens,
              "GET /me", "GET /me/certificates", "GET /me/benefits", "GET /me/benefits/:id", "POST /me/benefits/:id/confirm",
              "POST /me/benefits/:id/objection", "POST /me/recommendations", "POST /account/acting", "POST /account/enterprises",
              "POST /account/enterprises/:enterprise/agents", "POST /account/enterprises/:enterprise/agents/:agent/delete",
              "GET /services/:code/apply", "GET /applications/:id", "POST /applications/:id", "POST /applications/:id/materials",
              "POST /applications/:id/files/:file/delete",
              "POST /api/v1/services/:code/applications", "GET /api/v1/applications", "GET /api/v1/applications/:id",
              "PUT /api/v1/applications/:id", "POST /api/v1/applications/:id/materials/:material",
              "DELETE /api/v1/applications/:id/files/:file", "POST /api/v1/applications/:id/submit", "GET /api/v1/files/:file",
              "GET /cases/:receipt", "POST /cases/:receipt/resubmit",
              "POST /bundles/:code/apply", "GET /bundle-applications/:id", "POST /bundle-applications/:id",
              "POST /bundle-applications/:id/materials", "POST /bundle-applications/:id/files/:file/delete",
              "GET /bundle-cases/:receipt", "POST /bundle-cases/:receipt/withdraw",
              "GET /api/v1/bundle-applications/:id", "PUT /api/v1/bundle-applications/:id",
              "GET /api/v1/cases", "GET /api/v1/cases/:receipt", "POST /api/v1/cases/:receipt/actions",
              "GET /api/v1/certificates", "POST /api/v1/certificates/:number/shares", "POST /certificates/:number/share",
              "GET /certificates/:number/renew", "POST /certificates/:number/renew")
        allow(.staff,
              "GET /workbench", "GET /workbench/cases/:receipt", "GET /workbench/policies", "GET /workbench/policies/:code",
              "GET /workbench/objections", "GET /workbench/objections/:id", "POST /workbench/objections/:id", "POST /workbench/cases/:receipt/actions",
              "POST /workbench/cases/:receipt/verification", "POST /workbench/cases/:receipt/green-channel",
              "POST /workbench/cases/:receipt/reveal", "GET /workbench/files/:file", "GET /workbench/green-channel",
              "POST /workbench/green-channel/classes", "POST /workbench/green-channel/classes/:id/delete",
              "GET /api/v1/workbench/cases", "GET /api/v1/workbench/cases/:receipt", "POST /api/v1/workbench/cases/:receipt/actions",
              "POST /api/v1/workbench/cases/:receipt/verification", "POST /api/v1/workbench/cases/:receipt/green-channel",
              "POST /api/v1/workbench/cases/:receipt/reveal", "GET /api/v1/workbench/green-channel-classes",
              "POST /api/v1/workbench/green-channel-classes", "DELETE /api/v1/workbench/green-channel-classes/:id",
              "POST /api/v1/certificates/:number/revocation", "POST /certificates/:number/revoke")
        allow(.roles([.admin]), "GET /admin/calendar", "POST /admin/calendar")
        // a new version of a department's policy: its approvers publish it
        allow(.roles([.approval]), "POST /workbench/policies/:code/versions")
        allow(.roles([.auditor]), "GET /audit", "GET /audit/export.csv")
        allow(.roles([.admin, .approval, .review]),
              "GET /assistant/review", "POST /assistant/review/:turn/curate", "POST /assistant/review/:turn/dismiss",
              "GET /api/v1/assistant/review")
        return table
    }()

    /// Reads that leave an audit record like a write does (MLPS: access to personal information is
    /// traceable): a case file as staff see it, an applicant's uploaded file, a certificate page or
    /// answer, the audit log itself. The views in clear, shared certificates and exports record themselves.
    public static let auditedReads: Set<String> = [
        "GET /workbench/cases/:receipt", "GET /api/v1/workbench/cases/:receipt", "GET /workbench/files/:file",
        "GET /certificates/:number", "GET /api/v1/certificates/:number", "GET /audit",
    ]

    /// Whether any of the caller's principals may call the route; a route not in the table is refused.
    public static func allows(_ route: String, _ principals: Set<Principal>) -> Bool {
        guard let audience = routes[route] else { return false }
        return principals.contains(where: audience.admits)
    }
}
