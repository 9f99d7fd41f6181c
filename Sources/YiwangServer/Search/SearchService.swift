import Fluent
import Synchronization
import Vapor
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
        let engine = CatalogSearchEngine(catalog: entries, knowledge: knowledge, synonyms: files.synonyms)
        let assistant = Assistant(engine: engine, knowledgeVersion: knowledge.version, refusals: files.refusals)
        return Snapshot(revision: revision, engine: engine, knowledge: knowledge, assistant: assistant)
    }
}

extension Application {
    private struct SearchServiceKey: StorageKey { typealias Value = SearchService }

    var search: SearchService {
        get {
            guard let service = storage[SearchServiceKey.self] else { fatalError("configure() sets the search service") }
            return service
        }
        set { storage[SearchServiceKey.self] = newValue }
    }
}
