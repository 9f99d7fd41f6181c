import Vapor
import YiwangDomain

/// `/admin/calendar`: the loaded holiday schedules, a form to load a new year, and the cases whose
/// deadline reaches a year not yet loaded (provisional until it is). For administrators only.
struct CalendarAdminPage: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.adminCalendar, use: page)
        routes.post(.adminCalendar, collecting: "1mb", use: upload)
    }

    struct Context: Encodable {
        let meta: PageMeta
        let years: [CalendarStore.Overview.Year]
        let gaps: [CalendarStore.Overview.Waiting]
        let notice: String?
        let error: String?
    }

    static func requireAdmin(_ req: Request) throws -> SignedIn {
        let staff = try req.requireStaff()
        guard staff.roles.contains(.admin) else { throw ServiceError.forbidden("仅管理员可以维护工作日历") }
        return staff
    }

    func render(_ req: Request, notice: String? = nil, error: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let overview = try await CalendarStore(database: req.db).overview()
        return try await req.page("admin-calendar", Context(meta: PageMeta(title: "工作日历", request: req), years: overview.years,
                                                           gaps: overview.waiting, notice: notice, error: error), status: status)
    }

    @Sendable func page(req: Request) async throws -> Response {
        _ = try Self.requireAdmin(req)
        return try await render(req)
    }

    struct Upload: Content { var file: File? }

    /// Loads a year, then counts again at once the deadlines it moves.
    @Sendable func upload(req: Request) async throws -> Response {
        _ = try Self.requireAdmin(req)
        return try await req.pageAction({
            guard let file = (try? req.content.decode(Upload.self))?.file, file.data.readableBytes > 0 else {
                throw FieldErrors.field("file", "请选择日历文件（holiday-cn 格式的 JSON）")
            }
            let (schedule, recounted) = try await CalendarStore(database: req.db)
                .importAndRecount(Data(buffer: file.data), catalog: req.application.catalogCache, today: req.application.today())
            return try await render(req, notice: "已导入 \(schedule.year) 年放假安排；\(recounted) 个办件的期限已重新计算")
        }, rerender: { message, status in try await render(req, error: message, status: status) })
    }
}
