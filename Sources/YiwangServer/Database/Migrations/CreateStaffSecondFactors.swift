import Fluent

/// Staff's second factor: TOTP secret (encrypted), last step used, recovery-code hashes.
struct CreateStaffSecondFactors: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(StaffSecondFactorRecord.schema)
            .field("account_id", .uuid, .identifier(auto: false))
            .field("secret_sealed", .string, .required)
            .field("confirmed_at", .datetime)
            .field("last_step", .int64)
            .field("recovery_hashes", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(StaffSecondFactorRecord.schema).delete()
    }
}
