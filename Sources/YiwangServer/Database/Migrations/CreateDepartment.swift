import Fluent

struct CreateDepartment: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(DepartmentRecord.schema)
            .field("code", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("short_name", .string, .required)
            .field("address", .string)
            .field("phone", .string)
            .field("hours", .string)
            .field("website", .string)
            .field("source", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DepartmentRecord.schema).delete()
    }
}
