/// Where an application (申请) stands before it is a case: being filled in, or submitted (the case
/// carries on from there).
public enum DraftStatus: String, Sendable, Codable, CaseIterable {
    case draft
    case submitted

    /// 草稿, 已提交.
    public var label: String {
        switch self {
        case .draft: "草稿"
        case .submitted: "已提交"
        }
    }
}
