import Crypto
import Fluent
import Foundation
import Synchronization
import YiwangAssistant
import YiwangDomain
import YiwangSearch

/// The node's search engine over the catalog and the knowledge base, rebuilt when the catalog
/// revision moves. While one request rebuilds, the others keep using the engine they had.
final class SearchService: Sendable {
    struct Snapshot: Sendable {
        let revision: Int64
        let engine: CatalogSearchEngine
        let knowledge: KnowledgeBase
        let assistant: Assistant
    }

    private let current = Mutex<Snapshot?>(nil)
    private let rebuilding = Mutex(false)
    let watcher: RevisionWatcher
    let files: KnowledgeFiles

    init(watcher: RevisionWatcher, files: KnowledgeFiles) {
        self.watcher = watcher
        self.files = files
    }

    func snapshot(on database: any Database) async throws -> Snapshot {
        let revision = try await watcher.current(on: database)
        let existing = current.withLock { $0 }
        if let existing, existing.revision == revision { return existing }
        let claimed = rebuilding.withLock { busy -> Bool in
            if busy { return false }
            busy = true
            return true
        }
        if !claimed, let existing { return existing }
        defer { if claimed { rebuilding.withLock { $0 = false } } }
        let snapshot = try await Self.build(revision: revision, files: files, database: database)
        current.withLock { $0 = snapshot }
        return snapshot
    }

    static func build(revision: Int64, files: KnowledgeFiles, database: any Database) async throws -> Snapshot {
        let catalog = try await CatalogRepository(database: database).export()
        let entries = catalog.flatMap { file in file.items.map { (item: $0, department: file.department) } }
        let knowledge = KnowledgeBase(items: entries.map(\.item), policies: files.policies)
        // the 一件事 the assistant offers are part of what makes it: the same catalog with other bundles is another assistant
        let bundleRecords = try await BundleRecord.query(on: database).sort(\.$id).all()
        let bundles = try bundleRecords.map { try $0.decoded() }
        let key = knowledge.version + "|" + bundleRecords.map(\.definition).joined().sha256Prefix
        let built = Self.built.withLock { $0[key] }
        let engine = built?.engine ?? CatalogSearchEngine(catalog: entries, knowledge: knowledge, synonyms: files.synonyms)
        let assistant = built?.assistant ?? Assistant(engine: engine, knowledgeVersion: knowledge.version, refusals: files.refusals,
                                                      bundles: bundles)
        Self.built.withLock { cache in
            if cache.count >= 4 { cache.removeAll() }
            cache[key] = (engine, assistant)
        }
        return Snapshot(revision: revision, engine: engine, knowledge: knowledge, assistant: assistant)
    }

    /// Engines already built in this process, by the knowledge base's content version (and the bundles'): the same
    /// catalog and policies make the same engine (the synonym and refusal files are read once per
    /// process), so a second application on the same content — another node's cache after a
    /// revision that changed nothing searchable, every test — does not build it again.
    private static let built = Mutex<[String: (engine: CatalogSearchEngine, assistant: Assistant)]>([:])
}

extension SearchService {
    /// A policy document 小自然 cites, with the services it concerns; 404 when there is none.
    func policy(id: String, platform: Platform) async throws -> (PolicyDocument, [ServiceSummary]) {
        let snapshot = try await snapshot(on: platform.database)
        guard let policy = snapshot.knowledge.policies.first(where: { $0.id == id }) else {
            throw ServiceError.notFound("没有找到这份政策解读")
        }
        return (policy, try await CatalogRepository(database: platform.database).summaries(codes: policy.services))
    }
}

private extension String {
    /// The first 16 hex digits of the text's SHA-256: a key for content, not a secret.
    var sha256Prefix: String {
        SHA256.hash(data: Data(utf8)).prefix(8).map { String(format: "%02x", $0) }.joined()
    }
}
