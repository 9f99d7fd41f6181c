/// A case's promised deadline on a day: the deadline and the day it turns yellow, the days left,
/// the warning level — or the year whose holiday schedule is missing, when they cannot be counted.
public struct DeadlineTiming: Sendable, Equatable {
    public let deadline: CivilDate?
    /// The first day of 黄色预警 (see `DeadlineClock.warningDay`).
    public let warningDay: CivilDate?
    /// Working (or calendar) days left: negative when overdue; while suspended, the days left when the clock stopped.
    public let remaining: Int?
    public let level: DeadlineLevel
    /// A year the deadline reaches that has no schedule loaded.
    public let gap: Int?

    public static let none = DeadlineTiming(deadline: nil, warningDay: nil, remaining: nil, level: .normal, gap: nil)

    /// - Parameter yellowAt: days left at or below which the case turns yellow (the service's `warning_days`).
    public static func compute(promised: DeadlineClock?, state: CaseState, on today: CivilDate, calendar: WorkdayCalendar,
                               yellowAt: Int = ServiceItem.defaultWarningDays) -> DeadlineTiming {
        guard let promised, state.isTimed else { return .none }
        do {
            let deadline = try promised.deadline(calendar), warningDay = try promised.warningDay(yellowAt: yellowAt, calendar)
            return DeadlineTiming(deadline: deadline, warningDay: warningDay, remaining: try promised.remaining(on: today, calendar),
                                  level: .on(today, deadline: deadline, warningDay: warningDay), gap: nil)
        } catch {
            return DeadlineTiming(deadline: nil, warningDay: nil, remaining: nil, level: .normal, gap: error.year)
        }
    }

    /// "剩 5 个工作日", "剩 2 个工作日，黄色预警", "今天到期，红色预警", "已超期 2 个工作日",
    /// "计时暂停，剩 5 个工作日" — for the level shown (a sweep may have set it a minute ago).
    public static func text(remaining: Int?, level: DeadlineLevel, unit: LimitUnit) -> String? {
        guard let remaining else { return nil }
        let days = unit == .calendarDays ? "天" : "个工作日"
        switch level {
        case .normal: return "剩 \(remaining) \(days)"
        case .yellow: return "剩 \(remaining) \(days)，黄色预警"
        case .red: return "今天到期，红色预警"
        case .overdue: return remaining < 0 ? "已超期 \(-remaining) \(days)" : "已超期"
        case .suspended: return "计时暂停，剩 \(remaining) \(days)"
        }
    }
}
