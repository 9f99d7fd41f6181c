/// Working days (工作日) as Chinese administrative limits count them: Monday to Friday, except public
/// holidays, plus the weekend days worked instead (调休上班) — by the schedule of each year. A year
/// whose schedule is not loaded cannot be counted: the answer says so instead of guessing.
///
/// The loaded years are laid out once as a table of days with a running count of working days, so
/// counting the working days between two dates is a subtraction and finding the N-th working day
/// after a date is a binary search — a million deadlines take a fraction of a second.
public struct WorkdayCalendar: Sendable {
    public private(set) var schedules: [Int: HolidaySchedule] = [:]
    /// Day number of the first day of the table (1 January of the first loaded year).
    private var firstDay = 0
    /// `worked[i]`: whether day `firstDay + i` is a working day (false throughout a year not loaded).
    private var worked: [Bool] = []
    /// `cumulative[i]`: working days from the table's start through day `firstDay + i`.
    private var cumulative: [Int32] = []

    public struct MissingSchedule: Error, Sendable, Equatable, CustomStringConvertible {
        public let year: Int
        public init(year: Int) { self.year = year }
        public var description: String { "\(year) 年的放假安排尚未导入，无法计算该年的工作日" }
    }

    public init(schedules: [HolidaySchedule] = []) {
        for schedule in schedules { self.schedules[schedule.year] = schedule }
        rebuild()
    }

    public mutating func load(_ schedule: HolidaySchedule) {
        schedules[schedule.year] = schedule
        rebuild()
    }

    public var years: [Int] { schedules.keys.sorted() }

    private mutating func rebuild() {
        guard let first = schedules.keys.min(), let last = schedules.keys.max(),
              let start = CivilDate(year: first, month: 1, day: 1), let end = CivilDate(year: last, month: 12, day: 31) else {
            worked = []; cumulative = []
            return
        }
        firstDay = start.dayNumber
        worked = (start.dayNumber...end.dayNumber).map { number in
            let date = CivilDate(dayNumber: number)
            guard let schedule = schedules[date.year] else { return false }
            if let entry = schedule.entry(date) { return !entry.isOffDay }
            return !date.isWeekend
        }
        var running: Int32 = 0
        cumulative = worked.map { day in
            if day { running += 1 }
            return running
        }
    }

    /// Throws for the first year in `from...through` with no schedule.
    private func requireYears(_ from: Int, through: Int) throws(MissingSchedule) {
        guard from <= through else { return }
        for year in from...through where schedules[year] == nil { throw MissingSchedule(year: year) }
    }

    /// Working days from the table's start through `date` (0 before the table).
    private func count(through date: CivilDate) -> Int32 {
        let index = date.dayNumber - firstDay
        if index < 0 { return 0 }
        return cumulative[min(index, cumulative.count - 1)]
    }

    public func isWorkday(_ date: CivilDate) throws(MissingSchedule) -> Bool {
        try requireYears(date.year, through: date.year)
        return worked[date.dayNumber - firstDay]
    }

    /// The `count`-th working day after `start` (the day after acceptance is the first day counted).
    /// `count` 0 is `start` itself.
    public func adding(workingDays count: Int, after start: CivilDate) throws(MissingSchedule) -> CivilDate {
        guard count > 0 else { return start }
        let next = start.adding(days: 1)
        try requireYears(next.year, through: next.year)
        let target = self.count(through: start) + Int32(count)
        guard let last = cumulative.last, last >= target else {
            throw MissingSchedule(year: (schedules.keys.max() ?? start.year) + 1)
        }
        // the first day whose running count reaches the target is that working day
        var low = max(0, next.dayNumber - firstDay), high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] >= target { high = middle } else { low = middle + 1 }
        }
        let result = CivilDate(dayNumber: firstDay + low)
        try requireYears(next.year, through: result.year)
        return result
    }

    /// Working days in `(start, end]`: after `start`, up to and including `end` (0 when `end` ≤ `start`).
    public func workingDays(after start: CivilDate, through end: CivilDate) throws(MissingSchedule) -> Int {
        guard end > start else { return 0 }
        try requireYears(start.adding(days: 1).year, through: end.year)
        return Int(count(through: end) - count(through: start))
    }
}
