import Fluent
import Foundation

/// One year's holiday schedule, as imported (holiday-cn JSON).
final class HolidayScheduleRecord: Model, @unchecked Sendable {
    static let schema = "holiday_schedules"

    @ID(custom: "year", generatedBy: .user) var id: Int?
    @Field(key: "data") var data: String
    @Timestamp(key: "imported_at", on: .update) var importedAt: Date?

    init() {}

    init(year: Int, data: String) {
        self.id = year
        self.data = data
    }
}
