import Fluent
import Foundation
import Synchronization
import Vapor
import YiwangDomain

/// Guides, ready to send: the decoded guide for pages and its encoded JSON and ETag for the API.
///
/// The catalog changes rarely and is read on every visit, so each node keeps what it has built and
/// throws it all away when the catalog revision moves (see `RevisionWatcher`).
final class CatalogCache: Sendable {
    struct Entry: Sendable {
        let guide: ServiceGuideDTO
        let json: ByteBuffer
        let etag: String
    }

    private struct State {
        var revision: Int64 = -1
        var entries: [String: Entry] = [:]
    }

    private let state = Mutex(State())
    let watcher: RevisionWatcher

    init(watcher: RevisionWatcher) {
        self.watcher = watcher
    }

    /// The guide of `code`, built once per revision; nil when there is no such item.
    func guide(code: String, on database: any Database) async throws -> Entry? {
        let revision = try await watcher.current(on: database)
        if let hit = state.withLock({ state -> Entry? in
            if state.revision != revision {
                state.revision = revision
                state.entries = [:]
            }
            return state.entries[code]
        }) { return hit }
        guard let guide = try await CatalogRepository(database: database).guide(code: code) else { return nil }
        let data = try ContentConfiguration.global.jsonEncoder().encode(guide)
        let entry = Entry(guide: guide, json: ByteBuffer(data: data),
                          etag: "\"\(revision)-\(StableHash.hex(String(decoding: data, as: UTF8.self)))\"")
        state.withLock { state in
            if state.revision == revision { state.entries[code] = entry }
        }
        return entry
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
