import Fluent
import SQLKit

/// The catalog's revision: bumped in the same transaction as every change to items or departments.
enum CatalogRevision {
    static let table = "catalog_revision"

    static func current(on database: any Database) async throws -> Int64 {
        let sql = try database.sql()
        return try await sql.raw("SELECT revision FROM catalog_revision WHERE id = 1")
            .first(decodingColumn: "revision", as: Int64.self) ?? 0
    }

    static func bump(on database: any Database) async throws {
        let sql = try database.sql()
        try await sql.raw("UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1").run()
    }
}
