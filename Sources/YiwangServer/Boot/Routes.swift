import Vapor

/// Every controller of the platform, registered once; each takes its paths from `SiteURL`.
enum Routes {
    static func register(_ app: Application) throws {
        let limits = app.rateLimits
        let collections: [any RouteCollection] = [
            HealthController(), try OpenAPIController(directory: app.directory.resourcesDirectory),
            CatalogAPIController(), BundleAPIController(), BundlePageController(), SearchAPIController(),
            AssistantAPIController(limit: limits.assistant), AssistantPageController(), AssistantChatPage(limit: limits.assistant),
            AuthAPIController(codeLimit: limits.smsCodes, registrationLimit: limits.registrations),
            AuthPageController(codeLimit: limits.smsCodes, registrationLimit: limits.registrations), SecondFactorPage(),
            ApplicationAPIController(), ApplicationPageController(), BundleApplicationPageController(), BundleApplicationAPIController(),
            DevSMSPage(), ShortLinkController(),
            CertificateAPIController(), CertificatePageController(), BenefitPageController(), BenefitPublicPageController(),
            PolicyWorkbenchPageController(),
            AuditPage(), AuditAPIController(), AnswerReviewPage(),
            WorkbenchAPIController(), WorkbenchPageController(), GreenChannelClassPage(), CalendarAdminPage(),
            PageController(),
        ]
        for collection in collections { try app.register(collection: collection) }
    }
}
