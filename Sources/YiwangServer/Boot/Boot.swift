import Fluent
import Leaf
import Vapor
import YiwangAssistant
import YiwangDomain

/// Options that tests and commands set; the server itself runs with the defaults.
public struct BootOptions: Sendable {
    /// Run migrations at boot (the server does; `yiwang migrate` does it on its own).
    public var migrate = true
    /// A PostgreSQL `search_path`, so parallel tests each get their own schema.
    public var postgresSearchPath: [String]?
    /// How stale a node's cached guides may be when another node changes the catalog.
    public var catalogRevisionCheckInterval: Duration = .seconds(1)

    public init(migrate: Bool = true, postgresSearchPath: [String]? = nil) {
        self.migrate = migrate
        self.postgresSearchPath = postgresSearchPath
    }
}

/// Sets up an application: HTTP, JSON conventions, middleware, database, views, routes; then
/// migrates and, on an empty database, seeds the demo catalog.
public func configure(_ app: Application, config: AppConfig, options: BootOptions = BootOptions()) async throws {
    app.storage[AppConfigKey.self] = config
    app.http.server.configuration.hostname = config.host
    app.http.server.configuration.port = config.port
    app.logger.logLevel = config.logLevel

    let root = ResourceLocator.rootDirectory()
    app.directory = DirectoryConfiguration(workingDirectory: root)
    JSONConventions.install()

    app.middleware = Middlewares()
    app.middleware.use(RequestLogMiddleware())
    app.middleware.use(MetricsMiddleware(metrics: app.httpMetrics))
    app.middleware.use(SecurityHeadersMiddleware())  // outside the error renderer: error pages get the headers too
    app.middleware.use(ErrorRenderingMiddleware())
    app.middleware.use(FileMiddleware(publicDirectory: app.directory.publicDirectory))
    app.middleware.use(AuditTrailMiddleware())  // around the session check: a refused token is a refused write
    app.middleware.use(SessionAuthenticator())
    app.middleware.use(CSRFProtection())
    app.middleware.use(AccessPolicyMiddleware())

    let watcher = RevisionWatcher(interval: options.catalogRevisionCheckInterval)
    app.catalogCache = CatalogCache(watcher: watcher)
    app.search = SearchService(
        watcher: watcher, files: try KnowledgeFiles.load(resourcesDirectory: app.directory.resourcesDirectory)
    )
    if let model = config.languageModel {
        app.answerModel = ConfiguredModel(
            model: OpenAICompatibleModel(baseURL: model.baseURL, model: model.model, apiKey: model.apiKey,
                                         timeout: .seconds(model.timeoutSeconds)),
            timeout: .seconds(model.timeoutSeconds)
        )
    }
    app.autoApprovalRules = AutoApproval.load(resourcesDirectory: app.directory.resourcesDirectory)
    app.masterKey = try MasterKey.load(configured: config.masterKey, previous: config.previousMasterKeys, dataDirectory: config.dataDirectory, logger: app.logger)
    if let webhook = config.smsWebhook {
        app.smsGateway = WebhookSMSGateway(url: webhook.url, secret: webhook.secret, client: app.http.client.shared)
    }
    try DatabaseSetup.configure(app, storage: config.storage, postgresSearchPath: options.postgresSearchPath)

    app.views.use(.leaf)
    app.leaf.configuration.rootDirectory = app.directory.viewsDirectory
    app.leaf.cache.isEnabled = app.environment.isRelease

    try routes(app)

    if options.migrate {
        try await app.autoMigrate()
    }
    try await DatabaseSetup.prepareConnections(app)
    if options.migrate {
        try await loadReferenceData(app)
    }
    if options.migrate, config.seedDemoData {
        try await seedDemoDataIfEmpty(app)
    }
    if options.migrate {
        // each department's electronic-seal key, made at first start
        try await SealKeys(database: app.db, masterKey: app.masterKey).ensureActiveKeys()
    }
    if options.migrate {
        _ = try await app.search.snapshot(on: app.db)  // warm: the first visitor should not wait
    }
}

func routes(_ app: Application) throws {
    try app.register(collection: HealthController())
    try app.register(collection: OpenAPIController(directory: app.directory.resourcesDirectory))
    try app.register(collection: CatalogAPIController())
    try app.register(collection: SearchAPIController())
    try app.register(collection: AssistantAPIController(limit: app.rateLimits.assistant))
    try app.register(collection: AssistantPageController())
    try app.register(collection: AssistantChatPage(limit: app.rateLimits.assistant))
    try app.register(collection: AuthAPIController(codeLimit: app.rateLimits.smsCodes))
    try app.register(collection: ApplicationAPIController())
    try app.register(collection: AuthPageController(codeLimit: app.rateLimits.smsCodes))
    try app.register(collection: SecondFactorPage())
    try app.register(collection: ApplicationPageController())
    try app.register(collection: DevSMSPage())
    try app.register(collection: ShortLinkController())
    try app.register(collection: CertificateAPIController())
    try app.register(collection: CertificatePageController())
    try app.register(collection: AuditPage())
    try app.register(collection: AnswerReviewPage())
    try app.register(collection: WorkbenchAPIController())
    try app.register(collection: WorkbenchPageController())
    try app.register(collection: GreenChannelClassPage())
    try app.register(collection: CalendarAdminPage())
    try app.register(collection: PageController())
}

/// Data the platform needs whether or not it is a demo: the shipped holiday schedules.
func loadReferenceData(_ app: Application) async throws {
    try await CalendarStore(database: app.db).loadShipped(from: app.directory.resourcesDirectory + "Calendar")
}

/// Seeds the demo catalog into an empty database, so that a first start shows a working platform.
func seedDemoDataIfEmpty(_ app: Application) async throws {
    if try await CatalogRepository(database: app.db).itemCount() == 0 {
        let report = try await CatalogSeeder(directory: app.directory.resourcesDirectory + "Catalog").seed(into: app.db)
        app.logger.notice("seeded the demo catalog: \(report.summary)")
    }
    try await DatabaseRegistryClient.seedDemo(app.db, vault: app.personalData)
    let accounts = try await DemoAccounts.seedIfEmpty(app.db, threadPool: app.threadPool, vault: app.personalData)
    try await DemoAccounts.seedSecondFactors(app.db, masterKey: app.masterKey)
    if !accounts.isEmpty {
        app.logger.notice("seeded the demo accounts")
        app.storage[DemoAccountLinesKey.self] = accounts
    }
}

/// The demo accounts made at this start, for `serve` to print after its banner.
struct DemoAccountLinesKey: StorageKey { typealias Value = [String] }

struct AppConfigKey: StorageKey { typealias Value = AppConfig }

private struct RegistryKey: StorageKey { typealias Value = any RegistryClient }

extension Application {
    /// The registries 一键核验 asks; the platform's own tables unless a data-sharing exchange is plugged in.
    var registry: any RegistryClient {
        get { storage[RegistryKey.self] ?? DatabaseRegistryClient(database: db, vault: personalData, today: today()) }
        set { storage[RegistryKey.self] = newValue }
    }
}

extension Application {
    /// The configuration this application was booted with.
    public var yiwangConfig: AppConfig? { storage[AppConfigKey.self] }
}

/// The JSON conventions of the API: snake_case keys and ISO 8601 dates, both ways.
enum JSONConventions {
    private static let installed: Void = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601
        ContentConfiguration.global.use(encoder: encoder, for: .json)
        ContentConfiguration.global.use(decoder: decoder, for: .json)
    }()

    static func install() { _ = installed }
}
