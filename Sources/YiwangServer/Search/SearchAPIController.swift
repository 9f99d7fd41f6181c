import Fluent
import Vapor

/// `GET /api/v1/suggest?q=`: the services that match what has been typed so far.
struct SearchAPIController: RouteCollection {
    static let maxPrefixLength = 50
    static let limit = 8

    func boot(routes: any RoutesBuilder) throws {
        routes.grouped("api", "v1").get("suggest", use: suggest)
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
        let text = req.query[String.self, at: "q"] ?? ""
        guard text.count <= Self.maxPrefixLength else {
            var errors = FieldErrors()
            errors.add("q", "输入不能超过 \(Self.maxPrefixLength) 个字")
            throw Problem.badRequest(errors)
        }
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { return Suggestions(items: []) }
        let engine = try await req.application.search.snapshot(on: req.db).engine
        let matches = engine.suggest(text, limit: Self.limit)
        let summaries = try await CatalogRepository(database: req.db).summaries(codes: matches.map(\.code))
        return Suggestions(items: summaries.map {
            Suggestion(code: $0.code, name: $0.name, department: $0.department, url: "/services/\($0.code)")
        })
    }
}
