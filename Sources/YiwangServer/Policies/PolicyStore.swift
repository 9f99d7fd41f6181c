import Fluent
import Foundation
import YiwangDomain

/// The published policy versions: the shipped files (`Resources/Policies`) stored at start when
/// missing, and new versions staff publish. Decisions are made with the book this gives.
struct PolicyStore {
    let database: any Database

    /// Every published version.
    func book() async throws -> PolicyBook {
        PolicyBook(try await PolicyVersionRecord.query(on: database).all().compactMap { try? PolicyBook.decode(Data($0.document.utf8)) })
    }

    /// Stores the shipped versions the database lacks; returns how many were added.
    @discardableResult
    func loadShipped(from directory: String, now: Date) async throws -> Int {
        guard FileManager.default.fileExists(atPath: directory) else { return 0 }
        let stored = Set(try await PolicyVersionRecord.query(on: database).all().map { "\($0.policyID)#\($0.version)" })
        var added = 0
        for policy in try PolicyFiles.load(directory: directory) where !stored.contains("\(policy.id)#\(policy.version)") {
            try await PolicyVersionRecord(policy: policy, document: try Self.document(policy), publishedAt: now, publishedBy: "系统（随平台发布）")
                .create(on: database)
            added += 1
        }
        return added
    }

    /// The versions of one policy, newest first, with who published them and when.
    func history(of policyID: String) async throws -> [PolicyVersionRecord] {
        try await PolicyVersionRecord.query(on: database).filter(\.$policyID == policyID).sort(\.$version, .descending).all()
    }

    /// Publishes a new version from its JSON: it must be valid, the next number, for the same department,
    /// and start today at the earliest (a notice often takes effect on the day it is issued — 自印发之日起
    /// 施行 — but never earlier: decisions already made keep their version) and after the version
    /// before it; the one before ends when it starts.
    func publish(_ json: String, policyID: String, department: String?, by staff: String, today: CivilDate, now: Date) async throws -> Policy {
        var errors = FieldErrors()
        let policy: Policy
        do { policy = try PolicyBook.decode(Data(json.utf8)) } catch let invalid as PolicyValidator.Invalid {
            errors.add("document", "政策规则有误：" + invalid.problems.joined(separator: "；"))
            throw errors
        } catch {
            errors.add("document", "政策规则不是有效的 JSON：\(error.localizedDescription)")
            throw errors
        }
        let versions = try await history(of: policyID)
        guard let latest = versions.first, let current = try? PolicyBook.decode(Data(latest.document.utf8)) else {
            throw ServiceError.notFound("没有这项政策")
        }
        if let department, department != current.department { throw ServiceError.forbidden("只能发布本部门的政策") }
        if policy.id != policyID { errors.add("document", "政策编号须为 \(policyID)") }
        if policy.version != latest.version + 1 { errors.add("document", "新版本号须为 \(latest.version + 1)") }
        if policy.department != current.department { errors.add("document", "主管部门不能改变") }
        if policy.effectiveFrom < today { errors.add("document", "生效日期不得早于今天（已作出的决定按原版本执行）") }
        if policy.effectiveFrom <= current.effectiveFrom { errors.add("document", "生效日期须晚于第 \(current.version) 版的生效日期") }
        guard errors.isEmpty else { throw errors }
        try await database.transaction { database in
            var ended = current
            if ended.effectiveTo.map({ $0 > policy.effectiveFrom }) ?? true {
                ended.effectiveTo = policy.effectiveFrom
                latest.document = try Self.document(ended)
                try await latest.update(on: database)
            }
            try await PolicyVersionRecord(policy: policy, document: try Self.document(policy), publishedAt: now, publishedBy: staff)
                .create(on: database)
        }
        return policy
    }

    /// A policy as its file has it.
    static func document(_ policy: Policy) throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(policy), as: UTF8.self)
    }
}
