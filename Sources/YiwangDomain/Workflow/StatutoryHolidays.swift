import Foundation
import Synchronization

/// The public holidays that 《全国年节及纪念日放假办法》 fixes in advance — as amended by 国务院令第798号,
/// in force from 1 January 2025 (article 2, holidays for all citizens):
/// 元旦 1 day (1 January); 春节 4 days (农历除夕 and 正月初一 to 初三); 清明节 1 day (the day of the
/// 清明 solar term); 劳动节 2 days (1 and 2 May); 端午节 1 day (农历五月初五); 中秋节 1 day (农历八月十五);
/// 国庆节 3 days (1 to 3 October). Article 6: such a holiday that falls on a Saturday or Sunday is
/// made up on a working day (补假).
///
/// The State Council's schedule for a year (published each November) then moves days around (调休)
/// and is what deadlines are counted by. Until it is loaded, this is the provisional schedule (暂定):
/// the holidays of the law, and for each that falls on a weekend the next weekday off.
public enum StatutoryHolidays {
    /// The holidays of `year` by the law, each with its name, in date order.
    public static func holidays(year: Int) -> [HolidaySchedule.Day] {
        var days: [HolidaySchedule.Day] = []
        func add(_ name: String, _ dates: [CivilDate?]) {
            days += dates.compactMap { $0 }.map { HolidaySchedule.Day(name: name, date: $0, isOffDay: true) }
        }
        add("元旦", [CivilDate(year: year, month: 1, day: 1)])
        if let newYear = lunarDate(month: 1, day: 1, inYear: year) {
            add("春节", [newYear.adding(days: -1), newYear, newYear.adding(days: 1), newYear.adding(days: 2)])
        }
        add("清明节", [CivilDate(year: year, month: 4, day: qingmingDay(year: year))])
        add("劳动节", [CivilDate(year: year, month: 5, day: 1), CivilDate(year: year, month: 5, day: 2)])
        add("端午节", [lunarDate(month: 5, day: 5, inYear: year)])
        add("中秋节", [lunarDate(month: 8, day: 15, inYear: year)])
        add("国庆节", (1...3).map { CivilDate(year: year, month: 10, day: $0) })
        return days.sorted { $0.date < $1.date }
    }

    /// The provisional schedule of `year`: the law's holidays, and after each festival as many
    /// weekdays off as its days that fell on a Saturday or Sunday (补假, article 6) or on another
    /// festival's day (中秋 on 3 October, as in 2028). No weekend day is worked (调休上班 is only known
    /// from the published schedule).
    public static func provisionalSchedule(year: Int) -> HolidaySchedule {
        if let known = computed.withLock({ $0[year] }) { return known }
        let schedule = makeProvisionalSchedule(year: year)
        computed.withLock { $0[year] = schedule }
        return schedule
    }

    /// Provisional schedules already worked out in this process (the Chinese calendar is slow).
    private static let computed = Mutex<[Int: HolidaySchedule]>([:])

    private static func makeProvisionalSchedule(year: Int) -> HolidaySchedule {
        let holidays = holidays(year: year)
        var off: [CivilDate: HolidaySchedule.Day] = [:]
        var owedByFestival: [(name: String, last: CivilDate, owed: Int)] = []
        for name in orderedNames(holidays) {
            let festival = holidays.filter { $0.name == name }
            var owed = 0
            for day in festival {
                if day.date.isWeekend { owed += 1 }
                if off[day.date] == nil { off[day.date] = day } else if !day.date.isWeekend { owed += 1 }
            }
            if let last = festival.map(\.date).max(), owed > 0 { owedByFestival.append((name, last, owed)) }
        }
        for (name, last, owed) in owedByFestival {
            var day = last, left = owed
            while left > 0 {
                day = day.adding(days: 1)
                guard day.year == year else { break }
                if day.isWeekend || off[day] != nil { continue }
                off[day] = HolidaySchedule.Day(name: name + "（补假）", date: day, isOffDay: true)
                left -= 1
            }
        }
        // the days are valid by construction (in the year, each once)
        return try! HolidaySchedule(year: year, days: Array(off.values), papers: [source])
    }

    /// Where the rule comes from, for the schedule's `papers`.
    public static let source = "《全国年节及纪念日放假办法》（国务院令第798号修订，2025年1月1日起施行）第二条、第六条；暂定，以国务院办公厅当年公布的放假安排为准"

    private static func orderedNames(_ days: [HolidaySchedule.Day]) -> [String] {
        var seen = Set<String>()
        return days.map(\.name).filter { seen.insert($0).inserted }
    }

    /// The day in April of the 清明 solar term, by the usual approximation for 2000–2099
    /// (⌊Y·0.2422 + 4.81⌋ − ⌊Y/4⌋ with Y the year's last two digits); 5 April outside that range.
    static func qingmingDay(year: Int) -> Int {
        guard (2000...2099).contains(year) else { return 5 }
        let y = Double(year % 100)
        return Int((y * 0.2422 + 4.81).rounded(.down)) - (year % 100) / 4
    }

    /// The Gregorian date of a lunar month and day (not a leap month) in the lunar year that begins
    /// in Gregorian `year`, by the Chinese calendar (China Standard Time).
    static func lunarDate(month: Int, day: Int, inYear year: Int) -> CivilDate? {
        guard let start = CivilDate(year: year, month: 1, day: 1) else { return nil }
        // the lunar year that begins in `year` starts between 21 January and 20 February
        var date = start.adding(days: 19)
        let limit = start.adding(days: 400)
        var foundNewYear = false
        while date < limit {
            guard let lunar = chineseComponents(of: date) else { return nil }
            if !foundNewYear {
                if lunar.month == 1, lunar.day == 1, !lunar.leap { foundNewYear = true } else { date = date.adding(days: 1); continue }
            }
            if lunar.month == month, lunar.day == day, !lunar.leap { return date }
            // jump close to the target month, then walk day by day
            date = date.adding(days: lunar.month < month - 1 ? 25 : 1)
        }
        return nil
    }

    private static let chinese: Calendar = {
        var calendar = Calendar(identifier: .chinese)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        return calendar
    }()

    private static func chineseComponents(of date: CivilDate) -> (month: Int, day: Int, leap: Bool)? {
        // noon China time, well inside the day
        let moment = date.startInChina.addingTimeInterval(12 * 3600)
        let parts = chinese.dateComponents([.month, .day, .isLeapMonth], from: moment)
        guard let month = parts.month, let day = parts.day else { return nil }
        return (month, day, parts.isLeapMonth ?? false)
    }
}
