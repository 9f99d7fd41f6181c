import Foundation
import YiwangDomain

/// Who takes a step on a case: a clerk, the applicant, or the platform under a rule (秒批).
enum CaseActor: Sendable {
    case staff(SignedIn)
    case applicant(SignedIn)
    /// The platform deciding by a rule, named on the timeline: "系统（高龄津贴秒批规则 v1）".
    case system(String)

    var accountID: UUID? {
        switch self {
        case .staff(let user), .applicant(let user): user.accountID
        case .system: nil
        }
    }

    /// How the actor appears on the timeline.
    var timelineName: String {
        switch self {
        case .staff(let user): user.staffLabel
        case .applicant(let user): user.name
        case .system(let name): name
        }
    }

    /// The stage roles the actor acts with: a clerk's own, none for the applicant, every stage's
    /// for a rule that decides a case whole.
    var roles: Set<StaffRole> {
        switch self {
        case .staff(let user): Set(user.roles)
        case .applicant: []
        case .system: [.intake, .review, .approval]
        }
    }

    var isApplicant: Bool {
        if case .applicant = self { true } else { false }
    }
}

/// What someone asks to do to a case, as a form or the API sends it.
struct CaseCommand: Codable, Sendable {
    /// A `CaseAction` raw value: `accept`, `request_supplement`, `grant` …
    var action: String?
    var opinion: String?
    /// The case version the actor saw; without it the current one is assumed.
    var version: Int?
    /// Working days an extension adds.
    var days: Int?
    /// 要求补正: the ids of the materials the applicant must supply (the item's materials).
    var missing: [String]?
}
