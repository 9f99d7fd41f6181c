import Vapor
import YiwangDomain

/// What every page's layout needs: the title, the 长辈模式 switch, and where the switch returns to.
struct PageMeta: Encodable {
    let title: String
    let elder: Bool
    /// Path and query of this page, for the 长辈模式 form to come back to.
    let returnTo: String
    var searchText: String?
    /// The token every form on the page sends back (see `CSRFProtection`).
    let csrf: String
    /// Who is signed in, for the header: their name, masked, and whether they are staff.
    let user: UserBadge?
    /// The service search and 小自然 — for citizens and visitors, not on a clerk's desk.
    let citizenTools: Bool

    struct UserBadge: Encodable {
        let name: String
        let staff: Bool
        let actingFor: String?
    }

    init(title: String, request: Request, searchText: String? = nil) {
        self.title = title
        self.elder = ElderMode.isOn(request)
        self.returnTo = ElderMode.safeReturnPath(request.url.string)
        self.searchText = searchText
        self.csrf = request.csrfToken
        self.user = request.signedIn.map {
            UserBadge(name: Masking.name($0.name), staff: $0.kind == .staff, actingFor: $0.enterprise?.name)
        }
        citizenTools = request.signedIn?.kind != .staff
    }
}

/// 长辈模式: larger type, higher contrast, a simpler layout; remembered in a cookie for a year.
enum ElderMode {
    static let cookieName = "yiwang_elder"

    static func isOn(_ request: Request) -> Bool {
        request.cookies[cookieName]?.string == "1"
    }

    /// Only paths on this site; anything else (another host, `//host`, backslashes) goes home.
    static func safeReturnPath(_ raw: String?) -> String {
        guard let raw, raw.hasPrefix("/"), !raw.hasPrefix("//"), !raw.contains("\\"), raw.count <= 2000,
              !raw.contains(where: { $0.isNewline || $0 == "\0" })
        else { return "/" }
        return raw
    }

    struct Form: Content {
        var enabled: String?
        var returnTo: String?

        enum CodingKeys: String, CodingKey {
            case enabled
            case returnTo = "return_to"
        }
    }

    /// `POST /settings/elder-mode`: sets or clears the cookie and goes back to the page.
    @Sendable static func toggle(req: Request) async throws -> Response {
        let form = try req.optionalContent(Form.self, orIfEmpty: Form())
        guard [nil, "0", "1"].contains(form.enabled) else { throw ServiceError.badRequest("长辈模式的开关值须为 0 或 1") }
        let on = form.enabled == "1"
        let response = req.redirect(to: safeReturnPath(form.returnTo), redirectType: .normal)
        response.cookies[cookieName] = HTTPCookies.Value(
            string: on ? "1" : "0", maxAge: 365 * 24 * 3600, path: "/", isHTTPOnly: true, sameSite: .lax
        )
        return response
    }
}
