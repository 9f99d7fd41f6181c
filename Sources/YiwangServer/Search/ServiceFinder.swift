import Fluent
import YiwangSearch

/// Finds services for the list API and the search page: ranked by the search engine when there is
/// text to search, filtered and paged; listed from the database when there is not.
struct ServiceFinder {
    /// Matches scoring below this share of the best one are noise (a shared common character).
    static let relativeCutoff = 0.2
    /// Below this a match shares no more than a character or two with the query.
    static let minimumScore = 4.0
    static let maxMatches = 500

    let platform: Platform

    /// What a search finds: one page of services, how many in all, and the 一件事 the query is
    /// about (named, or several of whose items it finds) — listed beside the items.
    struct Found: Sendable {
        let items: [ServiceSummary]
        let total: Int
        var bundles: [BundleSummary] = []
    }

    /// The services the query finds, one page of them; a department code no department has is 404
    /// (a typo must not look like a department without services).
    func find(_ query: ServiceListQuery) async throws -> Found {
        let repository = CatalogRepository(database: platform.database)
        if let code = query.departmentCode, try await repository.department(code: code) == nil {
            throw ServiceError.notFound("没有代码为 \(code) 的部门，请从部门列表中选择")
        }
        guard !query.terms.isEmpty else {
            let (items, total) = try await repository.list(query)
            return Found(items: items, total: total)
        }
        let snapshot = try await platform.search.snapshot(on: platform.database)
        let engine = snapshot.engine
        let matches = engine.searchServices(query.phrase, limit: Self.maxMatches)
        let lifeEvents = snapshot.assistant.lifeEvents
        let related = lifeEvents.related(engine.queryAnalyzer.analyzer.normalize(query.phrase), matches: matches,
                                         floor: Self.minimumScore).map(\.code)
        let bundles = related.isEmpty || query.offset > 0 ? [] : try await BundleCatalog(platform: platform).list(department: query.departmentCode)
            .filter { related.contains($0.code) }
            .sorted { related.firstIndex(of: $0.code) ?? 0 < related.firstIndex(of: $1.code) ?? 0 }
        let floor = max(Self.minimumScore, (matches.first?.score ?? 0) * Self.relativeCutoff)
        let codes = matches.filter { $0.score >= floor }.map(\.code)
        let filtered = try await repository.summaries(codes: codes).filter { summary in
            (query.departmentCode.map { $0 == summary.departmentCode } ?? true)
                && (query.type.map { $0.rawValue == summary.type } ?? true)
        }
        let page = filtered.dropFirst(query.offset).prefix(query.limit)
        return Found(items: Array(page), total: filtered.count, bundles: bundles)
    }

    static let maxPrefixLength = 50
    static let suggestions = 5

    /// Typeahead: the services that match what has been typed so far, best first.
    func suggest(_ text: String) async throws -> [ServiceSummary] {
        guard text.count <= Self.maxPrefixLength else { throw FieldErrors.field("q", "输入不能超过 \(Self.maxPrefixLength) 个字") }
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { return [] }
        let engine = try await platform.search.snapshot(on: platform.database).engine
        let matches = engine.suggest(text, limit: Self.suggestions)
        return try await CatalogRepository(database: platform.database).summaries(codes: matches.map(\.code))
    }
}
