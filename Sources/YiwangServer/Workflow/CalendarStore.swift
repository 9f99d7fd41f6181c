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

    /// Stores a year's schedule, then counts again the deadlines it may move: the cases waiting for
    /// that year — or every running case, when a year already loaded was replaced.
    func importAndRecount(_ data: Data, catalog: CatalogCache, today: CivilDate) async throws -> (schedule: HolidaySchedule, recounted: Int) {
        let (schedule, replaced) = try await importSchedule(data)
        let sweeper = DeadlineSweeper(database: database, catalog: catalog, today: today)
        let report = replaced ? try await sweeper.recount(everything: true) : try await sweeper.sweep()
        return (schedule, report.recomputed)
    }

    /// Stores (or replaces) a year's schedule after checking it.
    @discardableResult
    func importSchedule(_ data: Data) async throws -> (schedule: HolidaySchedule, replaced: Bool) {
        let schedule: HolidaySchedule
        do { schedule = try HolidaySchedule.decode(data) } catch {
            var errors = FieldErrors()
            errors.add("file", error.description)
            throw errors
        }
        let text = String(decoding: try schedule.encoded(), as: UTF8.self)
        if let existing = try await HolidayScheduleRecord.find(schedule.year, on: database) {
            let replaced = existing.data != text
            existing.data = text
            try await existing.update(on: database)
            return (schedule, replaced)
        }
        try await HolidayScheduleRecord(year: schedule.year, data: text).create(on: database)
        return (schedule, false)
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

extension CalendarStore {
    /// The loaded years and the cases whose deadline reaches a year not loaded: what the
    /// administrator sees on `/admin/calendar`.
    struct Overview: Sendable {
        struct Year: Sendable, Encodable {
            let year: Int
            let holidays: Int
            let workedWeekends: Int
            let source: String?
        }

        struct Waiting: Sendable, Encodable {
            let receiptNumber: String
            let serviceName: String
            let department: String
            let year: Int
        }

        let years: [Year]
        let waiting: [Waiting]
    }

    func overview() async throws -> Overview {
        let calendar = try await calendar()
        let years = calendar.years.compactMap { calendar.schedules[$0] }.map { schedule in
            Overview.Year(year: schedule.year, holidays: schedule.days.filter(\.isOffDay).count,
                          workedWeekends: schedule.days.filter { !$0.isOffDay }.count, source: schedule.papers.first)
        }
        let waiting = try await CaseRecord.query(on: database).filter(\.$calendarGap != nil).sort(\.$submittedAt).all().map {
            Overview.Waiting(receiptNumber: $0.receiptNumber, serviceName: $0.serviceName, department: $0.departmentCode, year: $0.calendarGap ?? 0)
        }
        return Overview(years: years, waiting: waiting)
    }
}
