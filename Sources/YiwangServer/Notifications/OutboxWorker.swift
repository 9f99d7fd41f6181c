import Fluent
import Foundation
import SQLKit

/// Delivers the SMS outbox. A worker leases a batch of due messages (so another node or a restarted
/// worker takes them only after the lease runs out), sends each with its idempotency key, and marks
/// it sent; a failure schedules a retry with exponential back-off, and after `maxAttempts` the
/// message is marked failed with the last error. A crash between sending and marking leaves the
/// message leased: it is sent again after the lease with the same key, which the gateway
/// deduplicates — so nothing is lost and nothing is delivered twice.
struct OutboxWorker: Sendable {
    let database: any Database
    let gateway: any SMSGateway
    /// Opens the sealed recipient, just before sending.
    let vault: PersonalDataVault
    var leaseSeconds: Double = 60
    var maxAttempts = 8
    var batchSize = 50
    /// In-process fault injection for tests: called after each step; throwing stops the worker there
    /// as a crash would.
    var faults: (@Sendable (Step, UUID) throws -> Void)?

    enum Step: Sendable { case claimed, sent }

    struct Report: Sendable, Equatable {
        var sent = 0
        var retried = 0
        var failed = 0
    }

    struct Claimed: Decodable {
        let id: UUID
        let recipient: String
        let body: String
        let idempotency_key: String
        let attempts: Int
    }

    /// Seconds to wait before attempt `attempts + 1`: 10 s, 20 s, 40 s … at most an hour.
    static func backoff(afterAttempt attempts: Int) -> Double {
        min(3600, 10 * pow(2, Double(max(0, attempts - 1))))
    }

    func runOnce(now: Date = Date()) async throws -> Report {
        guard let sql = database as? any SQLDatabase else { return Report() }
        let due: SQLQueryString = """
            status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= \(bind: now))
              AND (lease_until IS NULL OR lease_until < \(bind: now))
            """
        let claimed = try await sql.raw("""
            UPDATE outbox_messages SET lease_until = \(bind: now.addingTimeInterval(leaseSeconds)), attempts = attempts + 1
            WHERE id IN (SELECT id FROM outbox_messages WHERE \(due) ORDER BY created_at LIMIT \(unsafeRaw: String(batchSize)))
              AND \(due)
            RETURNING id, recipient, body, idempotency_key, attempts
            """).all(decoding: Claimed.self)
        var report = Report()
        for message in claimed {
            try faults?(.claimed, message.id)
            do {
                let providerID = try await gateway.send(SMSMessage(to: try vault.open(message.recipient), body: message.body,
                                                                   idempotencyKey: message.idempotency_key))
                try faults?(.sent, message.id)
                try await sql.raw("""
                    UPDATE outbox_messages SET status = 'sent', sent_at = \(bind: now), provider_id = \(bind: providerID),
                      lease_until = NULL, last_error = NULL
                    WHERE id = \(bind: message.id)
                    """).run()
                report.sent += 1
            } catch let fault as InjectedFault {
                throw fault
            } catch {
                let reason = String(String(describing: error).prefix(300))
                if message.attempts >= maxAttempts {
                    try await sql.raw("""
                        UPDATE outbox_messages SET status = 'failed', lease_until = NULL, last_error = \(bind: reason) WHERE id = \(bind: message.id)
                        """).run()
                    report.failed += 1
                } else {
                    try await sql.raw("""
                        UPDATE outbox_messages SET lease_until = NULL, last_error = \(bind: reason),
                          next_attempt_at = \(bind: now.addingTimeInterval(Self.backoff(afterAttempt: message.attempts)))
                        WHERE id = \(bind: message.id)
                        """).run()
                    report.retried += 1
                }
            }
        }
        return report
    }
}

/// What a test throws from `OutboxWorker.faults` to stop the worker as a crash would.
struct InjectedFault: Error {}
