import Fluent

/// Sessions, sign-in throttling and SMS verification codes.
struct CreateSessionTables: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SessionRecord.schema)
            .id()
            .field("token_hash", .string, .required)
            .field("account_id", .uuid, .required, .references(AccountRecord.schema, "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("csrf_token", .string, .required)
            .field("enterprise_id", .uuid, .references(EnterpriseRecord.schema, "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
        try await database.schema(LoginThrottleRecord.schema)
            .id()
            .field("key", .string, .required)
            .field("failures", .int, .required)
            .field("window_started_at", .datetime, .required)
            .field("locked_until", .datetime)
            .unique(on: "key")
            .create()
        try await database.schema(VerificationCodeRecord.schema)
            .id()
            .field("phone", .string, .required)
            .field("purpose", .string, .required)
            .field("code_hash", .string, .required)
            .field("attempts", .int, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(VerificationCodeRecord.schema).delete()
        try await database.schema(LoginThrottleRecord.schema).delete()
        try await database.schema(SessionRecord.schema).delete()
    }
}
