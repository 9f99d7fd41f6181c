import Fluent
import Vapor
import YiwangDomain

/// Writes audit records for sensitive reads and for changes made by staff. A record is written in
/// the caller's transaction when one is given, so the act and its record stand or fall together.
struct AuditLog {
    let request: Request

    enum Outcome: String { case success, denied }

    func record(_ action: String, object: String, outcome: Outcome = .success, detail: String? = nil,
                on database: (any Database)? = nil) async throws {
        let user = request.signedIn
        let record = AuditRecord()
        record.at = Date()
        record.actorID = user?.accountID
        record.actorName = user.map { $0.kind == .staff ? $0.staffLabel : Masking.name($0.name) } ?? "匿名"
        record.roles = user.map { $0.kind == .staff ? $0.roles.map(\.rawValue).joined(separator: ",") : $0.kind.rawValue } ?? "anonymous"
        record.action = action
        record.object = object
        record.outcome = outcome.rawValue
        record.ip = request.clientAddress
        record.requestID = request.logger[metadataKey: "request-id"].map { "\($0)" } ?? ""
        record.detail = detail.map { String($0.prefix(500)) }
        try await record.create(on: database ?? request.db)
    }
}
