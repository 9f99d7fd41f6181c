import Fluent
import Foundation

/// A message in a person's in-app inbox (消息).
final class InboxMessageRecord: Model, @unchecked Sendable {
    static let schema = "inbox_messages"

    @ID(key: .id) var id: UUID?
    @Field(key: "account_id") var accountID: UUID
    @Field(key: "title") var title: String
    @Field(key: "body") var body: String
    /// A path on this site, e.g. the case page.
    @OptionalField(key: "link") var link: String?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "read_at") var readAt: Date?

    init() {}

    init(accountID: UUID, title: String, body: String, link: String?, now: Date) {
        self.accountID = accountID; self.title = title; self.body = body; self.link = link; self.createdAt = now
    }
}

/// A message to send outside the platform (SMS), written in the same transaction as the event
/// that causes it; a worker delivers it. The key makes a retried event write it once.
final class OutboxMessageRecord: Model, @unchecked Sendable {
    static let schema = "outbox_messages"

    @ID(key: .id) var id: UUID?
    @Field(key: "channel") var channel: String
    @Field(key: "recipient") var recipient: String
    @Field(key: "body") var body: String
    /// `pending`, `sent`, `failed`.
    @Field(key: "status") var status: String
    @Field(key: "attempts") var attempts: Int
    @Field(key: "idempotency_key") var idempotencyKey: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "sent_at") var sentAt: Date?
    // delivery (see `CreateCertificateTables`, `OutboxWorker`)
    /// When the worker may try (again); nil means at once.
    @OptionalField(key: "next_attempt_at") var nextAttemptAt: Date?
    /// A worker holds the message until then; after it (a crash), another worker may take it.
    @OptionalField(key: "lease_until") var leaseUntil: Date?
    @OptionalField(key: "last_error") var lastError: String?
    /// The gateway's id for the delivered message.
    @OptionalField(key: "provider_id") var providerID: String?

    init() {}

    init(channel: String, recipient: String, body: String, idempotencyKey: String, now: Date) {
        self.channel = channel; self.recipient = recipient; self.body = body; self.status = "pending"
        self.attempts = 0; self.idempotencyKey = idempotencyKey; self.createdAt = now
    }
}
