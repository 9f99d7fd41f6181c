import Fluent
import Foundation
import Crypto
import YiwangDomain

/// The departments' seal keys: one active key per department (made at first start, or when first
/// needed), rotation, and the public keys as a JWK Set.
struct SealKeys {
    let database: any Database
    /// Needed to sign (and to make keys); reading public keys does without.
    var masterKey: MasterKey?

    private func requireMasterKey() throws -> MasterKey {
        guard let masterKey else { throw ServiceError.unavailable("主密钥尚未加载，无法使用电子印章") }
        return masterKey
    }

    struct JWK: Codable, Sendable, Equatable {
        let kty: String
        let crv: String
        let x: String
        let y: String
        let kid: String
        let alg: String
        let use: String
    }

    struct JWKSet: Codable, Sendable {
        let keys: [JWK]
    }

    /// Makes a key for every department that has none.
    func ensureActiveKeys() async throws {
        for department in try await DepartmentRecord.query(on: database).all() {
            guard let code = department.id else { continue }
            _ = try await activeKey(department: code)
        }
    }

    /// The department's signing key, made if it has none.
    func activeKey(department: String) async throws -> (kid: String, key: P256.Signing.PrivateKey) {
        if let record = try await SealKeyRecord.query(on: database).filter(\.$departmentCode == department)
            .filter(\.$retiredAt == nil).sort(\.$createdAt, .descending).first() {
            return (try record.requireID(), try P256.Signing.PrivateKey(rawRepresentation: requireMasterKey().open(record.privateSealed)))
        }
        return try await create(department: department)
    }

    /// Retires the department's active key and makes a new one; certificates signed with the old
    /// key still verify. Returns the new key id.
    func rotate(department: String, now: Date = Date()) async throws -> String {
        try await database.transaction { database in
            try await SealKeyRecord.query(on: database).filter(\.$departmentCode == department).filter(\.$retiredAt == nil)
                .set(\.$retiredAt, to: now).update()
            return try await SealKeys(database: database, masterKey: masterKey).create(department: department, now: now).kid
        }
    }

    private func create(department: String, now: Date = Date()) async throws -> (kid: String, key: P256.Signing.PrivateKey) {
        let key = P256.Signing.PrivateKey()
        let raw = key.publicKey.rawRepresentation  // x‖y, 32 bytes each
        let record = SealKeyRecord()
        let stamp = CivilDate.today(now: now).description.replacingOccurrences(of: "-", with: "")
        record.id = "\(department)-\(stamp)-\(SHA256.hash(data: raw).hex.prefix(8))"
        record.departmentCode = department
        record.algorithm = "ES256"
        record.publicX = CompactJWS.base64URL(raw.prefix(32))
        record.publicY = CompactJWS.base64URL(raw.suffix(32))
        record.privateSealed = try requireMasterKey().seal(key.rawRepresentation)
        record.createdAt = now
        try await record.create(on: database)
        return (try record.requireID(), key)
    }

    func publicKey(kid: String) async throws -> P256.Signing.PublicKey? {
        guard let record = try await SealKeyRecord.find(kid, on: database),
              let x = CompactJWS.data(base64URL: record.publicX), let y = CompactJWS.data(base64URL: record.publicY) else { return nil }
        return try? P256.Signing.PublicKey(rawRepresentation: x + y)
    }

    /// Every key, active and retired.
    func jwks() async throws -> JWKSet {
        let records = try await SealKeyRecord.query(on: database).sort(\.$createdAt).all()
        return JWKSet(keys: records.compactMap { record in
            record.id.map { JWK(kty: "EC", crv: "P-256", x: record.publicX, y: record.publicY, kid: $0, alg: record.algorithm, use: "sig") }
        })
    }
}
