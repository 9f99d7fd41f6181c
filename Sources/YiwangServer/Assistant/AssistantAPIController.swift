import Vapor
import YiwangAssistant
import YiwangDomain

/// `/api/v1/assistant/…`: chat (whole answers, or streamed as server-sent events) and messages
/// for staff.
struct AssistantAPIController: RouteCollection {
    /// 小自然's budget per client address (see `RateLimitMiddleware`).
    let limit: RateLimitMiddleware

    func boot(routes: any RoutesBuilder) throws {
        let limited = routes.grouped(limit)
        limited.post(.api(.assistantChat), use: chat)
        limited.get(.api(.assistantChatStream), use: stream)
        limited.post(.api(.assistantChatStream), use: stream)
        limited.post(.api(.assistantTickets), use: createTicket)
        limited.post(.api(.assistantFeedback(.key)), use: feedback)
        routes.get(.api(.assistantReview), use: review)
    }

    /// The review figures and queue, for reviewers (see `AnswerReviewPage`).
    @Sendable func review(req: Request) async throws -> AnswerReview.Overview {
        try AnswerReview.requireReviewer(try req.requireStaff())
        return try await AnswerReview(database: req.db).overview()
    }

    /// 小自然 for this request: who asks (for 边聊边办), on the request's database.
    static func chat(_ req: Request) -> ChatService {
        ChatService(platform: req.platform, user: req.signedIn)
    }

    struct ChatRequest: Content {
        var sessionId: String?
        var message: String?
    }

    /// The reply with its conversation, as the API documents it.
    struct ChatResponse: Content {
        let sessionId: String
        /// For feedback (👍/👎) on this answer.
        let turnId: UUID
        let answer: String
        let intent: String
        let services: [AssistantReply.Service]
        let citations: [AssistantReply.Citation]
        let actions: [AssistantReply.Action]
        let handoff: Bool
        let kbVersion: String
        let model: String

        init(_ turn: ChatService.Turn) {
            sessionId = turn.sessionID
            turnId = turn.turnID
            answer = turn.reply.answer
            intent = turn.reply.intent.rawValue
            services = turn.reply.services
            citations = turn.reply.citations
            actions = turn.reply.actions
            handoff = turn.reply.handoff
            kbVersion = turn.reply.kbVersion
            model = turn.reply.model
        }
    }

    /// 👍 or 👎 (with an optional comment) on an answer of the caller's own conversation.
    @Sendable func feedback(req: Request) async throws -> HTTPStatus {
        let body = (try? req.content.decode(AnswerReview.Feedback.self)) ?? .init()
        try await AnswerReview(database: req.db).rate(turnID: req.parameter(.turn), body)
        return .noContent
    }

    @Sendable func chat(req: Request) async throws -> ChatResponse {
        let body = try Self.decodeChat(req)
        return ChatResponse(try await Self.chat(req).converse(sessionID: body.sessionId, message: body.message))
    }

    /// The same answer as server-sent events: `meta` (everything but the text), `delta` pieces of
    /// text as they are written, `reset` if a model fails midway (the offline answer follows), then
    /// `done` with the model that answered. Errors before the stream starts are ordinary problems.
    @Sendable func stream(req: Request) async throws -> Response {
        let body = req.method == .GET
            ? ChatRequest(sessionId: req.query[String.self, at: "session_id"], message: req.query[String.self, at: "message"])
            : try Self.decodeChat(req)
        let service = Self.chat(req)
        let prepared = try await service.prepare(sessionID: body.sessionId, message: body.message)
        var meta = try JSONSerialization.jsonObject(
            with: JSONConventions.encoder().encode(ChatResponse(.init(sessionID: prepared.session.id ?? "", turnID: prepared.turnID, reply: prepared.reply)))
        ) as? [String: Any] ?? [:]
        meta["answer"] = nil
        if let configured = req.application.answerModel, prepared.phrasing != nil { meta["model"] = configured.model.name }
        let metaData = try JSONSerialization.data(withJSONObject: meta, options: [.withoutEscapingSlashes])
        let configured = prepared.phrasing == nil ? nil : req.application.answerModel
        let headers: HTTPHeaders = [
            "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache", "X-Accel-Buffering": "no",
        ]
        return Response(status: .ok, headers: headers, body: .init(asyncStream: { writer in
            func send(_ event: String, _ object: [String: String]) async throws {
                let data = try JSONSerialization.data(withJSONObject: object)
                try await writer.write(.buffer(ServerSentEvent.encode(event: event, data: data)))
            }
            try await writer.write(.buffer(ServerSentEvent.encode(event: "meta", data: metaData)))
            var reply = prepared.reply
            var phrased = ""
            if let configured, let phrasing = prepared.phrasing {
                // The model's own client gives up at the same deadline if nothing arrives at all.
                let deadline = ContinuousClock.now + configured.timeout
                do {
                    for try await piece in configured.model.phrase(phrasing) {
                        guard ContinuousClock.now < deadline else { throw Abort(.gatewayTimeout) }
                        phrased += piece
                        try await send("delta", ["text": piece])
                    }
                } catch {
                    req.logger.warning("language model failed or timed out while streaming; answered offline")
                    if !phrased.isEmpty { try await send("reset", [:]) }
                    phrased = ""
                }
            }
            if phrased.isEmpty {
                for chunk in AnswerChunker.chunks(reply.answer) { try await send("delta", ["text": chunk]) }
            } else if let configured {
                reply.answer = phrased
                reply.model = configured.model.name
            }
            try await service.record(prepared, reply: reply)
            try await send("done", ["model": reply.model])
            try await writer.write(.end)
        }))
    }

    static func decodeChat(_ req: Request) throws -> ChatRequest {
        do {
            return try req.content.decode(ChatRequest.self)
        } catch {
            throw ServiceError.badRequest("请求内容须为 JSON：{\"message\": \"您的问题\"}")
        }
    }

    struct TicketRequest: Content {
        var sessionId: String?
        var message: String?
        var contact: String?
    }

    struct TicketResponse: Content {
        let id: UUID
        let status: String
        let detail: String
    }

    @Sendable func createTicket(req: Request) async throws -> Response {
        let body: TicketRequest
        do { body = try req.content.decode(TicketRequest.self) } catch {
            throw ServiceError.badRequest("请求内容须为 JSON：{\"message\": \"留言内容\", \"contact\": \"联系方式\"}")
        }
        let ticket = try await TicketService(database: req.db, vault: req.application.personalData)
            .create(message: body.message, contact: body.contact, sessionID: body.sessionId)
        let response = try await TicketResponse(id: ticket.id ?? UUID(), status: ticket.status,
                                                detail: "留言已收到，工作人员会在 3 个工作日内回复。").encodeResponse(for: req)
        response.status = .created
        return response
    }
}

/// Cuts an answer into the pieces a stream sends: line by line, long lines at sentence ends.
enum AnswerChunker {
    static func chunks(_ answer: String) -> [String] {
        var chunks: [String] = []
        var current = ""
        for character in answer {
            current.append(character)
            if character == "\n" || ("。；！？".contains(character) && current.count >= 12) {
                chunks.append(current)
                current = ""
            }
        }
        if !current.isEmpty { chunks.append(current) }
        return chunks
    }
}

/// The wire format of server-sent events.
enum ServerSentEvent {
    static func encode(event: String, data: Data) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeString("event: \(event)\n")
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            buffer.writeString("data: \(line)\n")
        }
        buffer.writeString("\n")
        return buffer
    }
}

extension AnswerReview.Overview: Content {}
extension AnswerReview.Feedback: Content {}
