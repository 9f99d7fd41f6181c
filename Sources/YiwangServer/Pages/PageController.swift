import Fluent
import Leaf
import Vapor
import YiwangDomain

/// The citizen-facing pages: home, search results, department, service guide. Server-rendered and
/// complete without JavaScript.
struct PageController: RouteCollection {
    static let pageSize = 20

    func boot(routes: any RoutesBuilder) throws {
        routes.get(.home, use: home)
        routes.get(.caseLookup, use: lookup)
        routes.get(.search, use: search)
        routes.get(.guide(.key), use: guide)
        routes.get(.template(.key), use: template)
        routes.get(.department(.key), use: department)
        routes.post(.elderMode, use: ElderMode.toggle)
    }

    struct HomeContext: Encodable {
        let meta: PageMeta
        let departments: [DepartmentSummary]
        let total: Int
        let personal: AudienceContext
        let corporate: AudienceContext
        let notices: [SiteNotice]
        /// 长辈版: the big buttons.
        let elderServices: [ServiceSummary]
        let lookupError: String?
    }

    struct AudienceContext: Encodable {
        let services: [ServiceSummary]
        let bundles: [BundleSummary]
        init(_ audience: PortalHome.Audience) { services = audience.services; bundles = audience.bundles }
    }

    @Sendable func home(req: Request) async throws -> Response {
        try await renderHome(req)
    }

    private func renderHome(_ req: Request, lookupError: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let meta = PageMeta(title: "湖南政务服务网 · 一网通办", request: req)
        let content = req.application.portalContent
        let portal = PortalHome(platform: req.platform)
        let model = try await portal.build()
        return try await req.page(meta.elder ? "home-elder" : "home", HomeContext(
            meta: meta, departments: model.departments, total: model.total,
            personal: AudienceContext(model.personal), corporate: AudienceContext(model.corporate),
            notices: content.notices,
            elderServices: meta.elder ? try await portal.services(codes: content.elderServices) : [],
            lookupError: lookupError
        ), status: status)
    }

    /// 办件查询: a receipt number leads to the case's page (a 一件事's progress for YJS numbers), which
    /// shows it only to its applicant; anything that is not a receipt number is answered on the home page.
    @Sendable func lookup(req: Request) async throws -> Response {
        let text = (req.query[String.self, at: "receipt"] ?? "").filter { !$0.isWhitespace }.uppercased()
        guard let receipt = ReceiptNumberFormat.parse(text) else {
            let message = "请输入办件编号：受理回执上的 20 位数字（一件事为 YJS 开头）"
            // a program gets the problem; a person the home page with the message under the box
            if ErrorRenderingMiddleware.wantsJSON(req) { throw FieldErrors.field("receipt", message) }
            return try await renderHome(req, lookupError: message, status: .badRequest)
        }
        return req.redirect(to: receipt.isBundle ? .bundleProgress(.value(receipt.number)) : .caseFile(.value(receipt.number)))
    }

    struct SearchContext: Encodable {
        let meta: PageMeta
        let items: [ServiceSummary]
        let total: Int
        let from: Int
        let to: Int
        let previousURL: String?
        let nextURL: String?
        let types: [String]
        let selectedType: String?
        /// 一件事 the query is about, above the items.
        let bundles: [BundleSummary]
    }

    @Sendable func search(req: Request) async throws -> View {
        let query = try req.serviceListQuery(pageSize: Self.pageSize)
        let found = try await ServiceFinder(platform: req.platform).find(query)
        let (items, total) = (found.items, found.total)
        let text = req.query[String.self, at: "q"] ?? ""
        func link(offset: Int) -> String {
            SiteURL.search.path(query: [("q", text), ("type", query.type?.rawValue), ("department", query.departmentCode),
                                        ("offset", String(offset))])
        }
        let hasPrevious = query.offset > 0
        let hasNext = query.offset + items.count < total
        return try await req.view.render("search", SearchContext(
            meta: PageMeta(title: text.isEmpty ? "全部事项" : "“\(text.prefix(40))”的搜索结果", request: req,
                           searchText: text),
            items: items, total: total, from: items.isEmpty ? 0 : query.offset + 1, to: query.offset + items.count,
            previousURL: hasPrevious ? link(offset: max(0, query.offset - query.limit)) : nil,
            nextURL: hasNext ? link(offset: query.offset + query.limit) : nil,
            types: ServiceType.allCases.map(\.rawValue), selectedType: query.type?.rawValue, bundles: found.bundles
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
    static func requestedGuide(_ req: Request) async throws -> ServiceGuide {
        let platform = req.platform
        return try await platform.catalog.requireGuide(code: req.parameter(.code), on: platform.database)
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
        let department: DepartmentSummary
        let items: [ServiceSummary]
        let bundles: [BundleSummary]
    }

    @Sendable func department(req: Request) async throws -> View {
        let (department, items) = try await CatalogRepository(database: req.db).departmentWithItems(code: req.parameter(.code))
        return try await req.view.render("department", DepartmentContext(
            meta: PageMeta(title: department.name, request: req), department: department, items: items,
            bundles: try await BundleCatalog(platform: req.platform).list(department: department.code)
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
