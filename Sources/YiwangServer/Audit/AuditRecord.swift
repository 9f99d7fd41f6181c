import Fluent
import Foundation

/// One audited act: who (and in which roles) did what to which object, with what outcome, when
/// (UTC), from where, in which request. Written by `AuditLog`; never updated.
final class AuditRecord: Model, @unchecked Sendable {
    static let schema = "audit_records"

    @ID(key: .id) var id: UUID?
    @Field(key: "at") var at: Date
    @OptionalField(key: "actor_id") var actorID: UUID?
    @Field(key: "actor_name") var actorName: String
    /// The actor's roles, comma-separated (`citizen`, `intake`, …).
    @Field(key: "roles") var roles: String
    /// What was done, e.g. `case.reveal_applicant`.
    @Field(key: "action") var action: String
    /// What it was done to, e.g. `case:43000020261130000001`.
    @Field(key: "object") var object: String
    /// `success` or `denied`.
    @Field(key: "outcome") var outcome: String
    @Field(key: "ip") var ip: String
    @Field(key: "request_id") var requestID: String
    /// A reason or summary, never personal data in clear.
    @OptionalField(key: "detail") var detail: String?
    /// `mac1:<hex>` of the record's canonical content under the audit key; nil for records written
    /// before records were authenticated (see `AddAuditAuthentication`).
    @OptionalField(key: "mac") var mac: String?

    init() {}
}
