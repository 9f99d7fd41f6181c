import Crypto
import Fluent
import Foundation

/// Creates, finds and ends sessions. A web session ends after 30 minutes without use or 12 hours
/// after sign-in, whichever comes first; an API token after 2 hours unused or 24 hours.
struct SessionStore {
    let database: any Database

    /// `pending`: a member of staff who gave the right password and has yet to give the second factor.
    enum Kind: String, Codable, Sendable { case web, api, pending }

    static let idleTimeout: [Kind: TimeInterval] = [.web: 30 * 60, .api: 2 * 3600, .pending: 5 * 60]
    static let absoluteTimeout: [Kind: TimeInterval] = [.web: 12 * 3600, .api: 24 * 3600, .pending: 10 * 60]
    /// `last_seen_at` is written at most this often, not on every request.
    static let touchInterval: TimeInterval = 60

    /// A new random token: 32 bytes, base64url.
    static func newToken() -> String {
        Data([UInt8].random(count: 32)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).hex
    }

    /// Starts a session and gives its token (shown once: only its hash is kept).
    func create(accountID: UUID, kind: Kind, enterpriseID: UUID? = nil, now: Date = Date()) async throws -> (token: String, session: SessionRecord) {
        let token = Self.newToken()
        let session = SessionRecord(tokenHash: Self.hash(token), accountID: accountID, kind: kind,
                                    csrfToken: Self.newToken(), now: now,
                                    expiresAt: now.addingTimeInterval(Self.absoluteTimeout[kind]!))
        session.enterpriseID = enterpriseID
        try await session.create(on: database)
        return (token, session)
    }

    /// The live session for a token, or nil; an expired one is deleted on the way.
    func find(token: String, kind: Kind, now: Date = Date()) async throws -> SessionRecord? {
        guard !token.isEmpty, token.count <= 100,
              let session = try await SessionRecord.query(on: database)
                .filter(\.$tokenHash == Self.hash(token)).filter(\.$kind == kind).first()
        else { return nil }
        if now >= session.expiresAt || now.timeIntervalSince(session.lastSeenAt) > Self.idleTimeout[kind]! {
            try await session.delete(on: database)
            return nil
        }
        if now.timeIntervalSince(session.lastSeenAt) > Self.touchInterval {
            session.lastSeenAt = now
            try await session.update(on: database)
        }
        return session
    }

    func destroy(token: String) async throws {
        try await SessionRecord.query(on: database).filter(\.$tokenHash == Self.hash(token)).delete()
    }
}
