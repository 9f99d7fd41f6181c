import YiwangDomain

/// 边聊边办: filling in an application in conversation. Asks for each required field still empty,
/// in the form's order; checks each answer with the same `FormValidator` the form page uses; offers
/// pre-filled values for a yes; and, when nothing is left, shows a summary. Pure: the caller loads
/// and saves the draft.
public struct ApplicationDialog: Sendable {
    /// What the conversation remembers of the application in progress.
    public struct State: Sendable, Codable, Equatable {
        public var draftID: String
        public var serviceCode: String
        /// Whose draft it is: a conversation continues only for the person who started it.
        public var accountID: String
        /// The field the last question asked for.
        public var pendingField: String?
        /// The value offered for a yes (a pre-filled one), for the pending field.
        public var offeredValue: String?
        /// Pre-filled fields the person has confirmed or changed.
        public var confirmed: Set<String> = []
        /// A 一件事 applied for: its situation questions are asked first, and `draftID` is the bundle
        /// application's id once they are all answered (empty until then).
        public var bundleCode: String?
        public var answers: [String: String] = [:]

        public init(draftID: String, serviceCode: String, accountID: String) {
            self.draftID = draftID
            self.serviceCode = serviceCode
            self.accountID = accountID
        }
    }

    public enum Step: Sendable, Equatable {
        /// Ask for this field (with a value to confirm, when one is known).
        case ask(FormField, offered: PrefilledValue?)
        /// Every required field is filled and correct.
        case complete
    }

    public let schema: FormSchema
    public let validator: FormValidator

    public init(schema: FormSchema, today: CivilDate) {
        self.schema = schema
        validator = FormValidator(schema: schema, today: today)
    }

    static let cancelWords = ["退出申报", "取消申报", "不办了", "先不办", "退出", "取消", "算了"]
    static let yesWords = ["是", "是的", "对", "对的", "确认", "没错", "好", "好的", "可以", "嗯", "用这个", "就这个", "yes", "ok"]

    public static func isCancel(_ message: String) -> Bool {
        let text = message.trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters))
        return cancelWords.contains(text)
    }

    /// The next thing to ask, in the form's order: a required field that is empty or wrong, or a
    /// pre-filled value not yet confirmed (locked identity values need no confirming).
    public func next(values: [String: String], prefilled: [String: PrefilledValue], confirmed: Set<String> = []) -> Step {
        let outcome = validator.check(values)
        let wrong = Set(outcome.problems.map(\.field))
        let missing = Set(outcome.missing.map(\.field))
        for field in schema.fields {
            if wrong.contains(field.name) || missing.contains(field.name) {
                let offer = prefilled[field.name].flatMap { value -> PrefilledValue? in
                    guard value.value != values[field.name], case .success = validator.check(value.value, of: field) else { return nil }
                    return value
                }
                return .ask(field, offered: offer)
            }
            if let offer = prefilled[field.name], values[field.name] == offer.value, field.prefillLocked != true,
               !confirmed.contains(field.name) {
                return .ask(field, offered: offer)
            }
        }
        return .complete
    }

    /// A situation question of a bundle, asked and read as a choice.
    public static func field(for question: SituationQuestion) -> FormField {
        FormField(name: question.id, label: question.text, type: .select, required: true, options: question.options, help: question.help)
    }

    /// The question for a field, in plain words.
    public func question(for field: FormField, offered: PrefilledValue?, problem: String? = nil) -> String {
        var text = problem.map { "\($0)。" } ?? ""
        text += "请告诉我\(field.label)"
        if let help = field.help { text += "（\(help)）" }
        if field.type == .select, let options = field.options {
            text += "，可选：" + options.enumerated().map { "\($0 + 1). \($1)" }.joined(separator: "；")
        } else if field.type == .date {
            text += "，格式如 2026-01-31"
        }
        if let offered {
            text += "。\(offered.source)中是“\(Masking.value(offered.value, of: field.type))”，用这个请回复“是”，也可以直接输入新的"
        }
        return text + "。随时回复“退出申报”可暂停，已填内容会保存在“我的办件”。"
    }

    /// Reads an answer for a field: "是" takes the offered value; a select takes an option's text or
    /// number; anything else is checked as typed. The value to store, or what is wrong with it.
    public func interpret(_ message: String, for field: FormField, offered: String?) -> Result<String, FieldProblem> {
        let text = message.trimmingCharacters(in: .whitespacesAndNewlines)
        let bare = text.trimmingCharacters(in: .punctuationCharacters)
        if let offered, Self.yesWords.contains(bare.lowercased()) {
            return validator.check(offered, of: field)
        }
        if field.type == .select, let options = field.options {
            if let number = Int(bare), options.indices.contains(number - 1) { return .success(options[number - 1]) }
            if let exact = options.first(where: { $0 == bare }) { return .success(exact) }
            let containing = options.filter { bare.contains($0) || (bare.count >= 2 && $0.contains(bare)) }
            if containing.count == 1 { return .success(containing[0]) }
            return .failure(FieldProblem(field: field.name, message: "没有听明白您选的是哪一项，请回复选项前的数字"))
        }
        return validator.check(text, of: field)
    }

    /// The summary shown when every required field is filled: personal numbers masked.
    public func summary(values: [String: String]) -> String {
        let lines = schema.fields.compactMap { field -> String? in
            guard let value = values[field.name], !value.isEmpty else { return nil }
            return "· \(field.label)：\(Masking.value(value, of: field.type))"
        }
        return lines.joined(separator: "\n")
    }

}
