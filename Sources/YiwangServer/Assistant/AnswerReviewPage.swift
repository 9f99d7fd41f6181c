import Vapor
import YiwangDomain

/// `/assistant/review`: staff who answer for 小自然 (管理员, 审批, 审查) see the figures — coverage,
/// 👍 rate, backlog — and the queue of answers to look at; they write the right answer (curated from
/// then on) or mark an answer as fine.
struct AnswerReviewPage: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.assistantReview, use: page)
        routes.post(.assistantReviewCurate(.key), use: curate)
        routes.post(.assistantReviewDismiss(.key), use: dismiss)
    }

    struct Context: Encodable {
        let meta: PageMeta
        let figures: [Figure]
        let items: [AnswerReview.Item]
        let notice: String?
        let error: String?
    }

    struct Figure: Encodable {
        let label: String
        let value: String
    }

    func render(_ req: Request, notice: String? = nil, error: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        try AnswerReview.requireReviewer(try req.requireStaff())
        let overview = try await AnswerReview(database: req.db).overview()
        let figures = overview.figures
        func percent(_ value: Double?) -> String { value.map { String(format: "%.0f%%", $0 * 100) } ?? "—" }
        return try await req.page("assistant-review", Context(
            meta: PageMeta(title: "智能咨询审核", request: req),
            figures: [Figure(label: "覆盖率（范围内问题未转人工）", value: percent(figures.coverage)),
                      Figure(label: "有帮助（👍）比例", value: percent(figures.helpfulRate) + "，共 \(figures.rated) 条评价"),
                      Figure(label: "待审核", value: "\(figures.backlog) 条"),
                      Figure(label: "人工审核答案", value: "\(figures.curated) 条")],
            items: overview.items, notice: notice, error: error), status: status)
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
        let staff = try req.requireStaff()
        try AnswerReview.requireReviewer(staff)
        return try await req.pageAction({
            try await AnswerReview(database: req.db).review(turnID: req.parameter(.turn), answer: answer, by: staff, audit: req.audit)
            return try await render(req, notice: answer == nil ? "已标记为无需修改" : "已保存人工审核答案，今后同样的问题将使用这个回答")
        }, rerender: { message, status in try await render(req, error: message, status: status) })
    }
}
