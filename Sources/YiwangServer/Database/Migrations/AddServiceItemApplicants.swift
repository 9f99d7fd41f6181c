import Fluent
import Foundation
import SQLKit
import YiwangDomain

/// Who may apply for each item, as a column (`自然人,法人`): the home page sorts items into 个人 and 法人
/// with one narrow query instead of reading every guide. Rows already there are filled from their guide.
struct AddServiceItemApplicants: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ServiceItemRecord.schema)
            .field("applicant_types", .string, .required, .sql(.default("")))
            .update()
        for record in try await ServiceItemRecord.query(on: database).all() {
            record.applicantTypes = ServiceItemRecord.column(try record.decodedGuide().applicantTypes)
            try await record.update(on: database)
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ServiceItemRecord.schema).deleteField("applicant_types").update()
    }
}
