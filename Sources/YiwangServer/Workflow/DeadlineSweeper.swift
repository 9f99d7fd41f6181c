import Fluent
import Foundation
import SQLKit
import YiwangDomain

/// Keeps every running case's warning level current as days pass, and tells the handling clerk and
/// the department's approvers when a case's level rises. A running case's deadline and first
/// warning day are fixed dates (they move only when someone acts on the case), so the day's levels
/// are one set-based UPDATE comparing those dates with today — the same comparisons as
/// `DeadlineLevel.on`. Cases whose deadline waits for a year's holiday schedule are counted again
/// one by one. Safe on several nodes at once: a row changes only if it does not already hold the
/// new level (or still holds what was read), so each change — and its messages, written in the
/// same transaction — happens once. Runs every minute in `yiwang serve`.
struct DeadlineSweeper {
    let database: any Database
    let catalog: CatalogCache
    let today: CivilDate

    struct Report: Sendable {
        /// Cases whose level moved with the day.
        var changed = 0
        /// Cases counted again from their clocks (a schedule arrived or changed).
        var recomputed = 0
        var notified = 0
    }

    /// A case whose level changed, as the UPDATE returns it.
    struct Changed: Decodable {
        let id: UUID
        let receipt_number: String
        let service_name: String
        let department_code: String
        let handler_id: UUID?
        let deadline_on: String?
        let level: String
    }

    /// The columns a recount reads.
    struct OpenCase: Decodable {
        let id: UUID
        let receipt_number: String
        let service_code: String
        let service_name: String
        let department_code: String
        let handler_id: UUID?
        let state: String
        let version: Int
        let level: String
        let deadline_on: String?
        let calendar_gap: Int?
        let promised_clock: String?
    }

    static let timedStates = CaseState.allCases.filter(\.isTimed).map(\.rawValue)
    /// Recounted rows are changed in transactions of this many.
    static let batchSize = 500

    func sweep(now: Date = Date()) async throws -> Report {
        var report = try await recount(everything: false, now: now)
        let day = today.description
        let level: SQLQueryString = """
            CASE WHEN deadline_on < \(bind: day) THEN 'overdue' WHEN deadline_on = \(bind: day) THEN 'red' \
            WHEN warning_on <= \(bind: day) THEN 'yellow' ELSE 'normal' END
            """
        let (changed, notified) = try await database.transaction { database in
            let changed = try await Self.sql(database).raw("""
                UPDATE cases SET level = \(level)
                WHERE state IN (\(binds: Self.timedStates)) AND deadline_on IS NOT NULL AND level <> \(level)
                RETURNING id, receipt_number, service_name, department_code, handler_id, deadline_on, level
                """).all(decoding: Changed.self)
            return (changed.count, try await notify(changed.filter { Self.warns($0.level) }, on: database, now: now))
        }
        report.changed = changed
        report.notified += notified
        return report
    }

    /// Counts cases again from their clocks: every running case (after a loaded year's schedule was
    /// replaced), or those whose year has arrived — a provisional (暂定) deadline whose year's schedule
    /// is now loaded, or a deadline that could not be counted at all.
    func recount(everything: Bool, now: Date = Date()) async throws -> Report {
        let calendar = try await CalendarStore(database: database).calendar()
        let loaded = calendar.years.isEmpty ? [0] : calendar.years
        let which: SQLQueryString = everything ? "" : """
            AND (calendar_gap IN (\(binds: loaded)) OR (calendar_gap IS NOT NULL AND deadline_on IS NULL)
                 OR (deadline_on IS NOT NULL AND warning_on IS NULL))
            """
        let rows = try await Self.sql(database).raw("""
            SELECT id, receipt_number, service_code, service_name, department_code, handler_id, state, version, level,
              deadline_on, calendar_gap, promised_clock
            FROM cases WHERE state IN (\(binds: Self.timedStates)) \(which)
            """).all(decoding: OpenCase.self)
        var warningDays: [String: Int] = [:]
        for code in Set(rows.map(\.service_code)) {
            warningDays[code] = try await catalog.guide(code: code, on: database)?.guide.item.yellowAt ?? ServiceItem.defaultWarningDays
        }
        let thresholds = warningDays
        var report = Report()
        for start in stride(from: 0, to: rows.count, by: Self.batchSize) {
            let batch = rows[start..<min(rows.count, start + Self.batchSize)]
            let (recounted, notified) = try await database.transaction { database in
                var risen: [Changed] = []
                var recounted = 0
                for row in batch {
                    let timing = DeadlineTiming.compute(promised: StoredJSON.decode(DeadlineClock.self, from: row.promised_clock),
                                                        state: CaseState(rawValue: row.state) ?? .accepted, on: today,
                                                        calendar: calendar, yellowAt: thresholds[row.service_code] ?? ServiceItem.defaultWarningDays)
                    // only if the row still holds what was read: another node, or a clerk, may have moved it
                    let updated = try await Self.sql(database).raw("""
                        UPDATE cases SET \(timing.assignments)
                        WHERE id = \(bind: row.id) AND version = \(bind: row.version) AND level = \(bind: row.level)
                          AND deadline_on IS NOT DISTINCT FROM \(bind: row.deadline_on)
                          AND calendar_gap IS NOT DISTINCT FROM \(bind: row.calendar_gap)
                        RETURNING id
                        """).all()
                    guard !updated.isEmpty else { continue }
                    recounted += 1
                    if timing.level.rawValue != row.level, Self.warns(timing.level.rawValue) {
                        risen.append(Changed(id: row.id, receipt_number: row.receipt_number, service_name: row.service_name,
                                             department_code: row.department_code, handler_id: row.handler_id,
                                             deadline_on: timing.deadline?.description, level: timing.level.rawValue))
                    }
                }
                return (recounted, try await notify(risen, on: database, now: now))
            }
            report.recomputed += recounted
            report.notified += notified
        }
        return report
    }

    private static func warns(_ level: String) -> Bool {
        [DeadlineLevel.yellow, .red, .overdue].map(\.rawValue).contains(level)
    }

    private static func sql(_ database: any Database) throws -> any SQLDatabase {
        try database.sql()
    }

    /// Inbox messages to the clerk handling each case and its department's approvers, inserted in batches.
    private func notify(_ cases: [Changed], on database: any Database, now: Date) async throws -> Int {
        var approvers: [String: [UUID]] = [:]
        var messages: [InboxMessageRecord] = []
        for item in cases {
            if approvers[item.department_code] == nil {
                approvers[item.department_code] = try await AccountRecord.query(on: database)
                    .filter(\.$departmentCode == item.department_code).filter(\.$roles ~~ StaffRole.approval.rawValue)
                    .all().compactMap(\.id)
            }
            let level = DeadlineLevel(rawValue: item.level) ?? .normal
            let due = item.deadline_on.map { "承诺期限 \($0)，" } ?? ""
            for recipient in Set((approvers[item.department_code] ?? []) + [item.handler_id].compactMap { $0 }) {
                messages.append(InboxMessageRecord(
                    accountID: recipient, title: "\(level.label)：\(item.service_name)",
                    body: "办件 \(item.receipt_number)（\(item.service_name)）\(due)\(level == .overdue ? "已超期" : level == .red ? "今天到期" : "即将到期")，请及时办理。",
                    link: SiteURL.workbenchCase(.value(item.receipt_number)).path, now: now))
            }
        }
        for start in stride(from: 0, to: messages.count, by: Self.batchSize) {
            try await Array(messages[start..<min(messages.count, start + Self.batchSize)]).create(on: database)
        }
        return messages.count
    }
}
