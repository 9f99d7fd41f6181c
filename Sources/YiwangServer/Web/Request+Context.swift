import Vapor
import YiwangDomain

/// What the web layer knows of a request and hands to services: who is signed in, from where,
/// the audit context, and the path's parameters by their keys in the path table.
extension Request {
    private struct SignedInKey: StorageKey { typealias Value = SignedIn }
    private struct SessionEndedKey: StorageKey { typealias Value = Bool }
    private struct PendingSecondFactorKey: StorageKey { typealias Value = SessionRecord }
    private struct AuditMarkKey: StorageKey { typealias Value = AuditMark }

    var signedIn: SignedIn? {
        get { storage[SignedInKey.self] }
        set { storage[SignedInKey.self] = newValue }
    }

    /// A member of staff who gave the right password and has yet to give the second factor.
    var pendingSecondFactor: SessionRecord? {
        get { storage[PendingSecondFactorKey.self] }
        set { storage[PendingSecondFactorKey.self] = newValue }
    }

    /// A session cookie came with the request but its session had ended (timed out or signed out).
    var sessionEnded: Bool {
        get { storage[SessionEndedKey.self] ?? false }
        set { storage[SessionEndedKey.self] = newValue }
    }

    /// The signed-in person, or a 401 that pages turn into the sign-in page.
    func requireSignedIn() throws -> SignedIn {
        guard let signedIn else {
            throw ServiceError.unauthenticated(sessionEnded ? "登录已超时，请重新登录" : "请先登录")
        }
        return signedIn
    }

    /// A signed-in citizen (staff accounts do not apply for services).
    func requireCitizen() throws -> SignedIn {
        let user = try requireSignedIn()
        guard user.kind == .citizen else { throw ServiceError.forbidden("工作人员账号不能以申请人身份办事") }
        return user
    }

    /// A signed-in member of staff.
    func requireStaff() throws -> SignedIn {
        let user = try requireSignedIn()
        guard user.kind == .staff else { throw ServiceError.forbidden("仅工作人员可以使用工作台") }
        return user
    }

    /// The client's address as this server saw it (no proxy headers are trusted).
    var clientAddress: String {
        remoteAddress?.ipAddress ?? "unknown"
    }

    /// The audit context of this request: who, from where, which request.
    var auditContext: AuditContext {
        let mark: AuditMark
        if let existing = storage[AuditMarkKey.self] { mark = existing } else {
            mark = AuditMark()
            storage[AuditMarkKey.self] = mark
        }
        return AuditContext(actor: signedIn, address: clientAddress,
                            requestID: logger[metadataKey: "request-id"].map { "\($0)" } ?? "", mark: mark)
    }

    /// The audit log, as this request writes it.
    var audit: AuditLog { AuditLog(context: auditContext, database: db, keys: application.auditKeys) }

    /// Whether this request already wrote its own audit record (see `AuditTrailMiddleware`).
    var hasAuditRecord: Bool { storage[AuditMarkKey.self]?.isSet ?? false }

    /// The body as `T`, or `empty` when the request carries no body. A body that does not decode is
    /// refused (400, in Chinese) rather than quietly read as its defaults.
    func optionalContent<T: Content>(_ type: T.Type, orIfEmpty empty: @autoclosure () -> T) throws -> T {
        guard let data = body.data, data.readableBytes > 0 else { return empty() }
        return try content.decode(T.self)
    }

    /// A path parameter by its key in the path table; empty when absent.
    func parameter(_ key: SiteURL.Key) -> String {
        parameters.get(key.rawValue) ?? ""
    }

    /// A redirect to a page of the site (303 after a form, as browsers expect).
    func redirect(to url: SiteURL, query: [(String, String?)] = [], fragment: String? = nil) -> Response {
        redirect(to: url.path(query: query) + (fragment.map { "#" + $0 } ?? ""), redirectType: .normal)
    }
}
