import Foundation

/// The platform's Chinese message templates, with `{variables}`: one place for the wording of
/// every notice (inbox and SMS), so an operator can review it and a missing value is caught
/// before anything is sent. SMS carry the sender mark `【湖南政务】` in front.
public enum MessageTemplate: String, Sendable, CaseIterable {
    case verificationCode
    case caseSubmitted
    case caseProgress
    case caseAutoApproved
    case certificateIssued
    case certificateRevoked
    case certificateExpiring
    case bundleSubmitted
    case bundleEnded
    case benefitGranted
    case benefitOffered
    case benefitEnded
    case benefitRevised
    case objectionReceived
    case objectionDecided

    public static let smsSignature = "【湖南政务】"

    /// The template text.
    public var text: String {
        switch self {
        case .verificationCode: "您的验证码是 {code}，10 分钟内有效。请勿告诉他人。"
        case .caseSubmitted: "您申请的{service}已提交，办件编号 {receipt}，请留意审批进度。"
        case .caseProgress: "您申请的{service}（办件编号 {receipt}）{step}{detail}。"
        case .caseAutoApproved: "您申请的{service}（办件编号 {receipt}）经系统核验，{state}（秒批）。"
        case .certificateIssued: "您申请的{service}已办结，电子证照：{link}"
        case .certificateRevoked: "您的{certificate}（编号 {number}）已由{issuer}注销，理由：{reason}。"
        case .certificateExpiring: "您的{certificate}（编号 {number}）将于 {until} 到期，还有 {days} 天。在线办理换证：{link}"
        case .bundleSubmitted: "您申请的{bundle}已提交，一件事受理编号 {receipt}，共 {count} 个事项由各部门协同办理，办完后统一通知您。"
        case .bundleEnded: "您申请的{bundle}（受理编号 {receipt}）{outcome}：{detail}。电子证照已存入“我的证照”，详情：{link}"
        case .benefitGranted: "经{department}核对，{holder}符合{policy}条件，无需申请即可享受（{amount}）。为什么符合、有异议怎么办：{link}"
        case .benefitOffered: "{holder}可能符合{policy}条件，申请已为您填好，确认后一键提交：{link}"
        case .benefitEnded: "{holder}已不再符合{policy}条件（{reason}），自 {stop} 起停止发放。有异议可在线提出：{link}"
        case .benefitRevised: "经复核，{holder}仍符合{policy}条件，判定依据已更新，标准为{amount}。详情：{link}"
        case .objectionReceived: "您对{policy}的异议已由{department}受理，将于 {deadline} 前答复。进度：{link}"
        case .objectionDecided: "您对{policy}的异议已办结：{outcome}。理由：{reason}。详情：{link}"
        }
    }

    /// The names between braces, in order.
    public var variables: [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    public struct MissingVariable: Error, Sendable, Equatable, CustomStringConvertible {
        public let template: String
        public let name: String
        public var description: String { "消息模板 \(template) 缺少变量 {\(name)}" }
    }

    /// The text with every variable replaced; throws when one has no value (an empty value is allowed: `{detail}`).
    public func render(_ values: [String: String]) throws(MissingVariable) -> String {
        var result = text
        for name in variables {
            guard let value = values[name] else { throw MissingVariable(template: rawValue, name: name) }
            result = result.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return result
    }
}
