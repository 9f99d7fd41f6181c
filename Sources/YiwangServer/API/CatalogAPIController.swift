import Vapor
import YiwangDomain

/// `/api/v1/services` and `/api/v1/departments`: the catalog as JSON.
struct CatalogAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.api(.services), use: list)
        routes.get(.api(.service(.key)), use: guide)
        routes.get(.api(.departments), use: departments)
    }

    @Sendable func list(req: Request) async throws -> ServiceListDTO {
        let query = try req.serviceListQuery()
        let found = try await ServiceFinder(platform: req.platform).find(query)
        return ServiceListDTO(items: found.items, total: found.total, limit: query.limit, offset: query.offset, bundles: found.bundles)
    }

    /// The guide from the node's cache, with an ETag so that phones can revalidate for free.
    @Sendable func guide(req: Request) async throws -> Response {
        let code = req.parameter(.code)
        guard let entry = try await req.application.catalogCache.guide(code: code, on: req.db) else {
            throw ServiceError.notFound("没有编码为 \(code.prefix(64)) 的事项")
        }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .eTag, value: entry.etag)
        headers.replaceOrAdd(name: .cacheControl, value: "no-cache")
        if let match = req.headers.first(name: .ifNoneMatch), match.split(separator: ",").contains(where: {
            $0.trimmingCharacters(in: .whitespaces) == entry.etag
        }) {
            return Response(status: .notModified, headers: headers)
        }
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(data: entry.json))
    }

    @Sendable func departments(req: Request) async throws -> DepartmentListDTO {
        DepartmentListDTO(items: try await CatalogRepository(database: req.db).departments())
    }
}
