import Fluent
import Foundation
import YiwangAssistant
import YiwangDomain

/// 边聊边办 on the server: starts the signed-in citizen's draft when they say they want to apply,
/// then takes their answers one field at a time into that same draft — the one the form page
/// shows — and ends with a summary and the link to upload materials and submit. For a 一件事 the
/// situation questions come first; then the one merged form is filled the same way. Nothing of
/// these turns goes to a language model: answers carry ID and phone numbers.
struct ApplicationChat {
    let platform: Platform
    let user: SignedIn?

    /// The reply to "我要办…", given the assistant's own reply (which found the service or bundle).
    func start(from reply: AssistantReply, state: inout DialogState) async throws -> AssistantReply {
        let bundleCode = reply.actions.first.flatMap { $0.type == "bundle" ? $0.url.split(separator: "/").last.map(String.init) : nil }
        guard let code = bundleCode ?? reply.services.first?.code else { return reply }
        let page = bundleCode.map { SiteURL.bundle(.value($0)) } ?? SiteURL.apply(.value(code))
        guard let user else {
            var answer = reply
            answer.answer = reply.answer + "\n请先登录，登录后我可以在对话中帮您逐项填写（边聊边办）。"
            answer.actions = [.init(type: "login", label: "登录", url: SiteURL.login.path(query: [("next", page.path)]))] + reply.actions
            return answer
        }
        guard user.kind == .citizen else {
            var answer = reply
            answer.answer = "工作人员账号不能以申请人身份办事，请使用市民账号登录。"
            return answer
        }
        if let bundleCode {
            let bundle = try await BundleCatalog(platform: platform).requireBundle(bundleCode)
            var dialog = ApplicationDialog.State(draftID: "", serviceCode: bundleCode, accountID: user.accountID.uuidString)
            dialog.bundleCode = bundleCode
            state.application = dialog
            return try await ask(intro: "好的，我们开始在线申请「\(bundle.name)」。先回答几个问题，确定需要办哪些事项；然后一张表单逐项填写，每项都会当场检查。",
                                 state: &state, base: reply)
        }
        let draft = try await ApplicationService(platform: platform).start(code: code, user: user)
        state.application = ApplicationDialog.State(draftID: try draft.requireID().uuidString, serviceCode: code,
                                                    accountID: user.accountID.uuidString)
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
        // a bundle's situation questions, before there is a form
        if let code = progress.bundleCode, progress.draftID.isEmpty {
            let bundle = try await BundleCatalog(platform: platform).requireBundle(code)
            let dialog = ApplicationDialog(schema: FormSchema(fields: bundle.questions.map(ApplicationDialog.field)), today: platform.today)
            guard let name = progress.pendingField, let question = bundle.questions.first(where: { $0.id == name }) else {
                return try await ask(intro: "", state: &state, base: base)
            }
            switch dialog.interpret(message, for: ApplicationDialog.field(for: question), offered: nil) {
            case .success(let answer):
                state.application?.answers[question.id] = answer
                return try await ask(intro: "好的，\(answer)。", state: &state, base: base)
            case .failure(let problem):
                return Self.reply(base, dialog.question(for: ApplicationDialog.field(for: question), offered: nil, problem: problem.message), actions: [])
            }
        }
        guard let form = try await form(of: progress, user: user) else {
            state.application = nil
            return Self.reply(base, "这份申请已经提交。", actions: [.init(type: "mine", label: "我的办件", url: SiteURL.mine.path)])
        }
        let dialog = ApplicationDialog(schema: form.schema, today: platform.today)
        if let name = progress.pendingField, let field = form.schema.fields.first(where: { $0.name == name }) {
            switch dialog.interpret(message, for: field, offered: progress.offeredValue) {
            case .success(let value):
                try await form.save([field.name: value])
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

    /// An application's form as the conversation fills it: an item's draft or a 一件事's merged form.
    struct ChatForm {
        let schema: FormSchema
        let values: [String: String]
        let prefilled: [String: PrefilledValue]
        /// The page that shows the form, its uploads and the submit button.
        let url: String
        /// Materials still to upload.
        let missingMaterials: [String]
        let save: ([String: String]) async throws -> Void
    }

    /// The form of the application in progress; nil once it has been submitted.
    private func form(of progress: ApplicationDialog.State, user: SignedIn) async throws -> ChatForm? {
        if progress.bundleCode != nil {
            let applications = BundleApplications(platform: platform)
            let application = try await applications.application(id: progress.draftID, user: user)
            guard application.status == .draft else { return nil }
            let view = try await applications.describe(application, user: user)
            return ChatForm(schema: view.form, values: view.draft.values,
                            prefilled: ApplicationService.usablePrefill(try await platform.prefiller.prefill(view.form, for: user.applicantProfile),
                                                                        form: view.form, today: platform.today),
                            url: SiteURL.bundleApplication(.value(progress.draftID)).path,
                            missingMaterials: view.draft.review.missingMaterials.map(\.name),
                            save: { values in _ = try await applications.save(application, values: values, expectedVersion: nil, user: user) })
        }
        let service = ApplicationService(platform: platform)
        let draft = try await service.draft(id: progress.draftID, user: user)
        guard draft.status == .draft else { return nil }
        let item = try await service.item(code: draft.serviceCode).item
        let values = try service.vault.openForm(draft.formValues)
        return ChatForm(schema: item.form, values: values,
                        prefilled: service.usablePrefill(try await service.prefiller.prefill(item.form, for: user.applicantProfile), form: item.form),
                        url: SiteURL.application(.value(progress.draftID)).path,
                        missingMaterials: service.review(item: item, values: values, files: try await service.files(of: draft)).missingMaterials.map(\.name),
                        save: { values in _ = try await service.save(draft, values: values, expectedVersion: nil, user: user) })
    }

    /// Asks for the next situation answer or field, or sums up when all are filled.
    private func ask(intro: String, state: inout DialogState, base: AssistantReply) async throws -> AssistantReply {
        guard var progress = state.application, let user else { return base }
        if let code = progress.bundleCode, progress.draftID.isEmpty {
            let bundle = try await BundleCatalog(platform: platform).requireBundle(code)
            let dialog = ApplicationDialog(schema: FormSchema(fields: bundle.questions.map(ApplicationDialog.field)), today: platform.today)
            if let question = bundle.questions.first(where: { progress.answers[$0.id] == nil }) {
                progress.pendingField = question.id
                state.application = progress
                return Self.reply(base, intro + dialog.question(for: ApplicationDialog.field(for: question), offered: nil), actions: [])
            }
            do {
                let application = try await BundleApplications(platform: platform).start(code: code, answers: progress.answers, user: user)
                progress.draftID = try application.requireID().uuidString
                progress.pendingField = nil
                state.application = progress
                return try await ask(intro: intro + "根据您的情况，需要办理的事项已确定。现在填写申请表。", state: &state, base: base)
            } catch ServiceError.unprocessable(let message, _) {
                // answers that contradict each other: start the questions again, saying why
                progress.answers = [:]
                state.application = progress
                return try await ask(intro: message + "。我们重新回答一遍。", state: &state, base: base)
            }
        }
        guard let form = try await form(of: progress, user: user) else { return base }
        let dialog = ApplicationDialog(schema: form.schema, today: platform.today)
        let formLink = AssistantReply.Action(type: "form", label: "打开申请表", url: form.url)
        switch dialog.next(values: form.values, prefilled: form.prefilled, confirmed: progress.confirmed) {
        case .ask(let field, let offered):
            progress.pendingField = field.name
            progress.offeredValue = offered?.value
            state.application = progress
            return Self.reply(base, intro + dialog.question(for: field, offered: offered), actions: [formLink])
        case .complete:
            state.application = nil
            var text = intro + "申请表已填好，请核对：\n" + dialog.summary(values: form.values)
            if form.missingMaterials.isEmpty {
                text += "\n材料已齐全，请打开申请表检查后提交。"
            } else {
                text += "\n还需要上传：" + form.missingMaterials.joined(separator: "、") + "。请打开申请表上传材料后提交。"
            }
            return Self.reply(base, text, actions: [.init(type: "form", label: "上传材料并提交", url: form.url)])
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
