import Fluent
import SQLKit

/// The audit hash chain, and triggers that make the audit tables append-only: UPDATE and DELETE
/// (and, on PostgreSQL, TRUNCATE) are refused by the database itself.
struct CreateAuditChain: AsyncMigration {
    static let tables = [AuditRecord.schema, AuditChainRecord.schema]

    func prepare(on database: any Database) async throws {
        try await database.schema(AuditChainRecord.schema)
            .field("seq", .int, .identifier(auto: false))
            .field("record_id", .uuid, .required)
            .field("content_hash", .string, .required)
            .field("prev_hash", .string, .required)
            .field("hash", .string, .required)
            .field("sealed_at", .datetime, .required)
            .unique(on: "record_id")
            .create()
        try await Self.makeAppendOnly(Self.tables, on: database)
    }

    /// Triggers that refuse UPDATE and DELETE (and, on PostgreSQL, TRUNCATE) of `tables`' rows.
    static func makeAppendOnly(_ tables: [String], on database: any Database) async throws {
        let sql = try database.sql()
        if sql.dialect.name == "postgresql" {
            try await sql.raw("""
                CREATE OR REPLACE FUNCTION yiwang_audit_append_only() RETURNS trigger AS $$
                BEGIN RAISE EXCEPTION '审计记录只能追加，不能修改或删除'; END $$ LANGUAGE plpgsql
                """).run()
            for table in tables {
                try await sql.raw("""
                    CREATE TRIGGER \(ident: table + "_append_only") BEFORE UPDATE OR DELETE ON \(ident: table)
                    FOR EACH ROW EXECUTE FUNCTION yiwang_audit_append_only()
                    """).run()
                try await sql.raw("""
                    CREATE TRIGGER \(ident: table + "_no_truncate") BEFORE TRUNCATE ON \(ident: table)
                    FOR EACH STATEMENT EXECUTE FUNCTION yiwang_audit_append_only()
                    """).run()
            }
        } else {
            for table in tables {
                for event in ["UPDATE", "DELETE"] {
                    try await sql.raw("""
                        CREATE TRIGGER \(ident: table + "_no_" + event.lowercased()) BEFORE \(unsafeRaw: event) ON \(ident: table)
                        BEGIN SELECT RAISE(ABORT, '审计记录只能追加，不能修改或删除'); END
                        """).run()
                }
            }
        }
    }

    static func dropAppendOnly(_ tables: [String], on database: any Database) async throws {
        let sql = try database.sql()
        for table in tables {
            if sql.dialect.name == "postgresql" {
                try await sql.raw("DROP TRIGGER IF EXISTS \(ident: table + "_append_only") ON \(ident: table)").run()
                try await sql.raw("DROP TRIGGER IF EXISTS \(ident: table + "_no_truncate") ON \(ident: table)").run()
            } else {
                for event in ["update", "delete"] { try await sql.raw("DROP TRIGGER IF EXISTS \(ident: table + "_no_" + event)").run() }
            }
        }
    }

    func revert(on database: any Database) async throws {
        try await Self.dropAppendOnly(Self.tables, on: database)
        if try database.sql().dialect.name == "postgresql" { try await database.sql().raw("DROP FUNCTION IF EXISTS yiwang_audit_append_only()").run() }
        try await database.schema(AuditChainRecord.schema).delete()
    }
}
