import Fluent
import Foundation
import Vapor
import YiwangAssistant
import YiwangDomain

/// One turn of a conversation with 小自然: checks the message, loads the conversation, asks the
/// assistant, and stores the new state and a traceable record of the turn in one transaction.
struct ChatService {
    static let maxMessageLength = 500
    /// A conversation idle this long is over.
    static let sessionLifetime: TimeInterval = 2 * 3600

    struct Turn: Sendable {
        let sessionID: String
        let reply: AssistantReply
    }

    let request: Request

    func converse(sessionID: String?, message raw: String?) async throws -> Turn {
        let message = try Self.validated(message: raw)
        let start = ContinuousClock.now
        let (record, state) = try await loadSession(sessionID)
        var newState = state
        let assistant = try await request.application.search.snapshot(on: request.db).assistant
        let reply = assistant.respond(to: message, state: &newState)
        let elapsed = ContinuousClock.now - start
        let encodedState = String(decoding: try JSONEncoder().encode(newState), as: UTF8.self)
        try await request.db.transaction { database in
            record.state = encodedState
            try await record.save(on: database)
            let turn = AssistantTurnRecord()
            turn.sessionID = record.id ?? ""
            turn.question = PersonalDataRedactor.redact(message)
            turn.intent = reply.intent.rawValue
            turn.serviceCodes = reply.services.map(\.code).joined(separator: ",")
            turn.passageIDs = reply.citations.map(\.id).joined(separator: ",")
            turn.knowledgeVersion = reply.kbVersion
            turn.model = reply.model
            turn.answer = reply.answer
            turn.latencyMilliseconds = elapsed.milliseconds
            turn.handoff = reply.handoff
            turn.confidence = reply.confidence
            try await turn.create(on: database)
        }
        return Turn(sessionID: record.id ?? "", reply: reply)
    }

    static func validated(message raw: String?) throws -> String {
        let message = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var errors = FieldErrors()
        if message.isEmpty { errors.add("message", "请输入要咨询的问题") }
        if message.count > maxMessageLength { errors.add("message", "问题不能超过 \(maxMessageLength) 个字，请简要描述") }
        guard errors.isEmpty else { throw Problem.badRequest(errors) }
        return message
    }

    /// The conversation named by `sessionID`, or a new one when none is given.
    func loadSession(_ sessionID: String?) async throws -> (AssistantSessionRecord, DialogState) {
        guard let sessionID, !sessionID.isEmpty else {
            let record = AssistantSessionRecord(id: UUID().uuidString.lowercased(), state: "{}")
            return (record, DialogState())
        }
        guard sessionID.count <= 64, sessionID.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            var errors = FieldErrors()
            errors.add("session_id", "会话编号格式不对")
            throw Problem.badRequest(errors)
        }
        guard let record = try await AssistantSessionRecord.find(sessionID, on: request.db),
              (record.updatedAt ?? .distantPast).timeIntervalSinceNow > -Self.sessionLifetime
        else {
            throw Problem.notFound("会话不存在或已过期，请重新提问")
        }
        let state = (try? JSONDecoder().decode(DialogState.self, from: Data(record.state.utf8))) ?? DialogState()
        return (record, state)
    }
}

extension Duration {
    var milliseconds: Double { Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15 }
}
