import Fluent
import Foundation
import YiwangDomain

/// Tells people what happened: always in their inbox, and by SMS when they have a mobile number.
/// Call it inside the transaction of the event, so that the event and its messages stand or fall together.
struct NotificationService {
    let database: any Database

    /// An inbox message and, when the account has a mobile number, an SMS in the outbox.
    /// - Parameter key: identifies the event, so that doing it again sends nothing new.
    func notify(accountID: UUID, phone: String?, title: String, body: String, link: String?, key: String,
                now: Date = Date()) async throws {
        try await InboxMessageRecord(accountID: accountID, title: title, body: body, link: link, now: now).create(on: database)
        if let phone {
            try await queueSMS(to: phone, body: MessageTemplate.smsSignature + body, key: key, now: now)
        }
    }

    /// Queues an SMS unless one with this key is already queued.
    func queueSMS(to phone: String, body: String, key: String, now: Date = Date()) async throws {
        guard try await OutboxMessageRecord.query(on: database).filter(\.$idempotencyKey == key).first() == nil else { return }
        try await OutboxMessageRecord(channel: "sms", recipient: phone, body: body, idempotencyKey: key, now: now)
            .create(on: database)
    }
}
