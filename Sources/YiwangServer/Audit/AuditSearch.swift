import Fluent
import Foundation
import YiwangDomain

/// The auditor's (审计员) search of the audit log: by action, actor, object, outcome and dates
/// (China time), newest first, at most `limit` rows with the total that matched.
struct AuditSearch {
    let database: any Database

    static let limit = 500

    struct Filter: Codable, Sendable {
        var action: String?
        var actor: String?
        var object: String?
        var outcome: String?
        var from: String?
        var to: String?
    }

    /// A record as the auditor reads it.
    struct Row: Codable, Sendable {
        let at: String
        let actor: String
        let roles: String
        let action: String
        let object: String
        let outcome: String
        let ip: String
        let requestID: String
        let detail: String

        init(_ record: AuditRecord) {
            at = ChinaTime.format(record.at)
            actor = record.actorName
            roles = record.roles
            action = record.action
            object = record.object
            outcome = AuditLog.Outcome(rawValue: record.outcome)?.label ?? record.outcome
            ip = record.ip
            requestID = record.requestID
            detail = record.detail ?? ""
        }
    }

    static func requireAuditor(_ user: SignedIn) throws {
        guard user.kind == .staff, user.roles.contains(.auditor) else { throw ServiceError.forbidden("仅审计员可以查看审计记录") }
    }

    func rows(_ filter: Filter) async throws -> (rows: [Row], total: Int) {
        var query = AuditRecord.query(on: database)
        func text(_ value: String?) -> String? {
            value.map { String($0.trimmingCharacters(in: .whitespaces).prefix(64)) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        if let action = text(filter.action) { query = query.filter(\.$action ~~ action) }
        if let actor = text(filter.actor) { query = query.filter(\.$actorName ~~ actor) }
        if let object = text(filter.object) { query = query.filter(\.$object ~~ object) }
        if let outcome = filter.outcome, AuditLog.Outcome(rawValue: outcome) != nil { query = query.filter(\.$outcome == outcome) }
        var errors = FieldErrors()
        for (key, raw, end) in [("from", filter.from, false), ("to", filter.to, true)] {
            guard let raw, !raw.isEmpty else { continue }
            guard let day = CivilDate(raw) else { errors.add(key, "日期须为 yyyy-MM-dd"); continue }
            let bound = day.startInChina.addingTimeInterval(end ? 86_400 : 0)
            query = end ? query.filter(\.$at < bound) : query.filter(\.$at >= bound)
        }
        guard errors.isEmpty else { throw errors }
        let total = try await query.count()
        return (try await query.sort(\.$at, .descending).limit(Self.limit).all().map(Row.init), total)
    }
}
