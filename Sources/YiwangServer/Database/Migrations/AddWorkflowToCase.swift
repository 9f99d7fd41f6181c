import Fluent
import SQLKit

/// The approval workflow's part of a case: a version for concurrent clerks, the two deadline
/// clocks, the promised deadline and warning level the queue sorts on, a flag when the deadline
/// reaches a year with no holiday schedule, and the green channel. Also the holiday schedules.
struct AddWorkflowToCase: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // one column a statement: SQLite adds only one per ALTER TABLE
        let columns: [(String, DatabaseSchema.DataType, [DatabaseSchema.FieldConstraint])] = [
            ("version", .int, [.required, .sql(.default(1))]),
            ("accepted_on", .string, []),
            ("promised_clock", .string, []),
            ("statutory_clock", .string, []),
            ("deadline_on", .string, []),
            ("remaining_days", .int, []),
            ("level", .string, [.required, .sql(.default("normal"))]),
            ("calendar_gap", .int, []),
            ("green_channel", .bool, [.required, .sql(.default(false))]),
            ("green_reason", .string, []),
        ]
        for (name, type, constraints) in columns {
            let schema = database.schema(CaseRecord.schema)
            schema.schema.createFields.append(.definition(name: .key(FieldKey(stringLiteral: name)), dataType: type, constraints: constraints))
            try await schema.update()
        }
        try await database.schema(HolidayScheduleRecord.schema)
            .field("year", .int, .identifier(auto: false))
            .field("data", .string, .required)
            .field("imported_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(HolidayScheduleRecord.schema).delete()
        for column in ["version", "accepted_on", "promised_clock", "statutory_clock", "deadline_on", "remaining_days", "level",
                       "calendar_gap", "green_channel", "green_reason"] {
            try await database.schema(CaseRecord.schema).deleteField(FieldKey(stringLiteral: column)).update()
        }
    }
}
