/// Where someone stands with one policy, as the platform records it.
public enum EntitlementStatus: String, Codable, Sendable, CaseIterable {
    /// 免申即享: recorded as received, the department pays it.
    case granted
    /// 一键确认: the application is prepared; one tap submits it.
    case offered
    /// 一键确认 tapped: submitted as a case.
    case confirmed
    /// No longer qualifies: payments stop from `stopFrom`.
    case ended
    /// The person said they do not want it (an objection of that kind, upheld).
    case declined

    public var label: String {
        switch self {
        case .granted: "已享受"
        case .offered: "待您确认"
        case .confirmed: "已确认申请"
        case .ended: "已停止"
        case .declined: "已放弃"
        }
    }

    /// Whether the benefit is running (or about to): what a re-check may end.
    public var isActive: Bool { self == .granted || self == .offered || self == .confirmed }
}

/// What one evaluation changes for a person and a policy: the rules of 政策找人 in one place. A decision
/// that is not known ("undetermined") changes nothing: a missing fact is asked, never read as "no".
public enum EntitlementChange: String, Sendable, Equatable {
    /// 免申即享: record the benefit and tell the person why.
    case grant
    /// 一键确认: prepare the application and tell the person.
    case offer
    /// No longer qualifies: tell them why and from when payments stop.
    case end
    /// Still qualifies, but on other facts, another version or another band: the explanation (and the
    /// amount) are brought up to date and the person told.
    case revise

    /// - Parameter explanationChanged: whether the new decision's trace, amount or version differs
    ///   from the one recorded.
    public static func after(_ current: EntitlementStatus?, outcome: PolicyDecision.Outcome, mode: PolicyMode,
                             explanationChanged: Bool = false) -> EntitlementChange? {
        switch outcome {
        case .eligible:
            if current?.isActive == true { return explanationChanged ? .revise : nil }
            guard current == nil || current == .ended else { return nil }
            switch mode {
            case .granted: return .grant
            case .confirm: return .offer
            case .apply: return nil
            }
        case .notEligible:
            return current?.isActive == true ? .end : nil
        case .undetermined:
            return nil
        }
    }

    /// The status the change leads to (a revision keeps the current one).
    public func status(from current: EntitlementStatus?) -> EntitlementStatus {
        switch self {
        case .grant: .granted
        case .offer: .offered
        case .end: .ended
        case .revise: current ?? .granted
        }
    }

    /// Monthly benefits are paid for whole months: one that ends stops from the first day of the next month.
    public static func paymentsStop(after day: CivilDate) -> CivilDate {
        let (year, month) = day.month == 12 ? (day.year + 1, 1) : (day.year, day.month + 1)
        return CivilDate(year: year, month: month, day: 1) ?? day
    }
}

/// An objection to a 政策找人 decision, as the person raises it.
public enum ObjectionKind: String, Codable, Sendable, CaseIterable {
    /// A fact the decision used is wrong: it goes to the source registry as a correction request when upheld.
    case wrongData = "wrong_data"
    /// The facts are right but the rule was applied wrongly.
    case wrongDecision = "wrong_decision"
    /// The person does not want the benefit.
    case notWanted = "not_wanted"

    public var label: String {
        switch self {
        case .wrongData: "数据有误"
        case .wrongDecision: "认定有误"
        case .notWanted: "我不需要此待遇"
        }
    }
}

public enum ObjectionStatus: String, Codable, Sendable, CaseIterable {
    case open, upheld, rejected

    public var label: String {
        switch self {
        case .open: "办理中"
        case .upheld: "异议成立"
        case .rejected: "异议不成立"
        }
    }

    /// Working days the department has to decide an objection.
    public static let workingDaysToDecide = 10
}
