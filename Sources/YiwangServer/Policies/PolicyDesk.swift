import Fluent
import Foundation
import YiwangDomain

/// Policies as staff and the public see them: the rules in plain Chinese with their legal references,
/// the version history, a preview of how many would qualify (counts only, never who), publishing a
/// new version, and 信息公示 — how many were granted per policy and month.
struct PolicyDesk {
    let platform: Platform

    var database: any Database { platform.database }

    struct Summary: Sendable {
        let id: String
        let name: String
        let issuer: String
        let department: String
        let target: String
        let mode: String
        let summary: String
        let version: Int
        let inForce: Bool
        let effective: String
    }

    struct Version: Sendable {
        let version: Int
        let effective: String
        let publishedAt: Date
        let publishedBy: String
    }

    struct Preview: Sendable, Encodable {
        let version: Int
        let eligible: Int
        let undetermined: Int
        let notEligible: Int
        let population: Int
    }

    struct Page: Sendable {
        let summary: Summary
        let rules: [PolicyExplanation.RuleLine]
        let bands: [String]
        let legalBasis: [String]
        let note: String?
        let objectionDays: Int
        let serviceCode: String?
        let versions: [Version]
        let document: String
        let nextVersion: Int
    }

    /// 信息公示: one policy's grants, month by month.
    struct Publication: Sendable {
        let policy: Summary
        let months: [(month: String, granted: Int)]
        let total: Int
    }

    /// The latest version of every policy (of `department`, when given).
    func summaries(department: String? = nil) async throws -> [Summary] {
        let book = try await PolicyStore(database: database).book()
        let latest = Dictionary(grouping: book.versions, by: \.id).compactMap { $0.value.max { $0.version < $1.version } }
        return latest.filter { department == nil || $0.department == department }.sorted { $0.id < $1.id }.map { summary($0, book: book) }
    }

    func summary(_ policy: Policy, book: PolicyBook) -> Summary {
        let inForce = book.policy(policy.id, on: platform.today)
        let shown = inForce ?? policy
        return Summary(id: policy.id, name: shown.name, issuer: shown.issuer, department: shown.department, target: shown.target.label,
                       mode: shown.mode.label, summary: shown.summary, version: shown.version, inForce: inForce != nil,
                       effective: shown.effectiveFrom.description + " 起" + (shown.effectiveTo.map { "，\($0) 止" } ?? ""))
    }

    /// One policy: the version in force (else the latest), its rules, history and file.
    func page(_ id: String, department: String? = nil) async throws -> Page {
        let book = try await PolicyStore(database: database).book()
        guard let latest = book.versions.filter({ $0.id == id }).max(by: { $0.version < $1.version }),
              department == nil || latest.department == department else {
            throw ServiceError.notFound("没有这项政策")
        }
        let policy = book.policy(id, on: platform.today) ?? latest
        let history = try await PolicyStore(database: database).history(of: id)
        return Page(summary: summary(policy, book: book), rules: PolicyExplanation.rules(policy), bands: PolicyExplanation.bands(policy.benefit),
                    legalBasis: policy.legalBasis.map(\.citation), note: policy.benefit.note, objectionDays: policy.objectionDays,
                    serviceCode: policy.serviceCode,
                    versions: history.compactMap { record in
                        (try? PolicyBook.decode(Data(record.document.utf8))).map {
                            Version(version: $0.version, effective: $0.effectiveFrom.description + ($0.effectiveTo.map { " 至 \($0)" } ?? " 起"),
                                    publishedAt: record.publishedAt, publishedBy: record.publishedBy)
                        }
                    },
                    document: try PolicyStore.document(latest), nextVersion: latest.version + 1)
    }

    /// How many of the platform's people (or companies) a version would find — counts only.
    func preview(_ policy: Policy) async throws -> Preview {
        let matching = PolicyMatching(platform: platform)
        var eligible = 0, undetermined = 0, notEligible = 0, population = 0
        for subject in try await matching.subjects() where subject.target == policy.target {
            population += 1
            switch PolicyEvaluator.evaluate(policy, facts: try await matching.facts(of: subject)).outcome {
            case .eligible: eligible += 1
            case .undetermined: undetermined += 1
            case .notEligible: notEligible += 1
            }
        }
        return Preview(version: policy.version, eligible: eligible, undetermined: undetermined, notEligible: notEligible, population: population)
    }

    /// The candidate version's preview, or what is wrong with it.
    func preview(json: String) async throws -> Preview {
        do { return try await preview(try PolicyBook.decode(Data(json.utf8))) } catch let invalid as PolicyValidator.Invalid {
            var errors = FieldErrors()
            errors.add("document", "政策规则有误：" + invalid.problems.joined(separator: "；"))
            throw errors
        } catch is DecodingError {
            var errors = FieldErrors()
            errors.add("document", "政策规则不是有效的 JSON")
            throw errors
        }
    }

    /// Publishes a version (see `PolicyStore.publish`); one that is in force today finds its people at once.
    func publish(_ id: String, json: String, staff: SignedIn) async throws -> (Policy, PolicyMatching.Report?) {
        let department = staff.roles.contains(.admin) ? nil : staff.departmentCode
        guard department != nil || staff.roles.contains(.admin) else { throw ServiceError.forbidden("只能发布本部门的政策") }
        let policy = try await PolicyStore(database: database).publish(json, policyID: id, department: department, by: staff.staffLabel,
                                                                       today: platform.today, now: platform.now)
        guard policy.isInForce(on: platform.today) else { return (policy, nil) }
        return (policy, try await PolicyMatching(platform: platform).run())
    }

    /// 信息公示: per policy, the number granted (免申即享) or confirmed (一键确认) in each month.
    func publications() async throws -> [Publication] {
        let events = try await BenefitEventRecord.query(on: database).group(.or) {
            $0.filter(\.$action == PolicyMatching.grantedAction).filter(\.$action == BenefitService.confirmedAction)
        }.all()
        let entitlements = try await EntitlementRecord.query(on: database).all()
        let policyOf = Dictionary(entitlements.compactMap { record in record.id.map { ($0, record.policyID) } }, uniquingKeysWith: { a, _ in a })
        var counts: [String: [String: Int]] = [:]
        for event in events {
            guard let policy = policyOf[event.entitlementID] else { continue }
            let month = String(CivilDate.today(now: event.at).description.prefix(7))
            counts[policy, default: [:]][month, default: 0] += 1
        }
        return try await summaries().map { summary in
            let months = (counts[summary.id] ?? [:]).sorted { $0.key > $1.key }.map { (month: $0.key, granted: $0.value) }
            return Publication(policy: summary, months: months, total: months.reduce(0) { $0 + $1.granted })
        }
    }
}
