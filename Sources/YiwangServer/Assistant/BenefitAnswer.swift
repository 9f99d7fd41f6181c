import Foundation
import YiwangAssistant
import YiwangDomain

/// 小自然's answer to "我能领什么补贴": the same evaluation as 为您推荐, for whoever is signed in (or the
/// company they act for) — what they receive, what waits for their tap, what they may qualify for and
/// what to confirm — with a link to the reasons. Built here from the decisions, never sent to a model.
struct BenefitAnswer {
    let platform: Platform

    func reply(for user: SignedIn?, base: AssistantReply) async throws -> AssistantReply {
        var reply = base
        reply.intent = .eligibility
        reply.handoff = false
        guard let user, user.kind == .citizen else {
            reply.answer = user == nil
                ? "登录后，我可以用政府部门登记的数据（每项都注明来源）为您比对政策：符合条件的待遇不用申请即可享受，需要申请的为您填好表一键确认，每项都能看到理由。也可以先看看平台主动比对的政策和公示。"
                : "工作人员账号不适用“为您推荐”。"
            reply.actions = [.init(type: "link", label: "登录", url: SiteURL.login.path(query: [("next", SiteURL.myBenefits.path)])),
                             .init(type: "link", label: "政策找人 · 信息公示", url: SiteURL.benefits.path)]
            return reply
        }
        let overview = try await BenefitService(platform: platform).overview(of: user)
        let who = overview.forCompany ? "\(overview.holder)" : "您"
        var lines: [String] = []
        func describe(_ items: [BenefitOverview.Item]) -> String {
            items.map { "\($0.policyName)（\($0.amount)，\($0.mode)）" }.joined(separator: "、")
        }
        if !overview.received.isEmpty { lines.append("正在享受：" + describe(overview.received) + "。") }
        if !overview.toConfirm.isEmpty { lines.append("待\(who)确认：" + describe(overview.toConfirm) + "，申请表已填好，确认后一键提交。") }
        if overview.recommendationsOff {
            lines.append("您已关闭个性化推荐，我不会再为您比对其他政策；需要时可在“为您推荐”页面重新开启。")
        } else {
            let may = overview.suggestions.map { suggestion in
                suggestion.name + (suggestion.toConfirm.isEmpty ? "（可以直接申请）" : "（需要您确认：" + suggestion.toConfirm.joined(separator: "；") + "）")
            }
            if !may.isEmpty { lines.append("可能符合：" + may.joined(separator: "、") + "。") }
        }
        reply.answer = lines.isEmpty
            ? "按政府部门登记的数据，\(who)目前没有符合条件的补贴或待遇。数据有变化时，平台会主动通知\(who)。"
            : "按政府部门登记的数据为\(who)比对的结果：" + lines.joined() + "每一项的理由、数据来源和依据都在“\(overview.forCompany ? "惠企政策" : "为您推荐")”里，对判定有异议可以在线提出。"
        reply.actions = [.init(type: "link", label: overview.forCompany ? "查看惠企政策" : "查看为您推荐", url: SiteURL.myBenefits.path)]
        reply.confidence = 1
        return reply
    }
}
