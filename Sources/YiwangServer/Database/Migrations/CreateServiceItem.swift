import Fluent
import SQLKit

struct CreateServiceItem: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ServiceItemRecord.schema)
            .field("code", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("department_code", .string, .required,
                   .references(DepartmentRecord.schema, "code", onDelete: .restrict))
            .field("type", .string, .required)
            .field("online_level", .string, .required)
            .field("statutory_days", .int)
            .field("promised_days", .int)
            .field("guide", .string, .required)
            .field("source", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "service_items_department_code_idx")
            .on(ServiceItemRecord.schema).column("department_code").run()
        try await sql.create(index: "service_items_type_idx")
            .on(ServiceItemRecord.schema).column("type").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ServiceItemRecord.schema).delete()
    }
}
