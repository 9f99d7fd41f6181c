import Fluent
import SQLKit
import Vapor
import YiwangDomain

/// Keeps every open case's deadline, days left and warning level current (they move as days
/// pass, and when a new year's holiday schedule arrives), and tells the handling clerk and the
/// department's approvers when a case's level changes. Safe on several nodes at once: a row is
/// changed only if it still holds what this sweep read, so each change — and its messages —
/// happens once. Runs every minute in `yiwang serve`.
struct DeadlineSweeper {
    let database: any Database
    let catalog: CatalogCache
    let today: CivilDate

    struct Report: Sendable {
        var examined = 0
        var changed = 0
        var notified = 0
    }

    /// The columns a sweep reads: a light row, not a full model (a sweep reads every open case).
    struct OpenCase: Decodable {
        let id: UUID
        let service_code: String
        let state: String
        let version: Int
        let level: String
        let remaining_days: Int?
        let deadline_on: String?
        let calendar_gap: Int?
        let promised_clock: String?
    }

    /// Rows are changed in transactions of this many, so a day's change is not one commit per case.
    static let batchSize = 500

    func sweep(now: Date = Date()) async throws -> Report {
        guard let sql = database as? any SQLDatabase else { return Report() }
        let calendar = try await CalendarStore(database: database).calendar()
        let timed = [CaseState.accepted, .reviewing, .supplementing, .approving].map(\.rawValue)
        let open = try await sql.raw("""
            SELECT id, service_code, state, version, level, remaining_days, deadline_on, calendar_gap, promised_clock
            FROM cases WHERE state IN (\(binds: timed))
            """).all(decoding: OpenCase.self)
        var report = Report(examined: open.count)
        // each service's 黄色预警 threshold, from the catalog
        var thresholds: [String: Int] = [:]
        for code in Set(open.map(\.service_code)) {
            thresholds[code] = try await catalog.guide(code: code, on: database)?.guide.item.yellowAt ?? ServiceItem.defaultWarningDays
        }
        var changes: [(row: OpenCase, timing: DeadlineTiming)] = []
        for row in open {
            let timing = DeadlineTiming.compute(promised: row.promised_clock.flatMap(WorkflowService.decodeClock),
                                                state: CaseState(rawValue: row.state) ?? .accepted, on: today, calendar: calendar,
                                                yellowAt: thresholds[row.service_code] ?? ServiceItem.defaultWarningDays)
            if timing.level.rawValue != row.level || timing.remaining != row.remaining_days
                || timing.deadline?.description != row.deadline_on || timing.gap != row.calendar_gap {
                changes.append((row, timing))
            }
        }
        var index = 0
        while index < changes.count {
            let batch = changes[index..<min(changes.count, index + Self.batchSize)]
            index += batch.count
            let applied = try await database.transaction { database -> [(OpenCase, DeadlineTiming)] in
                guard let sql = database as? any SQLDatabase else { return [] }
                var applied: [(OpenCase, DeadlineTiming)] = []
                for (row, timing) in batch {
                    // only if the row still holds what this sweep read: another node, or a clerk, may have moved it
                    let changed = try await sql.raw("""
                        UPDATE cases SET level = \(bind: timing.level.rawValue), remaining_days = \(bind: timing.remaining),
                          deadline_on = \(bind: timing.deadline?.description), calendar_gap = \(bind: timing.gap)
                        WHERE id = \(bind: row.id) AND version = \(bind: row.version) AND level = \(bind: row.level)
                          AND remaining_days IS NOT DISTINCT FROM \(bind: row.remaining_days)
                        RETURNING id
                        """).all()
                    if !changed.isEmpty { applied.append((row, timing)) }
                }
                return applied
            }
            report.changed += applied.count
            for (row, timing) in applied where timing.level.rawValue != row.level && [.yellow, .red, .overdue].contains(timing.level) {
                guard let record = try await CaseRecord.find(row.id, on: database) else { continue }
                report.notified += try await notifyStaff(record, level: timing.level, remaining: timing.remaining, now: now)
            }
        }
        return report
    }

    /// The clerk who last acted on the case and the department's approvers.
    private func notifyStaff(_ record: CaseRecord, level: DeadlineLevel, remaining: Int?, now: Date) async throws -> Int {
        let lastActor = try await CaseEventRecord.query(on: database).filter(\.$caseID == record.requireID())
            .filter(\.$actorID != record.accountID).sort(\.$at, .descending).first()?.actorID
        let approvers = try await AccountRecord.query(on: database).filter(\.$departmentCode == record.departmentCode)
            .filter(\.$roles ~~ StaffRole.approval.rawValue).all().compactMap(\.id)
        let recipients = Set(approvers + [lastActor].compactMap { $0 })
        let days = remaining.map { $0 < 0 ? "已超期 \(-$0) 个工作日" : $0 == 0 ? "今天到期" : "剩 \($0) 个工作日" } ?? ""
        for recipient in recipients {
            try await InboxMessageRecord(accountID: recipient, title: "\(level.label)：\(record.serviceName)",
                                         body: "办件 \(record.receiptNumber)（\(record.serviceName)）\(days)，请及时办理。",
                                         link: "/workbench/cases/\(record.receiptNumber)", now: now).create(on: database)
        }
        return recipients.count
    }
}

/// Runs the sweeper every minute while the server runs.
struct DeadlineSweepJob: LifecycleHandler {
    func didBootAsync(_ application: Application) async throws {
        let task = Task {
            while !Task.isCancelled {
                do {
                    let report = try await DeadlineSweeper(database: application.db, catalog: application.catalogCache, today: application.today()).sweep()
                    if report.changed > 0 { application.logger.info("deadline sweep: \(report.changed) of \(report.examined) cases changed") }
                } catch {
                    application.logger.error("deadline sweep failed: \(String(reflecting: error))")
                }
                try? await Task.sleep(for: .seconds(60))
            }
        }
        application.storage[SweepTaskKey.self] = task
    }

    func shutdownAsync(_ application: Application) async {
        application.storage[SweepTaskKey.self]?.cancel()
    }
}

private struct SweepTaskKey: StorageKey { typealias Value = Task<Void, Never> }
