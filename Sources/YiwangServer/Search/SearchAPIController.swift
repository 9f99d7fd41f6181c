import Vapor
import YiwangDomain

/// `GET /api/v1/suggest?q=`: the services that match what has been typed so far.
struct SearchAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.api(.suggest), use: suggest)
    }

    struct Suggestion: Content {
        let code: String
        let name: String
        let department: String
        let url: String
    }

    struct Suggestions: Content {
        let items: [Suggestion]
    }

    @Sendable func suggest(req: Request) async throws -> Suggestions {
        let summaries = try await ServiceFinder(platform: req.platform).suggest(req.query[String.self, at: "q"] ?? "")
        return Suggestions(items: summaries.map {
            Suggestion(code: $0.code, name: $0.name, department: $0.department, url: SiteURL.guide(.value($0.code)).path)
        })
    }
}
