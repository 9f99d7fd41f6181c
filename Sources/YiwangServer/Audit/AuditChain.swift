import Fluent
import FluentSQL
import Foundation
import SQLKit
import Crypto

/// One link of the audit hash chain: the record it seals, the hash of that record's content, the
/// previous link's hash, and its own hash = SHA-256(previous hash ‖ content hash).
final class AuditChainRecord: Model, @unchecked Sendable {
    static let schema = "audit_chain"

    /// Position in the chain, from 1.
    @ID(custom: "seq", generatedBy: .user) var id: Int?
    @Field(key: "record_id") var recordID: UUID
    @Field(key: "content_hash") var contentHash: String
    @Field(key: "prev_hash") var prevHash: String
    @Field(key: "hash") var hash: String
    @Field(key: "sealed_at") var sealedAt: Date

    init() {}
}

/// The tamper-evident part of the audit log. Audit records are written wherever they happen, in the
/// transaction of the act they record; the sealer then links them, in the order it finds them, into
/// a hash chain — one sealer at a time (a PostgreSQL advisory lock; SQLite has one writer). Both
/// tables refuse UPDATE and DELETE (database triggers). `verify` recomputes the whole chain and
/// names the first record that was changed, removed or cut out.
struct AuditChain {
    let database: any Database

    /// An arbitrary constant naming the sealer's advisory lock.
    static let lockKey = 7_263_001
    static let genesis = String(repeating: "0", count: 64)

    /// The canonical content of a record: its fields in a fixed order, as a JSON array.
    static func contentHash(_ record: AuditRecord) -> String {
        let milliseconds = Int64((record.at.timeIntervalSince1970 * 1000).rounded())
        let fields = [record.id?.uuidString ?? "", String(milliseconds), record.actorID?.uuidString ?? "", record.actorName,
                      record.roles, record.action, record.object, record.outcome, record.ip, record.requestID, record.detail ?? ""]
        let data = (try? JSONEncoder().encode(fields)) ?? Data()
        return SHA256.hash(data: data).hex
    }

    static func link(previous: String, content: String) -> String {
        SHA256.hash(data: Data((previous + content).utf8)).hex
    }

    /// Links every record not yet in the chain; returns how many.
    @discardableResult
    func seal(now: Date = Date()) async throws -> Int {
        try await database.transaction { database in
            if let sql = database as? any SQLDatabase, sql.dialect.name == "postgresql" {
                try await sql.raw("SELECT pg_advisory_xact_lock(\(unsafeRaw: String(Self.lockKey)))").run()
            }
            guard let sql = database as? any SQLDatabase else { return 0 }
            let head = try await AuditChainRecord.query(on: database).sort(\.$id, .descending).first()
            let pending = try await sql.raw("""
                SELECT r.* FROM audit_records r LEFT JOIN audit_chain c ON c.record_id = r.id
                WHERE c.record_id IS NULL ORDER BY r.at, r.id
                """).all(decodingFluent: AuditRecord.self)
            var seq = head?.id ?? 0
            var previous = head?.hash ?? Self.genesis
            for record in pending {
                seq += 1
                let link = AuditChainRecord()
                link.id = seq
                link.recordID = try record.requireID()
                link.contentHash = Self.contentHash(record)
                link.prevHash = previous
                link.hash = Self.link(previous: previous, content: link.contentHash)
                link.sealedAt = now
                try await link.create(on: database)
                previous = link.hash
            }
            return pending.count
        }
    }

    struct Report: Sendable, Equatable {
        let length: Int
        let head: String
        /// The first link that does not hold, in Chinese; nil when the chain is whole.
        let problem: String?
    }

    /// Recomputes the chain from the start.
    func verify() async throws -> Report {
        let links = try await AuditChainRecord.query(on: database).sort(\.$id).all()
        let records = Dictionary(try await AuditRecord.query(on: database).all().compactMap { record in record.id.map { ($0, record) } },
                                 uniquingKeysWith: { a, _ in a })
        var previous = Self.genesis
        for (index, link) in links.enumerated() {
            let seq = link.id ?? 0
            guard seq == index + 1 else {
                return Report(length: index, head: previous, problem: "第 \(index + 1) 条链接缺失（链中下一条为第 \(seq) 条）")
            }
            guard link.prevHash == previous else {
                return Report(length: index, head: previous, problem: "第 \(seq) 条的前一哈希与链不符：链在此处被改动或截断")
            }
            guard let record = records[link.recordID] else {
                return Report(length: index, head: previous, problem: "第 \(seq) 条审计记录（\(link.recordID)）已被删除")
            }
            guard Self.contentHash(record) == link.contentHash else {
                return Report(length: index, head: previous, problem: "第 \(seq) 条审计记录（\(link.recordID)）的内容已被修改")
            }
            guard Self.link(previous: previous, content: link.contentHash) == link.hash else {
                return Report(length: index, head: previous, problem: "第 \(seq) 条的哈希与内容不符")
            }
            previous = link.hash
        }
        let unsealed = records.count - links.count
        return Report(length: links.count, head: previous,
                      problem: unsealed < 0 ? "链中有 \(-unsealed) 条记录在审计表中找不到" : nil)
    }
}
