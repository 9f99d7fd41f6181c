import Fluent

/// Stand-ins for the population and enterprise registries that 一键核验 checks against.
struct CreateRegistryTables: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(RegistryPersonRecord.schema)
            .field("id_number", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("status", .string, .required)
            .create()
        try await database.schema(RegistryEnterpriseRecord.schema)
            .field("uscc", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("status", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RegistryEnterpriseRecord.schema).delete()
        try await database.schema(RegistryPersonRecord.schema).delete()
    }
}
