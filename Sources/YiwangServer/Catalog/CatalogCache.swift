import Fluent
import Foundation
import Synchronization
import YiwangDomain

/// Guides, ready to send: the decoded guide for pages and its encoded JSON and ETag for the API.
///
/// The catalog changes rarely and is read on every visit, so each node keeps what it has built and
/// throws it all away when the catalog revision moves (see `RevisionWatcher`).
final class CatalogCache: Sendable {
    struct Entry: Sendable {
        let guide: ServiceGuide
        /// The guide as the API publishes it (`JSONConventions`).
        let json: Data
        let etag: String
    }

    private struct State {
        var revision: Int64 = -1
        var entries: [String: Entry] = [:]
        var applicants: [String: [ApplicantType]]?

        /// Forgets what was built for an older revision.
        mutating func move(to revision: Int64) {
            guard self.revision != revision else { return }
            self.revision = revision
            entries = [:]
            applicants = nil
        }
    }

    private let state = Mutex(State())
    let watcher: RevisionWatcher

    init(watcher: RevisionWatcher) {
        self.watcher = watcher
    }

    /// Who may apply for each item (by code), read once per revision: what the home page sorts
    /// into 个人 and 法人 by.
    func applicantTypes(on database: any Database) async throws -> [String: [ApplicantType]] {
        let revision = try await watcher.current(on: database)
        if let hit = state.withLock({ state -> [String: [ApplicantType]]? in
            state.move(to: revision)
            return state.applicants
        }) { return hit }
        var applicants: [String: [ApplicantType]] = [:]
        for record in try await ServiceItemRecord.query(on: database).field(\.$id).field(\.$applicantTypes).all() {
            applicants[try record.requireID()] = record.decodedApplicantTypes
        }
        state.withLock { state in
            if state.revision == revision { state.applicants = applicants }
        }
        return applicants
    }

    /// The guide of `code`, or 404: the item a draft, a case or a page names.
    func requireGuide(code: String, on database: any Database) async throws -> ServiceGuide {
        guard code.count <= 64, let entry = try await guide(code: code, on: database) else {
            throw ServiceError.notFound("没有找到这个事项，请从事项目录中选择")
        }
        return entry.guide
    }

    /// The guide of `code`, built once per revision; nil when there is no such item.
    func guide(code: String, on database: any Database) async throws -> Entry? {
        let revision = try await watcher.current(on: database)
        if let hit = state.withLock({ state -> Entry? in
            state.move(to: revision)
            return state.entries[code]
        }) { return hit }
        guard let guide = try await CatalogRepository(database: database).guide(code: code) else { return nil }
        let data = try JSONConventions.encoder().encode(guide)
        let entry = Entry(guide: guide, json: data,
                          etag: "\"\(revision)-\(StableHash.hex(String(decoding: data, as: UTF8.self)))\"")
        state.withLock { state in
            if state.revision == revision { state.entries[code] = entry }
        }
        return entry
    }
}
