import Fluent

/// The in-app inbox and the outbox of messages to send (SMS).
struct CreateNotificationTables: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(InboxMessageRecord.schema)
            .id()
            .field("account_id", .uuid, .required, .references(AccountRecord.schema, "id", onDelete: .cascade))
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("link", .string)
            .field("created_at", .datetime, .required)
            .field("read_at", .datetime)
            .create()
        try await database.schema(OutboxMessageRecord.schema)
            .id()
            .field("channel", .string, .required)
            .field("recipient", .string, .required)
            .field("body", .string, .required)
            .field("status", .string, .required)
            .field("attempts", .int, .required)
            .field("idempotency_key", .string, .required)
            .field("created_at", .datetime, .required)
            .field("sent_at", .datetime)
            .unique(on: "idempotency_key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(OutboxMessageRecord.schema).delete()
        try await database.schema(InboxMessageRecord.schema).delete()
    }
}
