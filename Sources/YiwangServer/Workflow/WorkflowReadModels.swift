import Foundation
import YiwangDomain

// What the workflow's services tell of cases, for the clerk's queue and case file — read models
// that the API publishes (`WorkbenchDTOs`) and pages map to their contexts.

/// A case as the clerk's queue lists it: its state, deadline and warning level on this day.
struct QueueEntry: Codable, Sendable {
    let receiptNumber: String
    let serviceCode: String
    let serviceName: String
    let state: CaseState
    let level: DeadlineLevel
    let levelLabel: String
    let deadline: String?
    let remainingDays: Int?
    /// Days left and level in words: "剩 2 个工作日，黄色预警", "已超期 2 个工作日", …
    let remainingText: String?
    /// A year the deadline reaches whose holiday schedule is not loaded: the deadline is provisional (暂定).
    let calendarGap: Int?
    let provisional: Bool
    /// "2027-01-18（暂定，剩 20 个工作日）", "计时暂停，剩 5 个工作日", …
    let deadlineText: String?
    let greenChannel: Bool
    /// A component of a 一件事.
    let bundle: Bool
    let submittedAt: Date
    let version: Int

    /// The entry of `record` on `today`: days left are counted afresh from the clock whenever a case
    /// is shown; the level is the one the sweep (or the last action) set.
    init(_ record: CaseRecord, on today: CivilDate, calendar: WorkdayCalendar) {
        let clock = record.promised
        let timing = DeadlineTiming.compute(promised: clock, state: record.state, on: today, calendar: calendar)
        let remaining = timing.remaining ?? record.remainingDays, unit = clock?.unit ?? .workingDays
        receiptNumber = record.receiptNumber
        serviceCode = record.serviceCode
        serviceName = record.serviceName
        state = record.state
        level = record.level
        levelLabel = record.level.label
        deadline = record.deadlineOn
        remainingDays = remaining
        remainingText = DeadlineTiming.text(remaining: remaining, level: record.level, unit: unit)
        calendarGap = record.calendarGap
        provisional = record.calendarGap != nil && record.deadlineOn != nil
        deadlineText = DeadlineTiming.summary(deadline: record.deadlineOn, remaining: remaining, level: record.level, unit: unit,
                                              gap: record.calendarGap)
        greenChannel = record.greenChannel
        bundle = record.bundleApplicationID != nil
        submittedAt = record.submittedAt
        version = record.version
    }
}

/// A page of the clerk's queue, with the counts per level and the department's green-channel figures.
struct QueuePage: Codable, Sendable {
    /// Open cases per level (`DeadlineLevel` raw values), in the scope and filters but the level's.
    let counts: [String: Int]
    let items: [QueueEntry]
    /// `mine` (待我办理: cases waiting for one of the clerk's roles) or `all` (the department's).
    let scope: String
    let total: Int
    let page: Int
    let pages: Int
    let greenChannel: GreenChannelFigures
}

/// How the department uses the green channel.
struct GreenChannelFigures: Codable, Sendable {
    let count: Int
    /// Share of the department's cases, 0–1.
    let share: Double
    /// Working days from acceptance to decision, on average, of decided green-channel cases.
    let averageDays: Double?
}

/// A case as a clerk of its department opens it: the entry, the applicant's data (masked unless
/// shown in clear for a reason), materials, timeline, and the steps the clerk's roles may take.
struct CaseFile: Sendable {
    struct Field: Sendable, Encodable {
        let name: String
        let label: String
        let value: String
    }

    let entry: QueueEntry
    let applicantName: String
    let fields: [Field]
    let files: [UploadedFile]
    let timeline: [CaseEvent]
    let actions: [CaseAction]
    /// The item's materials, for 要求补正 to name.
    let materials: [Material]
    let greenReason: String?
    /// Whether the applicant's data is in clear (after a reason, audited).
    let revealed: Bool
    /// The 一件事 the case is a component of, as this clerk may see it.
    let bundle: BundleMembership?
    /// The receipts before and after it in the clerk's 待我办理.
    let previous: String?
    let next: String?
}

/// The applicant's data as entered, shown to a handling clerk who gave a reason.
struct RevealedApplicant: Sendable {
    let name: String
    let fields: [CaseFile.Field]
}
