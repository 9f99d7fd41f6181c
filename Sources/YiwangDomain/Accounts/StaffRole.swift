/// What a member of staff may do in their department's cases.
public enum StaffRole: String, Sendable, Codable, CaseIterable {
    case intake, review, approval, admin, auditor

    /// 受理, 审查, 审批, 管理员, 审计员.
    public var label: String {
        switch self {
        case .intake: "受理"
        case .review: "审查"
        case .approval: "审批"
        case .admin: "管理员"
        case .auditor: "审计员"
        }
    }

    /// Roles stored as a comma-separated list; unknown names are dropped.
    public static func parse(_ text: String) -> [StaffRole] {
        text.split(separator: ",").compactMap { StaffRole(rawValue: $0.trimmingCharacters(in: .whitespaces)) }
    }
}

/// Who holds an account.
public enum AccountKind: String, Sendable, Codable {
    case citizen, staff
}
