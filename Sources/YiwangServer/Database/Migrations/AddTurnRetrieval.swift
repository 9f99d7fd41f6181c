import Fluent

/// What each assistant turn retrieved, with scores, and who answered (the provider behind the model).
struct AddTurnRetrieval: AsyncMigration {
    func prepare(on database: any Database) async throws {
        for name in ["retrieval", "provider"] {
            let schema = database.schema(AssistantTurnRecord.schema)
            schema.schema.createFields.append(.definition(name: .key(FieldKey(stringLiteral: name)), dataType: .string, constraints: []))
            try await schema.update()
        }
    }

    func revert(on database: any Database) async throws {
        for name in ["retrieval", "provider"] {
            try await database.schema(AssistantTurnRecord.schema).deleteField(FieldKey(stringLiteral: name)).update()
        }
    }
}
