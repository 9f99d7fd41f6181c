import Fluent
import SQLKit

/// What lets the deadline sweep work on dates in one statement instead of case by case: the day
/// each case turns yellow (its deadline is already a column), and the clerk handling it (who is
/// told when its level changes). Indexes for the sweep and for the department's queue.
struct AddDeadlineSweepColumns: AsyncMigration {
    func prepare(on database: any Database) async throws {
        for (name, type) in [("warning_on", DatabaseSchema.DataType.string), ("handler_id", .uuid)] {
            let schema = database.schema(CaseRecord.schema)
            schema.schema.createFields.append(.definition(name: .key(FieldKey(stringLiteral: name)), dataType: type, constraints: []))
            try await schema.update()
        }
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "cases_state_deadline_idx").on(CaseRecord.schema).column("state").column("deadline_on").run()
        try await sql.create(index: "cases_department_queue_idx").on(CaseRecord.schema)
            .column("department_code").column("state").column("green_channel").column("deadline_on").run()
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            try await sql.drop(index: "cases_department_queue_idx").run()
            try await sql.drop(index: "cases_state_deadline_idx").run()
        }
        for column in ["warning_on", "handler_id"] {
            try await database.schema(CaseRecord.schema).deleteField(FieldKey(stringLiteral: column)).update()
        }
    }
}
