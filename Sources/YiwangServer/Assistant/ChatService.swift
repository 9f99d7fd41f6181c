import Fluent
import Foundation
import Logging
import YiwangAssistant
import YiwangDomain

/// One turn of a conversation with 小自然: checks the message, loads the conversation, asks the
/// assistant (and, when one is configured, a language model to phrase the grounded answer), and
/// stores the new state with a traceable record of the turn in one transaction.
struct ChatService {
    static let maxMessageLength = 500
    /// A conversation idle this long is over.
    static let sessionLifetime: TimeInterval = 2 * 3600

    /// A turn answered by the assistant, not yet phrased by a model nor stored.
    struct Prepared: Sendable {
        /// The id the turn is stored under, known before the answer is written (the stream's first event names it).
        let turnID: UUID
        let session: AssistantSessionRecord
        let state: DialogState
        let message: String
        let reply: AssistantReply
        /// What to ask the model, when there is one and the reply is worth phrasing.
        let phrasing: PhrasingRequest?
        let started: ContinuousClock.Instant
    }

    struct Turn: Sendable {
        let sessionID: String
        let turnID: UUID
        let reply: AssistantReply
    }

    let platform: Platform
    /// Who asks, for 边聊边办 (which needs a signed-in citizen); nil when nobody is signed in, or
    /// from the command line.
    let user: SignedIn?
    /// Whether 边聊边办 may start: on the web; never from the command line.
    var appliesInChat = true

    var database: any Database { platform.database }
    var logger: Logger { platform.logger }

    /// The whole turn: prepared, phrased (falling back to the offline answer), stored.
    func converse(sessionID: String?, message: String?) async throws -> Turn {
        let prepared = try await prepare(sessionID: sessionID, message: message)
        var reply = prepared.reply
        if let phrasing = prepared.phrasing, let model = platform.answerModel {
            if let text = await ModelPhrasing.collect(model.model, phrasing, timeout: model.timeout) {
                reply.answer = text
                reply.model = model.model.name
            } else {
                logger.warning("language model failed or timed out; answered offline")
            }
        }
        try await record(prepared, reply: reply)
        return Turn(sessionID: prepared.session.id ?? "", turnID: prepared.turnID, reply: reply)
    }

    func prepare(sessionID: String?, message raw: String?) async throws -> Prepared {
        let message = try Self.validated(message: raw)
        let started = ContinuousClock.now
        let (session, state) = try await loadSession(sessionID)
        var newState = state
        let snapshot = try await platform.search.snapshot(on: database)
        var reply: AssistantReply
        // an answer from the asker's own decisions: neither a reviewer's general answer nor a model rewrites it
        var personal = false
        let chat = ApplicationChat(platform: platform, user: user)
        if newState.application != nil, appliesInChat {
            newState.turns += 1
            let base = snapshot.assistant.reply(.apply, "", handoff: false, confidence: 1)
            reply = try await chat.continue(message, state: &newState, base: base)
        } else if BenefitQuestion.isAsked(message) {
            personal = true
            newState.turns += 1
            newState.lastIntent = .eligibility
            reply = try await BenefitAnswer(platform: platform).reply(for: user, base: snapshot.assistant.reply(.eligibility, "", handoff: false, confidence: 1))
        } else {
            reply = snapshot.assistant.respond(to: message, state: &newState)
            if reply.intent == .apply, appliesInChat {
                reply = try await chat.start(from: reply, state: &newState)
            }
        }
        // a reviewer's answer for this very question comes first, as written
        let review = AnswerReview(database: database)
        let curated = reply.intent == .apply || personal ? nil : try await review.curated(for: message)
        if let curated {
            reply.answer = curated.answer
            reply.model = "curated"
            reply.handoff = false
            reply.confidence = 1
        }
        reply.kbVersion = try await review.version(base: reply.kbVersion)
        var phrasing: PhrasingRequest?
        if curated == nil, !personal, platform.answerModel != nil, reply.intent != .apply, ModelPhrasing.shouldPhrase(reply) {
            let passages = reply.citations.compactMap { snapshot.engine.passage(id: $0.id) }
            phrasing = PhrasingRequest(question: message, draft: reply.answer, passages: passages)
        }
        return Prepared(turnID: UUID(), session: session, state: newState, message: message, reply: reply, phrasing: phrasing,
                        started: started)
    }

    /// Stores the conversation's new state and the turn as it was finally answered.
    func record(_ prepared: Prepared, reply: AssistantReply) async throws {
        let encodedState = String(decoding: try JSONEncoder().encode(prepared.state), as: UTF8.self)
        let elapsed = ContinuousClock.now - prepared.started
        let session = prepared.session
        try await database.transaction { database in
            session.state = try platform.vault.seal(encodedState)  // may hold a value offered from the profile
            try await session.save(on: database)
            let turn = AssistantTurnRecord()
            turn.id = prepared.turnID
            turn.sessionID = session.id ?? ""
            turn.question = PersonalDataRedactor.redact(prepared.message)
            turn.intent = reply.intent.rawValue
            turn.serviceCodes = reply.services.map(\.code).joined(separator: ",")
            turn.passageIDs = reply.citations.map(\.id).joined(separator: ",")
            turn.knowledgeVersion = reply.kbVersion
            turn.model = reply.model
            turn.answer = reply.answer
            turn.latencyMilliseconds = elapsed.milliseconds
            turn.handoff = reply.handoff
            turn.confidence = reply.confidence
            turn.retrieval = Self.retrieval(of: reply)
            turn.provider = reply.model == "curated" ? "curated" : reply.model == "offline-composer" ? "offline"
                : (platform.answerModel?.model as? OpenAICompatibleModel).flatMap { URL(string: $0.baseURL)?.host } ?? "model"
            try await turn.create(on: database)
        }
    }

    /// The services found (with their search scores) and the passages cited, as stored with the turn.
    static func retrieval(of reply: AssistantReply) -> String {
        struct Retrieved: Encodable {
            let kind: String
            let id: String
            let score: Double?
        }
        let items = reply.services.map { Retrieved(kind: "service", id: $0.code, score: ($0.score * 1000).rounded() / 1000) }
            + reply.citations.map { Retrieved(kind: "passage", id: $0.id, score: nil) }
        return (try? JSONEncoder().encode(items)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }

    static func validated(message raw: String?) throws -> String {
        let message = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var errors = FieldErrors()
        if message.isEmpty { errors.add("message", "请输入要咨询的问题") }
        if message.count > maxMessageLength { errors.add("message", "问题不能超过 \(maxMessageLength) 个字，请简要描述") }
        guard errors.isEmpty else { throw errors }
        return message
    }

    /// The conversation named by `sessionID`, or a new one when none is given.
    func loadSession(_ sessionID: String?) async throws -> (AssistantSessionRecord, DialogState) {
        guard let sessionID, !sessionID.isEmpty else {
            let record = AssistantSessionRecord(id: UUID().uuidString.lowercased(), state: "{}")
            return (record, DialogState())
        }
        guard sessionID.count <= 64, sessionID.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            throw FieldErrors.field("session_id", "会话编号格式不对")
        }
        guard let record = try await AssistantSessionRecord.find(sessionID, on: database),
              (record.updatedAt ?? .distantPast).timeIntervalSinceNow > -Self.sessionLifetime
        else {
            throw ServiceError.notFound("会话不存在或已过期，请重新提问")
        }
        let json = try platform.vault.open(record.state)
        let state = (try? JSONDecoder().decode(DialogState.self, from: Data(json.utf8))) ?? DialogState()
        return (record, state)
    }
}

extension Duration {
    var milliseconds: Double { Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15 }
}

/// The configured language model and how long to wait for it.
struct ConfiguredModel: Sendable {
    let model: any AnswerModel
    let timeout: Duration
}
