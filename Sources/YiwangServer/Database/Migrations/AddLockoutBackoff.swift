import Fluent
import SQLKit

/// How many times in a row a sign-in key was locked, so each lock lasts twice the one before.
struct AddLockoutBackoff: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let schema = database.schema(LoginThrottleRecord.schema)
        schema.schema.createFields.append(.definition(name: .key("lockouts"), dataType: .int, constraints: [.required, .sql(.default(0))]))
        try await schema.update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(LoginThrottleRecord.schema).deleteField("lockouts").update()
    }
}
