/// Whether a condition holds: yes, no, or not known (a fact no registry holds, or one the person must
/// confirm). "Not known" is never read as "no": it is asked.
public enum ConditionStatus: String, Codable, Sendable {
    case met
    case notMet = "not_met"
    case unknown
}

/// One line of the explanation: the condition as the person reads it, whether it holds, and for a test
/// the value used, where it comes from and as of when, and the rule's legal reference.
public struct ConditionTrace: Codable, Sendable, Equatable {
    public var label: String
    public var status: ConditionStatus
    public var fact: String?
    public var value: String?
    public var source: String?
    public var asOf: CivilDate?
    public var basis: String?
    public var confirmByPerson: Bool
    public var children: [ConditionTrace]

    /// The tests under this line (itself, when it is one).
    public var leaves: [ConditionTrace] { children.isEmpty ? [self] : children.flatMap(\.leaves) }
}

/// A policy evaluated for one person or company: the outcome, the explanation, and what would be paid.
public struct PolicyDecision: Codable, Sendable, Equatable {
    public enum Outcome: String, Codable, Sendable {
        case eligible
        case notEligible = "not_eligible"
        /// Nothing says no, but something is not known: the person is asked to confirm it.
        case undetermined
    }

    public struct Amount: Codable, Sendable, Equatable {
        public var band: String
        /// Nil where the policy names no single figure (set locally).
        public var amount: Double?
        public var unit: String
    }

    public var policyID: String
    public var version: Int
    public var outcome: Outcome
    public var trace: ConditionTrace
    public var benefit: Amount?
    /// Why this band of the benefit: its condition's trace (nil for a band without one).
    public var bandTrace: ConditionTrace?

    /// The conditions that are not met — what a refusal names.
    public var unmet: [ConditionTrace] { trace.leaves.filter { $0.status == .notMet } }
    /// The conditions to confirm.
    public var unknown: [ConditionTrace] { trace.leaves.filter { $0.status == .unknown } }
}

/// Evaluates policies (pure: no clock, no I/O — the facts and the policy are all it reads).
public enum PolicyEvaluator {
    /// The decision with its full trace.
    public static func evaluate(_ policy: Policy, facts: [String: SourcedFact]) -> PolicyDecision {
        let trace = self.trace(policy.conditions, policy: policy, facts: facts)
        let outcome: PolicyDecision.Outcome = switch trace.status {
        case .met: .eligible
        case .notMet: .notEligible
        case .unknown: .undetermined
        }
        let benefit = outcome == .notEligible ? nil : amount(policy.benefit, facts: facts)
        let band = benefit.flatMap { amount in policy.benefit.bands.first { $0.label == amount.band } }
        return PolicyDecision(policyID: policy.id, version: policy.version, outcome: outcome, trace: trace, benefit: benefit,
                              bandTrace: band?.when.map { self.trace($0, policy: policy, facts: facts) })
    }

    /// Only whether the conditions hold: what a sweep over many people needs before it explains anyone.
    public static func status(_ condition: PolicyCondition, facts: [String: SourcedFact]) -> ConditionStatus {
        switch condition {
        case .test(let test): status(test, facts[test.fact]?.value)
        case .all(let conditions, _): combineAll(conditions.lazy.map { status($0, facts: facts) })
        case .any(let conditions, _): combineAny(conditions.lazy.map { status($0, facts: facts) })
        case .not(let inner, _): negate(status(inner, facts: facts))
        }
    }

    static func trace(_ condition: PolicyCondition, policy: Policy, facts: [String: SourcedFact]) -> ConditionTrace {
        switch condition {
        case .test(let test):
            let fact = facts[test.fact]
            return ConditionTrace(label: test.label, status: status(test, fact?.value), fact: test.fact, value: fact?.value.description,
                                  source: fact?.source, asOf: fact?.asOf,
                                  basis: test.basis.flatMap { policy.legalBasis.indices.contains($0) ? policy.legalBasis[$0].citation : nil },
                                  confirmByPerson: test.confirmByPerson ?? false, children: [])
        case .all(let conditions, let label):
            let children = conditions.map { trace($0, policy: policy, facts: facts) }
            return group(label ?? "同时满足以下条件", combineAll(children.map(\.status)), children)
        case .any(let conditions, let label):
            let children = conditions.map { trace($0, policy: policy, facts: facts) }
            return group(label ?? "满足以下任一条件", combineAny(children.map(\.status)), children)
        case .not(let inner, let label):
            let child = trace(inner, policy: policy, facts: facts)
            return group(label ?? "不属于：" + child.label, negate(child.status), [child])
        }
    }

    private static func group(_ label: String, _ status: ConditionStatus, _ children: [ConditionTrace]) -> ConditionTrace {
        ConditionTrace(label: label, status: status, fact: nil, value: nil, source: nil, asOf: nil, basis: nil,
                       confirmByPerson: false, children: children)
    }

    /// One test: unknown when the fact is missing or of another kind than the test needs.
    static func status(_ test: FactTest, _ value: FactValue?) -> ConditionStatus {
        guard let value else { return .unknown }
        func holds(_ yes: Bool) -> ConditionStatus { yes ? .met : .notMet }
        switch (test.op, value, test.value) {
        case (.isTrue, .flag(let flag), _): return holds(flag)
        case (.isFalse, .flag(let flag), _): return holds(!flag)
        case (.eq, let value, let expected?): return comparable(value, expected) ? holds(value == expected) : .unknown
        case (.ne, let value, let expected?): return comparable(value, expected) ? holds(value != expected) : .unknown
        case (.in, let value, .list(let options)?): return holds(options.contains(value))
        case (.gt, .number(let number), .number(let bound)?): return holds(number > bound)
        case (.gte, .number(let number), .number(let bound)?): return holds(number >= bound)
        case (.lt, .number(let number), .number(let bound)?): return holds(number < bound)
        case (.lte, .number(let number), .number(let bound)?): return holds(number <= bound)
        default: return .unknown
        }
    }

    private static func comparable(_ a: FactValue, _ b: FactValue) -> Bool {
        switch (a, b) {
        case (.number, .number), (.text, .text), (.flag, .flag): true
        default: false
        }
    }

    /// All: no if any is no; else not known if any is not known; else yes.
    static func combineAll(_ statuses: some Sequence<ConditionStatus>) -> ConditionStatus {
        var unknown = false
        for status in statuses {
            if status == .notMet { return .notMet }
            if status == .unknown { unknown = true }
        }
        return unknown ? .unknown : .met
    }

    /// Any: yes if any is yes; else not known if any is not known; else no.
    static func combineAny(_ statuses: some Sequence<ConditionStatus>) -> ConditionStatus {
        var unknown = false
        for status in statuses {
            if status == .met { return .met }
            if status == .unknown { unknown = true }
        }
        return unknown ? .unknown : .notMet
    }

    static func negate(_ status: ConditionStatus) -> ConditionStatus {
        switch status {
        case .met: .notMet
        case .notMet: .met
        case .unknown: .unknown
        }
    }

    /// The first band whose condition holds (a band whose condition is not known is passed over).
    static func amount(_ benefit: Benefit, facts: [String: SourcedFact]) -> PolicyDecision.Amount? {
        guard let band = benefit.bands.first(where: { band in band.when.map { status($0, facts: facts) == .met } ?? true }) else {
            return nil
        }
        var amount = band.amount
        if let rate = band.rate, let of = band.of {
            amount = facts[of]?.value.number.map { ($0 * rate * 100).rounded() / 100 }
        }
        if let per = band.per { amount = amount.flatMap { base in facts[per]?.value.number.map { base * $0 } } }
        if let cap = band.cap { amount = amount.map { min($0, cap) } }
        return PolicyDecision.Amount(band: band.label, amount: amount, unit: benefit.unit)
    }
}
