import Fluent
import SQLKit

/// One row counting catalog changes, so that every node can tell when its cached guides are stale.
struct CreateCatalogRevision: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CatalogRevision.table)
            .field("id", .int, .identifier(auto: false))
            .field("revision", .int64, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("INSERT INTO catalog_revision (id, revision) VALUES (1, 1)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CatalogRevision.table).delete()
    }
}
