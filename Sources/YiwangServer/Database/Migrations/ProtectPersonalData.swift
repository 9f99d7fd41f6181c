import Fluent
import Foundation
import SQLKit

/// Encryption at rest for ID and mobile numbers: adds the blind-index columns, then seals every
/// value stored in clear before (see `PersonalDataColumns`). The population registry's stand-in is
/// re-keyed by the ID number's index; pending SMS codes, filed under the number, are dropped (they
/// live ten minutes); and sign-in lockouts move to the index of what was typed.
struct ProtectPersonalData: AsyncMigration {
    let vault: PersonalDataVault

    func prepare(on database: any Database) async throws {
        for (table, column) in [(AccountRecord.schema, "id_number_index"), (CertificateRecord.schema, "holder_id_index")] {
            let schema = database.schema(table)
            schema.schema.createFields.append(.definition(name: .key(FieldKey(stringLiteral: column)), dataType: .string, constraints: []))
            try await schema.update()
        }
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "accounts_id_number_index_idx").unique().on(AccountRecord.schema).column("id_number_index").run()
        try await sql.create(index: "certificates_holder_index_idx").on(CertificateRecord.schema).column("holder_id_index").run()
        try await database.transaction { database in
            guard let sql = database as? any SQLDatabase else { return }
            try await PersonalDataColumns.bringToCurrentKey(sql, vault: vault)
            for row in try await sql.select().column("id_number").from(RegistryPersonRecord.schema).all() {
                let idNumber = try row.decode(column: "id_number", as: String.self)
                guard idNumber.count == 18 else { continue }  // already an index
                try await sql.update(RegistryPersonRecord.schema).set("id_number", to: vault.index(idNumber, as: .idNumber))
                    .where("id_number", .equal, idNumber).run()
            }
            try await sql.delete(from: VerificationCodeRecord.schema).run()
            for row in try await sql.select().column("key").from(LoginThrottleRecord.schema).where("key", .like, "account:%").all() {
                let key = try row.decode(column: "key", as: String.self)
                let login = String(key.dropFirst("account:".count))
                try await sql.update(LoginThrottleRecord.schema).set("key", to: LoginThrottle.loginKey(vault.index(login, as: .login)))
                    .where("key", .equal, key).run()
            }
        }
    }

    /// Back to clear text, for a development database (`yiwang migrate --revert`). The registry's
    /// stand-in cannot be re-keyed from its indexes: it is emptied, and seeded again at the next start.
    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await database.transaction { database in
            guard let sql = database as? any SQLDatabase else { return }
            try await PersonalDataColumns.bringToClear(sql, vault: vault)
            try await sql.delete(from: RegistryPersonRecord.schema).run()
        }
        try await sql.drop(index: "certificates_holder_index_idx").run()
        try await sql.drop(index: "accounts_id_number_index_idx").run()
        try await database.schema(CertificateRecord.schema).deleteField("holder_id_index").update()
        try await database.schema(AccountRecord.schema).deleteField("id_number_index").update()
    }
}
