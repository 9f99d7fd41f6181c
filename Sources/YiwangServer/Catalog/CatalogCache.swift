import Fluent
import Foundation
import Synchronization
import Vapor
import YiwangDomain

/// Guides, ready to send: the decoded guide for pages and its encoded JSON and ETag for the API.
///
/// The catalog changes rarely and is read on every visit, so each node keeps what it has built and
/// throws it all away when the catalog revision moves. The revision is read from the database at
/// most once per `revisionCheckInterval`, so a change made on another node shows within that time.
final class CatalogCache: Sendable {
    struct Entry: Sendable {
        let guide: ServiceGuideDTO
        let json: ByteBuffer
        let etag: String
    }

    private struct State {
        var revision: Int64 = -1
        var checkedAt: ContinuousClock.Instant?
        var entries: [String: Entry] = [:]
    }

    private let state = Mutex(State())
    let revisionCheckInterval: Duration

    init(revisionCheckInterval: Duration) {
        self.revisionCheckInterval = revisionCheckInterval
    }

    /// The guide of `code`, built once per revision; nil when there is no such item.
    func guide(code: String, on database: any Database) async throws -> Entry? {
        let revision = try await currentRevision(on: database)
        if let hit = state.withLock({ $0.revision == revision ? $0.entries[code] : nil }) { return hit }
        guard let guide = try await CatalogRepository(database: database).guide(code: code) else { return nil }
        let data = try ContentConfiguration.global.jsonEncoder().encode(guide)
        let entry = Entry(guide: guide, json: ByteBuffer(data: data),
                          etag: "\"\(revision)-\(StableHash.hex(String(decoding: data, as: UTF8.self)))\"")
        state.withLock { state in
            if state.revision == revision { state.entries[code] = entry }
        }
        return entry
    }

    private func currentRevision(on database: any Database) async throws -> Int64 {
        let interval = revisionCheckInterval
        let fresh = state.withLock { state -> Int64? in
            guard let checkedAt = state.checkedAt, ContinuousClock.now - checkedAt < interval else { return nil }
            return state.revision
        }
        if let fresh { return fresh }
        let revision = try await CatalogRevision.current(on: database)
        state.withLock { state in
            if state.revision != revision {
                state.revision = revision
                state.entries = [:]
            }
            state.checkedAt = .now
        }
        return revision
    }
}

extension ContentConfiguration {
    /// The API's JSON encoder, as a Foundation encoder.
    func jsonEncoder() throws -> JSONEncoder {
        guard let encoder = try requireEncoder(for: .json) as? JSONEncoder else { throw Abort(.internalServerError) }
        return encoder
    }
}

extension Application {
    private struct CatalogCacheKey: StorageKey { typealias Value = CatalogCache }

    var catalogCache: CatalogCache {
        get {
            guard let cache = storage[CatalogCacheKey.self] else { fatalError("configure() sets the catalog cache") }
            return cache
        }
        set { storage[CatalogCacheKey.self] = newValue }
    }
}
