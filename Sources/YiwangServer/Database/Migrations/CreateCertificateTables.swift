import Fluent
import SQLKit

/// E-certificates and what goes with them: the departments' seal keys, shares, expiry reminders,
/// short links for SMS; and the delivery bookkeeping of the SMS outbox (next attempt, lease, result).
struct CreateCertificateTables: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SealKeyRecord.schema)
            .field("kid", .string, .identifier(auto: false))
            .field("department_code", .string, .required)
            .field("algorithm", .string, .required)
            .field("public_x", .string, .required)
            .field("public_y", .string, .required)
            .field("private_sealed", .string, .required)
            .field("created_at", .datetime, .required)
            .field("retired_at", .datetime)
            .create()
        try await database.schema(CertificateRecord.schema)
            .id()
            .field("number", .string, .required)
            .field("type_name", .string, .required)
            .field("service_code", .string, .required)
            .field("case_id", .uuid, .required)
            .field("department_code", .string, .required)
            .field("department_name", .string, .required)
            .field("holder_kind", .string, .required)
            .field("holder_name", .string, .required)
            .field("holder_id", .string, .required)
            .field("holder_account_id", .uuid, .required)
            .field("holder_enterprise_id", .uuid)
            .field("issued_on", .string, .required)
            .field("valid_until", .string)
            .field("claims", .string, .required)
            .field("form_values", .string, .required)
            .field("kid", .string, .required)
            .field("jws", .string, .required)
            .field("status", .string, .required)
            .field("revoked_at", .datetime)
            .field("revoked_reason", .string)
            .field("created_at", .datetime, .required)
            .unique(on: "number")
            .unique(on: "case_id")
            .create()
        try await database.schema(CertificateShareRecord.schema)
            .id()
            .field("certificate_id", .uuid, .required)
            .field("token_hash", .string, .required)
            .field("created_by", .uuid, .required)
            .field("expires_at", .datetime, .required)
            .field("views", .int, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
        try await database.schema(CertificateReminderRecord.schema)
            .id()
            .field("certificate_id", .uuid, .required)
            .field("days", .int, .required)
            .field("sent_at", .datetime, .required)
            .unique(on: "certificate_id", "days")
            .create()
        try await database.schema(ShortLinkRecord.schema)
            .field("code", .string, .identifier(auto: false))
            .field("target", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        for (name, type) in [("next_attempt_at", DatabaseSchema.DataType.datetime), ("lease_until", .datetime),
                             ("last_error", .string), ("provider_id", .string)] {
            let schema = database.schema(OutboxMessageRecord.schema)
            schema.schema.createFields.append(.definition(name: .key(FieldKey(stringLiteral: name)), dataType: type, constraints: []))
            try await schema.update()
        }
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "certificates_holder_account_idx").on(CertificateRecord.schema).column("holder_account_id").run()
        try await sql.create(index: "certificates_holder_enterprise_idx").on(CertificateRecord.schema).column("holder_enterprise_id").run()
        try await sql.create(index: "certificates_valid_until_idx").on(CertificateRecord.schema).column("status").column("valid_until").run()
        try await sql.create(index: "outbox_messages_pending_idx").on(OutboxMessageRecord.schema).column("status").column("next_attempt_at").run()
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase { try await sql.drop(index: "outbox_messages_pending_idx").run() }
        for column in ["next_attempt_at", "lease_until", "last_error", "provider_id"] {
            try await database.schema(OutboxMessageRecord.schema).deleteField(FieldKey(stringLiteral: column)).update()
        }
        for schema in [ShortLinkRecord.schema, CertificateReminderRecord.schema, CertificateShareRecord.schema,
                       CertificateRecord.schema, SealKeyRecord.schema] {
            try await database.schema(schema).delete()
        }
    }
}
