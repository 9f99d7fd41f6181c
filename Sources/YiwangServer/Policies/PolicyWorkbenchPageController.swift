import Vapor
import YiwangDomain

/// The department's policy desk: its policies with the rules in plain Chinese, versions, a preview of
/// how many would qualify and publishing a new version; and the objections to its decisions.
struct PolicyWorkbenchPageController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.workbenchPolicies, use: policies)
        routes.get(.workbenchPolicy(.key), use: policy)
        routes.post(.workbenchPolicyVersions(.key), use: publish)
        routes.get(.workbenchObjections, use: objections)
        routes.get(.workbenchObjection(.key), use: objection)
        routes.post(.workbenchObjection(.key), use: decide)
    }

    /// Staff see their department's policies; an administrator every department's.
    static func department(_ staff: SignedIn) -> String? { staff.roles.contains(.admin) ? nil : staff.departmentCode ?? "-" }

    struct PoliciesContext: Encodable {
        let meta: PageMeta
        let policies: [PolicySummaryView]
        let openObjections: Int
    }

    struct PolicySummaryView: Encodable {
        let id: String
        let url: String
        let name: String
        let issuer: String
        let target: String
        let mode: String
        let version: Int
        let inForce: Bool
        let effective: String
        let summary: String

        init(_ summary: PolicyDesk.Summary, url: SiteURL) {
            id = summary.id; self.url = url.path; name = summary.name; issuer = summary.issuer; target = summary.target; mode = summary.mode
            version = summary.version; inForce = summary.inForce; effective = summary.effective; self.summary = summary.summary
        }
    }

    @Sendable func policies(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let desk = PolicyDesk(platform: req.platform)
        let summaries = try await desk.summaries(department: Self.department(staff))
        let open = staff.departmentCode == nil ? 0 : try await ObjectionDesk(platform: req.platform).queue(for: staff).filter { $0.status == .open }.count
        return try await req.page("workbench-policies", PoliciesContext(
            meta: PageMeta(title: "政策管理", request: req),
            policies: summaries.map { PolicySummaryView($0, url: .workbenchPolicy(.value($0.id))) }, openObjections: open))
    }

    struct VersionView: Encodable {
        let version: Int
        let effective: String
        let publishedAt: String
        let publishedBy: String
    }

    struct PolicyContext: Encodable {
        let meta: PageMeta
        let policy: PolicySummaryView
        let rules: [PolicyExplanation.RuleLine]
        let bands: [String]
        let legalBasis: [String]
        let note: String?
        let objectionDays: Int
        let versions: [VersionView]
        let current: PolicyDesk.Preview?
        let candidate: PolicyDesk.Preview?
        let document: String
        let nextVersion: Int
        let mayPublish: Bool
        let publishURL: String
        let notice: String?
        let error: String?
    }

    @Sendable func policy(req: Request) async throws -> Response {
        try await render(req)
    }

    func render(_ req: Request, document: String? = nil, candidate: PolicyDesk.Preview? = nil, notice: String? = nil, error: String? = nil,
                status: HTTPResponseStatus = .ok) async throws -> Response {
        let staff = try req.requireStaff()
        let desk = PolicyDesk(platform: req.platform)
        let page = try await desk.page(req.parameter(.code), department: Self.department(staff))
        let book = try await PolicyStore(database: req.db).book()
        let current = try await book.policy(page.summary.id, on: req.platform.today).asyncMap { try await desk.preview($0) }
        return try await req.page("workbench-policy", PolicyContext(
            meta: PageMeta(title: page.summary.name, request: req), policy: PolicySummaryView(page.summary, url: .benefitPolicy(.value(page.summary.id))),
            rules: page.rules, bands: page.bands, legalBasis: page.legalBasis, note: page.note, objectionDays: page.objectionDays,
            versions: page.versions.map { VersionView(version: $0.version, effective: $0.effective, publishedAt: ChinaTime.format($0.publishedAt),
                                                       publishedBy: $0.publishedBy) },
            current: current, candidate: candidate, document: document ?? page.document, nextVersion: page.nextVersion,
            mayPublish: staff.roles.contains(.approval) || staff.roles.contains(.admin),
            publishURL: SiteURL.workbenchPolicyVersions(.value(page.summary.id)).path, notice: notice, error: error), status: status)
    }

    struct PublishPost: Content {
        var document: String?
        var action: String?
    }

    @Sendable func publish(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let form = (try? req.content.decode(PublishPost.self)) ?? .init()
        let document = String((form.document ?? "").prefix(100_000))
        return try await req.pageAction({
            let desk = PolicyDesk(platform: req.platform)
            _ = try await desk.page(req.parameter(.code), department: Self.department(staff))
            if form.action == "preview" {
                return try await render(req, document: document, candidate: try await desk.preview(json: document),
                                        notice: "预览：新版本若今天生效，符合条件的人数如下（只显示人数）")
            }
            guard form.action == "publish" else { throw ServiceError.badRequest("请选择预览或发布") }
            let (policy, report) = try await desk.publish(req.parameter(.code), json: document, staff: staff)
            try await req.audit.record("发布政策版本", object: "\(policy.id) 第 \(policy.version) 版",
                                       detail: "自 \(policy.effectiveFrom) 起生效" + (report.map { "；立即比对：\($0.summary)" } ?? ""))
            return try await render(req, notice: "已发布第 \(policy.version) 版，自 \(policy.effectiveFrom) 起生效"
                                    + (report.map { "；已立即比对：\($0.summary)" } ?? ""))
        }, rerender: { message, status in try await render(req, document: document, error: message, status: status) })
    }

    struct ObjectionRowView: Encodable {
        let url: String
        let policyName: String
        let kind: String
        let holder: String
        let raisedAt: String
        let dueOn: String
        let status: String
        let statusCode: String
        let overdue: Bool

        init(_ row: ObjectionDesk.Row) {
            url = SiteURL.workbenchObjection(.value(row.id.uuidString)).path; policyName = row.policyName; kind = row.kind.label
            holder = row.holder; raisedAt = ChinaTime.format(row.raisedAt); dueOn = row.dueOn; status = row.status.label
            statusCode = row.status.rawValue; overdue = row.overdue
        }
    }

    struct ObjectionsContext: Encodable {
        let meta: PageMeta
        let rows: [ObjectionRowView]
    }

    @Sendable func objections(req: Request) async throws -> Response {
        let rows = try await ObjectionDesk(platform: req.platform).queue(for: try req.requireStaff())
        return try await req.page("workbench-objections", ObjectionsContext(meta: PageMeta(title: "政策异议", request: req), rows: rows.map(ObjectionRowView.init)))
    }

    struct ObjectionContext: Encodable {
        let meta: PageMeta
        let row: ObjectionRowView
        let statement: String
        let factLabel: String?
        let trace: [BenefitPageController.TraceLineView]
        let entitlementStatus: String
        let policyVersion: Int
        let reason: String?
        let decidedBy: String?
        let correction: String?
        let facts: [BenefitPageController.Choice]
        let wrongData: Bool
        let open: Bool
        let form: ObjectionDesk.Decision
        let notice: String?
        let error: String?
    }

    @Sendable func objection(req: Request) async throws -> Response {
        try await renderObjection(req)
    }

    func renderObjection(_ req: Request, form: ObjectionDesk.Decision = .init(), notice: String? = nil, error: String? = nil,
                         status: HTTPResponseStatus = .ok) async throws -> Response {
        let item = try await ObjectionDesk(platform: req.platform).objection(req.parameter(.id), staff: try req.requireStaff())
        var form = form
        if form.fact == nil { form.fact = item.fact }
        return try await req.page("workbench-objection", ObjectionContext(
            meta: PageMeta(title: "异议：\(item.row.policyName)", request: req), row: ObjectionRowView(item.row), statement: item.statement,
            factLabel: item.factLabel, trace: item.trace.map(BenefitPageController.TraceLineView.init), entitlementStatus: item.entitlementStatus.label,
            policyVersion: item.policyVersion, reason: item.reason, decidedBy: item.decidedBy, correction: item.correction,
            facts: item.facts.map { BenefitPageController.Choice(value: $0.fact, label: $0.label) }, wrongData: item.row.kind == .wrongData,
            open: item.row.status == .open, form: form, notice: notice, error: error), status: status)
    }

    struct DecisionPost: Content {
        var outcome: String?
        var reason: String?
        var fact: String?
        var corrected_value: String?
    }

    @Sendable func decide(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let post = (try? req.content.decode(DecisionPost.self)) ?? .init()
        let form = ObjectionDesk.Decision(outcome: post.outcome, reason: post.reason, fact: post.fact, correctedValue: post.corrected_value)
        return try await req.pageAction({
            try await ObjectionDesk(platform: req.platform).decide(req.parameter(.id), form, staff: staff)
            return try await renderObjection(req, notice: "异议已办结，申请人已收到通知")
        }, rerender: { message, status in try await renderObjection(req, form: form, error: message, status: status) })
    }
}
