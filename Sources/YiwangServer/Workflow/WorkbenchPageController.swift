import Vapor
import YiwangDomain

/// The clerk's pages: the queue, and a case with its data (masked), materials, timeline and the
/// actions the clerk's role may take. Each form's outcome comes back on the case page.
struct WorkbenchPageController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.workbench, use: queue)
        routes.get(.workbenchCase(.key), use: show)
        routes.post(.workbenchCaseActions(.key), use: act)
        routes.post(.workbenchCaseVerification(.key), use: verify)
        routes.post(.workbenchCaseGreenChannel(.key), use: markGreen)
        routes.post(.workbenchCaseReveal(.key), use: reveal)
        routes.get(.workbenchFile(.key), use: file)
    }

    struct QueueContext: Encodable {
        let meta: PageMeta
        let department: String
        let counts: [LevelCount]
        let items: [QueueEntry]
        let level: String
        let scope: String
        let page: Int
        let pages: Int
        let total: Int
        let links: Links
        let green: String
        /// 一件事 the department leads, still in progress.
        let led: [BundleMembership]
        /// The filter form: the department's items and the open states, with what is chosen.
        let services: [Choice]
        let states: [Choice]

        struct Links: Encodable {
            let mine: String
            let all: String
            let allLevels: String
            let previous: String?
            let next: String?
        }
    }

    struct Choice: Encodable {
        let value: String
        let label: String
        let selected: Bool
    }

    struct LevelCount: Encodable {
        let level: String
        let label: String
        let count: Int
        let link: String
    }

    @Sendable func queue(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let filter = try CaseQueue.Filter(req)
        let workbench = Workbench(platform: req.platform)
        let queue = try await workbench.queue(for: staff, filter: filter)
        func link(level: DeadlineLevel? = filter.level, page: Int? = nil) -> String {
            SiteURL.workbench.path(query: [("scope", filter.scope.rawValue), ("level", level?.rawValue), ("service", filter.service),
                                           ("state", filter.state?.rawValue), ("page", page.map(String.init))])
        }
        let counts = DeadlineLevel.allCases.map {
            LevelCount(level: $0.rawValue, label: $0.label, count: queue.counts[$0.rawValue] ?? 0,
                       link: SiteURL.workbench.path(query: [("scope", filter.scope.rawValue), ("level", $0.rawValue)]))
        }
        let figures = queue.greenChannel
        return try await req.page("workbench", QueueContext(
            meta: PageMeta(title: "工作台", request: req), department: staff.departmentCode ?? "", counts: counts, items: queue.items,
            level: filter.level?.rawValue ?? "", scope: queue.scope, page: queue.page, pages: queue.pages, total: queue.total,
            links: .init(mine: SiteURL.workbench.path(query: [("scope", "mine")]), all: SiteURL.workbench.path(query: [("scope", "all")]),
                         allLevels: SiteURL.workbench.path(query: [("scope", filter.scope.rawValue)]),
                         previous: queue.page > 1 ? link(page: queue.page - 1) : nil,
                         next: queue.page < queue.pages ? link(page: queue.page + 1) : nil),
            green: String(format: "绿色通道 %d 件，占本部门办件 %.0f%%", figures.count, figures.share * 100)
                + (figures.averageDays.map { String(format: "；已决定的平均用时 %.1f 个工作日", $0) } ?? ""),
            led: try await BundleReports(platform: req.platform).led(by: staff),
            services: try await workbench.services(for: staff).map { Choice(value: $0.code, label: $0.name, selected: $0.code == filter.service) },
            states: CaseState.allCases.filter(\.isOpen).map { Choice(value: $0.rawValue, label: $0.rawValue, selected: $0 == filter.state) }))
    }

    struct CaseContext: Encodable {
        let meta: PageMeta
        let entry: QueueEntry
        let applicantName: String
        let fields: [CaseFile.Field]
        let files: [FileRow]
        let timeline: [TimelineRow]
        let actions: [ActionForm]
        let notice: String?
        let error: String?
        let checks: [VerificationCheck]?
        /// Whether the applicant's data is shown in clear (after a reason, audited).
        let revealed: Bool
        let greenReason: String?
        let bundle: BundleMembership?
        /// 上一件 / 下一件 in 待我办理 (keys K and J).
        let previousURL: String?
        let nextURL: String?
    }

    /// A file as the clerk sees it: under the material it was uploaded for, in the item's order.
    struct FileRow: Encodable {
        let id: UUID
        let material: String
        let name: String
        let sizeText: String
        /// How the page previews it: "image", "pdf", or nil (download only).
        let preview: String?

        static func rows(_ files: [UploadedFile], materials: [Material]) -> [FileRow] {
            let order = Dictionary(materials.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { first, _ in first })
            let names = Dictionary(materials.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
            return files.sorted { (order[$0.materialId] ?? .max) < (order[$1.materialId] ?? .max) }.map {
                FileRow(id: $0.id, material: names[$0.materialId] ?? $0.materialId, name: $0.name, sizeText: $0.sizeText,
                        preview: $0.type == "pdf" ? "pdf" : UploadedFileRecord.previewable.contains($0.type) ? "image" : nil)
            }
        }
    }

    struct ActionForm: Encodable {
        let action: String
        let label: String
        /// How the button looks: a decision that moves the case on, one that ends or refuses it, or neither.
        let tone: String
        let needsOpinion: Bool
        let extend: Bool
        /// 要求补正: the item's materials to tick.
        let materials: [MaterialChoice]
    }

    struct MaterialChoice: Encodable {
        let id: String
        let name: String
    }

    /// The case page, from the case file as it now stands, with what the last form did.
    func render(_ req: Request, notice: String? = nil, error: String? = nil, checks: [VerificationCheck]? = nil,
                revealed: RevealedApplicant? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let file = try await Workbench(platform: req.platform).caseFile(receipt: req.parameter(.receipt), for: try req.requireStaff(),
                                                                         revealed: revealed)
        return try await req.page("workbench-case", CaseContext(
            meta: PageMeta(title: "办件 \(file.entry.receiptNumber)", request: req), entry: file.entry, applicantName: file.applicantName,
            fields: file.fields, files: FileRow.rows(file.files, materials: file.materials),
            timeline: file.timeline.map(TimelineRow.init),
            actions: file.actions.map { action in
                ActionForm(action: action.rawValue, label: action.label,
                           tone: [.refuse, .deny, .requestSupplement].contains(action) ? "refuse"
                               : [.accept, .passReview, .grant, .close].contains(action) ? "proceed" : "neutral",
                           needsOpinion: action.needsOpinion, extend: action == .extend,
                           materials: action == .requestSupplement ? file.materials.map { MaterialChoice(id: $0.id, name: $0.name) } : [])
            },
            notice: notice, error: error, checks: checks, revealed: file.revealed, greenReason: file.greenReason, bundle: file.bundle,
            previousURL: file.previous.map { SiteURL.workbenchCase(.value($0)).path },
            nextURL: file.next.map { SiteURL.workbenchCase(.value($0)).path }),
            status: status)
    }

    /// A form's step, with its outcome — or its refusal — on the case page.
    private func step(_ req: Request, _ work: (WorkflowService, SignedIn) async throws -> Response) async throws -> Response {
        let staff = try req.requireStaff()
        let workflow = WorkflowService(platform: req.platform)
        return try await req.pageAction({ try await work(workflow, staff) },
                                        rerender: { message, status in try await render(req, error: message, status: status) })
    }

    @Sendable func show(req: Request) async throws -> Response {
        try await render(req)
    }

    @Sendable func verify(req: Request) async throws -> Response {
        try await step(req) { workflow, staff in
            try await render(req, checks: try await workflow.verify(receipt: req.parameter(.receipt), by: staff))
        }
    }

    @Sendable func markGreen(req: Request) async throws -> Response {
        try await step(req) { workflow, staff in
            let record = try await workflow.caseRecord(receipt: req.parameter(.receipt), staff: staff)
            let form = (try? req.content.decode(GreenChannelBody.self)) ?? .init()
            _ = try await workflow.markGreenChannel(record, reason: form.reason, version: form.version, by: staff)
            return try await render(req, notice: "已纳入绿色通道")
        }
    }

    /// The applicant's data in clear on this page, with a reason; the view is audited.
    @Sendable func reveal(req: Request) async throws -> Response {
        try await step(req) { workflow, staff in
            let record = try await workflow.caseRecord(receipt: req.parameter(.receipt), staff: staff)
            let form = (try? req.content.decode(RevealBody.self)) ?? .init()
            let revealed = try await workflow.revealApplicant(record, reason: form.reason, by: staff, audit: req.audit)
            return try await render(req, notice: "已显示完整信息，本次查看已记录", revealed: revealed)
        }
    }

    /// A form's action; the page comes back with what happened, or why not.
    @Sendable func act(req: Request) async throws -> Response {
        try await step(req) { workflow, staff in
            let record = try await workflow.caseRecord(receipt: req.parameter(.receipt), staff: staff)
            let form = (try? req.content.decode(CaseCommand.self)) ?? CaseCommand()
            let done = try await workflow.act(on: record, form, by: .staff(staff))
            return try await render(req, notice: "已办理，当前状态：\(done.state.rawValue)")
        }
    }

    /// A material of a case of the clerk's department.
    @Sendable func file(req: Request) async throws -> Response {
        let (record, data) = try await ApplicationService(platform: req.platform).file(id: req.parameter(.file), staff: try req.requireStaff())
        return record.response(data, inline: req.query[String.self, at: "inline"] == "1")
    }
}

/// A timeline entry as pages show it: the time in China, who, what, the state after, the opinion.
struct TimelineRow: Encodable {
    let at: String
    let actor: String
    let action: String
    let state: String
    let opinion: String?

    init(_ event: CaseEvent) {
        at = ChinaTime.format(event.at)
        actor = event.actor
        action = event.action
        state = event.state.rawValue
        opinion = event.opinion
    }
}
