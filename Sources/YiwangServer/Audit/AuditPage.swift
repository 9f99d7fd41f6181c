import Vapor
import YiwangDomain

/// `/audit`: the auditor's (审计员) view of the audit log — filter by action, actor, object, outcome
/// and dates (China time), see whether the hash chain holds, and export what is shown as CSV. The
/// export itself is audited.
struct AuditPage: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.audit, use: page)
        routes.get(.auditExport, use: export)
    }

    struct Context: Encodable {
        let meta: PageMeta
        let filter: AuditSearch.Filter
        let rows: [AuditSearch.Row]
        let total: Int
        let chain: String
        let chainHolds: Bool
        let exportURL: String
    }

    private func search(_ req: Request) async throws -> (AuditSearch.Filter, [AuditSearch.Row], Int) {
        try AuditSearch.requireAuditor(try req.requireSignedIn())
        let filter = (try? req.query.decode(AuditSearch.Filter.self)) ?? AuditSearch.Filter()
        let (rows, total) = try await AuditSearch(database: req.db).rows(filter)
        return (filter, rows, total)
    }

    @Sendable func page(req: Request) async throws -> View {
        let (filter, rows, total) = try await search(req)
        let chain = AuditChain(database: req.db, keys: req.application.auditKeys)
        try await chain.seal()
        let report = try await chain.verify()
        let exportURL = SiteURL.auditExport.path(query: [("action", filter.action), ("actor", filter.actor), ("object", filter.object),
                                                          ("outcome", filter.outcome), ("from", filter.from), ("to", filter.to)]
            .filter { !($0.1 ?? "").isEmpty })
        return try await req.view.render("audit", Context(
            meta: PageMeta(title: "审计记录", request: req), filter: filter, rows: rows, total: total,
            chain: report.problem ?? "哈希链完整：共 \(report.length) 条，链头 \(report.head.prefix(16))…",
            chainHolds: report.problem == nil, exportURL: exportURL))
    }

    /// The filtered records as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese).
    @Sendable func export(req: Request) async throws -> Response {
        let (_, rows, total) = try await search(req)
        func cell(_ text: String) -> String {
            var text = text
            if let first = text.first, "=+-@".contains(first) { text = "'" + text }  // no formulas in a spreadsheet
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        var lines = ["时间,操作人,角色,操作,对象,结果,IP,请求编号,说明"]
        for row in rows {
            lines.append([row.at, row.actor, row.roles, row.action, row.object, row.outcome, row.ip, row.requestID, row.detail].map(cell).joined(separator: ","))
        }
        try await req.audit.record("audit.export", object: "audit_records", detail: "导出 \(rows.count) 条（共 \(total) 条符合条件）")
        let response = Response(status: .ok, body: .init(string: "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"audit.csv\"")
        return response
    }
}

extension AuditSearch.Filter: Content {}
