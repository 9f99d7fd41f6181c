import Fluent
import Leaf
import Vapor
import YiwangAssistant
import YiwangDomain

/// Options that tests and commands set; `yiwang serve` runs with the defaults.
public struct BootOptions: Sendable {
    /// Prepare the database at boot (migrations, reference data, seeds, seal keys, search
    /// warm-up). `yiwang migrate` does without, to do only what it is asked.
    public var prepare = true
    /// A PostgreSQL `search_path`, so parallel tests each get their own schema.
    public var postgresSearchPath: [String]?
    /// How stale a node's cached guides may be when another node changes the catalog.
    public var catalogRevisionCheckInterval: Duration = .seconds(1)

    public init(prepare: Bool = true, postgresSearchPath: [String]? = nil) {
        self.prepare = prepare
        self.postgresSearchPath = postgresSearchPath
    }
}

/// Sets up an application: HTTP, JSON conventions, middleware, keys, database, views, routes —
/// then, unless told not to, prepares the database (`Boot.prepare`). The one boot path of
/// `yiwang serve`, the commands and the tests.
public func configure(_ app: Application, config: AppConfig, options: BootOptions = BootOptions()) async throws {
    try Boot.configure(app, config: config, options: options)
    if options.prepare {
        try await Boot.prepare(app, seedDemo: config.seedDemoData)
    }
}

enum Boot {
    /// Everything but the database's contents: nothing here writes to it.
    static func configure(_ app: Application, config: AppConfig, options: BootOptions) throws {
        app.yiwangConfig = config
        app.http.server.configuration.hostname = config.host
        app.http.server.configuration.port = config.port
        app.logger.logLevel = config.logLevel
        app.http.server.configuration.logger = app.logger  // the server's own notices follow YIWANG_LOG_LEVEL too

        let root = ResourceLocator.rootDirectory()
        app.directory = DirectoryConfiguration(workingDirectory: root)
        ContentConfiguration.global.use(encoder: JSONConventions.encoder(), for: .json)
        ContentConfiguration.global.use(decoder: ExplainingJSONDecoder(decoder: JSONConventions.decoder()), for: .json)
        ContentConfiguration.global.use(decoder: GuardedFormDataDecoder(), for: .formData)  // MultipartKit crashes on some bodies
        ContentConfiguration.global.use(decoder: TolerantURLEncodedFormDecoder(), for: .urlEncodedForm)  // one stray bracket spoils a form

        app.middleware = Middlewares()
        app.middleware.use(RequestLogMiddleware())
        app.middleware.use(MetricsMiddleware(metrics: app.httpMetrics))
        app.middleware.use(SecurityHeadersMiddleware())  // outside the error renderer: error pages get the headers too
        app.middleware.use(ErrorRenderingMiddleware())
        app.middleware.use(PathLimitMiddleware())  // before the disk is asked for a file of that name
        app.middleware.use(MethodNotAllowedMiddleware())  // before CSRF and sessions: a wrong method is the first thing wrong
        app.middleware.use(FileMiddleware(publicDirectory: app.directory.publicDirectory))
        app.middleware.use(AuditTrailMiddleware())  // around the session check: a refused token is a refused write
        app.middleware.use(SessionAuthenticator())
        app.middleware.use(CSRFProtection())
        app.middleware.use(AccessPolicyMiddleware())

        let watcher = RevisionWatcher(interval: options.catalogRevisionCheckInterval)
        app.catalogCache = CatalogCache(watcher: watcher)
        app.search = SearchService(watcher: watcher, files: try KnowledgeFiles.load(resourcesDirectory: app.directory.resourcesDirectory))
        if let model = config.languageModel {
            app.answerModel = ConfiguredModel(
                model: OpenAICompatibleModel(baseURL: model.baseURL, model: model.model, apiKey: model.apiKey,
                                             timeout: .seconds(model.timeoutSeconds)),
                timeout: .seconds(model.timeoutSeconds))
        }
        app.autoApprovalRules = AutoApproval.load(resourcesDirectory: app.directory.resourcesDirectory)
        app.portalContent = PortalContent.load(resourcesDirectory: app.directory.resourcesDirectory, logger: app.logger)
        app.masterKey = try MasterKey.load(configured: config.masterKey, previous: config.previousMasterKeys,
                                           dataDirectory: config.dataDirectory, logger: app.logger)
        if let webhook = config.smsWebhook {
            app.smsGateway = WebhookSMSGateway(url: webhook.url, secret: webhook.secret, client: app.http.client.shared)
        }
        try DatabaseSetup.configure(app, storage: config.storage, postgresSearchPath: options.postgresSearchPath)

        app.views.use(.leaf)
        app.leaf.configuration.rootDirectory = app.directory.viewsDirectory
        app.leaf.cache.isEnabled = app.environment.isRelease
        app.leaf.tags["url"] = SiteURLTag()

        try Routes.register(app)
        app.methodTable = MethodTable(app.routes.all)
    }

    /// Brings the database to what the platform needs — migrations, the shipped holiday schedules,
    /// the demo data on an empty database (when asked), each department's seal key — once across
    /// nodes: under a lock, so a second node starting at the same moment waits and then finds it
    /// done. Then warms the search engine, so the first visitor does not wait.
    static func prepare(_ app: Application, seedDemo: Bool) async throws {
        try await DatabaseSetup.prepareConnections(app)
        try await PrepareLock.holding(app) {
            try await app.autoMigrate()
            try await CalendarStore(database: app.db).loadShipped(from: app.directory.resourcesDirectory + "Calendar")
            try await PolicyStore(database: app.db).loadShipped(from: app.directory.resourcesDirectory + "Policies", now: Date())
            if seedDemo { try await seedDemoDataIfEmpty(app) }
            try await SealKeys(database: app.db, masterKey: app.masterKey).ensureActiveKeys()
            app.auditKeys = try await AuditKeys.load(database: app.db, masterKey: try app.requireMasterKey())
        }
        _ = try await app.search.snapshot(on: app.db)
    }

    /// Seeds the demo catalog into an empty database, so that a first start shows a working platform.
    static func seedDemoDataIfEmpty(_ app: Application) async throws {
        if try await CatalogRepository(database: app.db).itemCount() == 0 {
            let report = try await CatalogSeeder(directory: app.directory.resourcesDirectory + "Catalog").seed(into: app.db)
            app.logger.notice("seeded the demo catalog: \(report.summary)")
        }
        if try await BundleRecord.query(on: app.db).count() == 0 {
            do {
                let summary = try await BundleStore(database: app.db).seed(from: app.directory.resourcesDirectory + "Bundles")
                app.logger.notice("seeded the bundles: \(summary)")
            } catch let error as CatalogSeeder.SeedError {
                // a catalog stored by an older version lacks items the bundles need: `yiwang seed` brings both up to date
                app.logger.warning("一件事未载入（请运行 yiwang seed 更新事项目录）：\(error.description)")
            }
        }
        let today = app.today()
        let elder = try await DemoAccounts.elderIDNumber(app.db, vault: app.personalData) ?? DemoAccounts.elder(seededOn: today).idNumber
        try await DatabaseRegistryClient.seedDemo(app.db, vault: app.personalData, elderIDNumber: elder, today: today)
        let accounts = try await DemoAccounts.seedIfEmpty(app.db, passwords: BcryptPasswordHasher(threadPool: app.threadPool),
                                                          vault: app.personalData, today: today)
        try await DemoAccounts.seedSecondFactors(app.db, masterKey: app.masterKey)
        if !accounts.isEmpty {
            app.logger.notice("seeded the demo accounts")
            app.storage[DemoAccountLinesKey.self] = accounts
        }
    }
}

/// The demo accounts made at this start, for `serve` to print after its banner.
struct DemoAccountLinesKey: StorageKey { typealias Value = [String] }
