import Vapor

/// `GET /c/{code}`: follows a short link.
struct ShortLinkController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.shortLink(.key), use: follow)
    }

    @Sendable func follow(req: Request) async throws -> Response {
        req.redirect(to: try await ShortLinks.target(of: req.parameter(.code), on: req.db), redirectType: .normal)
    }
}
