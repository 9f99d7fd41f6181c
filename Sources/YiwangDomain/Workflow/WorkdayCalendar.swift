/// Working days (工作日) as Chinese administrative limits count them: Monday to Friday, except public
/// holidays, plus the weekend days worked instead (调休上班) — by the schedule of each year. A year
/// whose schedule is not loaded cannot be counted: the answer says so instead of guessing.
public struct WorkdayCalendar: Sendable {
    public private(set) var schedules: [Int: HolidaySchedule] = [:]

    public struct MissingSchedule: Error, Sendable, Equatable, CustomStringConvertible {
        public let year: Int
        public init(year: Int) { self.year = year }
        public var description: String { "\(year) 年的放假安排尚未导入，无法计算该年的工作日" }
    }

    public init(schedules: [HolidaySchedule] = []) {
        for schedule in schedules { self.schedules[schedule.year] = schedule }
    }

    public mutating func load(_ schedule: HolidaySchedule) { schedules[schedule.year] = schedule }

    public var years: [Int] { schedules.keys.sorted() }

    public func isWorkday(_ date: CivilDate) throws(MissingSchedule) -> Bool {
        guard let schedule = schedules[date.year] else { throw MissingSchedule(year: date.year) }
        if let entry = schedule.entry(date) { return !entry.isOffDay }
        return !date.isWeekend
    }

    /// The `count`-th working day after `start` (the day after acceptance is the first day counted).
    /// `count` 0 is `start` itself.
    public func adding(workingDays count: Int, after start: CivilDate) throws(MissingSchedule) -> CivilDate {
        var date = start
        var left = count
        while left > 0 {
            date = date.adding(days: 1)
            if try isWorkday(date) { left -= 1 }
        }
        return date
    }

    /// Working days in `(start, end]`: after `start`, up to and including `end` (0 when `end` ≤ `start`).
    public func workingDays(after start: CivilDate, through end: CivilDate) throws(MissingSchedule) -> Int {
        guard end > start else { return 0 }
        var count = 0
        var date = start.adding(days: 1)
        while date <= end {
            if try isWorkday(date) { count += 1 }
            date = date.adding(days: 1)
        }
        return count
    }
}
