/// Working days (工作日) as Chinese administrative limits count them: Monday to Friday, except public
/// holidays, plus the weekend days worked instead (调休上班) — by the schedule of each year. A year
/// whose schedule is not loaded cannot be counted for certain: the answer says so instead of
/// guessing. Its `provisional` view counts such a year on the holidays the law fixes in advance
/// (`StatutoryHolidays`), for a deadline marked 暂定 until the year's schedule arrives.
///
/// The loaded years are laid out once as a table of days with a running count of working days, so
/// counting the working days between two dates is a subtraction and finding the N-th working day
/// after a date is a binary search — a million deadlines take a fraction of a second.
public struct WorkdayCalendar: Sendable {
    /// The official schedules, by year.
    public private(set) var schedules: [Int: HolidaySchedule] = [:]
    /// Years in the table counted on the law's holidays (no schedule loaded): from the first loaded
    /// year through `provisionalHorizon` years after the last.
    public private(set) var provisionalYears: Set<Int> = []
    /// Whether this view counts provisional years (see `provisional`) or refuses them.
    public private(set) var countsProvisionalYears = false
    /// Day number of the first day of the table (1 January of the first loaded year).
    private var firstDay = 0
    /// `worked[i]`: whether day `firstDay + i` is a working day.
    private var worked: [Bool] = []
    /// `cumulative[i]`: working days from the table's start through day `firstDay + i`.
    private var cumulative: [Int32] = []

    /// Years after the last loaded one that the provisional view can count.
    public static let provisionalHorizon = 3

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

    /// The same calendar, counting the years without a schedule on the law's holidays: what a
    /// provisional (暂定) deadline is computed with.
    public var provisional: WorkdayCalendar {
        var view = self
        view.countsProvisionalYears = true
        return view
    }

    private mutating func rebuild() {
        guard let first = schedules.keys.min(), let last = schedules.keys.max(),
              let start = CivilDate(year: first, month: 1, day: 1),
              let end = CivilDate(year: last + Self.provisionalHorizon, month: 12, day: 31) else {
            worked = []; cumulative = []; provisionalYears = []
            return
        }
        let missing = (first...(last + Self.provisionalHorizon)).filter { schedules[$0] == nil }
        provisionalYears = Set(missing)
        var byYear = schedules
        for year in missing { byYear[year] = StatutoryHolidays.provisionalSchedule(year: year) }
        firstDay = start.dayNumber
        worked = (start.dayNumber...end.dayNumber).map { number in
            let date = CivilDate(dayNumber: number)
            guard let schedule = byYear[date.year] else { return false }
            if let entry = schedule.entry(date) { return !entry.isOffDay }
            return !date.isWeekend
        }
        var running: Int32 = 0
        cumulative = worked.map { day in
            if day { running += 1 }
            return running
        }
    }

    /// Throws for the first year in `from...through` that this view cannot count: one with no
    /// schedule (unless provisional years count and it is one).
    private func requireYears(_ from: Int, through: Int) throws(MissingSchedule) {
        guard from <= through else { return }
        for year in from...through where schedules[year] == nil {
            if countsProvisionalYears, provisionalYears.contains(year) { continue }
            throw MissingSchedule(year: year)
        }
    }

    /// The first year after `start`'s that this view cannot count.
    private func firstUncountedYear(after year: Int) -> Int {
        var next = year
        while schedules[next] != nil || (countsProvisionalYears && provisionalYears.contains(next)) { next += 1 }
        return next
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
            throw MissingSchedule(year: firstUncountedYear(after: next.year))
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
