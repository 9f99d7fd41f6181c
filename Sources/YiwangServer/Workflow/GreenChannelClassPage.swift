import Fluent
import Vapor
import YiwangDomain

/// `/workbench/green-channel`: the department's 绿色通道 classes of applicants; its approvers add and
/// remove them (each change audited), other staff see them.
struct GreenChannelClassPage: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("workbench", "green-channel", use: page)
        routes.post("workbench", "green-channel", "classes", use: add)
        routes.post("workbench", "green-channel", "classes", ":id", "delete", use: remove)
    }

    struct Context: Encodable {
        let meta: PageMeta
        let classes: [GreenChannelClasses.ClassDTO]
        let kinds: [Kind]
        let canManage: Bool
        let form: GreenChannelClasses.Form
        let notice: String?
        let error: String?
    }

    struct Kind: Encodable {
        let value: String
        let label: String
        let selected: Bool
    }

    func render(_ req: Request, form: GreenChannelClasses.Form = .init(), notice: String? = nil, error: String? = nil,
                status: HTTPResponseStatus = .ok) async throws -> Response {
        let staff = try req.requireStaff()
        let classes = try await GreenChannelClasses(database: req.db).list(department: staff.departmentCode ?? "")
        let response = try await req.view.render("workbench-green-channel", Context(
            meta: PageMeta(title: "绿色通道对象", request: req), classes: classes.map(GreenChannelClasses.ClassDTO.init),
            kinds: GreenChannelRule.Kind.allCases.map { Kind(value: $0.rawValue, label: $0.label, selected: form.kind == $0.rawValue) },
            canManage: (try? GreenChannelClasses.requireManager(staff)) != nil, form: form, notice: notice, error: error)).encodeResponse(for: req)
        response.status = status
        return response
    }

    @Sendable func page(req: Request) async throws -> Response {
        try await render(req)
    }

    @Sendable func add(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let form = (try? req.content.decode(GreenChannelClasses.Form.self)) ?? .init()
        do {
            let record = try await GreenChannelClasses(database: req.db).create(form, by: staff, audit: AuditLog(request: req))
            return try await render(req, notice: "已添加绿色通道对象：\(record.name)")
        } catch let errors as FieldErrors {
            return try await render(req, form: form, error: errors.summary, status: .badRequest)
        } catch let problem as Problem where problem.status < 500 {
            return try await render(req, form: form, error: problem.detail, status: HTTPResponseStatus(statusCode: problem.status))
        }
    }

    @Sendable func remove(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        do {
            let record = try await GreenChannelClasses(database: req.db).delete(id: req.parameters.get("id") ?? "", by: staff,
                                                                                audit: AuditLog(request: req))
            return try await render(req, notice: "已删除绿色通道对象：\(record.name)")
        } catch let problem as Problem where problem.status < 500 {
            return try await render(req, error: problem.detail, status: HTTPResponseStatus(statusCode: problem.status))
        }
    }
}
