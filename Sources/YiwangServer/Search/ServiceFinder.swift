import Fluent
import Vapor
import YiwangSearch

/// Finds services for the list API and the search page: ranked by the search engine when there is
/// text to search, filtered and paged; listed from the database when there is not.
struct ServiceFinder {
    /// Matches scoring below this share of the best one are noise (a shared common character).
    static let relativeCutoff = 0.2
    /// Below this a match shares no more than a character or two with the query.
    static let minimumScore = 4.0
    static let maxMatches = 500

    let request: Request

    func find(_ query: ServiceListQuery) async throws -> (items: [ServiceSummaryDTO], total: Int) {
        let repository = CatalogRepository(database: request.db)
        guard !query.terms.isEmpty else { return try await repository.list(query) }
        let engine = try await request.application.search.snapshot(on: request.db).engine
        let matches = engine.searchServices(query.phrase, limit: Self.maxMatches)
        let floor = max(Self.minimumScore, (matches.first?.score ?? 0) * Self.relativeCutoff)
        let codes = matches.filter { $0.score >= floor }.map(\.code)
        let filtered = try await repository.summaries(codes: codes).filter { summary in
            (query.departmentCode.map { $0 == summary.departmentCode } ?? true)
                && (query.type.map { $0.rawValue == summary.type } ?? true)
        }
        let page = filtered.dropFirst(query.offset).prefix(query.limit)
        return (Array(page), filtered.count)
    }
}
