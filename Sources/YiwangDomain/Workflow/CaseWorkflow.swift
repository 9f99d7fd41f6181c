/// Where a case (办件) stands.
public enum CaseState: String, Sendable, Codable, CaseIterable {
    case submitted = "已提交"
    case accepted = "已受理"
    case refused = "不予受理"
    case reviewing = "审查中"
    case supplementing = "补正中"
    case approving = "审批中"
    case granted = "准予许可"
    case denied = "不予许可"
    case closed = "已办结"
    case withdrawn = "已撤回"

    /// Whether the case still needs someone to act.
    public var isOpen: Bool { ![.refused, .closed, .withdrawn].contains(self) }
    /// Whether the time limit is running (from acceptance to decision).
    public var isTimed: Bool { [.accepted, .reviewing, .supplementing, .approving].contains(self) }
}

/// What someone can do to a case.
public enum CaseAction: String, Sendable, Codable, CaseIterable {
    case accept, refuse, startReview = "start_review", requestSupplement = "request_supplement", resubmit
    case passReview = "pass_review", grant, deny, close, withdraw, extend

    /// 受理, 不予受理, 开始审查, 要求补正, 补正后重新提交, 审查通过, 准予许可, 不予许可, 办结, 撤回, 延期.
    public var label: String {
        switch self {
        case .accept: "受理"
        case .refuse: "不予受理"
        case .startReview: "开始审查"
        case .requestSupplement: "要求补正"
        case .resubmit: "补正后重新提交"
        case .passReview: "审查通过"
        case .grant: "准予许可"
        case .deny: "不予许可"
        case .close: "办结"
        case .withdraw: "撤回申请"
        case .extend: "延期"
        }
    }

    /// Actions that must give a reason or opinion (审批意见).
    public var needsOpinion: Bool { [.refuse, .requestSupplement, .deny, .extend].contains(self) }
}

/// The case state machine, with who may take each step for one service. The stage an action
/// belongs to (受理, 审查, 审批) is done by the staff role of that stage; a service whose catalog
/// steps have no 审查 (or no 审批) stage gives that work to the stage before it.
public struct CaseWorkflow: Sendable {
    public struct Transition: Sendable, Equatable {
        public let from: Set<CaseState>
        public let to: CaseState?
        public let stage: StepActor
    }

    static let transitions: [CaseAction: Transition] = [
        .accept: .init(from: [.submitted], to: .accepted, stage: .intake),
        .refuse: .init(from: [.submitted], to: .refused, stage: .intake),
        .startReview: .init(from: [.accepted], to: .reviewing, stage: .review),
        .requestSupplement: .init(from: [.accepted, .reviewing], to: .supplementing, stage: .review),
        .resubmit: .init(from: [.supplementing], to: .reviewing, stage: .applicant),
        .passReview: .init(from: [.reviewing], to: .approving, stage: .review),
        .grant: .init(from: [.approving], to: .granted, stage: .approval),
        .deny: .init(from: [.approving], to: .denied, stage: .approval),
        .close: .init(from: [.granted, .denied], to: .closed, stage: .approval),
        .withdraw: .init(from: [.submitted], to: .withdrawn, stage: .applicant),
        .extend: .init(from: [.accepted, .reviewing, .supplementing, .approving], to: nil, stage: .approval),
    ]

    /// The stages the service's catalog steps name.
    public let stages: Set<StepActor>

    public init(steps: [ProcessStep]) {
        stages = Set(steps.map(\.actor))
    }

    public enum Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        case wrongState(CaseState, CaseAction)
        case notYourRole(CaseAction, needs: StaffRole?)
        case opinionRequired(CaseAction)

        public var description: String {
            switch self {
            case .wrongState(let state, let action): "办件当前为“\(state.rawValue)”，不能\(action.label)"
            case .notYourRole(let action, let needs): "\(action.label)须由\(needs.map { $0.label + "人员" } ?? "申请人本人")办理"
            case .opinionRequired(let action): "\(action.label)须填写理由或意见"
            }
        }
    }

    /// The stage that does `action` for this service.
    public func stage(for action: CaseAction) -> StepActor {
        let stage = Self.transitions[action]!.stage
        switch stage {
        case .review where !stages.contains(.review): return .intake
        case .approval where !stages.contains(.approval): return stages.contains(.review) ? .review : .intake
        default: return stage
        }
    }

    /// The staff role that does `action`; nil when only the applicant may.
    public func role(for action: CaseAction) -> StaffRole? {
        switch stage(for: action) {
        case .intake: .intake
        case .review: .review
        case .approval: .approval
        case .applicant, .system: nil
        }
    }

    /// Actions open in a state to someone with these roles (or to the applicant when `applicant`).
    public func actions(in state: CaseState, roles: Set<StaffRole>, applicant: Bool) -> [CaseAction] {
        CaseAction.allCases.filter { action in
            guard Self.transitions[action]!.from.contains(state) else { return false }
            if let role = role(for: action) { return roles.contains(role) }
            return applicant
        }
    }

    /// The state after `action`, or why it may not be taken.
    public func apply(_ action: CaseAction, to state: CaseState, roles: Set<StaffRole>, applicant: Bool,
                      opinion: String?) -> Result<CaseState, Refusal> {
        let transition = Self.transitions[action]!
        guard transition.from.contains(state) else { return .failure(.wrongState(state, action)) }
        let role = role(for: action)
        if let role { guard roles.contains(role) else { return .failure(.notYourRole(action, needs: role)) } }
        else if !applicant { return .failure(.notYourRole(action, needs: nil)) }
        if action.needsOpinion, (opinion ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return .failure(.opinionRequired(action))
        }
        return .success(transition.to ?? state)
    }
}
