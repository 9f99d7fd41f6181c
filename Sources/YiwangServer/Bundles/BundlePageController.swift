import Vapor
import YiwangDomain

/// `/bundles` and `/bundles/:code`: the 一件事 list, and one bundle's page — its guide, the
/// situation questions (a plain GET form), and the plan once every question is answered.
struct BundlePageController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.bundles, use: list)
        routes.get(.bundle(.key), use: show)
    }

    struct ListContext: Encodable {
        let meta: PageMeta
        let person: [BundleSummary]
        let enterprise: [BundleSummary]
    }

    @Sendable func list(req: Request) async throws -> View {
        let bundles = try await BundleCatalog(platform: req.platform).list()
        return try await req.view.render("bundles", ListContext(
            meta: PageMeta(title: "高效办成一件事", request: req),
            person: bundles.filter { $0.lifeCycle == LifeCycle.person.rawValue },
            enterprise: bundles.filter { $0.lifeCycle == LifeCycle.enterprise.rawValue }
        ))
    }

    struct ShowContext: Encodable {
        let meta: PageMeta
        let view: BundleView
        /// Why the plan cannot be shown yet (a question unanswered, answers that contradict).
        let problem: String?
    }

    @Sendable func show(req: Request) async throws -> Response {
        let code = req.parameter(.code)
        var answers: [String: String] = [:]
        for (key, value) in (try? req.query.decode([String: String].self)) ?? [:] where !value.isEmpty && key.count <= 64 {
            answers[key] = String(value.prefix(100))
        }
        return try await render(req, code: code, answers: answers, problem: nil)
    }

    /// The bundle page with these answers: the plan once they fit, or why they do not (`problem`
    /// given by the caller — e.g. an application refused for them — or found here).
    func render(_ req: Request, code: String, answers supplied: [String: String], problem reported: String?,
                status: HTTPResponseStatus = .ok) async throws -> Response {
        let catalog = BundleCatalog(platform: req.platform)
        let guide = try await catalog.guide(code: code)
        let questions = Set(guide.bundle.questions.map(\.id))
        let answers = supplied.filter { questions.contains($0.key) }
        var plan: BundlePlan?
        var problem = reported
        if !answers.isEmpty, problem == nil {
            do {
                plan = try await catalog.plan(code: guide.bundle.code, answers: answers)
            } catch let error as ServiceError {
                problem = error.message
            }
        }
        return try await req.page("bundle", ShowContext(
            meta: PageMeta(title: guide.bundle.name, request: req),
            view: BundleView(guide: guide, answers: answers, plan: plan), problem: problem
        ), status: status)
    }
}
