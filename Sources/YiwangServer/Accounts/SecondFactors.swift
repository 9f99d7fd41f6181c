import Fluent
import Foundation
import SQLKit
import YiwangDomain

/// A member of staff's second factor: a TOTP secret (encrypted under the master key), the last
/// time step used (a code is good once), and the hashes of unused recovery codes.
final class StaffSecondFactorRecord: Model, @unchecked Sendable {
    static let schema = "staff_second_factors"

    @ID(custom: "account_id", generatedBy: .user) var id: UUID?
    @Field(key: "secret_sealed") var secretSealed: String
    /// Set when the person proved they hold the secret (enrollment confirmed).
    @OptionalField(key: "confirmed_at") var confirmedAt: Date?
    @OptionalField(key: "last_step") var lastStep: Int64?
    /// JSON array of SHA-256 hex of the unused recovery codes.
    @Field(key: "recovery_hashes") var recoveryHashes: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// Staff sign in with two factors (MLPS level 3; ASVS 6.3): the password, then a TOTP code from an
/// authenticator app (RFC 6238, 30 s, ±1 step, each step good once) or one of ten single-use
/// recovery codes. First sign-in enrolls: the secret is shown once as a QR code, confirmed with a
/// code, and the recovery codes are shown once.
struct SecondFactors {
    let database: any Database
    let masterKey: MasterKey?

    static let issuer = "湖南政务服务"

    private func requireKey() throws -> MasterKey {
        guard let masterKey else { throw ServiceError.unavailable("主密钥尚未加载") }
        return masterKey
    }

    func record(of accountID: UUID) async throws -> StaffSecondFactorRecord? {
        try await StaffSecondFactorRecord.find(accountID, on: database)
    }

    func totp(of record: StaffSecondFactorRecord) throws -> TOTP {
        TOTP(secret: Array(try requireKey().open(record.secretSealed)))
    }

    /// The enrollment in progress (made if none): the secret to show.
    func beginEnrollment(accountID: UUID, now: Date = Date()) async throws -> TOTP {
        if let record = try await record(of: accountID) {
            guard record.confirmedAt == nil else { throw ServiceError.conflict("已绑定动态口令") }
            return try totp(of: record)
        }
        let totp = TOTP.generateSecret()
        try await store(accountID: accountID, secret: totp.secret, confirmed: nil, now: now)
        return totp
    }

    private func store(accountID: UUID, secret: [UInt8], confirmed: Date?, now: Date) async throws {
        let record = StaffSecondFactorRecord()
        record.id = accountID
        record.secretSealed = try requireKey().seal(Data(secret))
        record.confirmedAt = confirmed
        record.recoveryHashes = "[]"
        record.createdAt = now
        try await record.create(on: database)
    }

    /// Confirms enrollment with a code from the app; returns the recovery codes, shown once.
    func confirm(accountID: UUID, code: String, at time: Date, now: Date = Date()) async throws -> [String] {
        guard let record = try await record(of: accountID), record.confirmedAt == nil else {
            throw ServiceError.conflict("没有待确认的动态口令绑定")
        }
        guard let step = try totp(of: record).verify(code, at: time) else { throw Self.wrongCode }
        let codes = RecoveryCodes.generate()
        record.confirmedAt = now
        record.lastStep = step
        record.recoveryHashes = try StoredJSON.encode(codes.map(RecoveryCodes.hash))
        try await record.update(on: database)
        return codes
    }

    static let wrongCode = ServiceError.unauthenticated("动态口令或恢复码不正确")

    /// What a right code did: let the person in, or confirm their enrollment (with the recovery
    /// codes, to show once).
    enum Outcome: Sendable, Equatable {
        case verified
        case enrolled(recoveryCodes: [String])
    }

    /// The one check of a member of staff's second factor, for the sign-in page and API tokens
    /// alike: refused while the account's second-factor lock holds; a wrong code counts towards the
    /// lock; every attempt, right or refused, is audited. Enrollment is confirmed here when
    /// `enrolling` (the page); without a confirmed factor an API client is refused.
    func check(_ account: AccountRecord, code: String, at time: Date, enrolling: Bool, audit: AuditLog) async throws -> Outcome {
        let accountID = try account.requireID()
        let object = "account:\(accountID)"
        let throttle = LoginThrottle(database: database)
        let key = LoginThrottle.secondFactorKey(accountID)
        do {
            try await throttle.check([key])
            let confirmed = try await record(of: accountID)?.confirmedAt != nil
            let outcome: Outcome
            if confirmed {
                try await verify(accountID: accountID, code: code, at: time)
                outcome = .verified
            } else if enrolling {
                outcome = .enrolled(recoveryCodes: try await confirm(accountID: accountID, code: code, at: time))
            } else {
                throw ServiceError.forbidden("工作人员须先在网页登录并绑定动态口令")
            }
            try await audit.record("auth.second_factor", object: object, detail: outcome == .verified ? nil : "绑定动态口令", actor: account)
            return outcome
        } catch {
            if case ServiceError.unauthenticated = error { try await throttle.recordFailure([(key, LoginThrottle.accountLimit)]) }
            let detail = (error as? ServiceError)?.message
            try? await audit.record("auth.second_factor", object: object, outcome: .denied, detail: detail, actor: account)
            throw error
        }
    }

    /// Checks a TOTP code (each time step once) or an unused recovery code (then spent). Throws
    /// `wrongCode` otherwise, or when the account has no confirmed second factor.
    func verify(accountID: UUID, code raw: String, at time: Date) async throws {
        guard let record = try await record(of: accountID), record.confirmedAt != nil else { throw Self.wrongCode }
        let sql = try database.sql()
        let code = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if let step = try totp(of: record).verify(code, at: time, after: record.lastStep) {
            // take the step only if no one took it (or a later one) first: a code is good once, even in parallel
            let taken = try await sql.raw("""
                UPDATE staff_second_factors SET last_step = \(bind: step)
                WHERE account_id = \(bind: accountID) AND (last_step IS NULL OR last_step < \(bind: step))
                RETURNING account_id
                """).all()
            guard !taken.isEmpty else { throw Self.wrongCode }
            return
        }
        let hash = RecoveryCodes.hash(code)
        var unused = (StoredJSON.decode([String].self, from: record.recoveryHashes) ?? [])
        guard RecoveryCodes.normalize(code).count == 12, let index = unused.firstIndex(of: hash) else { throw Self.wrongCode }
        unused.remove(at: index)
        let spent = try await sql.raw("""
            UPDATE staff_second_factors SET recovery_hashes = \(bind: try StoredJSON.encode(unused))
            WHERE account_id = \(bind: accountID) AND recovery_hashes = \(bind: record.recoveryHashes)
            RETURNING account_id
            """).all()
        guard !spent.isEmpty else { throw Self.wrongCode }
    }

    /// The demo staff's second factor, confirmed, with a secret anyone can derive from the login (see the README).
    func seedDemo(accountID: UUID, login: String, now: Date = Date()) async throws {
        guard try await record(of: accountID) == nil else { return }
        try await store(accountID: accountID, secret: DemoAccounts.totpSecret(login), confirmed: now, now: now)
    }
}
