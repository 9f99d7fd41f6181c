import Fluent
import Foundation

/// Slows down password guessing: 5 failed sign-ins for one account within 15 minutes lock that
/// account for 15 minutes, the next lock 30, then an hour … at most a day; 30 from one address lock
/// the address the same way. A success clears the account's count.
struct LoginThrottle {
    let database: any Database

    static let window: TimeInterval = 15 * 60
    static let lockout: TimeInterval = 15 * 60
    static let accountLimit = 5
    /// Back-off: the first lock lasts `lockout`, each one after it twice as long, at most a day.
    static let longestLock: TimeInterval = 24 * 3600
    static let backoffMemory: TimeInterval = 24 * 3600

    static func lockDuration(afterLockouts lockouts: Int) -> TimeInterval {
        min(longestLock, lockout * pow(2, Double(min(lockouts, 10))))
    }
    static let addressLimit = 30

    /// An account's lock, whatever login (mobile, ID number, staff number) it is called by.
    static func accountKey(_ account: UUID) -> String { "account:" + account.uuidString.lowercased() }
    /// Attempts on a login that names no account.
    static func loginKey(_ loginIndex: String) -> String { "login:" + loginIndex }
    static func addressKey(_ address: String) -> String { "ip:" + address }
    /// Wrong second-factor codes count apart from passwords, so a right password does not clear them.
    static func secondFactorKey(_ account: UUID) -> String { "second-factor:" + account.uuidString.lowercased() }

    /// Throws 429 when any of the keys is locked.
    func check(_ keys: [String], now: Date = Date()) async throws {
        let records = try await LoginThrottleRecord.query(on: database).filter(\.$key ~~ keys).all()
        if let until = records.compactMap(\.lockedUntil).filter({ $0 > now }).max() {
            let seconds = max(1, Int(until.timeIntervalSince(now).rounded(.up)))
            let minutes = max(1, Int((Double(seconds) / 60).rounded(.up)))
            throw ServiceError.tooManyRequests("登录失败次数过多，请 \(minutes) 分钟后再试，或找回密码", retryAfter: seconds)
        }
    }

    func recordFailure(_ keys: [(key: String, limit: Int)], now: Date = Date()) async throws {
        for (key, limit) in keys {
            let record = try await LoginThrottleRecord.query(on: database).filter(\.$key == key).first()
                ?? LoginThrottleRecord(key: key, now: now)
            if now.timeIntervalSince(record.windowStartedAt) > Self.window {
                record.windowStartedAt = now
                record.failures = 0
            }
            // a day after the last lock ended, the back-off starts again from the first step
            if let until = record.lockedUntil, now.timeIntervalSince(until) > Self.backoffMemory { record.lockouts = 0 }
            record.failures += 1
            if record.failures >= limit {
                record.lockedUntil = now.addingTimeInterval(Self.lockDuration(afterLockouts: record.lockouts))
                record.lockouts += 1
                record.failures = 0
                record.windowStartedAt = now
            }
            try await record.save(on: database)
        }
    }

    func reset(_ key: String) async throws {
        try await LoginThrottleRecord.query(on: database).filter(\.$key == key).delete()
    }
}
