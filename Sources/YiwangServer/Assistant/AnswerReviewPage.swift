import Fluent
import Vapor
import YiwangDomain

/// `/assistant/review`: staff who answer for 小自然 (管理员, 审批, 审查) see the figures — coverage,
/// 👍 rate, backlog — and the queue of answers to look at; they write the right answer (curated from
/// then on) or mark an answer as fine. `GET /api/v1/assistant/review` gives the same as JSON.
struct AnswerReviewPage: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("assistant", "review", use: page)
        routes.post("assistant", "review", ":turn", "curate", use: curate)
        routes.post("assistant", "review", ":turn", "dismiss", use: dismiss)
        routes.get("api", "v1", "assistant", "review", use: api)
    }

    static func requireReviewer(_ req: Request) throws -> SignedIn {
        let staff = try req.requireStaff()
        guard !Set(staff.roles).isDisjoint(with: [.admin, .approval, .review]) else {
            throw Problem(status: .forbidden, detail: "仅管理员和审查、审批人员可以审核智能咨询的回答")
        }
        return staff
    }

    struct Row: Content {
        let id: UUID
        let at: String
        let question: String
        let answer: String
        let intent: String
        let confidence: Double
        let handoff: Bool
        let rating: String?
        let comment: String?
        let model: String
        let reasons: String
    }

    struct Queue: Content {
        let figures: AnswerReview.Figures
        let items: [Row]
    }

    static func row(_ turn: AssistantTurnRecord) -> Row {
        var reasons: [String] = []
        if turn.rating == "down" { reasons.append("用户认为没帮助") }
        if turn.confidence < AnswerReview.lowConfidence { reasons.append(String(format: "把握较低（%.2f）", turn.confidence)) }
        if turn.handoff { reasons.append("转人工") }
        return Row(id: turn.id ?? UUID(), at: ApplicationPageController.format(turn.createdAt), question: turn.question, answer: turn.answer,
                   intent: turn.intent, confidence: turn.confidence, handoff: turn.handoff, rating: turn.rating, comment: turn.feedbackComment,
                   model: turn.model, reasons: reasons.joined(separator: "、"))
    }

    func queue(_ req: Request) async throws -> Queue {
        let review = AnswerReview(database: req.db)
        return Queue(figures: try await review.figures(), items: try await review.queue().map(Self.row))
    }

    @Sendable func api(req: Request) async throws -> Queue {
        _ = try Self.requireReviewer(req)
        return try await queue(req)
    }

    struct Context: Encodable {
        let meta: PageMeta
        let figures: [Figure]
        let items: [Row]
        let notice: String?
        let error: String?
    }

    struct Figure: Encodable {
        let label: String
        let value: String
    }

    func render(_ req: Request, notice: String? = nil, error: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        _ = try Self.requireReviewer(req)
        let queue = try await queue(req)
        let figures = queue.figures
        func percent(_ value: Double?) -> String { value.map { String(format: "%.0f%%", $0 * 100) } ?? "—" }
        let response = try await req.view.render("assistant-review", Context(
            meta: PageMeta(title: "智能咨询审核", request: req),
            figures: [Figure(label: "覆盖率（范围内问题未转人工）", value: percent(figures.coverage)),
                      Figure(label: "有帮助（👍）比例", value: percent(figures.helpfulRate) + "，共 \(figures.rated) 条评价"),
                      Figure(label: "待审核", value: "\(figures.backlog) 条"),
                      Figure(label: "人工审核答案", value: "\(figures.curated) 条")],
            items: queue.items, notice: notice, error: error)).encodeResponse(for: req)
        response.status = status
        return response
    }

    @Sendable func page(req: Request) async throws -> Response {
        try await render(req)
    }

    struct CurateForm: Content { var answer: String? }

    @Sendable func curate(req: Request) async throws -> Response {
        try await decide(req, answer: ((try? req.content.decode(CurateForm.self)) ?? .init()).answer ?? "")
    }

    @Sendable func dismiss(req: Request) async throws -> Response {
        try await decide(req, answer: nil)
    }

    private func decide(_ req: Request, answer: String?) async throws -> Response {
        let staff = try Self.requireReviewer(req)
        do {
            try await AnswerReview(database: req.db).review(turnID: req.parameters.get("turn") ?? "", answer: answer, by: staff,
                                                             audit: AuditLog(request: req))
            return try await render(req, notice: answer == nil ? "已标记为无需修改" : "已保存人工审核答案，今后同样的问题将使用这个回答")
        } catch let errors as FieldErrors {
            return try await render(req, error: errors.summary, status: .badRequest)
        } catch let problem as Problem where problem.status < 500 {
            return try await render(req, error: problem.detail, status: HTTPResponseStatus(statusCode: problem.status))
        }
    }
}
