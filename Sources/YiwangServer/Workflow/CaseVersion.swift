import Fluent
import Foundation
import SQLKit

/// The one rule for concurrent work on a case: a change is written only onto the version it was
/// decided on, and moves the version on; whoever comes second is told the case has moved.
enum CaseVersion {
    static let conflict = ServiceError.conflict("办件已被他人处理，请刷新后查看最新状态")

    /// Applies `assignments` if the case is still at `version`; false when someone got there first.
    static func update(_ database: any Database, caseID: UUID, version: Int, set assignments: SQLQueryString) async throws -> Bool {
        let updated = try await database.sql().raw("""
            UPDATE cases SET \(assignments), version = version + 1
            WHERE id = \(bind: caseID) AND version = \(bind: version)
            RETURNING id
            """).all()
        return !updated.isEmpty
    }

    /// `update`, throwing the conflict when someone got there first.
    static func require(_ database: any Database, caseID: UUID, version: Int, set assignments: SQLQueryString) async throws {
        guard try await update(database, caseID: caseID, version: version, set: assignments) else { throw conflict }
    }
}
