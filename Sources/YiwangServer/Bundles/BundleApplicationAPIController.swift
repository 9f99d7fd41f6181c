import Vapor
import YiwangDomain

/// `/api/v1/bundle-applications/:id`: a 一件事 application's one form, read and saved as an item's
/// draft is (the same answer shape: its values, pre-fill, files and the check across components).
struct BundleApplicationAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.api(.bundleApplication(.key)), use: show)
        routes.put(.api(.bundleApplication(.key)), use: save)
    }

    @Sendable func show(req: Request) async throws -> ApplicationDraft {
        let user = try req.requireCitizen()
        let applications = BundleApplications(platform: req.platform)
        return try await applications.describe(try await applications.application(id: req.parameter(.id), user: user), user: user).draft
    }

    /// Saves typed values (merged; an empty string clears a field), whatever is wrong with them.
    @Sendable func save(req: Request) async throws -> ApplicationDraft {
        let user = try req.requireCitizen()
        let applications = BundleApplications(platform: req.platform)
        let application = try await applications.application(id: req.parameter(.id), user: user)
        let body = try req.content.decode(ApplicationAPIController.FormBody.self)
        let problems = try await applications.save(application, values: body.values ?? [:], expectedVersion: body.version, user: user)
        return try await applications.describe(application, user: user, extraProblems: problems).draft
    }
}
