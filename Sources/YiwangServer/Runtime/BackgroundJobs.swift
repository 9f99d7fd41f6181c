import Fluent
import Foundation
import Vapor

/// A task `yiwang serve` runs every `interval` while it runs, each round on its own `Platform`;
/// a failed round is logged and the next one tries again. Every job is safe on several nodes at
/// once (see each service).
struct PeriodicJob: LifecycleHandler {
    let name: String
    let interval: Duration
    let work: @Sendable (Application) async throws -> Void

    private final class Running: Sendable {
        let task: Task<Void, Never>
        init(_ task: Task<Void, Never>) { self.task = task }
    }

    private struct RunningKey: StorageKey { typealias Value = [String: Running] }

    private func running(_ application: Application) -> [String: Running] { application.storage[RunningKey.self] ?? [:] }

    func didBootAsync(_ application: Application) async throws {
        let (name, interval, work) = (name, interval, work)
        let task = Task {
            while !Task.isCancelled {
                do { try await work(application) } catch {
                    application.logger.error("\(name) failed: \(String(reflecting: error))")
                }
                try? await Task.sleep(for: interval)
            }
        }
        var running = running(application)
        running[name] = Running(task)
        application.storage[RunningKey.self] = running
    }

    func shutdownAsync(_ application: Application) async {
        running(application)[name]?.task.cancel()
    }
}

/// The platform's background jobs, as `yiwang serve` runs them.
enum BackgroundJobs {
    static let all: [PeriodicJob] = [deadlineSweep, outboxDelivery, certificateReminders, policyMatching, auditChain]

    /// Every running case's warning level, every minute (see `DeadlineSweeper`).
    static let deadlineSweep = PeriodicJob(name: "deadline sweep", interval: .seconds(60)) { app in
        let report = try await DeadlineSweeper(database: app.db, catalog: app.catalogCache, today: app.today()).sweep()
        if report.changed + report.recomputed > 0 {
            app.logger.info("deadline sweep: \(report.changed) levels changed, \(report.recomputed) deadlines counted again, \(report.notified) notifications")
        }
    }

    /// The SMS outbox, every two seconds (see `OutboxWorker`).
    static let outboxDelivery = PeriodicJob(name: "sms delivery", interval: .seconds(2)) { app in
        let report = try await OutboxWorker(database: app.db, gateway: app.smsGateway, vault: app.personalData).runOnce()
        if report.retried + report.failed > 0 {
            app.logger.warning("sms delivery: \(report.sent) sent, \(report.retried) to retry, \(report.failed) failed")
        }
    }

    /// Certificate expiry reminders, every hour (see `CertificateReminders`).
    static let certificateReminders = PeriodicJob(name: "certificate expiry reminders", interval: .seconds(3600)) { app in
        let sent = try await CertificateReminders(platform: app.platform()).run()
        if sent > 0 { app.logger.info("certificate expiry reminders: \(sent) sent") }
    }

    /// 政策找人, once a day across all nodes (see `DailyRuns` and `PolicyMatching`): checked every
    /// hour, so a day's run happens within the hour after midnight, or at start.
    static let policyMatching = PeriodicJob(name: "policy matching", interval: .seconds(3600)) { app in
        let platform = app.platform()
        guard try await DailyRuns(database: app.db).claim("policy matching", on: platform.today) else { return }
        do {
            let report = try await PolicyMatching(platform: platform).run()
            app.logger.notice("policy matching: \(report.summary)")
        } catch {
            try await DailyRuns(database: app.db).release("policy matching", on: platform.today)
            throw error
        }
    }

    /// New audit records sealed into the hash chain every minute; every hour the chain's head is
    /// signed, published (`GET /api/v1/audit/head`) and written to the log, so that a chain rewritten
    /// or cut short later shows against a head kept elsewhere (`yiwang audit verify --head`).
    static let auditChain = PeriodicJob(name: "audit chain sealing", interval: .seconds(60)) { app in
        let chain = AuditChain(database: app.db, keys: app.auditKeys)
        try await chain.seal()
        let latest = try await chain.latestHead()
        if latest.map({ Date().timeIntervalSince($0.at) >= AuditHead.interval }) ?? true, let head = try await chain.publishHead() {
            let json = String(decoding: try JSONConventions.encoder().encode(head), as: UTF8.self)
            app.logger.notice("audit chain head", metadata: ["head": .string(json)])
        }
    }
}
