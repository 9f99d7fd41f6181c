import Fluent
import Foundation
import Synchronization
import YiwangDomain

/// Who is acting, and from where, for audit records: the signed-in person (if any), the client's
/// address and the request's id. The web layer makes one per request (`Request.audit`).
struct AuditContext: Sendable {
    let actor: SignedIn?
    let address: String
    let requestID: String
    /// Set once a record of this request is written (see `AuditTrailMiddleware`).
    let mark: AuditMark

    /// A task of the platform itself (a command, a job): no person, no address.
    static func system(_ task: String) -> AuditContext {
        AuditContext(actor: nil, address: "local", requestID: task, mark: AuditMark())
    }
}

/// Whether a request has written its own audit record.
final class AuditMark: Sendable {
    private let written = Mutex(false)

    var isSet: Bool { written.withLock { $0 } }
    func set() { written.withLock { $0 = true } }
}

/// Writes audit records for sensitive reads and for changes. A record is written in the caller's
/// transaction when one is given, so the act and its record stand or fall together. Each record is
/// authenticated with the audit key (`AuditKeys`): one written into the table by anyone else is
/// known for what it is.
struct AuditLog: Sendable {
    let context: AuditContext
    let database: any Database
    let keys: AuditKeys?

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
        let user = context.actor
        let record = AuditRecord()
        record.at = Date()
        if let actor {
            let staff = actor.kind == .staff
            record.actorID = actor.id
            record.actorName = staff ? actor.name : Masking.name(actor.name)
            record.roles = staff ? actor.roles.split(separator: ",").joined(separator: ",") : actor.kind.rawValue
        } else {
            record.actorID = user?.accountID
            record.actorName = user.map { $0.kind == .staff ? $0.staffLabel : Masking.name($0.name) } ?? "匿名"
            record.roles = user.map { $0.kind == .staff ? $0.roles.map(\.rawValue).joined(separator: ",") : $0.kind.rawValue } ?? "anonymous"
        }
        record.action = action
        record.object = object
        record.outcome = outcome.rawValue
        record.ip = context.address
        record.requestID = context.requestID
        record.detail = detail.map { String($0.prefix(500)) }
        record.id = UUID()
        record.mac = keys?.mac(AuditChain.canonicalContent(record))
        try await record.create(on: database ?? self.database)
        context.mark.set()
    }
}
