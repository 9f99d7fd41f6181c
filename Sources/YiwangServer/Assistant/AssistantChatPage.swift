import Vapor
import YiwangAssistant

/// `/assistant`: 小自然 without JavaScript — a form, and the answer rendered on the server. The
/// chat widget on every page opens the same conversation in place when scripts run.
struct AssistantChatPage: RouteCollection {
    /// 小自然's budget per client address, shared with the API.
    let limit: RateLimitMiddleware

    func boot(routes: any RoutesBuilder) throws {
        routes.get(.assistant, use: show)
        routes.grouped(limit).post(.assistant, use: ask)
    }

    struct Context: Encodable {
        let meta: PageMeta
        let sessionId: String
        let question: String?
        let reply: AssistantReply?
        let error: String?
    }

    @Sendable func show(req: Request) async throws -> View {
        try await req.view.render("assistant", Context(meta: PageMeta(title: "小自然 · 智能咨询", request: req),
                                                       sessionId: "", question: nil, reply: nil, error: nil))
    }

    struct Form: Content {
        var message: String?
        var sessionId: String?

        enum CodingKeys: String, CodingKey {
            case message
            case sessionId = "session_id"
        }
    }

    @Sendable func ask(req: Request) async throws -> Response {
        let form = (try? req.content.decode(Form.self)) ?? Form()
        let meta = PageMeta(title: "小自然 · 智能咨询", request: req)
        return try await req.pageAction({
            let turn = try await ChatService(platform: req.platform, user: req.signedIn).converse(sessionID: form.sessionId, message: form.message)
            return try await req.page("assistant", Context(meta: meta, sessionId: turn.sessionID, question: form.message,
                                                           reply: turn.reply, error: nil))
        }, rerender: { message, status in
            // An expired conversation starts again; other problems are shown with the form kept.
            try await req.page("assistant", Context(meta: meta, sessionId: status == .notFound ? "" : form.sessionId ?? "",
                                                    question: form.message, reply: nil, error: message), status: status)
        })
    }
}
