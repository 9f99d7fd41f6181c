import Crypto
import Fluent
import Foundation

/// The audit log's own keys, made once and kept sealed under the master key (so a database
/// administrator, who does not hold it, can neither add a record the platform will take for its
/// own nor re-link the chain): an HMAC-SHA256 key that authenticates every record and every link,
/// and a P-256 key that signs the chain's published heads. Wrapped again when the master key changes
/// (`yiwang keys reencrypt`), so records stay verifiable for as long as they are kept.
final class AuditKeyRecord: Model, @unchecked Sendable {
    static let schema = "audit_keys"

    @ID(custom: "id", generatedBy: .user) var id: String?
    @Field(key: "mac_sealed") var macSealed: String
    @Field(key: "signing_sealed") var signingSealed: String
    /// The head-signing key's public half, x‖y, base64: what anyone checks published heads with.
    @Field(key: "public_key") var publicKey: String
    /// Links sealed before the keys existed (before records were authenticated): only these may
    /// lack a MAC.
    @Field(key: "legacy_links") var legacyLinks: Int
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

struct AuditKeys: Sendable {
    let macKey: SymmetricKey
    let signingKey: P256.Signing.PrivateKey
    /// See `AuditKeyRecord.legacyLinks`.
    var legacyLinks = 0

    static let recordID = "audit-v1"

    /// The keys, made at first start.
    static func load(database: any Database, masterKey: MasterKey, now: Date = Date()) async throws -> AuditKeys {
        if let record = try await AuditKeyRecord.find(recordID, on: database) {
            return AuditKeys(macKey: SymmetricKey(data: try masterKey.open(record.macSealed)),
                             signingKey: try P256.Signing.PrivateKey(rawRepresentation: masterKey.open(record.signingSealed)),
                             legacyLinks: record.legacyLinks)
        }
        let legacy = try await AuditChainRecord.query(on: database).count()
        let keys = AuditKeys(macKey: SymmetricKey(size: .bits256), signingKey: P256.Signing.PrivateKey(), legacyLinks: legacy)
        let record = AuditKeyRecord()
        record.id = recordID
        record.macSealed = try masterKey.seal(keys.macKey.withUnsafeBytes { Data($0) })
        record.signingSealed = try masterKey.seal(keys.signingKey.rawRepresentation)
        record.publicKey = keys.signingKey.publicKey.rawRepresentation.base64EncodedString()
        record.legacyLinks = legacy
        record.createdAt = now
        do {
            try await record.create(on: database)
            return keys
        } catch {
            // another node made them first
            guard try await AuditKeyRecord.find(recordID, on: database) != nil else { throw error }
            return try await load(database: database, masterKey: masterKey)
        }
    }

    /// Authenticates a record's canonical content: `mac1:<hex>`.
    func mac(_ content: String) -> String {
        "mac1:" + Data(HMAC<SHA256>.authenticationCode(for: Data(content.utf8), using: macKey)).hexString
    }

    func isAuthentic(_ content: String, mac: String?) -> Bool {
        guard let mac else { return false }
        return ConstantTime.equal(self.mac(content), mac)
    }

    var publicKey: P256.Signing.PublicKey { signingKey.publicKey }
}

extension Data {
    var hexString: String { map { String(format: "%02x", $0) }.joined() }
}
