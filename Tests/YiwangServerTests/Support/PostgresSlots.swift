import Foundation
import NIOCore

/// How many test applications may hold PostgreSQL connections at once. Swift Testing runs every
/// test at the same time; each application opens a connection per event loop (one per core), so
/// without a bound the suite asks the server for more clients than its `max_connections` (100 by
/// default) and tests fail with "sorry, too many clients already" on machines with many cores.
actor PostgresSlots {
    static let shared = PostgresSlots(limit: max(2, 60 / (System.coreCount + 2)))

    private let limit: Int
    private var inUse = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { self.limit = limit }

    /// Runs `body` once a slot is free and gives the slot back however it ends.
    nonisolated func withSlot<T>(_ body: () async throws -> T) async rethrows -> T {
        await acquire()
        do {
            let result = try await body()
            await release()
            return result
        } catch {
            await release()
            throw error
        }
    }

    private func acquire() async {
        if inUse < limit { inUse += 1; return }
        await withCheckedContinuation { waiting.append($0) }  // the releasing task hands its slot over
    }

    private func release() {
        if waiting.isEmpty { inUse -= 1 } else { waiting.removeFirst().resume() }
    }
}
