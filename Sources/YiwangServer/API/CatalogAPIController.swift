import Fluent
import Vapor

/// `/api/v1/services` and `/api/v1/departments`: the catalog as JSON.
struct CatalogAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let v1 = routes.grouped("api", "v1")
        v1.get("services", use: list)
        v1.get("services", ":code", use: guide)
        v1.get("departments", use: departments)
    }

    @Sendable func list(req: Request) async throws -> ServiceListDTO {
        let query = try ServiceListQuery.from(req)
        let repository = CatalogRepository(database: req.db)
        if let code = query.departmentCode, try await repository.department(code: code) == nil {
            var errors = FieldErrors()
            errors.add("department", "部门代码 \(code) 不存在")
            throw Problem.badRequest(errors)
        }
        let (items, total) = try await ServiceFinder(request: req).find(query)
        return ServiceListDTO(items: items, total: total, limit: query.limit, offset: query.offset)
    }

    /// The guide from the node's cache, with an ETag so that phones can revalidate for free.
    @Sendable func guide(req: Request) async throws -> Response {
        let code = req.parameters.get("code") ?? ""
        guard let entry = try await req.application.catalogCache.guide(code: code, on: req.db) else {
            throw Problem.notFound("没有编码为 \(code.prefix(64)) 的事项")
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
        return Response(status: .ok, headers: headers, body: .init(buffer: entry.json))
    }

    @Sendable func departments(req: Request) async throws -> DepartmentListDTO {
        DepartmentListDTO(items: try await CatalogRepository(database: req.db).departments())
    }
}

extension ServiceListQuery {
    /// Reads `q`, `department`, `type`, `limit` and `offset` from the query string.
    static func from(_ req: Request, pageSize: Int? = nil) throws -> ServiceListQuery {
        let parsed = parse(
            q: req.query[String.self, at: "q"],
            department: req.query[String.self, at: "department"],
            type: req.query[String.self, at: "type"],
            limit: req.query[String.self, at: "limit"] ?? pageSize.map(String.init),
            offset: req.query[String.self, at: "offset"]
        )
        switch parsed {
        case .success(let query): return query
        case .failure(let errors): throw Problem.badRequest(errors)
        }
    }
}
