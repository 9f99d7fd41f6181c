import Vapor
import YiwangDomain

private struct TodayKey: StorageKey { typealias Value = @Sendable () -> CivilDate }

extension Application {
    /// Today in China Standard Time, which deadlines count from. Tests set a fixed day.
    var today: @Sendable () -> CivilDate {
        get { storage[TodayKey.self] ?? { CivilDate.today() } }
        set { storage[TodayKey.self] = newValue }
    }
}
