import Fluent
import Foundation

/// A signed-in session, in the database so that every node sees it. The token itself is never
/// stored: only its SHA-256, so a copy of the table opens no session.
final class SessionRecord: Model, @unchecked Sendable {
    static let schema = "sessions"

    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "account_id") var accountID: UUID
    /// `web` (a cookie, with a CSRF token) or `api` (a bearer token).
    @Field(key: "kind") var kind: SessionStore.Kind
    @Field(key: "csrf_token") var csrfToken: String
    /// The company the person is acting for, if any.
    @OptionalField(key: "enterprise_id") var enterpriseID: UUID?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date
    @Field(key: "expires_at") var expiresAt: Date

    init() {}

    init(tokenHash: String, accountID: UUID, kind: SessionStore.Kind, csrfToken: String, now: Date, expiresAt: Date) {
        self.tokenHash = tokenHash; self.accountID = accountID; self.kind = kind; self.csrfToken = csrfToken
        self.createdAt = now; self.lastSeenAt = now; self.expiresAt = expiresAt
    }
}

/// Failed sign-ins counted per account and per address, for throttling.
final class LoginThrottleRecord: Model, @unchecked Sendable {
    static let schema = "login_throttles"

    @ID(key: .id) var id: UUID?
    /// `account:<login>` or `ip:<address>`.
    @Field(key: "key") var key: String
    @Field(key: "failures") var failures: Int
    @Field(key: "window_started_at") var windowStartedAt: Date
    @OptionalField(key: "locked_until") var lockedUntil: Date?
    /// Locks in a row (see `AddLockoutBackoff`): each lasts twice the one before.
    @Field(key: "lockouts") var lockouts: Int

    init() {}

    init(key: String, now: Date) {
        self.key = key; self.failures = 0; self.windowStartedAt = now; self.lockouts = 0
    }
}

/// A one-time code sent by SMS to prove a mobile number, stored as a hash.
final class VerificationCodeRecord: Model, @unchecked Sendable {
    static let schema = "verification_codes"

    @ID(key: .id) var id: UUID?
    /// The mobile number's blind index (`PersonalDataVault.index(_:as: .phone)`), never the number.
    @Field(key: "phone") var phoneIndex: String
    @Field(key: "purpose") var purpose: String
    @Field(key: "code_hash") var codeHash: String
    @Field(key: "attempts") var attempts: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?

    init() {}

    init(phoneIndex: String, purpose: String, codeHash: String, now: Date, expiresAt: Date) {
        self.phoneIndex = phoneIndex; self.purpose = purpose; self.codeHash = codeHash; self.attempts = 0
        self.createdAt = now; self.expiresAt = expiresAt
    }
}
