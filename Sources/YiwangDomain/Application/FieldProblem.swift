/// What is wrong with one field of an application, in words for the applicant.
public struct FieldProblem: Error, Sendable, Equatable, Codable {
    public let field: String
    public let message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

/// A required field still empty.
public struct MissingField: Sendable, Equatable, Codable {
    public let field: String
    public let label: String
}

/// A material the application still lacks, and why it is needed.
public struct MissingMaterial: Sendable, Equatable, Codable {
    public let id: String
    public let name: String
    /// Why it is needed when it is not always needed, e.g. "申请方式为“家属或委托人代为申请”".
    public let reason: String?
}
