import Crypto
import Fluent
import FluentSQL
import Foundation
import SQLKit

/// One link of the audit hash chain: the record it seals, the hash of that record's content, the
/// previous link's hash, its own hash = SHA-256(previous hash ‖ content hash), and a MAC of all of
/// it under the audit key, so that nobody without the key can re-link the chain.
final class AuditChainRecord: Model, @unchecked Sendable {
    static let schema = "audit_chain"

    /// Position in the chain, from 1.
    @ID(custom: "seq", generatedBy: .user) var id: Int?
    @Field(key: "record_id") var recordID: UUID
    @Field(key: "content_hash") var contentHash: String
    @Field(key: "prev_hash") var prevHash: String
    @Field(key: "hash") var hash: String
    @Field(key: "sealed_at") var sealedAt: Date
    /// nil for links sealed before links were authenticated (a prefix of the chain).
    @OptionalField(key: "mac") var mac: String?

    init() {}
}

/// The tamper-evident part of the audit log. Audit records are written wherever they happen, in the
/// transaction of the act they record, each authenticated with the audit key (`AuditLog`); the
/// sealer then links the authentic ones, oldest first, into a hash chain whose links are
/// authenticated too — one sealer at a time (a PostgreSQL advisory lock; SQLite has one writer).
/// Both tables refuse UPDATE and DELETE (database triggers). `verify` recomputes the whole chain and
/// names the first record or link that was changed, removed, added behind the platform's back, or
/// out of time order; a published, signed head (`AuditHead`) anchors the chain outside the database.
struct AuditChain {
    let database: any Database
    /// Without them (a database not yet prepared) nothing is sealed and verification says so.
    let keys: AuditKeys?

    /// An arbitrary constant naming the sealer's advisory lock.
    static let lockKey = 7_263_001
    static let genesis = String(repeating: "0", count: 64)
    /// How much older than the record before it a record may be in the chain: the longest a
    /// transaction that wrote a record may have stayed open. Older means backdated.
    static let lateness: TimeInterval = 10 * 60

    /// The canonical content of a record: its fields in a fixed order, as a JSON array.
    static func canonicalContent(_ record: AuditRecord) -> String {
        let milliseconds = Int64((record.at.timeIntervalSince1970 * 1000).rounded())
        let fields = [record.id?.uuidString ?? "", String(milliseconds), record.actorID?.uuidString ?? "", record.actorName,
                      record.roles, record.action, record.object, record.outcome, record.ip, record.requestID, record.detail ?? ""]
        return String(decoding: (try? JSONEncoder().encode(fields)) ?? Data(), as: UTF8.self)
    }

    static func contentHash(_ record: AuditRecord) -> String {
        SHA256.hash(data: Data(canonicalContent(record).utf8)).hex
    }

    static func link(previous: String, content: String) -> String {
        SHA256.hash(data: Data((previous + content).utf8)).hex
    }

    /// What a link's MAC covers: its position, the hashes, and when it was sealed.
    static func linkContent(_ link: AuditChainRecord) -> String {
        "\(link.id ?? 0)|\(link.recordID.uuidString)|\(link.prevHash)|\(link.contentHash)|\(link.hash)|\(Int64((link.sealedAt.timeIntervalSince1970 * 1000).rounded()))"
    }

    /// The chain's last link and the records not in the chain yet, oldest first.
    static func unlinked(on database: any Database) async throws -> (head: AuditChainRecord?, pending: [AuditRecord]) {
        let head = try await AuditChainRecord.query(on: database).sort(\.$id, .descending).first()
        let pending = try await database.sql().raw("""
            SELECT r.* FROM audit_records r LEFT JOIN audit_chain c ON c.record_id = r.id
            WHERE c.record_id IS NULL ORDER BY r.at, r.id
            """).all(decodingFluent: AuditRecord.self)
        return (head, pending)
    }

    /// The link that seals `record` after `previous` (nil: the chain's first), not yet authenticated or saved.
    static func nextLink(after previous: AuditChainRecord?, for record: AuditRecord, sealedAt: Date) throws -> AuditChainRecord {
        let link = AuditChainRecord()
        link.id = (previous?.id ?? 0) + 1
        link.recordID = try record.requireID()
        link.contentHash = contentHash(record)
        link.prevHash = previous?.hash ?? genesis
        link.hash = Self.link(previous: link.prevHash, content: link.contentHash)
        link.sealedAt = sealedAt
        return link
    }

    /// Links every authentic record not yet in the chain, oldest first; returns how many. A record
    /// the platform did not write (no MAC, or a wrong one) is left out of the chain — `verify`
    /// names it.
    @discardableResult
    func seal(now: Date = Date()) async throws -> Int {
        guard let keys else { return 0 }
        return try await database.transaction { database in
            let sql = try database.sql()
            if sql.dialect.name == "postgresql" {
                try await sql.raw("SELECT pg_advisory_xact_lock(\(unsafeRaw: String(Self.lockKey)))").run()
            }
            let (head, pending) = try await Self.unlinked(on: database)
            var last = head
            var sealed = 0
            for record in pending where keys.isAuthentic(Self.canonicalContent(record), mac: record.mac) {
                let link = try Self.nextLink(after: last, for: record, sealedAt: max(now, head?.sealedAt ?? now))
                link.mac = keys.mac(Self.linkContent(link))
                try await link.create(on: database)
                last = link
                sealed += 1
            }
            return sealed
        }
    }

    struct Report: Sendable, Equatable {
        let length: Int
        let head: String
        /// The first thing that does not hold, in Chinese; nil when the chain is whole.
        let problem: String?
    }

    /// Recomputes the chain from the start: each link's place, hashes and MAC; each record's content
    /// and MAC; time never going back along the chain (beyond `lateness`); and no record in the table
    /// that the platform did not write.
    func verify() async throws -> Report {
        let links = try await AuditChainRecord.query(on: database).sort(\.$id).all()
        let records = Dictionary(try await AuditRecord.query(on: database).all().compactMap { record in record.id.map { ($0, record) } },
                                 uniquingKeysWith: { a, _ in a })
        guard let keys else { return Report(length: 0, head: Self.genesis, problem: "审计密钥尚未加载，无法核验") }
        var previous = Self.genesis
        var previousAt: Date?, previousSealedAt: Date?
        func broken(_ index: Int, _ problem: String) -> Report { Report(length: index, head: previous, problem: problem) }
        for (index, link) in links.enumerated() {
            let seq = link.id ?? 0
            guard seq == index + 1 else { return broken(index, "第 \(index + 1) 条链接缺失（链中下一条为第 \(seq) 条）") }
            guard link.prevHash == previous else { return broken(index, "第 \(seq) 条的前一哈希与链不符：链在此处被改动或截断") }
            guard let record = records[link.recordID] else { return broken(index, "第 \(seq) 条审计记录（\(link.recordID)）已被删除") }
            guard Self.contentHash(record) == link.contentHash else {
                return broken(index, "第 \(seq) 条审计记录（\(link.recordID)）的内容已被修改")
            }
            guard Self.link(previous: previous, content: link.contentHash) == link.hash else { return broken(index, "第 \(seq) 条的哈希与内容不符") }
            // links sealed since records were authenticated carry a MAC, and so do their records
            if seq > keys.legacyLinks || link.mac != nil {
                guard keys.isAuthentic(Self.linkContent(link), mac: link.mac) else {
                    return broken(index, "第 \(seq) 条链接的认证码不符：链在此处被重新计算过")
                }
                guard keys.isAuthentic(Self.canonicalContent(record), mac: record.mac) else {
                    return broken(index, "第 \(seq) 条审计记录（\(link.recordID)）的认证码不符：记录不是平台写入的，或已被改动")
                }
            }
            if let previousAt, record.at < previousAt.addingTimeInterval(-Self.lateness) {
                return broken(index, "第 \(seq) 条审计记录（\(link.recordID)）的时间 \(ChinaTime.format(record.at)) 早于链中前一条：记录被倒签")
            }
            if let previousSealedAt, link.sealedAt < previousSealedAt {
                return broken(index, "第 \(seq) 条链接的封存时间早于前一条")
            }
            previous = link.hash
            previousAt = max(previousAt ?? record.at, record.at)
            previousSealedAt = link.sealedAt
        }
        let chained = Set(links.map(\.recordID))
        let foreign = records.values.filter { !chained.contains($0.id ?? UUID()) && !keys.isAuthentic(Self.canonicalContent($0), mac: $0.mac) }
        if let first = foreign.min(by: { $0.at < $1.at }) {
            return Report(length: links.count, head: previous,
                          problem: "审计表中有 \(foreign.count) 条记录不是平台写入的（如 \(first.id?.uuidString ?? "")，\(first.action)，时间 \(ChinaTime.format(first.at))），可能是直接写入数据库的")
        }
        return Report(length: links.count, head: previous, problem: nil)
    }
}
