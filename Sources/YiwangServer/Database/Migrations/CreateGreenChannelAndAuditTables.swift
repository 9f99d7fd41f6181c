import Fluent
import SQLKit

/// Departments' 绿色通道 classes of applicants, and the audit records of sensitive acts.
struct CreateGreenChannelAndAuditTables: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(GreenChannelClassRecord.schema)
            .id()
            .field("department_code", .string, .required)
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("value", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(AuditRecord.schema)
            .id()
            .field("at", .datetime, .required)
            .field("actor_id", .uuid)
            .field("actor_name", .string, .required)
            .field("roles", .string, .required)
            .field("action", .string, .required)
            .field("object", .string, .required)
            .field("outcome", .string, .required)
            .field("ip", .string, .required)
            .field("request_id", .string, .required)
            .field("detail", .string)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "audit_records_at_idx").on(AuditRecord.schema).column("at").run()
        try await sql.create(index: "green_channel_classes_department_idx").on(GreenChannelClassRecord.schema).column("department_code").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AuditRecord.schema).delete()
        try await database.schema(GreenChannelClassRecord.schema).delete()
    }
}
