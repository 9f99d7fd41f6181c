import Fluent
import Foundation
import Vapor
import YiwangDomain

/// 证照到期主动提醒: 90, 30 and 7 days before a certificate's last valid day the holder is told, with
/// a link that opens a pre-filled renewal application. Each reminder goes once — a row per
/// (certificate, days) with a unique constraint, written in the transaction of the message; a
/// certificate that reaches a threshold late gets only the nearest reminder.
struct CertificateReminders {
    let database: any Database
    let publicBaseURL: String

    static let thresholds = [90, 30, 7]

    func run(today: CivilDate, now: Date = Date()) async throws -> Int {
        let horizon = today.adding(days: Self.thresholds.max() ?? 90).description
        let due = try await CertificateRecord.query(on: database).filter(\.$status == "valid")
            .filter(\.$validUntil >= today.description).filter(\.$validUntil <= horizon).all()
        var sent = 0
        for certificate in due {
            guard let until = certificate.validUntil.flatMap(CivilDate.init), let id = certificate.id else { continue }
            let left = until.dayNumber - today.dayNumber
            let reached = Self.thresholds.filter { left <= $0 }
            guard let nearest = reached.min() else { continue }
            let done = Set(try await CertificateReminderRecord.query(on: database).filter(\.$certificateID == id).all().map(\.days))
            guard !done.contains(nearest) else { continue }
            do {
                try await database.transaction { database in
                    for days in reached where !done.contains(days) {
                        let reminder = CertificateReminderRecord()
                        reminder.certificateID = id
                        reminder.days = days
                        reminder.sentAt = now
                        try await reminder.create(on: database)
                    }
                    let renew = "/certificates/\(certificate.number)/renew"
                    let code = try await ShortLinks.make(to: renew, on: database, now: now)
                    let account = try await AccountRecord.find(certificate.holderAccountID, on: database)
                    try await NotificationService(database: database).notify(
                        accountID: certificate.holderAccountID, sealedPhone: account?.sealedPhone, title: "证照即将到期：\(certificate.typeName)",
                        body: try MessageTemplate.certificateExpiring.render([
                            "certificate": certificate.typeName, "number": certificate.number, "until": until.description,
                            "days": String(left), "link": ShortLinks.url(code: code, base: publicBaseURL),
                        ]),
                        link: renew, key: "certificate-expiry-\(id)-\(nearest)", now: now)
                }
                sent += 1
            } catch {
                // another node sent this reminder first (the unique row), or the write failed: next run decides
                continue
            }
        }
        return sent
    }
}

/// Sends due expiry reminders every hour while the server runs.
struct CertificateReminderJob: LifecycleHandler {
    func didBootAsync(_ application: Application) async throws {
        let task = Task {
            while !Task.isCancelled {
                do {
                    let sent = try await CertificateReminders(database: application.db,
                                                              publicBaseURL: application.yiwangConfig?.publicBaseURL ?? "")
                        .run(today: application.today())
                    if sent > 0 { application.logger.info("certificate expiry reminders: \(sent) sent") }
                } catch {
                    application.logger.error("certificate expiry reminders failed: \(String(reflecting: error))")
                }
                try? await Task.sleep(for: .seconds(3600))
            }
        }
        application.storage[ReminderTaskKey.self] = task
    }

    func shutdownAsync(_ application: Application) async {
        application.storage[ReminderTaskKey.self]?.cancel()
    }
}

private struct ReminderTaskKey: StorageKey { typealias Value = Task<Void, Never> }
