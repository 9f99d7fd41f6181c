import Fluent
import Vapor
import YiwangDomain

/// `/admin/calendar`: the loaded holiday schedules, a form to load a new year, and the cases whose
/// deadline waits for a year not yet loaded. For administrators only.
struct CalendarAdminPage: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("admin", "calendar", use: page)
        routes.on(.POST, "admin", "calendar", body: .collect(maxSize: "1mb"), use: upload)
    }

    struct YearRow: Encodable {
        let year: Int
        let holidays: Int
        let workedWeekends: Int
        let source: String?
    }

    struct GapRow: Encodable {
        let receiptNumber: String
        let serviceName: String
        let department: String
        let year: Int
    }

    struct Context: Encodable {
        let meta: PageMeta
        let years: [YearRow]
        let gaps: [GapRow]
        let notice: String?
        let error: String?
    }

    static func requireAdmin(_ req: Request) throws -> SignedIn {
        let staff = try req.requireStaff()
        guard staff.roles.contains(.admin) else { throw Problem(status: .forbidden, detail: "仅管理员可以维护工作日历") }
        return staff
    }

    func render(_ req: Request, notice: String? = nil, error: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let calendar = try await CalendarStore(database: req.db).calendar()
        let years = calendar.years.compactMap { year in calendar.schedules[year] }.map { schedule in
            YearRow(year: schedule.year, holidays: schedule.days.filter(\.isOffDay).count,
                    workedWeekends: schedule.days.filter { !$0.isOffDay }.count, source: schedule.papers.first)
        }
        let gaps = try await CaseRecord.query(on: req.db).filter(\.$calendarGap != nil).sort(\.$submittedAt).all().map {
            GapRow(receiptNumber: $0.receiptNumber, serviceName: $0.serviceName, department: $0.departmentCode, year: $0.calendarGap ?? 0)
        }
        let response = try await req.view.render("admin-calendar", Context(
            meta: PageMeta(title: "工作日历", request: req), years: years, gaps: gaps, notice: notice, error: error)).encodeResponse(for: req)
        response.status = status
        return response
    }

    @Sendable func page(req: Request) async throws -> Response {
        _ = try Self.requireAdmin(req)
        return try await render(req)
    }

    struct Upload: Content { var file: File? }

    /// Loads a year, then counts again at once the deadlines it moves.
    @Sendable func upload(req: Request) async throws -> Response {
        _ = try Self.requireAdmin(req)
        guard let file = (try? req.content.decode(Upload.self))?.file, file.data.readableBytes > 0 else {
            return try await render(req, error: "请选择日历文件（holiday-cn 格式的 JSON）", status: .badRequest)
        }
        do {
            let (schedule, recounted) = try await CalendarStore(database: req.db)
                .importAndRecount(Data(buffer: file.data), catalog: req.application.catalogCache, today: req.application.today())
            return try await render(req, notice: "已导入 \(schedule.year) 年放假安排；\(recounted) 个办件的期限已重新计算")
        } catch let errors as FieldErrors {
            return try await render(req, error: errors.summary, status: .badRequest)
        }
    }
}
