import Foundation

/// Topics the assistant declines, with the reply for each: prompt injection, other people's data,
/// weather, investment tips, medical diagnosis, abuse, and services other agencies provide.
/// Kept as data in `Resources/Assistant/out_of_scope.tsv`.
public struct OutOfScopeRules: Sendable {
    public struct Rule: @unchecked Sendable {
        public let category: String
        let pattern: NSRegularExpression
        public let reply: String
    }

    public let rules: [Rule]

    public init(rules: [Rule]) { self.rules = rules }

    /// Parses the TSV; throws naming the line of a malformed entry or pattern.
    public static func parse(_ text: String) throws -> OutOfScopeRules {
        var rules: [Rule] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3, let pattern = try? NSRegularExpression(pattern: parts[1], options: [.caseInsensitive])
            else { throw RuleError(line: index + 1) }
            rules.append(Rule(category: parts[0], pattern: pattern, reply: parts[2]))
        }
        return OutOfScopeRules(rules: rules)
    }

    public struct RuleError: Error, CustomStringConvertible {
        public let line: Int
        public var description: String { "拒答规则第 \(line) 行格式不对（须为 类别<TAB>正则<TAB>回复）" }
    }

    /// Categories declined whatever else the message says: an injection or a request for another
    /// person's data stays refused even when it names a real service.
    public static let absoluteCategories: Set<String> = ["injection", "others_data"]

    /// The reply the rules give for a category, if they name it.
    public func reply(for category: String) -> String? {
        rules.first { $0.category == category }?.reply
    }

    /// The first rule the (normalized) message matches. When the message also names a service
    /// clearly (`strongMatch`), only the absolute categories apply: "诊断是孤独症，想办残疾人证"
    /// is a question about the disability certificate, not a request for a diagnosis.
    public func match(_ normalized: String, strongMatch: Bool = false) -> Rule? {
        let range = NSRange(normalized.startIndex..., in: normalized)
        return rules.first { rule in
            (!strongMatch || Self.absoluteCategories.contains(rule.category))
                && rule.pattern.firstMatch(in: normalized, range: range) != nil
        }
    }
}
