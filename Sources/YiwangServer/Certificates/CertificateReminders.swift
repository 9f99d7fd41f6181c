import Fluent
import Foundation
import YiwangDomain

/// 证照到期主动提醒: 90, 30 and 7 days before a certificate's last valid day the holder is told, with
/// a link that opens a pre-filled renewal application. Each reminder goes once — a row per
/// (certificate, days) with a unique constraint, written in the transaction of the message; a
/// certificate that reaches a threshold late gets only the nearest reminder.
struct CertificateReminders {
    let platform: Platform

    static let thresholds = [90, 30, 7]

    func run() async throws -> Int {
        let database = platform.database, today = platform.today, now = platform.now
        let horizon = today.adding(days: Self.thresholds.max() ?? 90).description
        let due = try await CertificateRecord.query(on: database).filter(\.$status == .valid)
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
                    let renew = SiteURL.certificateRenew(.value(certificate.number)).path
                    let short = try await ShortLinks.absolute(to: .certificateRenew(.value(certificate.number)), platform: platform.on(database))
                    let account = try await AccountRecord.find(certificate.holderAccountID, on: database)
                    try await NotificationService(database: database).notify(
                        accountID: certificate.holderAccountID, sealedPhone: account?.sealedPhone, title: "证照即将到期：\(certificate.typeName)",
                        body: try MessageTemplate.certificateExpiring.render([
                            "certificate": certificate.typeName, "number": certificate.number, "until": until.description,
                            "days": String(left), "link": short,
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
