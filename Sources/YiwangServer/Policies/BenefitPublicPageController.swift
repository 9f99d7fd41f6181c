import Vapor
import YiwangDomain

/// 信息公示: every benefit policy with its rules in plain Chinese and how many were granted each
/// month — counts only, never who.
struct BenefitPublicPageController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.benefits, use: publications)
        routes.get(.benefitPolicy(.key), use: policy)
    }

    struct PublicationView: Encodable {
        let policy: PolicyWorkbenchPageController.PolicySummaryView
        let months: [Month]
        let total: Int

        struct Month: Encodable {
            let month: String
            let granted: Int
        }
    }

    struct PublicationsContext: Encodable {
        let meta: PageMeta
        let publications: [PublicationView]
    }

    @Sendable func publications(req: Request) async throws -> Response {
        let publications = try await PolicyDesk(platform: req.platform).publications()
        return try await req.page("benefits-public", PublicationsContext(
            meta: PageMeta(title: "政策找人 · 信息公示", request: req),
            publications: publications.map { publication in
                PublicationView(policy: .init(publication.policy, url: .benefitPolicy(.value(publication.policy.id))),
                                months: publication.months.map { .init(month: $0.month, granted: $0.granted) }, total: publication.total)
            }))
    }

    struct PolicyContext: Encodable {
        let meta: PageMeta
        let policy: PolicyWorkbenchPageController.PolicySummaryView
        let rules: [PolicyExplanation.RuleLine]
        let bands: [String]
        let legalBasis: [String]
        let note: String?
        let objectionDays: Int
        let versions: [PolicyWorkbenchPageController.VersionView]
        let applyURL: String?
    }

    @Sendable func policy(req: Request) async throws -> Response {
        let page = try await PolicyDesk(platform: req.platform).page(req.parameter(.code))
        return try await req.page("benefit-policy", PolicyContext(
            meta: PageMeta(title: page.summary.name, request: req), policy: .init(page.summary, url: .benefitPolicy(.value(page.summary.id))),
            rules: page.rules, bands: page.bands, legalBasis: page.legalBasis, note: page.note, objectionDays: page.objectionDays,
            versions: page.versions.map { .init(version: $0.version, effective: $0.effective, publishedAt: ChinaTime.format($0.publishedAt),
                                                publishedBy: $0.publishedBy) },
            applyURL: page.serviceCode.map { SiteURL.guide(.value($0)).path }))
    }
}
