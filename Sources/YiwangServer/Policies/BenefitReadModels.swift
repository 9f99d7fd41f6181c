import Foundation
import YiwangDomain

/// 为您推荐: what a person (or the company they act for) receives, is asked to confirm, no longer
/// receives, and may qualify for — and the profile the platform derived, each fact with its source.
struct BenefitOverview: Sendable {
    struct Item: Sendable {
        let id: UUID
        let policyID: String
        let policyName: String
        let mode: String
        let status: EntitlementStatus
        let amount: String
        let decidedOn: String
        let stopFrom: String?
    }

    /// A policy the holder may qualify for: what is still to confirm, or where to apply (快申快享).
    struct Suggestion: Sendable {
        let policyID: String
        let name: String
        let mode: String
        let summary: String
        let toConfirm: [String]
        let applyCode: String?
        let amount: String
    }

    struct ProfileFact: Sendable, Encodable {
        let label: String
        let value: String
        let source: String
        let asOf: String
    }

    let holder: String
    let forCompany: Bool
    let recommendationsOff: Bool
    let received: [Item]
    let toConfirm: [Item]
    let stopped: [Item]
    let suggestions: [Suggestion]
    let profile: [ProfileFact]
}

/// One entitlement explained: the decision's every condition with the value used, its source and
/// date and the rule's legal reference; what happened since; the objections and how they stand.
struct BenefitDetail: Sendable {
    struct TraceLine: Sendable {
        let depth: Int
        let label: String
        let status: ConditionStatus
        let value: String?
        let source: String?
        let asOf: String?
        let basis: String?
        let fact: String?
    }

    struct Event: Sendable {
        let at: Date
        let action: String
        let detail: String?
    }

    struct Objection: Sendable {
        let id: UUID
        let kind: ObjectionKind
        let statement: String
        let status: ObjectionStatus
        let dueOn: String
        let raisedAt: Date
        let reason: String?
        let correction: String?
    }

    let item: BenefitOverview.Item
    let policyName: String
    let issuer: String
    let version: Int
    let summary: String
    let legalBasis: [String]
    let note: String?
    let outcome: PolicyDecision.Outcome
    let trace: [TraceLine]
    let events: [Event]
    let objections: [Objection]
    /// The last day an objection may be raised (working days after the decision), and whether it still may.
    let objectionUntil: String
    let mayObject: Bool
    /// 一键确认: the item the tap submits and how much of its form the registries have filled.
    let confirmService: String?
    let prefilled: Int
    let fields: Int
    let caseReceipt: String?

    /// The facts the trace used, for an objection's "which data is wrong".
    var facts: [(fact: String, label: String)] { Self.facts(of: trace) }

    /// Each fact a trace used, once, named by the first condition that used it.
    static func facts(of trace: [TraceLine]) -> [(fact: String, label: String)] {
        var seen = Set<String>()
        return trace.compactMap { line in
            guard let fact = line.fact, seen.insert(fact).inserted else { return nil }
            return (fact, line.label)
        }
    }
}

extension BenefitDetail.TraceLine {
    /// A decision's explanation: its conditions, then — where the amount depends on them — the
    /// conditions of the band paid.
    static func lines(of decision: PolicyDecision) -> [BenefitDetail.TraceLine] {
        let band = decision.bandTrace.map { trace in
            [BenefitDetail.TraceLine(depth: 0, label: "发放标准：" + (decision.benefit?.band ?? ""), status: trace.status, value: nil,
                                     source: nil, asOf: nil, basis: nil, fact: nil)] + lines(trace, depth: 1)
        }
        return lines(decision.trace) + (band ?? [])
    }

    /// The trace flattened, children under their group.
    static func lines(_ trace: ConditionTrace, depth: Int = 0) -> [BenefitDetail.TraceLine] {
        [BenefitDetail.TraceLine(depth: depth, label: trace.label, status: trace.status, value: trace.value, source: trace.source,
                                 asOf: trace.asOf?.description, basis: trace.basis, fact: trace.fact)]
            + trace.children.flatMap { lines($0, depth: depth + 1) }
    }
}
