import Fluent
import Vapor
import YiwangDomain

/// `/audit`: the auditor's (审计员) view of the audit log — filter by action, actor, object, outcome
/// and dates (China time), see whether the hash chain holds, and export what is shown as CSV. The
/// export itself is audited.
struct AuditPage: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("audit", use: page)
        routes.get("audit", "export.csv", use: export)
    }

    struct Filter: Content {
        var action: String?
        var actor: String?
        var object: String?
        var outcome: String?
        var from: String?
        var to: String?
    }

    struct Row: Encodable {
        let at: String
        let actor: String
        let roles: String
        let action: String
        let object: String
        let outcome: String
        let ip: String
        let requestID: String
        let detail: String
    }

    struct Context: Encodable {
        let meta: PageMeta
        let filter: Filter
        let rows: [Row]
        let total: Int
        let chain: String
        let chainHolds: Bool
        let query: String
    }

    static let limit = 500

    static func requireAuditor(_ req: Request) throws -> SignedIn {
        let user = try req.requireSignedIn()
        guard user.kind == .staff, user.roles.contains(.auditor) else { throw Problem(status: .forbidden, detail: "仅审计员可以查看审计记录") }
        return user
    }

    func records(_ req: Request) async throws -> (Filter, [AuditRecord], Int) {
        let filter = (try? req.query.decode(Filter.self)) ?? Filter()
        var query = AuditRecord.query(on: req.db)
        if let action = filter.action?.trimmingCharacters(in: .whitespaces), !action.isEmpty { query = query.filter(\.$action ~~ String(action.prefix(64))) }
        if let actor = filter.actor?.trimmingCharacters(in: .whitespaces), !actor.isEmpty { query = query.filter(\.$actorName ~~ String(actor.prefix(64))) }
        if let object = filter.object?.trimmingCharacters(in: .whitespaces), !object.isEmpty { query = query.filter(\.$object ~~ String(object.prefix(64))) }
        if let outcome = filter.outcome, AuditLog.Outcome(rawValue: outcome) != nil { query = query.filter(\.$outcome == outcome) }
        var errors = FieldErrors()
        for (key, raw, end) in [("from", filter.from, false), ("to", filter.to, true)] {
            guard let raw, !raw.isEmpty else { continue }
            guard let day = CivilDate(raw) else { errors.add(key, "日期须为 yyyy-MM-dd"); continue }
            let bound = day.startInChina.addingTimeInterval(end ? 86_400 : 0)
            query = end ? query.filter(\.$at < bound) : query.filter(\.$at >= bound)
        }
        guard errors.isEmpty else { throw errors }
        let total = try await query.count()
        let records = try await query.sort(\.$at, .descending).limit(Self.limit).all()
        return (filter, records, total)
    }

    static func row(_ record: AuditRecord) -> Row {
        Row(at: ApplicationPageController.format(record.at), actor: record.actorName, roles: record.roles, action: record.action,
            object: record.object, outcome: AuditLog.Outcome(rawValue: record.outcome)?.label ?? record.outcome, ip: record.ip, requestID: record.requestID,
            detail: record.detail ?? "")
    }

    @Sendable func page(req: Request) async throws -> View {
        _ = try Self.requireAuditor(req)
        let (filter, records, total) = try await records(req)
        let chain = AuditChain(database: req.db)
        try await chain.seal()
        let report = try await chain.verify()
        let query = ["action": filter.action, "actor": filter.actor, "object": filter.object, "outcome": filter.outcome,
                     "from": filter.from, "to": filter.to]
            .compactMap { key, value in value.flatMap { $0.isEmpty ? nil : $0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) }.map { "\(key)=\($0)" } }
            .sorted().joined(separator: "&")
        return try await req.view.render("audit", Context(
            meta: PageMeta(title: "审计记录", request: req), filter: filter, rows: records.map(Self.row), total: total,
            chain: report.problem ?? "哈希链完整：共 \(report.length) 条，链头 \(report.head.prefix(16))…",
            chainHolds: report.problem == nil, query: query))
    }

    /// The filtered records as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese).
    @Sendable func export(req: Request) async throws -> Response {
        _ = try Self.requireAuditor(req)
        let (_, records, total) = try await records(req)
        func cell(_ text: String) -> String {
            var text = text
            if let first = text.first, "=+-@".contains(first) { text = "'" + text }  // no formulas in a spreadsheet
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        var lines = ["时间,操作人,角色,操作,对象,结果,IP,请求编号,说明"]
        for row in records.map(Self.row) {
            lines.append([row.at, row.actor, row.roles, row.action, row.object, row.outcome, row.ip, row.requestID, row.detail].map(cell).joined(separator: ","))
        }
        try await AuditLog(request: req).record("audit.export", object: "audit_records", detail: "导出 \(records.count) 条（共 \(total) 条符合条件）")
        let response = Response(status: .ok, body: .init(string: "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"audit.csv\"")
        return response
    }
}
