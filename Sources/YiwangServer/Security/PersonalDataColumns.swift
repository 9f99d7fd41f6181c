import Foundation
import SQLKit

/// Where personal data sits at rest, column by column, and the one routine that brings every row to
/// the current key: values stored in clear (before encryption at rest) are sealed, values sealed
/// under a previous master key are sealed again, and each blind index is recomputed from the clear
/// value. It only writes rows that change, so running it twice does nothing the second time. Used
/// by the migration that introduced encryption at rest and by `yiwang keys reencrypt`.
enum PersonalDataColumns {
    /// A blind index kept beside a sealed column.
    struct Index {
        let column: String
        /// The sealed column it indexes.
        let source: String
        let kind: PersonalDataVault.IndexKind
        /// Only rows where this column has this value carry the index.
        var onlyWhere: (column: String, value: String)?
        /// In clear text (before encryption at rest) the column held the value itself rather than nothing.
        var heldValueInClear = false
    }

    struct Table {
        let name: String
        let sealed: [String]
        var indexes: [Index] = []
        /// The primary key `id` is text rather than a UUID.
        var textKey = false
    }

    static let tables: [Table] = [
        Table(name: "accounts", sealed: ["id_number", "phone"], indexes: [
            Index(column: "id_number_index", source: "id_number", kind: .idNumber),
            // a citizen signs in with their mobile number: the login is its index
            Index(column: "login", source: "phone", kind: .login, onlyWhere: ("kind", "citizen"), heldValueInClear: true),
        ]),
        Table(name: "outbox_messages", sealed: ["recipient"]),
        Table(name: "application_drafts", sealed: ["form_values"]),
        Table(name: "cases", sealed: ["form_values"]),
        Table(name: "assistant_sessions", sealed: ["state"], textKey: true),
        Table(name: "assistant_tickets", sealed: ["message", "contact"]),
        Table(name: "certificates", sealed: ["holder_id", "claims", "form_values", "jws"], indexes: [
            Index(column: "holder_id_index", source: "holder_id", kind: .idNumber),
        ]),
    ]

    /// Rows rewritten, per table.
    @discardableResult
    static func bringToCurrentKey(_ sql: any SQLDatabase, vault: PersonalDataVault) async throws -> [String: Int] {
        try await rewrite(sql, vault: vault, toClear: false)
    }

    /// The way back, for reverting the migration on a development database: every value opened,
    /// every index emptied (a citizen's login becomes their mobile number again).
    static func bringToClear(_ sql: any SQLDatabase, vault: PersonalDataVault) async throws {
        _ = try await rewrite(sql, vault: vault, toClear: true)
    }

    private static func rewrite(_ sql: any SQLDatabase, vault: PersonalDataVault, toClear: Bool) async throws -> [String: Int] {
        var changed: [String: Int] = [:]
        for table in tables {
            let filters = table.indexes.compactMap(\.onlyWhere?.column)
            let columns = Array(Set(table.sealed + table.indexes.map(\.column) + filters))
            let rows = try await sql.select().column("id").columns(columns.map { SQLIdentifier($0) }).from(table.name).all()
            for row in rows {
                var updates: [(String, String?)] = []
                var clear: [String: String] = [:]
                for column in table.sealed {
                    guard let stored = try row.decode(column: column, as: String?.self) else { continue }
                    let value = stored.hasPrefix(PersonalDataVault.prefix + ":") ? try vault.open(stored) : stored
                    clear[column] = value
                    if toClear { if value != stored { updates.append((column, value)) } }
                    else if !vault.isCurrent(stored) { updates.append((column, try vault.seal(value) as String)) }
                }
                for index in table.indexes {
                    if let only = index.onlyWhere, try row.decode(column: only.column, as: String?.self) != only.value { continue }
                    guard let value = clear[index.source] else { continue }
                    let wanted = toClear ? (index.heldValueInClear ? value : nil) : vault.index(value, as: index.kind)
                    if try row.decode(column: index.column, as: String?.self) != wanted { updates.append((index.column, wanted)) }
                }
                guard !updates.isEmpty else { continue }
                var update = sql.update(table.name)
                for (column, value) in updates { update = update.set(SQLIdentifier(column), to: SQLBind(value)) }
                let key: any Encodable & Sendable = table.textKey ? try row.decode(column: "id", as: String.self)
                    : try row.decode(column: "id", as: UUID.self)
                try await update.where("id", .equal, SQLBind(key)).run()
                changed[table.name, default: 0] += 1
            }
        }
        return changed
    }
}
