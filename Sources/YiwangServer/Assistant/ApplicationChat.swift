import Fluent
import Foundation
import YiwangAssistant
import YiwangDomain

/// 边聊边办 on the server: starts the signed-in citizen's draft when they say they want to apply,
/// then takes their answers one field at a time into that same draft — the one the form page
/// shows — and ends with a summary and the link to upload materials and submit. Nothing of these
/// turns goes to a language model: answers carry ID and phone numbers.
struct ApplicationChat {
    let platform: Platform
    let user: SignedIn?

    /// The reply to "我要办…", given the assistant's own reply (which found the service).
    func start(from reply: AssistantReply, state: inout DialogState) async throws -> AssistantReply {
        guard let code = reply.services.first?.code else { return reply }
        guard let user else {
            var answer = reply
            answer.answer = reply.answer + "\n请先登录，登录后我可以在对话中帮您逐项填写（边聊边办）。"
            answer.actions = [.init(type: "login", label: "登录", url: SiteURL.login.path(query: [("next", SiteURL.apply(.value(code)).path)]))]
                + reply.actions
            return answer
        }
        guard user.kind == .citizen else {
            var answer = reply
            answer.answer = "工作人员账号不能以申请人身份办事，请使用市民账号登录。"
            return answer
        }
        let service = ApplicationService(platform: platform)
        let draft = try await service.start(code: code, user: user)
        let dialog = ApplicationDialog.State(draftID: try draft.requireID().uuidString, serviceCode: code,
                                             accountID: user.accountID.uuidString)
        state.application = dialog
        let name = reply.services.first?.name ?? code
        return try await ask(intro: "好的，我们开始在线申报「\(name)」。我会逐项询问，每项都会当场检查。", state: &state, base: reply)
    }

    /// The reply to a message while an application is in progress.
    func `continue`(_ message: String, state: inout DialogState, base: AssistantReply) async throws -> AssistantReply {
        guard let progress = state.application else { return base }
        guard let user, user.accountID.uuidString == progress.accountID else {  // the application stays as it was
            return Self.reply(base, "这份申请需要由发起人登录后继续。请登录后在“我的办件”中继续填写。",
                              actions: [.init(type: "login", label: "登录", url: SiteURL.login.path(query: [("next", SiteURL.mine.path)]))])
        }
        if ApplicationDialog.isCancel(message) {
            state.application = nil
            return Self.reply(base, "好的，已暂停申报，填写的内容已保存。可以随时在“我的办件”中继续。",
                              actions: [.init(type: "mine", label: "我的办件", url: SiteURL.mine.path)])
        }
        let service = ApplicationService(platform: platform)
        let draft = try await service.draft(id: progress.draftID, user: user)
        guard draft.status == .draft else {
            state.application = nil
            return Self.reply(base, "这份申请已经提交。", actions: [.init(type: "mine", label: "我的办件", url: SiteURL.mine.path)])
        }
        let item = try await service.item(code: draft.serviceCode).item
        let dialog = ApplicationDialog(schema: item.form, today: service.today)
        if let name = progress.pendingField, let field = item.form.fields.first(where: { $0.name == name }) {
            switch dialog.interpret(message, for: field, offered: progress.offeredValue) {
            case .success(let value):
                _ = try await service.save(draft, values: [field.name: value], expectedVersion: nil, user: user)
                state.application?.confirmed.insert(field.name)
                return try await ask(intro: "已记下\(field.label)：\(Masking.value(value, of: field.type))。",
                                     state: &state, base: base)
            case .failure(let problem):
                let offered = progress.offeredValue.map { PrefilledValue(value: $0, source: "您的账号") }
                return Self.reply(base, dialog.question(for: field, offered: offered, problem: problem.message), actions: [])
            }
        }
        return try await ask(intro: "", state: &state, base: base)
    }

    /// Asks for the next field, or sums up when all are filled.
    private func ask(intro: String, state: inout DialogState, base: AssistantReply) async throws -> AssistantReply {
        guard var progress = state.application, let user else { return base }
        let service = ApplicationService(platform: platform)
        let draft = try await service.draft(id: progress.draftID, user: user)
        let item = try await service.item(code: draft.serviceCode).item
        let values = try service.vault.openForm(draft.formValues)
        let prefilled = service.usablePrefill(try await service.prefiller.prefill(item.form, for: user.applicantProfile), form: item.form)
        let dialog = ApplicationDialog(schema: item.form, today: service.today)
        let formLink = AssistantReply.Action(type: "form", label: "打开申请表", url: SiteURL.application(.value(try draft.requireID().uuidString)).path)
        switch dialog.next(values: values, prefilled: prefilled, confirmed: progress.confirmed) {
        case .ask(let field, let offered):
            progress.pendingField = field.name
            progress.offeredValue = offered?.value
            state.application = progress
            return Self.reply(base, intro + dialog.question(for: field, offered: offered), actions: [formLink])
        case .complete:
            state.application = nil
            let review = service.review(item: item, values: values, files: try await service.files(of: draft))
            var text = intro + "申请表已填好，请核对：\n" + dialog.summary(values: values)
            if review.missingMaterials.isEmpty {
                text += "\n材料已齐全，请打开申请表检查后提交。"
            } else {
                text += "\n还需要上传：" + review.missingMaterials.map(\.name).joined(separator: "、") + "。请打开申请表上传材料后提交。"
            }
            return Self.reply(base, text, actions: [.init(type: "form", label: "上传材料并提交", url: formLink.url)])
        }
    }

    static func reply(_ base: AssistantReply, _ text: String, actions: [AssistantReply.Action]) -> AssistantReply {
        var reply = base
        reply.answer = text
        reply.intent = .apply
        reply.citations = []
        reply.actions = actions
        reply.handoff = false
        reply.confidence = 1
        return reply
    }
}
