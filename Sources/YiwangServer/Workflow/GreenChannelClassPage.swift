import Vapor
import YiwangDomain

/// `/workbench/green-channel`: the department's 绿色通道 classes of applicants; its approvers add and
/// remove them (each change audited), other staff see them.
struct GreenChannelClassPage: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.greenChannel, use: page)
        routes.post(.greenChannelClasses, use: add)
        routes.post(.greenChannelClassDelete(.key), use: remove)
    }

    struct Context: Encodable {
        let meta: PageMeta
        let classes: [GreenChannelClasses.Entry]
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
        let classes = try await GreenChannelClasses(platform: req.platform).entries(department: staff.departmentCode ?? "")
        return try await req.page("workbench-green-channel", Context(
            meta: PageMeta(title: "绿色通道对象", request: req), classes: classes,
            kinds: GreenChannelRule.Kind.allCases.map { Kind(value: $0.rawValue, label: $0.label, selected: form.kind == $0.rawValue) },
            canManage: (try? GreenChannelClasses.requireManager(staff)) != nil, form: form, notice: notice, error: error), status: status)
    }

    @Sendable func page(req: Request) async throws -> Response {
        try await render(req)
    }

    @Sendable func add(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let form = (try? req.content.decode(GreenChannelClasses.Form.self)) ?? .init()
        return try await req.pageAction({
            let record = try await GreenChannelClasses(platform: req.platform).create(form, by: staff, audit: req.audit)
            return try await render(req, notice: "已添加绿色通道对象：\(record.name)")
        }, rerender: { message, status in try await render(req, form: form, error: message, status: status) })
    }

    @Sendable func remove(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        return try await req.pageAction({
            let record = try await GreenChannelClasses(platform: req.platform).delete(id: req.parameter(.id), by: staff, audit: req.audit)
            return try await render(req, notice: "已删除绿色通道对象：\(record.name)")
        }, rerender: { message, status in try await render(req, error: message, status: status) })
    }
}
