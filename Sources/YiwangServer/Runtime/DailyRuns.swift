import Fluent
import Foundation
import YiwangDomain

/// Jobs that run once a day however many nodes there are: the first node to write the day's row
/// (unique on job and day) runs it; a run that fails gives its row back, so the next try runs again.
struct DailyRuns {
    let database: any Database

    func claim(_ job: String, on day: CivilDate) async throws -> Bool {
        do {
            try await DailyRunRecord(job: job, day: day.description).create(on: database)
            return true
        } catch {
            if try await DailyRunRecord.query(on: database).filter(\.$job == job).filter(\.$day == day.description).first() != nil { return false }
            throw error
        }
    }

    func release(_ job: String, on day: CivilDate) async throws {
        try await DailyRunRecord.query(on: database).filter(\.$job == job).filter(\.$day == day.description).delete()
    }
}

final class DailyRunRecord: Model, @unchecked Sendable {
    static let schema = "daily_runs"

    @ID(key: .id) var id: UUID?
    @Field(key: "job") var job: String
    @Field(key: "day") var day: String
    @Timestamp(key: "started_at", on: .create) var startedAt: Date?

    init() {}

    init(job: String, day: String) { self.job = job; self.day = day }
}
