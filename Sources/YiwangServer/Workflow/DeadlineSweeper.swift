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
    let today: CivilDate

    struct Report: Sendable {
        var examined = 0
        var changed = 0
        var notified = 0
    }

    func sweep(now: Date = Date()) async throws -> Report {
        guard let sql = database as? any SQLDatabase else { return Report() }
        let calendar = try await CalendarStore(database: database).calendar()
        let timed = [CaseState.accepted, .reviewing, .supplementing, .approving].map(\.rawValue)
        let open = try await CaseRecord.query(on: database).filter(\.$state ~~ timed).all()
        var report = Report(examined: open.count)
        for record in open {
            let state = CaseState(rawValue: record.state) ?? .accepted
            let timing = DeadlineTiming.compute(promised: record.promisedClock.flatMap(WorkflowService.decodeClock), state: state,
                                                on: today, calendar: calendar)
            guard timing.level.rawValue != record.level || timing.remaining != record.remainingDays
                || timing.deadline?.description != record.deadlineOn || timing.gap != record.calendarGap else { continue }
            let caseID = try record.requireID()
            let changed = try await sql.raw("""
                UPDATE cases SET level = \(bind: timing.level.rawValue), remaining_days = \(bind: timing.remaining),
                  deadline_on = \(bind: timing.deadline?.description), calendar_gap = \(bind: timing.gap)
                WHERE id = \(bind: caseID) AND version = \(bind: record.version) AND level = \(bind: record.level)
                  AND remaining_days IS NOT DISTINCT FROM \(bind: record.remainingDays)
                RETURNING id
                """).all()
            guard !changed.isEmpty else { continue }
            report.changed += 1
            if timing.level != DeadlineLevel(rawValue: record.level), [.yellow, .red, .overdue].contains(timing.level) {
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
                    let report = try await DeadlineSweeper(database: application.db, today: application.today()).sweep()
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
