import Fluent
import SQLKit

/// 小自然's review: feedback on each turn, who reviewed it, and the curated answers reviewers write.
struct AddAnswerReview: AsyncMigration {
    func prepare(on database: any Database) async throws {
        for (name, type) in [("rating", DatabaseSchema.DataType.string), ("feedback_comment", .string), ("rated_at", .datetime),
                             ("reviewed_at", .datetime), ("reviewer", .string)] {
            let schema = database.schema(AssistantTurnRecord.schema)
            schema.schema.createFields.append(.definition(name: .key(FieldKey(stringLiteral: name)), dataType: type, constraints: []))
            try await schema.update()
        }
        try await database.schema(CuratedAnswerRecord.schema)
            .id()
            .field("question_key", .string, .required)
            .field("question", .string, .required)
            .field("answer", .string, .required)
            .field("turn_id", .uuid)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "curated_answers_key_idx").on(CuratedAnswerRecord.schema).column("question_key").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CuratedAnswerRecord.schema).delete()
        for column in ["rating", "feedback_comment", "rated_at", "reviewed_at", "reviewer"] {
            try await database.schema(AssistantTurnRecord.schema).deleteField(FieldKey(stringLiteral: column)).update()
        }
    }
}
