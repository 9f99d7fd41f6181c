/// A case's time limit: N working (or calendar) days counted from the day after acceptance, stopped
/// while the applicant supplements materials (补正) and resumed with the days left on resubmission;
/// an approved extension (延期) adds days.
public struct DeadlineClock: Sendable, Codable, Equatable {
    public let unit: LimitUnit
    public let acceptedOn: CivilDate
    /// Days allowed, extensions included.
    public private(set) var limit: Int
    /// Days used in running periods that have ended (before a suspension).
    public private(set) var usedBefore: Int
    /// The day the current running period started from (acceptance or resubmission); nil while suspended.
    public private(set) var runningSince: CivilDate?

    public init(limit: Int, unit: LimitUnit = .workingDays, acceptedOn: CivilDate) {
        self.limit = limit
        self.unit = unit
        self.acceptedOn = acceptedOn
        usedBefore = 0
        runningSince = acceptedOn
    }

    public var isSuspended: Bool { runningSince == nil }

    /// The last day of the limit; nil while suspended (the clock is stopped).
    public func deadline(_ calendar: WorkdayCalendar) throws(WorkdayCalendar.MissingSchedule) -> CivilDate? {
        guard let runningSince else { return nil }
        let left = max(0, limit - usedBefore)
        switch unit {
        case .workingDays: return try calendar.adding(workingDays: left, after: runningSince)
        case .calendarDays: return runningSince.adding(days: left)
        }
    }

    /// The first day the case is within `yellowAt` days of its deadline: 黄色预警 from that day on.
    /// Like the deadline, fixed while the clock runs (so a sweep compares dates, not counts); nil
    /// while suspended. A limit no longer than `yellowAt` warns from the start.
    public func warningDay(yellowAt: Int, _ calendar: WorkdayCalendar) throws(WorkdayCalendar.MissingSchedule) -> CivilDate? {
        guard let runningSince else { return nil }
        let before = max(0, limit - usedBefore) - max(0, yellowAt)
        guard before > 0 else { return runningSince }
        switch unit {
        case .workingDays: return try calendar.adding(workingDays: before, after: runningSince)
        case .calendarDays: return runningSince.adding(days: before)
        }
    }

    /// Days between `today` and the deadline: positive ahead, 0 on the day, negative when overdue.
    /// While suspended: the days left when the clock stopped.
    public func remaining(on today: CivilDate, _ calendar: WorkdayCalendar) throws(WorkdayCalendar.MissingSchedule) -> Int {
        guard let deadline = try deadline(calendar) else { return limit - usedBefore }
        if deadline >= today { return try days(after: today, through: deadline, calendar) }
        return -(try days(after: deadline, through: today, calendar))
    }

    /// Stops the clock on `day` (a 补正 notice): the days up to and including it are used.
    public mutating func suspend(on day: CivilDate, _ calendar: WorkdayCalendar) throws(WorkdayCalendar.MissingSchedule) {
        guard let runningSince else { return }
        usedBefore += try days(after: runningSince, through: day, calendar)
        self.runningSince = nil
    }

    /// `suspend`, counting the days used provisionally (see `WorkdayCalendar.provisional`) when a
    /// year's schedule is missing; the clock stops either way.
    public mutating func suspend(on day: CivilDate, counting calendar: WorkdayCalendar) {
        do { try suspend(on: day, calendar) } catch {
            do { try suspend(on: day, calendar.provisional) } catch { runningSince = nil }
        }
    }

    /// Starts the clock again on `day` (resubmission): counting resumes the day after.
    public mutating func resume(on day: CivilDate) {
        guard runningSince == nil else { return }
        runningSince = day
    }

    /// An approved extension (延期).
    public mutating func extend(by days: Int) {
        limit += max(0, days)
    }

    /// A shorter limit (绿色通道), never below what is already used nor above the current one.
    public mutating func shorten(to days: Int) {
        limit = max(usedBefore, min(limit, days))
    }

    /// The promised limit of a case in the green channel: half the item's, rounded up (a product
    /// decision: the seed's 绿色通道 "speeds complex approvals"; the province may set its own share).
    public static func greenChannelLimit(_ days: Int) -> Int { max(1, (days + 1) / 2) }

    private func days(after start: CivilDate, through end: CivilDate, _ calendar: WorkdayCalendar) throws(WorkdayCalendar.MissingSchedule) -> Int {
        switch unit {
        case .workingDays: return try calendar.workingDays(after: start, through: end)
        case .calendarDays: return max(0, end.dayNumber - start.dayNumber)
        }
    }
}

/// How close a case is to its deadline.
public enum DeadlineLevel: String, Sendable, Codable, CaseIterable, Comparable {
    case normal, yellow, red, overdue, suspended

    /// 正常, 黄色预警, 红色预警, 已超期, 计时暂停.
    public var label: String {
        switch self {
        case .normal: "正常"
        case .yellow: "黄色预警"
        case .red: "红色预警"
        case .overdue: "已超期"
        case .suspended: "计时暂停"
        }
    }

    /// The level on `today` of a running clock due on `deadline` that warns from `warningDay`
    /// (`DeadlineClock.warningDay`); a stopped clock (no deadline) is `suspended`. A day after the
    /// deadline is overdue even when no working day lies between (the Saturday after a Friday
    /// deadline). The database sweep applies the same comparisons in SQL (`DeadlineSweeper`).
    public static func on(_ today: CivilDate, deadline: CivilDate?, warningDay: CivilDate?) -> DeadlineLevel {
        guard let deadline else { return .suspended }
        if deadline < today { return .overdue }
        if deadline == today { return .red }
        if let warningDay, warningDay <= today { return .yellow }
        return .normal
    }

    private var rank: Int { [.suspended: 0, .normal: 1, .yellow: 2, .red: 3, .overdue: 4][self] ?? 0 }
    public static func < (a: DeadlineLevel, b: DeadlineLevel) -> Bool { a.rank < b.rank }
}
