import YiwangDomain

/// A language model that phrases an answer from the retrieved passages only. The offline composer
/// has already written a grounded draft; a model may only say it better.
public protocol AnswerModel: Sendable {
    /// The name recorded with every answer, e.g. `deepseek-chat`.
    var name: String { get }
    /// Streams the phrased answer in pieces; throws on any failure so the caller can fall back.
    func phrase(_ request: PhrasingRequest) -> AsyncThrowingStream<String, any Error>
}

/// What a model is given: nothing personal (every text is redacted), nothing but the passages.
public struct PhrasingRequest: Sendable, Equatable {
    public let question: String
    public let draft: String
    public let passages: [KnowledgePassage]

    /// Redacts ID, credit-code and mobile numbers from everything that leaves the platform.
    public init(question: String, draft: String, passages: [KnowledgePassage]) {
        self.question = PersonalDataRedactor.redact(question)
        self.draft = PersonalDataRedactor.redact(draft)
        self.passages = passages
    }

    static let systemPrompt = """
        你是湖南政务服务助手“小自然”。只依据【资料】回答群众的问题：事项名称、材料、时限、费用、地点、电话、流程，\
        一律以资料为准，资料里没有的不要编造，直接说明“资料中没有这项信息，可拨打12345咨询”。\
        不回答与政务服务无关的问题，不讨论资料以外的个人信息。用简体中文，语气亲切，简洁分点，不超过300字，不输出链接。
        """

    /// The user message: the question, the draft answer, and the numbered passages.
    var userMessage: String {
        var text = "【问题】\(question)\n【参考答复】\(draft)\n【资料】\n"
        for (index, passage) in passages.enumerated() {
            text += "[\(index + 1)] \(passage.title)：\(PersonalDataRedactor.redact(passage.text))\n"
        }
        text += "请依据资料，用自己的话回答问题。"
        return text
    }
}
