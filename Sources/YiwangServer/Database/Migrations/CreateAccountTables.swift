import Fluent

/// Accounts (citizens and staff), companies, and who may act for which company.
struct CreateAccountTables: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AccountRecord.schema)
            .id()
            .field("kind", .string, .required)
            .field("login", .string, .required)
            .field("name", .string, .required)
            .field("id_number", .string)
            .field("phone", .string)
            .field("address", .string)
            .field("password_hash", .string, .required)
            .field("department_code", .string)
            .field("roles", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "login")
            .unique(on: "id_number")
            .create()
        try await database.schema(EnterpriseRecord.schema)
            .id()
            .field("uscc", .string, .required)
            .field("name", .string, .required)
            .field("legal_representative", .string, .required)
            .field("address", .string)
            .field("created_at", .datetime)
            .unique(on: "uscc")
            .create()
        try await database.schema(EnterpriseAgentRecord.schema)
            .id()
            .field("enterprise_id", .uuid, .required, .references(EnterpriseRecord.schema, "id", onDelete: .cascade))
            .field("account_id", .uuid, .required, .references(AccountRecord.schema, "id", onDelete: .cascade))
            .field("role", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "enterprise_id", "account_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(EnterpriseAgentRecord.schema).delete()
        try await database.schema(EnterpriseRecord.schema).delete()
        try await database.schema(AccountRecord.schema).delete()
    }
}
