import Crypto
import Fluent
import Foundation

/// The chain's head as the platform publishes it, like a transparency log's signed tree head: how
/// many links the chain had, the last link's hash, when, signed with the audit signing key (ES256,
/// r‖s, base64). Kept outside the database — in the log, by whoever fetches
/// `GET /api/v1/audit/head` — it shows any later rewrite or truncation of what it covers.
struct AuditHead: Codable, Sendable, Equatable {
    /// How often a head is published.
    static let interval: TimeInterval = 3600

    let size: Int
    let hash: String
    let at: Date
    let signature: String

    /// What is signed: `yiwang-audit-head:v1|size|hash|milliseconds since 1970`.
    static func message(size: Int, hash: String, at: Date) -> Data {
        Data("yiwang-audit-head:v1|\(size)|\(hash)|\(Int64((at.timeIntervalSince1970 * 1000).rounded()))".utf8)
    }

    /// Signs a head; its time is kept to the second, as ISO 8601 carries it.
    init(size: Int, hash: String, at: Date, signedWith key: P256.Signing.PrivateKey) throws {
        let second = Date(timeIntervalSince1970: at.timeIntervalSince1970.rounded(.down))
        self.size = size
        self.hash = hash
        self.at = second
        signature = try key.signature(for: Self.message(size: size, hash: hash, at: second)).rawRepresentation.base64EncodedString()
    }

    init(size: Int, hash: String, at: Date, signature: String) {
        self.size = size; self.hash = hash; self.at = at; self.signature = signature
    }

    func isSigned(by key: P256.Signing.PublicKey) -> Bool {
        guard let raw = Data(base64Encoded: signature), let signature = try? P256.Signing.ECDSASignature(rawRepresentation: raw) else { return false }
        return key.isValidSignature(signature, for: Self.message(size: size, hash: hash, at: at))
    }
}

/// A head the platform published (append-only).
final class AuditHeadRecord: Model, @unchecked Sendable {
    static let schema = "audit_heads"

    /// The chain's length at the head.
    @ID(custom: "size", generatedBy: .user) var id: Int?
    @Field(key: "hash") var hash: String
    @Field(key: "at") var at: Date
    @Field(key: "signature") var signature: String

    init() {}

    var head: AuditHead { AuditHead(size: id ?? 0, hash: hash, at: at, signature: signature) }
}

extension AuditChain {
    /// Signs and stores the chain's current head, unless the latest published one already is it;
    /// returns the latest head (nil for an empty chain).
    @discardableResult
    func publishHead(now: Date = Date()) async throws -> AuditHead? {
        guard let keys, let last = try await AuditChainRecord.query(on: database).sort(\.$id, .descending).first(), let size = last.id else {
            return try await latestHead()
        }
        if let published = try await latestHead(), published.size == size { return published }
        let head = try AuditHead(size: size, hash: last.hash, at: now, signedWith: keys.signingKey)
        let record = AuditHeadRecord()
        record.id = head.size
        record.hash = head.hash
        record.at = head.at
        record.signature = head.signature
        do { try await record.create(on: database) } catch {
            // another node published this very head a moment ago
            guard let published = try await latestHead(), published.size == size else { throw error }
            return published
        }
        return head
    }

    func latestHead() async throws -> AuditHead? {
        try await AuditHeadRecord.query(on: database).sort(\.$id, .descending).first()?.head
    }

    /// Whether the chain still holds what a published head says: its signature is the platform's,
    /// and the chain has its link at `size` with that hash. Nil when it holds; else why not.
    func check(_ head: AuditHead) async throws -> String? {
        guard let keys else { return "审计密钥尚未加载，无法核验链头" }
        guard head.isSigned(by: keys.publicKey) else { return "链头签名无效：不是本平台签发的链头，或已被改动" }
        guard let link = try await AuditChainRecord.find(head.size, on: database) else {
            let length = try await AuditChainRecord.query(on: database).count()
            return "审计链只有 \(length) 条，短于 \(ChinaTime.format(head.at)) 公布的链头（\(head.size) 条）：链尾已被删除"
        }
        guard link.hash == head.hash else {
            return "审计链第 \(head.size) 条的哈希与 \(ChinaTime.format(head.at)) 公布的链头不符：此前的记录已被改动"
        }
        return nil
    }
}
