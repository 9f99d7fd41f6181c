import Fluent

/// 一件事: bundles of items from several departments, kept beside the catalog they are built from.
struct CreateBundles: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(BundleRecord.schema)
            .field("code", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("life_cycle", .string, .required)
            .field("stage", .string, .required)
            .field("lead_department_code", .string, .required,
                   .references(DepartmentRecord.schema, "code", onDelete: .restrict))
            .field("definition", .string, .required)
            .field("source", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(BundleRecord.schema).delete()
    }
}
