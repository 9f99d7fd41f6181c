import Fluent
import Vapor
import YiwangDomain

/// Writes audit records for sensitive reads and for changes made by staff. A record is written in
/// the caller's transaction when one is given, so the act and its record stand or fall together.
struct AuditLog {
    let request: Request

    /// `failed`: the request was refused as bad input, over a limit, or could not be done.
    enum Outcome: String, CaseIterable { case success, denied, failed

        var label: String {
            switch self {
            case .success: "成功"
            case .denied: "拒绝"
            case .failed: "失败"
            }
        }
    }

    /// - Parameter actor: who acted, when not the signed-in user (a sign-in, before there is a session).
    func record(_ action: String, object: String, outcome: Outcome = .success, detail: String? = nil, actor: AccountRecord? = nil,
                on database: (any Database)? = nil) async throws {
        let user = request.signedIn
        let record = AuditRecord()
        record.at = Date()
        if let actor {
            let roles = actor.roles.split(separator: ",").map(String.init)
            record.actorID = actor.id
            record.actorName = actor.kind == AccountKind.staff.rawValue ? actor.name : Masking.name(actor.name)
            record.roles = actor.kind == AccountKind.staff.rawValue ? roles.joined(separator: ",") : actor.kind
        } else {
            record.actorID = user?.accountID
            record.actorName = user.map { $0.kind == .staff ? $0.staffLabel : Masking.name($0.name) } ?? "匿名"
            record.roles = user.map { $0.kind == .staff ? $0.roles.map(\.rawValue).joined(separator: ",") : $0.kind.rawValue } ?? "anonymous"
        }
        record.action = action
        record.object = object
        record.outcome = outcome.rawValue
        record.ip = request.clientAddress
        record.requestID = request.logger[metadataKey: "request-id"].map { "\($0)" } ?? ""
        record.detail = detail.map { String($0.prefix(500)) }
        try await record.create(on: database ?? request.db)
        request.hasAuditRecord = true
    }
}

extension Request {
    private struct HasAuditRecordKey: StorageKey { typealias Value = Bool }

    /// Whether this request already wrote its own audit record (see `AuditTrailMiddleware`).
    var hasAuditRecord: Bool {
        get { storage[HasAuditRecordKey.self] ?? false }
        set { storage[HasAuditRecordKey.self] = newValue }
    }
}

extension AuditLog {
    /// Signs in with a login and password and audits the attempt, whatever its outcome; the login is
    /// recorded masked when it is a mobile or ID number, with any other number in it redacted.
    func authenticate(_ accounts: AccountService, login: String, password: String) async throws -> AccountRecord {
        do {
            let account = try await accounts.authenticate(login: login, password: password, address: request.clientAddress)
            try await record("auth.login", object: "account:\(try account.requireID())", actor: account)
            return account
        } catch {
            let trimmed = login.trimmingCharacters(in: .whitespaces)
            let shown = (try? MobileNumber(trimmed)) != nil ? Masking.phone(trimmed)
                : trimmed.count == 18 ? Masking.idNumber(trimmed) : String(PersonalDataRedactor.redact(trimmed).prefix(40))
            try? await record("auth.login", object: "login:\(shown)", outcome: .denied, detail: (error as? Problem)?.detail)
            throw error
        }
    }
}
