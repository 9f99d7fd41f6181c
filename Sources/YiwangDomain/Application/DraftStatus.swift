/// Where an application (申请) stands before it is a case: being filled in, or submitted (the case
/// carries on from there) — or the one form and uploads of a 一件事 application, which its bundle
/// application tracks (it never becomes a case itself; its components do).
public enum DraftStatus: String, Sendable, Codable, CaseIterable {
    case draft
    case submitted
    case bundle

    /// 草稿, 已提交, 一件事.
    public var label: String {
        switch self {
        case .draft: "草稿"
        case .submitted: "已提交"
        case .bundle: "一件事"
        }
    }
}
