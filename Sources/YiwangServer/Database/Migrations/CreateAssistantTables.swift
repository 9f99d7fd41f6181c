import Fluent

/// Conversations with 小自然, every turn (for tracing and review), and messages left for staff.
struct CreateAssistantTables: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AssistantSessionRecord.schema)
            .field("id", .string, .identifier(auto: false))
            .field("state", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.schema(AssistantTurnRecord.schema)
            .id()
            .field("session_id", .string, .required,
                   .references(AssistantSessionRecord.schema, "id", onDelete: .cascade))
            .field("question", .string, .required)
            .field("intent", .string, .required)
            .field("service_codes", .string, .required)
            .field("passage_ids", .string, .required)
            .field("kb_version", .string, .required)
            .field("model", .string, .required)
            .field("answer", .string, .required)
            .field("latency_ms", .double, .required)
            .field("handoff", .bool, .required)
            .field("confidence", .double, .required)
            .field("created_at", .datetime)
            .create()
        try await database.schema(AssistantTicketRecord.schema)
            .id()
            .field("session_id", .string)
            .field("message", .string, .required)
            .field("contact", .string)
            .field("status", .string, .required)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AssistantTicketRecord.schema).delete()
        try await database.schema(AssistantTurnRecord.schema).delete()
        try await database.schema(AssistantSessionRecord.schema).delete()
    }
}
