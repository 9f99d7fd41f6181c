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

    @Sendable func show(req: Request) async throws -> View {
        let catalog = BundleCatalog(platform: req.platform)
        let guide = try await catalog.guide(code: req.parameter(.code))
        var answers: [String: String] = [:]
        for question in guide.bundle.questions {
            if let answer = req.query[String.self, at: question.id], !answer.isEmpty { answers[question.id] = String(answer.prefix(100)) }
        }
        var plan: BundlePlan?
        var problem: String?
        if !answers.isEmpty {
            do {
                plan = try await catalog.plan(code: guide.bundle.code, answers: answers)
            } catch let error as ServiceError {
                problem = error.message
            }
        }
        return try await req.view.render("bundle", ShowContext(
            meta: PageMeta(title: guide.bundle.name, request: req),
            view: BundleView(guide: guide, answers: answers, plan: plan), problem: problem
        ))
    }
}
