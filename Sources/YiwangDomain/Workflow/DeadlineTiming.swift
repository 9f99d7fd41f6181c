/// A case's promised deadline on a day: the deadline and the day it turns yellow, the days left,
/// the warning level. When the deadline reaches a year whose holiday schedule is not loaded, that
/// year is named (`gap`) and the figures are provisional (暂定): counted on the holidays the law
/// fixes in advance, and counted again when the year's schedule arrives.
public struct DeadlineTiming: Sendable, Equatable {
    public let deadline: CivilDate?
    /// The first day of 黄色预警 (see `DeadlineClock.warningDay`).
    public let warningDay: CivilDate?
    /// Working (or calendar) days left: negative when overdue; while suspended, the days left when the clock stopped.
    public let remaining: Int?
    public let level: DeadlineLevel
    /// A year the deadline reaches that has no schedule loaded: the figures are provisional, or —
    /// beyond the provisional horizon — missing.
    public let gap: Int?

    /// Whether the deadline is provisional (暂定): counted without the official schedule of `gap`.
    public var isProvisional: Bool { gap != nil && deadline != nil }

    public static let none = DeadlineTiming(deadline: nil, warningDay: nil, remaining: nil, level: .normal, gap: nil)

    /// - Parameter yellowAt: days left at or below which the case turns yellow (the service's `warning_days`).
    public static func compute(promised: DeadlineClock?, state: CaseState, on today: CivilDate, calendar: WorkdayCalendar,
                               yellowAt: Int = ServiceItem.defaultWarningDays) -> DeadlineTiming {
        guard let promised, state.isTimed else { return .none }
        do {
            return try counted(promised, on: today, calendar: calendar, yellowAt: yellowAt, gap: nil)
        } catch {
            // the official schedule of a year is missing: count provisionally, and say which year
            let missing = error.year
            do {
                return try counted(promised, on: today, calendar: calendar.provisional, yellowAt: yellowAt, gap: missing)
            } catch {
                return DeadlineTiming(deadline: nil, warningDay: nil, remaining: nil, level: .normal, gap: missing)
            }
        }
    }

    private static func counted(_ promised: DeadlineClock, on today: CivilDate, calendar: WorkdayCalendar, yellowAt: Int,
                                gap: Int?) throws(WorkdayCalendar.MissingSchedule) -> DeadlineTiming {
        let deadline = try promised.deadline(calendar), warningDay = try promised.warningDay(yellowAt: yellowAt, calendar)
        return DeadlineTiming(deadline: deadline, warningDay: warningDay, remaining: try promised.remaining(on: today, calendar),
                              level: .on(today, deadline: deadline, warningDay: warningDay), gap: gap)
    }

    /// "剩 5 个工作日", "剩 2 个工作日，黄色预警", "今天到期，红色预警", "已超期 2 个工作日",
    /// "计时暂停，剩 5 个工作日" — for the level shown (a sweep may have set it a minute ago).
    /// The deadline as a clerk reads it: "2026-12-18（剩 5 个工作日）", "2027-01-18（暂定，剩 20 个工作日）",
    /// "计时暂停，剩 5 个工作日", or "2027 年放假安排尚未导入，暂无法计算" beyond what can be counted.
    public static func summary(deadline: String?, remaining: Int?, level: DeadlineLevel, unit: LimitUnit, gap: Int?) -> String? {
        if let gap, deadline == nil { return "\(gap) 年放假安排尚未导入，暂无法计算" }
        guard let text = text(remaining: remaining, level: level, unit: unit) else { return deadline }
        guard let deadline else { return text }
        return gap == nil ? "\(deadline)（\(text)）" : "\(deadline)（暂定，\(text)）"
    }

    /// A provisional count ends with "（暂定）".
    public static func text(remaining: Int?, level: DeadlineLevel, unit: LimitUnit, provisional: Bool = false) -> String? {
        guard let remaining else { return nil }
        let days = unit == .calendarDays ? "天" : "个工作日"
        let text = switch level {
        case .normal: "剩 \(remaining) \(days)"
        case .yellow: "剩 \(remaining) \(days)，黄色预警"
        case .red: "今天到期，红色预警"
        case .overdue: remaining < 0 ? "已超期 \(-remaining) \(days)" : "已超期"
        case .suspended: "计时暂停，剩 \(remaining) \(days)"
        }
        return provisional ? text + "（暂定）" : text
    }
}
