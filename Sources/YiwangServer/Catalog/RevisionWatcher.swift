import Fluent
import Synchronization

/// Tells a node's caches when the catalog revision has moved, reading it from the database at most
/// once per `interval`, so that a change made on another node shows within that time.
final class RevisionWatcher: Sendable {
    private struct State {
        var revision: Int64 = -1
        var checkedAt: ContinuousClock.Instant?
    }

    private let state = Mutex(State())
    let interval: Duration

    init(interval: Duration) { self.interval = interval }

    /// The current revision (possibly up to `interval` old).
    func current(on database: any Database) async throws -> Int64 {
        let interval = interval
        let fresh = state.withLock { state -> Int64? in
            guard let checkedAt = state.checkedAt, ContinuousClock.now - checkedAt < interval else { return nil }
            return state.revision
        }
        if let fresh { return fresh }
        let revision = try await CatalogRevision.current(on: database)
        state.withLock { state in
            state.revision = revision
            state.checkedAt = .now
        }
        return revision
    }
}
