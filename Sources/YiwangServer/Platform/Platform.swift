import Fluent
import Foundation
import Logging
import YiwangDomain

/// What the platform's services work with, handed to them explicitly: the database (or the
/// transaction they are in), the clock, the personal-data vault and keys, the catalog, the
/// registries, and where links point. The web layer makes one per request (`Request.platform`), the
/// commands and jobs one per task; nothing in here knows about HTTP.
struct Platform: Sendable {
    let database: any Database
    let clock: PlatformClock
    let catalog: CatalogCache
    let search: SearchService
    /// Seals and opens personal data (ID and mobile numbers, forms, uploads).
    let vault: PersonalDataVault
    /// Seals departments' seal keys and second-factor secrets; nil only while booting.
    let masterKey: MasterKey?
    /// 一键核验's registries.
    let registry: any RegistryClient
    /// Where forms are pre-filled from.
    let prefiller: FormPrefiller
    let uploads: UploadStore
    /// 秒批 rules.
    let autoApprovalRules: [AutoApprovalRule]
    /// 小自然's language model; nil: the offline composer answers alone.
    let answerModel: ConfiguredModel?
    let links: PublicLinks
    let passwords: any PasswordHasher
    let logger: Logger

    /// The same platform, on another connection: a transaction's, so that what a service calls
    /// inside it stands or falls with it.
    func on(_ database: any Database) -> Platform {
        Platform(database: database, clock: clock, catalog: catalog, search: search, vault: vault, masterKey: masterKey,
                 registry: registry, prefiller: prefiller, uploads: uploads, autoApprovalRules: autoApprovalRules,
                 answerModel: answerModel, links: links, passwords: passwords, logger: logger)
    }

    /// The master key, or 503: without it no certificate can be sealed nor second factor checked.
    func requireMasterKey() throws -> MasterKey {
        guard let masterKey else { throw ServiceError.unavailable("主密钥尚未加载") }
        return masterKey
    }

    var today: CivilDate { clock.today() }
    var now: Date { clock.now() }
}

/// The platform's time: now, and today in China Standard Time (which deadlines count from).
/// Tests fix both.
struct PlatformClock: Sendable {
    var now: @Sendable () -> Date = { Date() }
    var today: @Sendable () -> CivilDate = { CivilDate.today() }
    /// The time second-factor codes are checked at.
    var secondFactorTime: @Sendable () -> Date = { Date() }
}

/// Links that leave the platform (SMS, QR codes, share links): the public base address and a path
/// from the site's path table.
struct PublicLinks: Sendable {
    let baseURL: String

    func absolute(_ url: SiteURL) -> String { baseURL + url.path }
}
