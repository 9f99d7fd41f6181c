import Fluent
import Leaf
import Vapor
import YiwangDomain

/// The citizen-facing pages: home, search results, department, service guide. Server-rendered and
/// complete without JavaScript.
struct PageController: RouteCollection {
    static let pageSize = 20

    func boot(routes: any RoutesBuilder) throws {
        routes.get(use: home)
        routes.get("services", use: search)
        routes.get("services", ":code", use: guide)
        routes.get("services", ":code", "template", use: template)
        routes.get("departments", ":code", use: department)
        routes.post("settings", "elder-mode", use: ElderMode.toggle)
    }

    struct HomeContext: Encodable {
        let meta: PageMeta
        let departments: [DepartmentDTO]
        let total: Int
    }

    @Sendable func home(req: Request) async throws -> View {
        let repository = CatalogRepository(database: req.db)
        let departments = try await repository.departments().filter { $0.itemCount > 0 }
        return try await req.view.render("home", HomeContext(
            meta: PageMeta(title: "湖南政务服务网 · 一网通办", request: req),
            departments: departments, total: departments.reduce(0) { $0 + $1.itemCount }
        ))
    }

    struct SearchContext: Encodable {
        let meta: PageMeta
        let items: [ServiceSummaryDTO]
        let total: Int
        let from: Int
        let to: Int
        let previousURL: String?
        let nextURL: String?
        let types: [String]
        let selectedType: String?
    }

    @Sendable func search(req: Request) async throws -> View {
        let query = try ServiceListQuery.from(req, pageSize: Self.pageSize)
        let (items, total) = try await ServiceFinder(request: req).find(query)
        let text = req.query[String.self, at: "q"] ?? ""
        func link(offset: Int) -> String {
            var components = URLComponents()
            components.path = "/services"
            components.queryItems = [
                URLQueryItem(name: "q", value: text),
                query.type.map { URLQueryItem(name: "type", value: $0.rawValue) },
                query.departmentCode.map { URLQueryItem(name: "department", value: $0) },
                URLQueryItem(name: "offset", value: String(offset)),
            ].compactMap { $0 }
            return components.string ?? "/services"
        }
        let hasPrevious = query.offset > 0
        let hasNext = query.offset + items.count < total
        return try await req.view.render("search", SearchContext(
            meta: PageMeta(title: text.isEmpty ? "全部事项" : "“\(text.prefix(40))”的搜索结果", request: req,
                           searchText: text),
            items: items, total: total, from: items.isEmpty ? 0 : query.offset + 1, to: query.offset + items.count,
            previousURL: hasPrevious ? link(offset: max(0, query.offset - query.limit)) : nil,
            nextURL: hasNext ? link(offset: query.offset + query.limit) : nil,
            types: ServiceType.allCases.map(\.rawValue), selectedType: query.type?.rawValue
        ))
    }

    struct GuideContext: Encodable {
        let meta: PageMeta
        let guide: GuideView
    }

    @Sendable func guide(req: Request) async throws -> View {
        let guide = try await Self.requestedGuide(req)
        return try await req.view.render("guide", GuideContext(
            meta: PageMeta(title: guide.item.name + " · 办事指南", request: req), guide: GuideView(guide)
        ))
    }

    /// The guide named by the `:code` parameter, or the 404 page.
    static func requestedGuide(_ req: Request) async throws -> ServiceGuideDTO {
        let code = req.parameters.get("code") ?? ""
        guard let guide = try await req.application.catalogCache.guide(code: code, on: req.db)?.guide else {
            throw Problem.notFound("没有找到这个事项，可能已调整或编码有误")
        }
        return guide
    }

    /// 填报模板: the item's application form as a blank, printable sheet, with the materials checklist.
    @Sendable func template(req: Request) async throws -> View {
        let guide = try await Self.requestedGuide(req)
        return try await req.view.render("template", GuideContext(
            meta: PageMeta(title: guide.item.name + " · 申请表（填报模板）", request: req), guide: GuideView(guide)
        ))
    }

    struct DepartmentContext: Encodable {
        let meta: PageMeta
        let department: DepartmentDTO
        let items: [ServiceSummaryDTO]
    }

    @Sendable func department(req: Request) async throws -> View {
        let code = (req.parameters.get("code") ?? "").uppercased()
        let repository = CatalogRepository(database: req.db)
        guard let department = try await repository.department(code: code) else {
            throw Problem.notFound("没有找到这个部门")
        }
        var query = ServiceListQuery()
        query.departmentCode = code
        query.limit = ServiceListQuery.maxLimit
        let (items, _) = try await repository.list(query)
        return try await req.view.render("department", DepartmentContext(
            meta: PageMeta(title: department.name, request: req), department: department, items: items
        ))
    }
}

/// The site's error page (404 and the rest), in the same layout as every page.
enum ErrorPage {
    struct Context: Encodable {
        let meta: PageMeta
        let status: Int
        let title: String
        let detail: String
    }

    static func render(_ problem: Problem, for request: Request) async -> Response {
        let status = HTTPResponseStatus(statusCode: problem.status)
        let context = Context(meta: PageMeta(title: problem.title, request: request), status: problem.status,
                              title: problem.title, detail: problem.detail)
        do {
            let response = try await request.view.render("error", context).encodeResponse(for: request)
            response.status = status
            return response
        } catch {
            request.logger.error("error page failed: \(String(reflecting: error))")
            let response = Response(status: status, body: .init(string: "\(problem.title)：\(problem.detail)"))
            response.headers.contentType = .plainText
            return response
        }
    }
}
