import YiwangDomain
import YiwangSearch

/// 小自然's dialog manager: understands one message in the context of the conversation, finds the
/// service and the passages, and composes a grounded answer — or declines and hands over to staff.
public struct Assistant: Sendable {
    public struct Thresholds: Sendable {
        /// Below this, no service is a confident match: say so and offer a person.
        public var minimumScore = 6.0
        /// A message that names nothing of the catalog needs this much evidence from the guides'
        /// text before the assistant calls it a match.
        public var unnamedScore = 15.0
        /// The runner-up this close to the best means the message is ambiguous: ask which.
        public var ambiguityRatio = 0.97
        /// A follow-up whose own best match scores below this stays with the service in focus.
        public var newTopicScore = 9.0
        /// FAQ or policy passages scoring this much add a 补充说明 to the answer.
        public var extraPassageScore = 14.0
    }

    public let engine: CatalogSearchEngine
    public let knowledgeVersion: String
    public let refusals: OutOfScopeRules
    /// 一件事: offered when a message is about a life event as a whole.
    public let lifeEvents: LifeEvents
    public var thresholds = Thresholds()
    public let hallPhone = "12345"

    public init(engine: CatalogSearchEngine, knowledgeVersion: String, refusals: OutOfScopeRules, bundles: [LifeEventBundle] = []) {
        self.engine = engine
        self.knowledgeVersion = knowledgeVersion
        self.refusals = refusals
        lifeEvents = LifeEvents(bundles: bundles, engine: engine)
    }

    /// Answers one message and updates the conversation's state.
    public func respond(to message: String, state: inout DialogState) -> AssistantReply {
        state.turns += 1
        let normalized = engine.queryAnalyzer.analyzer.normalize(message)
        if IntentDetector.isChitchat(normalized) {
            return reply(.chitchat, "您好，我是湖南政务服务助手“小自然”。请告诉我您要办什么事，比如“开药店要办什么证”“身份证到期了怎么换”，我会告诉您对应的事项、材料、时限和办理地点。",
                         handoff: false, confidence: 1)
        }
        let question = IntentDetector.question(in: normalized)
        let (held, rest) = HeldDocuments.split(normalized, knownSuffix: engine.longestKnownSuffix)
        let topic = TopicText.strip(rest)
        let lookup = engine.lookUp(topic, limit: 8)
        let matches = setAside(held, from: lookup.matches)
        let named = lookup.namesSomething
        let bestScore = matches.first?.score ?? 0
        // another person's data, personal data in bulk, or on a claimed authority: declined whatever
        // service the message also names
        if let request = PersonalDataRequest.classify(normalized) {
            state.lastIntent = .outOfScope
            return refusal(refusals.reply(for: request.rawValue) ?? PersonalDataRequest.defaultReply)
        }
        if let rule = refusals.match(normalized, strongMatch: named && bestScore >= thresholds.newTopicScore) {
            state.lastIntent = .outOfScope
            return refusal(rule.reply)
        }
        let focus = state.focusCode.flatMap(engine.item(code:))

        // A follow-up about the service in focus, unless the message names a new topic outright.
        let newTopic = named && bestScore >= thresholds.newTopicScore && matches.first?.code != state.focusCode
        if let focus, question != nil || topic.count <= 8, !newTopic {
            if question == .apply, let bundle = state.focusBundle.flatMap(lifeEvents.bundle(code:)) {
                return bundleAnswer(bundle, matches: [], applying: true, state: &state)
            }
            let question = question ?? .whichService
            state.lastIntent = question
            return answer(question, about: focus, message: message, confidence: 0.8, score: nil, alternatives: [])
        }
        // a life event named outright, or spread over several of one bundle's items: the bundle
        if let bundle = lifeEvents.recognise(normalized, matches: matches, question: question, floor: thresholds.minimumScore) {
            return bundleAnswer(bundle, matches: matches, applying: question == .apply, state: &state)
        }
        guard let best = matches.first, best.score >= (named ? thresholds.minimumScore : thresholds.unnamedScore) else {
            if let focus, topic.count <= 4 {
                return answer(question ?? .whichService, about: focus, message: message, confidence: 0.5, score: nil,
                              alternatives: [])
            }
            state.lastIntent = .outOfScope
            return refusal("抱歉，我没有找到和您的问题对应的政务服务事项。您可以换个说法，说说要办什么事；也可以拨打 \(hallPhone) 政务服务便民热线，或留言由工作人员回复。",
                           confidence: 0.2)
        }
        let runnerUp = matches.dropFirst().first
        if let runnerUp, !best.namedExactly, runnerUp.score >= best.score * thresholds.ambiguityRatio,
           question == nil || question == .whichService {
            state.offeredCodes = [best.code, runnerUp.code]
            state.focusCode = best.code
            state.focusBundle = nil
            state.lastIntent = .clarify
            return clarification([best, runnerUp])
        }
        guard let item = engine.item(code: best.code) else {
            return refusal("抱歉，这个事项的指南暂时无法读取，请稍后再试或拨打 \(hallPhone)。", confidence: 0)
        }
        state.focusCode = item.code
        state.focusBundle = nil
        state.offeredCodes = []
        state.lastIntent = question ?? .whichService
        let confidence = min(1, best.score / (thresholds.newTopicScore * 2))
        return answer(question ?? .whichService, about: item, message: message, confidence: confidence,
                      score: best.score, alternatives: Array(matches.dropFirst().prefix(2)))
    }

    /// Leaves out the services that the things the citizen already holds stand for.
    func setAside(_ held: [String], from matches: [ServiceMatch]) -> [ServiceMatch] {
        guard !held.isEmpty else { return matches }
        // What a phrase stands for: its best match, and any other nearly as good (营业执照 is issued
        // to companies and to individual businesses alike).
        let heldCodes = Set(held.flatMap { phrase -> [String] in
            let found = engine.searchServices(phrase, limit: 3).filter { $0.score >= thresholds.minimumScore }
            let floor = (found.first?.score ?? 0) * 0.8
            return found.filter { $0.score >= floor }.map(\.code)
        })
        let remaining = matches.filter { !heldCodes.contains($0.code) }
        return remaining.isEmpty ? matches : remaining
    }

    /// - Parameter score: the item's search score for this message; nil when it is the focus of a follow-up.
    func answer(_ intent: Intent, about item: ServiceItem, message: String, confidence: Double, score: Double?,
                alternatives: [ServiceMatch]) -> AssistantReply {
        // An FAQ or policy passage close to the question adds to a specific answer.
        let extra = intent == .whichService || intent == .apply ? [] : engine
            .searchPassages(message, limit: 1, serviceCode: item.code, sections: [.faq, .policy])
            .filter { $0.score >= thresholds.extraPassageScore }
            .map(\.passage)
        let department = engine.department(code: item.code)?.name ?? ""
        // The composer cites the item's guide passages by section.
        let composition = AnswerComposer().compose(intent: intent, item: item, department: department,
                                                   passages: engine.passages(for: item.code), extra: extra)
        var reply = self.reply(intent, composition.text, handoff: false, confidence: confidence)
        reply.services = [service(item.code, score: score ?? 0)] + alternatives.map { service($0.code, score: $0.score) }
        reply.citations = composition.citations.map(citation)
        reply.actions = [
            .init(type: "guide", label: "办事指南", url: SiteURL.guide(.value(item.code)).path),
            .init(type: "apply", label: "立即申报", url: SiteURL.apply(.value(item.code)).path),
            .init(type: "template", label: "打印申请表", url: SiteURL.template(.value(item.code)).path),
        ] + lifeEvents.bundles(containing: item.code).map { bundle in
            .init(type: "bundle", label: "与相关事项一次办：\(bundle.name)", url: SiteURL.bundle(.value(bundle.code)).path)
        }
        return reply
    }

    /// A life event as a whole: the bundle, what it takes in, and the way to apply once. The
    /// services are the matched items first (the best still leads), then the bundle's other items.
    /// - Parameter applying: the person said they want to apply: 边聊边办 takes over from this reply.
    func bundleAnswer(_ bundle: LifeEventBundle, matches: [ServiceMatch], applying: Bool = false,
                      state: inout DialogState) -> AssistantReply {
        let codes = bundle.components.map(\.item)
        let matched = matches.filter { codes.contains($0.code) }
        let ordered = matched.map(\.code) + codes.filter { code in !matched.contains { $0.code == code } }
        let names = codes.compactMap { engine.item(code: $0)?.name }
        let departments = Array(Set(codes.compactMap { engine.department(code: $0)?.shortName })).sorted()
        let optional = bundle.components.filter { $0.when != nil }.compactMap { engine.item(code: $0.item)?.name }
        var text = "这件事可以一次办好：「\(bundle.name)」。一张表单、一套材料，由\(departments.joined(separator: "、"))协同办理，"
            + "全部事项 \(bundle.promisedDays) 个工作日内办结\(bundle.deliveredTogether ? "，办完统一通知您" : "")。\n"
            + "包括：" + names.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "；") + "。"
        if !optional.isEmpty { text += "其中\(optional.joined(separator: "、"))视您的情况办理。" }
        text += "\n在一件事页面回答几个问题，就能看到需要办的事项和要准备的材料，并在线申请；需要前一事项结果的，会在前一事项办结后自动开始。"
        var reply = self.reply(applying ? .apply : .whichService, text, handoff: false, confidence: 0.8)
        reply.services = ordered.map { code in service(code, score: matches.first { $0.code == code }?.score ?? 0) }
        reply.citations = [.init(id: bundle.code + "#summary", title: bundle.name + " · 一件事简介",
                                 snippet: String(bundle.summary.prefix(120)), url: SiteURL.bundle(.value(bundle.code)).path)]
        reply.actions = [.init(type: "bundle", label: "一件事办理：\(bundle.name)", url: SiteURL.bundle(.value(bundle.code)).path)]
            + ordered.prefix(2).map { .init(type: "guide", label: "办事指南：\(engine.item(code: $0)?.name ?? $0)", url: SiteURL.guide(.value($0)).path) }
        state.focusCode = ordered.first
        state.focusBundle = bundle.code
        state.offeredCodes = []
        state.lastIntent = applying ? .apply : .whichService
        return reply
    }

    func clarification(_ options: [ServiceMatch]) -> AssistantReply {
        let names = options.map { "「\($0.name)」" }.joined(separator: "还是")
        var reply = self.reply(.clarify, "您说的可能是\(names)？请告诉我是哪一个，或者再多说一点您的情况。",
                               handoff: false, confidence: 0.5)
        reply.services = options.map { service($0.code, score: $0.score) }
        reply.actions = options.map { .init(type: "choose", label: $0.name, url: SiteURL.guide(.value($0.code)).path) }
        return reply
    }

    func refusal(_ text: String, confidence: Double = 1) -> AssistantReply {
        var reply = self.reply(.outOfScope, text, handoff: true, confidence: confidence)
        reply.actions = [
            .init(type: "phone", label: "拨打 \(hallPhone)", url: "tel:\(hallPhone)"),
            .init(type: "ticket", label: "留言给工作人员", url: SiteURL.ticketForm.path),
        ]
        return reply
    }

    public func reply(_ intent: Intent, _ text: String, handoff: Bool, confidence: Double) -> AssistantReply {
        AssistantReply(answer: text, intent: intent, services: [], citations: [], actions: [], handoff: handoff,
                       kbVersion: knowledgeVersion, model: "offline-composer", confidence: confidence)
    }

    func service(_ code: String, score: Double) -> AssistantReply.Service {
        AssistantReply.Service(code: code, name: engine.item(code: code)?.name ?? code,
                               department: engine.department(code: code)?.name ?? "", score: score)
    }

    func citation(_ passage: KnowledgePassage) -> AssistantReply.Citation {
        AssistantReply.Citation(id: passage.id, title: passage.title,
                                snippet: String(AnswerComposer.plain(passage.text).prefix(120)), url: passage.url)
    }
}
