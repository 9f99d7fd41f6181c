import Fluent
import Foundation
import YiwangDomain

/// The holiday schedules in the database: the years shipped in `Resources/Calendar` are loaded at
/// start when missing, and `yiwang calendar import FILE` (or the admin page) adds a new year.
struct CalendarStore {
    let database: any Database

    func calendar() async throws -> WorkdayCalendar {
        let records = try await HolidayScheduleRecord.query(on: database).all()
        return WorkdayCalendar(schedules: records.compactMap { try? HolidaySchedule.decode(Data($0.data.utf8)) })
    }

    /// Stores (or replaces) a year's schedule after checking it.
    @discardableResult
    func importSchedule(_ data: Data) async throws -> HolidaySchedule {
        let schedule: HolidaySchedule
        do { schedule = try HolidaySchedule.decode(data) } catch {
            var errors = FieldErrors()
            errors.add("file", error.description)
            throw errors
        }
        let text = String(decoding: try schedule.encoded(), as: UTF8.self)
        if let existing = try await HolidayScheduleRecord.find(schedule.year, on: database) {
            existing.data = text
            try await existing.update(on: database)
        } else {
            try await HolidayScheduleRecord(year: schedule.year, data: text).create(on: database)
        }
        return schedule
    }

    /// Loads the shipped years that the database does not have yet.
    func loadShipped(from directory: String) async throws {
        let known = Set(try await HolidayScheduleRecord.query(on: database).all().compactMap(\.id))
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for file in files.sorted() where file.hasSuffix(".json") {
            guard let year = Int(file.dropLast(5)), !known.contains(year) else { continue }
            try await importSchedule(Data(contentsOf: URL(fileURLWithPath: directory + "/" + file)))
        }
    }
}
