/// 事项类型, as the national catalog names them.
public enum ServiceType: String, Codable, Sendable, CaseIterable {
    case administrativeLicence = "行政许可"
    case administrativePayment = "行政给付"
    case administrativeConfirmation = "行政确认"
    case administrativeLevy = "行政征收"
    case administrativeReward = "行政奖励"
    case administrativeRuling = "行政裁决"
    case otherPower = "其他行政权力"
    case publicService = "公共服务"
}

/// Who may apply.
public enum ApplicantType: String, Codable, Sendable, CaseIterable {
    case naturalPerson = "自然人"
    case legalPerson = "法人"
    case otherOrganisation = "其他组织"
}

/// 网办深度: how far the item can be done online.
public enum OnlineLevel: String, Codable, Sendable, CaseIterable {
    case fullyOnline = "全程网办"
    case onlineWithOnsiteCheck = "网上申请+现场核验"
    case onsite = "现场办理"
}

/// The unit a time limit is counted in.
public enum LimitUnit: String, Codable, Sendable, CaseIterable {
    case workingDays = "工作日"
    case calendarDays = "自然日"
}

/// Who takes a process step: the applicant, a staff role, or the system.
public enum StepActor: String, Codable, Sendable, CaseIterable {
    case applicant = "申请人"
    case intake = "受理"
    case review = "审查"
    case approval = "审批"
    case system = "系统"
}
