import Fluent
import Foundation

/// Audit records and links authenticated by the platform (a MAC under the audit key), the audit
/// keys themselves (sealed under the master key), and the published heads of the chain (append-only
/// like the records). Records written before, not yet in the chain, are linked now, the way they
/// always were: they and the links before them are the chain's unauthenticated beginning.
struct AddAuditAuthentication: AsyncMigration {
    func prepare(on database: any Database) async throws {
        for table in [AuditRecord.schema, AuditChainRecord.schema] {
            let schema = database.schema(table)
            schema.schema.createFields.append(.definition(name: .key("mac"), dataType: .string, constraints: []))
            try await schema.update()
        }
        try await database.schema(AuditKeyRecord.schema)
            .field("id", .string, .identifier(auto: false))
            .field("mac_sealed", .string, .required)
            .field("signing_sealed", .string, .required)
            .field("public_key", .string, .required)
            .field("legacy_links", .int, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(AuditHeadRecord.schema)
            .field("size", .int, .identifier(auto: false))
            .field("hash", .string, .required)
            .field("at", .datetime, .required)
            .field("signature", .string, .required)
            .create()
        try await CreateAuditChain.makeAppendOnly([AuditHeadRecord.schema], on: database)
        try await Self.sealLegacyRecords(on: database)
    }

    func revert(on database: any Database) async throws {
        try await CreateAuditChain.dropAppendOnly([AuditHeadRecord.schema], on: database)
        try await database.schema(AuditHeadRecord.schema).delete()
        try await database.schema(AuditKeyRecord.schema).delete()
        for table in [AuditRecord.schema, AuditChainRecord.schema] {
            try await database.schema(table).deleteField("mac").update()
        }
    }

    /// Links the records written before authentication, as the chain always did (no MAC).
    static func sealLegacyRecords(on database: any Database, now: Date = Date()) async throws {
        let (head, pending) = try await AuditChain.unlinked(on: database)
        var last = head
        for record in pending {
            let link = try AuditChain.nextLink(after: last, for: record, sealedAt: now)
            try await link.create(on: database)
            last = link
        }
    }
}
