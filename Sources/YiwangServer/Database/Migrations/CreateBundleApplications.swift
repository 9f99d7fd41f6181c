import Fluent

/// 一件事 applications: the application with its holder draft and receipt, one row per component
/// item, and on each case the bundle application it belongs to.
struct CreateBundleApplications: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(BundleApplicationRecord.schema)
            .id()
            .field("bundle_code", .string, .required)
            .field("bundle_name", .string, .required)
            .field("account_id", .uuid, .required, .references(AccountRecord.schema, "id"))
            .field("draft_id", .uuid, .required, .references(ApplicationDraftRecord.schema, "id"))
            .field("answers", .string, .required)
            .field("status", .string, .required)
            .field("receipt_number", .string)
            .field("submitted_at", .datetime)
            .field("overall", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "receipt_number")
            .unique(on: "draft_id")
            .create()
        try await database.schema(BundleComponentRecord.schema)
            .id()
            .field("application_id", .uuid, .required, .references(BundleApplicationRecord.schema, "id"))
            .field("item_code", .string, .required)
            .field("item_name", .string, .required)
            .field("department_code", .string, .required)
            .field("position", .int, .required)
            .field("status", .string, .required)
            .field("case_id", .uuid, .references(CaseRecord.schema, "id"))
            .field("note", .string)
            .unique(on: "application_id", "item_code")
            .create()
        let cases = database.schema(CaseRecord.schema)
        cases.schema.createFields.append(.definition(name: .key("bundle_application_id"), dataType: .uuid, constraints: []))
        try await cases.update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CaseRecord.schema).deleteField("bundle_application_id").update()
        try await database.schema(BundleComponentRecord.schema).delete()
        try await database.schema(BundleApplicationRecord.schema).delete()
    }
}
