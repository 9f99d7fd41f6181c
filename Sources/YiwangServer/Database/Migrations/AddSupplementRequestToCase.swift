import Fluent

/// The materials a 补正 notice asks for (JSON array of material ids), so the applicant's page can
/// show exactly what is missing; cleared on resubmission.
struct AddSupplementRequestToCase: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let schema = database.schema(CaseRecord.schema)
        schema.schema.createFields.append(.definition(name: .key("supplement_items"), dataType: .string, constraints: []))
        try await schema.update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CaseRecord.schema).deleteField("supplement_items").update()
    }
}
