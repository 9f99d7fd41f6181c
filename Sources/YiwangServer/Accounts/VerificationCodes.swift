import Fluent
import Foundation
import YiwangDomain

/// Six-digit codes sent by SMS to prove that a person holds a mobile number. A code lives ten
/// minutes and allows five tries; a number gets one code a minute and ten an hour.
/// Codes are filed under the number's blind index; the number itself goes, sealed, only to the outbox.
struct VerificationCodes {
    let database: any Database
    let vault: PersonalDataVault

    static let lifetime: TimeInterval = 10 * 60
    static let maxAttempts = 5
    static let resendInterval: TimeInterval = 60
    static let hourlyLimit = 10

    static func hash(phoneIndex: String, code: String) -> String {
        SessionStore.hash("code:\(phoneIndex):\(code)")
    }

    /// Sends a code through the outbox.
    func send(to phone: String, purpose: String, now: Date = Date()) async throws {
        let recent = try await VerificationCodeRecord.query(on: database)
            .filter(\.$phoneIndex ~~ vault.lookupIndexes(phone, as: .phone)).filter(\.$createdAt > now.addingTimeInterval(-3600)).all()
        if let last = recent.map(\.createdAt).max(), now.timeIntervalSince(last) < Self.resendInterval {
            let wait = Int((Self.resendInterval - now.timeIntervalSince(last)).rounded(.up))
            throw ServiceError.tooManyRequests("验证码已发送，请 60 秒后再获取", retryAfter: max(1, wait))
        }
        if recent.count >= Self.hourlyLimit, let first = recent.map(\.createdAt).min() {
            let wait = Int((3600 - now.timeIntervalSince(first)).rounded(.up))
            throw ServiceError.tooManyRequests("该号码获取验证码过于频繁，请一小时后再试", retryAfter: max(1, wait))
        }
        let code = String(format: "%06d", Int.random(in: 0..<1_000_000))
        let phoneIndex = vault.index(phone, as: .phone)
        let record = VerificationCodeRecord(phoneIndex: phoneIndex, purpose: purpose, codeHash: Self.hash(phoneIndex: phoneIndex, code: code),
                                            now: now, expiresAt: now.addingTimeInterval(Self.lifetime))
        try await database.transaction { database in
            try await record.create(on: database)
            try await NotificationService(database: database).queueSMS(
                toSealed: try vault.seal(phone), body: MessageTemplate.smsSignature + MessageTemplate.verificationCode.render(["code": code]),
                key: "code:\(try record.requireID())", now: now)
        }
    }

    /// Nil when the code is right, else the message for the person. A right code is used up, unless
    /// `consume` is false: then `consume(phone:purpose:)` uses it up once what it allowed is done.
    func verify(phone: String, purpose: String, code: String, consume: Bool = true, now: Date = Date()) async throws -> String? {
        guard let record = try await VerificationCodeRecord.query(on: database)
            .filter(\.$phoneIndex ~~ vault.lookupIndexes(phone, as: .phone)).filter(\.$purpose == purpose).filter(\.$usedAt == nil)
            .sort(\.$createdAt, .descending).first(),
            record.expiresAt > now else { return "验证码已过期或未获取，请重新获取" }
        guard record.attempts < Self.maxAttempts else { return "验证码错误次数过多，请重新获取" }
        let trimmed = code.trimmingCharacters(in: .whitespaces)
        guard ConstantTime.equal(Self.hash(phoneIndex: record.phoneIndex, code: trimmed), record.codeHash) else {
            record.attempts += 1
            try await record.update(on: database)
            return "验证码不正确"
        }
        if consume {
            record.usedAt = now
            try await record.update(on: database)
        }
        return nil
    }

    /// Uses up the number's live codes for `purpose`.
    func consume(phone: String, purpose: String, now: Date = Date()) async throws {
        try await VerificationCodeRecord.query(on: database).filter(\.$phoneIndex ~~ vault.lookupIndexes(phone, as: .phone))
            .filter(\.$purpose == purpose).filter(\.$usedAt == nil).set(\.$usedAt, to: now).update()
    }
}
