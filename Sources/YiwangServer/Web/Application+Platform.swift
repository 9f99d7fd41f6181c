import Fluent
import Vapor
import YiwangAssistant
import YiwangDomain

/// What the running application holds for its services — set once at boot (`Boot`) — and the
/// `Platform` made from it for one request, command or job.
extension Application {
    private struct CatalogCacheKey: StorageKey { typealias Value = CatalogCache }
    private struct SearchServiceKey: StorageKey { typealias Value = SearchService }
    private struct MasterKeyKey: StorageKey { typealias Value = MasterKey }
    private struct VaultKey: StorageKey { typealias Value = PersonalDataVault }
    private struct ClockKey: StorageKey { typealias Value = PlatformClock }
    private struct PrefillerKey: StorageKey { typealias Value = FormPrefiller }
    private struct RegistryKey: StorageKey { typealias Value = any RegistryClient }
    private struct AutoApprovalRulesKey: StorageKey { typealias Value = [AutoApprovalRule] }
    private struct AnswerModelKey: StorageKey { typealias Value = ConfiguredModel }
    private struct SMSGatewayKey: StorageKey { typealias Value = any SMSGateway }
    private struct ConfigKey: StorageKey { typealias Value = AppConfig }
    private struct AuditKeysKey: StorageKey { typealias Value = AuditKeys }

    /// The audit log's keys, loaded when the database is prepared (nil before: a record written
    /// then is unauthenticated, and `yiwang audit verify` says so).
    var auditKeys: AuditKeys? {
        get { storage[AuditKeysKey.self] }
        set { storage[AuditKeysKey.self] = newValue }
    }

    /// The configuration this application was booted with.
    public var yiwangConfig: AppConfig? {
        get { storage[ConfigKey.self] }
        set { storage[ConfigKey.self] = newValue }
    }

    var catalogCache: CatalogCache {
        get {
            guard let cache = storage[CatalogCacheKey.self] else { fatalError("Boot sets the catalog cache") }
            return cache
        }
        set { storage[CatalogCacheKey.self] = newValue }
    }

    var search: SearchService {
        get {
            guard let service = storage[SearchServiceKey.self] else { fatalError("Boot sets the search service") }
            return service
        }
        set { storage[SearchServiceKey.self] = newValue }
    }

    /// Loaded at boot; the personal-data vault is made from it.
    var masterKey: MasterKey? {
        get { storage[MasterKeyKey.self] }
        set {
            storage[MasterKeyKey.self] = newValue
            storage[VaultKey.self] = newValue.map { PersonalDataVault(masterKey: $0) }
        }
    }

    func requireMasterKey() throws -> MasterKey {
        guard let masterKey else { throw ServiceError.unavailable("主密钥尚未加载") }
        return masterKey
    }

    /// Made from the master key at boot, before any route or job can run.
    var personalData: PersonalDataVault {
        guard let vault = storage[VaultKey.self] else {
            preconditionFailure("the master key is loaded at boot, before anything reads personal data")
        }
        return vault
    }

    /// The platform's time; tests fix it.
    var clock: PlatformClock {
        get { storage[ClockKey.self] ?? PlatformClock() }
        set { storage[ClockKey.self] = newValue }
    }

    /// Today in China Standard Time, which deadlines count from. Tests set a fixed day.
    var today: @Sendable () -> CivilDate {
        get { clock.today }
        set { clock.today = newValue }
    }

    /// The time TOTP codes are checked at; tests move it on.
    var secondFactorClock: @Sendable () -> Date {
        get { clock.secondFactorTime }
        set { clock.secondFactorTime = newValue }
    }

    /// Where application forms are pre-filled from: the account profile first, then the registries,
    /// then the platform's e-certificates; data-sharing sources are added here as they come.
    var prefiller: FormPrefiller {
        get {
            storage[PrefillerKey.self] ?? FormPrefiller(sources: [AccountProfilePrefill(), RegistryPrefill(registry: registry),
                                                                  CertificatePrefill(database: db, vault: personalData, today: today)])
        }
        set { storage[PrefillerKey.self] = newValue }
    }

    /// The registries 一键核验 asks; the platform's own tables unless a data-sharing exchange is plugged in.
    var registry: any RegistryClient {
        get { storage[RegistryKey.self] ?? DatabaseRegistryClient(database: db, vault: personalData, today: today()) }
        set { storage[RegistryKey.self] = newValue }
    }

    /// The 秒批 rules, read from `Resources/Workflow/auto-approval.json` at boot.
    var autoApprovalRules: [AutoApprovalRule] {
        get { storage[AutoApprovalRulesKey.self] ?? [] }
        set { storage[AutoApprovalRulesKey.self] = newValue }
    }

    /// nil: the offline composer answers alone.
    var answerModel: ConfiguredModel? {
        get { storage[AnswerModelKey.self] }
        set { storage[AnswerModelKey.self] = newValue }
    }

    /// The configured gateway; the log provider unless a webhook is set.
    var smsGateway: any SMSGateway {
        get { storage[SMSGatewayKey.self] ?? LogSMSGateway(logger: logger) }
        set { storage[SMSGatewayKey.self] = newValue }
    }

    /// The services' view of this application, on `database` (the application's by default).
    func platform(on database: (any Database)? = nil, logger: Logger? = nil) -> Platform {
        let database = database ?? db
        return Platform(
            database: database, clock: clock, catalog: catalogCache, search: search, vault: personalData, masterKey: masterKey,
            registry: registry, prefiller: prefiller,
            uploads: UploadStore(dataDirectory: yiwangConfig?.dataDirectory ?? "./data", vault: personalData),
            autoApprovalRules: autoApprovalRules, answerModel: answerModel,
            links: PublicLinks(baseURL: yiwangConfig?.publicBaseURL ?? "http://127.0.0.1:8080"),
            passwords: BcryptPasswordHasher(threadPool: threadPool), logger: logger ?? self.logger)
    }
}

extension Request {
    /// The services' view of the application for this request, on the request's database handle and logger.
    var platform: Platform { application.platform(on: db, logger: logger) }
}

/// bcrypt (Vapor's), on the application's thread pool so that hashing never blocks an event loop.
struct BcryptPasswordHasher: PasswordHasher {
    let threadPool: NIOThreadPool

    /// bcrypt's work factor: about a quarter of a second a hash on a current core.
    static let cost = 12

    func hash(_ password: String) async throws -> String {
        try await threadPool.runIfActive { try Bcrypt.hash(password, cost: Self.cost) }
    }

    func verify(_ password: String, against hash: String) async throws -> Bool {
        try await threadPool.runIfActive { (try? Bcrypt.verify(password, created: hash)) ?? false }
    }

    var decoyHash: String { Self.decoy }

    private static let decoy = (try? Bcrypt.hash("decoy-password-never-used", cost: cost)) ?? ""
}
