import Fluent
import Foundation
import YiwangDomain

/// Tells people what happened: always in their inbox, and by SMS when they have a mobile number.
/// Mobile numbers come and stay sealed (`PersonalDataVault`): only the outbox worker opens them, to send.
/// Call it inside the transaction of the event, so that the event and its messages stand or fall together.
struct NotificationService {
    let database: any Database

    /// An inbox message and, when the account has a mobile number, an SMS in the outbox.
    /// - Parameters:
    ///   - sealedPhone: the account's sealed mobile number (`AccountRecord.sealedPhone`).
    ///   - key: identifies the event, so that doing it again sends nothing new.
    func notify(accountID: UUID, sealedPhone: String?, title: String, body: String, link: String?, key: String,
                now: Date = Date()) async throws {
        try await InboxMessageRecord(accountID: accountID, title: title, body: body, link: link, now: now).create(on: database)
        if let sealedPhone {
            try await queueSMS(toSealed: sealedPhone, body: MessageTemplate.smsSignature + body, key: key, now: now)
        }
    }

    /// Queues an SMS to a sealed mobile number unless one with this key is already queued.
    func queueSMS(toSealed sealedPhone: String, body: String, key: String, now: Date = Date()) async throws {
        guard try await OutboxMessageRecord.query(on: database).filter(\.$idempotencyKey == key).first() == nil else { return }
        try await OutboxMessageRecord(channel: "sms", recipient: sealedPhone, body: body, idempotencyKey: key, now: now)
            .create(on: database)
    }

    /// The latest SMS of the outbox, newest first (for the development page).
    func latestSMS(limit: Int) async throws -> [OutboxMessageRecord] {
        try await OutboxMessageRecord.query(on: database).filter(\.$channel == "sms").sort(\.$createdAt, .descending).limit(limit).all()
    }
}
