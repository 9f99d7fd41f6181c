import Foundation

/// Every version of every policy: which one is in force on a day, and each file checked as it loads.
public struct PolicyBook: Sendable {
    public private(set) var versions: [Policy]

    public init(_ versions: [Policy]) {
        self.versions = versions.sorted { ($0.id, $0.version) < ($1.id, $1.version) }
    }

    /// The version of `id` in force on `day` (the latest that has started and not ended).
    public func policy(_ id: String, on day: CivilDate) -> Policy? {
        versions.last { $0.id == id && $0.isInForce(on: day) }
    }

    /// One version: what a decision made under it is explained by, even after a newer one.
    public func policy(_ id: String, version: Int) -> Policy? {
        versions.first { $0.id == id && $0.version == version }
    }

    /// The policies in force on `day`, one version each, for people or for companies.
    public func inForce(on day: CivilDate, for target: PolicyTarget? = nil) -> [Policy] {
        Dictionary(grouping: versions.filter { $0.isInForce(on: day) && (target == nil || $0.target == target) }, by: \.id)
            .compactMap { $0.value.max { $0.version < $1.version } }
            .sorted { $0.id < $1.id }
    }

    /// A policy file (snake_case JSON), or what is wrong with it.
    public static func decode(_ data: Data) throws -> Policy {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let policy = try decoder.decode(Policy.self, from: data)
        let problems = PolicyValidator.problems(policy)
        guard problems.isEmpty else { throw PolicyValidator.Invalid(policy: policy.id, problems: problems) }
        return policy
    }
}

/// What makes a policy file unusable: every fact named must be one the platform knows, of the kind the
/// test needs and for the policy's target; references must point at a legal basis; an application
/// mode must name its catalog item; two versions of one policy must not overlap.
public enum PolicyValidator {
    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public let policy: String
        public let problems: [String]
        public var description: String { "\(policy)：" + problems.joined(separator: "；") }

        public init(policy: String, problems: [String]) {
            self.policy = policy
            self.problems = problems
        }
    }

    public static func problems(_ policy: Policy) -> [String] {
        var problems: [String] = []
        if policy.id.isEmpty || policy.id.count > 64 { problems.append("编号须为 1–64 个字符") }
        if policy.version < 1 { problems.append("版本号须从 1 开始") }
        if policy.name.isEmpty { problems.append("缺少名称") }
        if policy.legalBasis.isEmpty { problems.append("缺少政策依据") }
        if policy.mode != .granted, policy.serviceCode?.isEmpty ?? true { problems.append("\(policy.mode.label)须指明办理事项") }
        if let end = policy.effectiveTo, end <= policy.effectiveFrom { problems.append("失效日期须晚于生效日期") }
        if policy.objectionDays < 1 { problems.append("异议期须至少 1 个工作日") }
        if policy.benefit.bands.isEmpty { problems.append("缺少待遇标准") }
        check(policy.conditions, policy: policy, into: &problems)
        for band in policy.benefit.bands {
            if let when = band.when { check(when, policy: policy, into: &problems) }
            for fact in [band.of, band.per].compactMap({ $0 }) {
                if FactVocabulary.facts[fact]?.kind != .number { problems.append("待遇“\(band.label)”引用的“\(fact)”不是数值事实") }
            }
            if (band.rate == nil) != (band.of == nil) { problems.append("待遇“\(band.label)”的比例须同时写明 rate 和 of") }
        }
        return problems
    }

    static func check(_ condition: PolicyCondition, policy: Policy, into problems: inout [String]) {
        switch condition {
        case .test(let test):
            guard let known = FactVocabulary.facts[test.fact] else {
                problems.append("条件“\(test.label)”引用了未知事实“\(test.fact)”")
                return
            }
            if known.target != policy.target { problems.append("条件“\(test.label)”的事实属于\(known.target.label)，政策对象是\(policy.target.label)") }
            if test.op.needsValue == (test.value == nil) { problems.append("条件“\(test.label)”的比较值与运算不符") }
            let fits: Bool = switch (test.op, known.kind, test.value) {
            case (.isTrue, .flag, _), (.isFalse, .flag, _): true
            case (.gt, .number, .number?), (.gte, .number, .number?), (.lt, .number, .number?), (.lte, .number, .number?): true
            case (.eq, .number, .number?), (.ne, .number, .number?), (.eq, .text, .text?), (.ne, .text, .text?),
                 (.eq, .flag, .flag?), (.ne, .flag, .flag?), (.in, _, .list?): true
            default: false
            }
            if !fits { problems.append("条件“\(test.label)”的运算不适用于\(known.label)") }
            if let basis = test.basis, !policy.legalBasis.indices.contains(basis) { problems.append("条件“\(test.label)”的依据编号不存在") }
            if test.label.isEmpty { problems.append("条件缺少说明文字（\(test.fact)）") }
        case .all(let conditions, _), .any(let conditions, _):
            if conditions.isEmpty { problems.append("条件组不能为空") }
            for inner in conditions { check(inner, policy: policy, into: &problems) }
        case .not(let inner, _):
            check(inner, policy: policy, into: &problems)
        }
    }

    /// Versions of one policy whose periods overlap, or that repeat a version number.
    public static func conflicts(_ versions: [Policy]) -> [String] {
        var problems: [String] = []
        for (id, group) in Dictionary(grouping: versions, by: \.id) {
            let sorted = group.sorted { $0.version < $1.version }
            if Set(sorted.map(\.version)).count != sorted.count { problems.append("\(id)：版本号重复") }
            for (earlier, later) in zip(sorted, sorted.dropFirst()) where later.effectiveFrom <= earlier.effectiveFrom {
                problems.append("\(id)：第 \(later.version) 版的生效日期须晚于第 \(earlier.version) 版")
            }
        }
        return problems.sorted()
    }
}
