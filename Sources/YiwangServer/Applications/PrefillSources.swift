import Vapor
import YiwangDomain

private struct PrefillerKey: StorageKey { typealias Value = FormPrefiller }

extension Application {
    /// Where application forms are pre-filled from: the account profile first, then the platform's
    /// e-certificates; data-sharing sources are added here as they come.
    var prefiller: FormPrefiller {
        get {
            storage[PrefillerKey.self] ?? FormPrefiller(sources: [AccountProfilePrefill(), CertificatePrefill(database: db, vault: personalData, today: today)])
        }
        set { storage[PrefillerKey.self] = newValue }
    }
}
