/// A policy and a decision in plain Chinese: the rule lines a policy page shows, and the short "为什么"
/// a notice carries — both built from the same conditions and trace the evaluation used.
public enum PolicyExplanation {
    /// One line of a rule as staff and the public read it, indented by its depth.
    public struct RuleLine: Sendable, Equatable, Codable {
        public var depth: Int
        public var text: String
        public var basis: String?
    }

    /// The conditions as lines: groups first, then their tests, each with its legal reference.
    public static func rules(_ policy: Policy) -> [RuleLine] {
        var lines: [RuleLine] = []
        func walk(_ condition: PolicyCondition, depth: Int) {
            switch condition {
            case .test(let test):
                let basis = test.basis.flatMap { policy.legalBasis.indices.contains($0) ? policy.legalBasis[$0].citation : nil }
                let asked = test.confirmByPerson == true ? "（无登记数据，由本人确认）" : ""
                lines.append(RuleLine(depth: depth, text: test.label + asked, basis: basis))
            case .all(let conditions, let label):
                lines.append(RuleLine(depth: depth, text: (label ?? "同时满足以下条件") + "：", basis: nil))
                conditions.forEach { walk($0, depth: depth + 1) }
            case .any(let conditions, let label):
                lines.append(RuleLine(depth: depth, text: (label ?? "满足以下任一条件") + "：", basis: nil))
                conditions.forEach { walk($0, depth: depth + 1) }
            case .not(let inner, let label):
                lines.append(RuleLine(depth: depth, text: (label ?? "不属于以下情形") + "：", basis: nil))
                walk(inner, depth: depth + 1)
            }
        }
        walk(policy.conditions, depth: 0)
        return lines
    }

    /// The benefit bands as lines ("湘潭县 80—89 周岁：50 元/月").
    public static func bands(_ benefit: Benefit) -> [String] {
        benefit.bands.map { band in
            if let amount = band.amount { return "\(band.label)：\(FactValue.number(amount)) \(benefit.unit)" }
            if let rate = band.rate { return "\(band.label)：按 \(FactValue.number((rate * 1000).rounded() / 10))% 计算" + (band.cap.map { "，最高 \(FactValue.number($0)) 元" } ?? "") }
            return band.label
        }
    }

    /// The conditions met, in one sentence for a notice: "户籍在湖南省（湖南省人口信息库…）；年满 80 周岁（80）".
    public static func reasons(_ decision: PolicyDecision) -> String {
        decision.trace.leaves.filter { $0.status == .met }.map(line).joined(separator: "；")
    }

    /// The conditions no longer met, for a notice that ends a benefit.
    public static func unmetReasons(_ decision: PolicyDecision) -> String {
        decision.unmet.map(line).joined(separator: "；")
    }

    /// The amount as a notice states it: "50 元/月", or "按户籍地标准" where no figure applies.
    public static func amount(_ decision: PolicyDecision) -> String {
        guard let benefit = decision.benefit else { return "按规定标准" }
        guard let amount = benefit.amount else { return benefit.band }
        return "\(FactValue.number(amount)) \(benefit.unit)"
    }

    private static func line(_ trace: ConditionTrace) -> String {
        guard let value = trace.value else { return trace.label }
        return "\(trace.label)（\(trace.source ?? "登记信息")：\(value)）"
    }
}
