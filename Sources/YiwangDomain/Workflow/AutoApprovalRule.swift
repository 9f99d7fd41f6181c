import Foundation

/// 秒批: a rule under which the platform approves a service's applications by itself, when every
/// 一键核验 check passes and the form meets the rule's conditions (beyond the form's own checks, which
/// every submission passes already). The case records the rule and its version as the decider.
public struct AutoApprovalRule: Sendable, Codable, Equatable {
    public let serviceCode: String
    public let rule: String
    public let version: String
    public let description: String
    public let conditions: [FieldCondition]

    /// "高龄津贴秒批规则 v1".
    public var name: String { "\(rule) v\(version)" }

    /// Whether the rule approves an application with these values and these check results.
    public func approves(values: [String: String], checks: [VerificationCheck]) -> Bool {
        !checks.isEmpty && checks.allSatisfy(\.passed) && conditions.allSatisfy { values[$0.field] == $0.equals }
    }

    public static func decodeAll(_ data: Data) throws -> [AutoApprovalRule] {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode([AutoApprovalRule].self, from: data)
    }
}
