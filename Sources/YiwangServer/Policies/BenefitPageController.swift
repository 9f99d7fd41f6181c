import Vapor
import YiwangDomain

/// 为您推荐 and 惠企政策: what the person (or the company they act for) receives and may qualify for,
/// each benefit explained condition by condition, 一键确认, objections, and the PIPL switch.
struct BenefitPageController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.myBenefits, use: overview)
        routes.get(.myBenefit(.key), use: show)
        routes.post(.myBenefitConfirm(.key), use: confirm)
        routes.post(.myBenefitObjection(.key), use: object)
        routes.post(.recommendations, use: recommendations)
    }

    struct ItemView: Encodable {
        let url: String
        let policyName: String
        let mode: String
        let status: String
        let statusCode: String
        let amount: String
        let decidedOn: String
        let stopFrom: String?

        init(_ item: BenefitOverview.Item) {
            url = SiteURL.myBenefit(.value(item.id.uuidString)).path
            policyName = item.policyName; mode = item.mode; status = item.status.label; statusCode = item.status.rawValue
            amount = item.amount; decidedOn = item.decidedOn; stopFrom = item.stopFrom
        }
    }

    struct SuggestionView: Encodable {
        let name: String
        let mode: String
        let summary: String
        let toConfirm: [String]
        let applyURL: String?
        let policyURL: String
        let amount: String
    }

    struct OverviewContext: Encodable {
        let meta: PageMeta
        let holder: String
        let forCompany: Bool
        let recommendationsOff: Bool
        let received: [ItemView]
        let toConfirm: [ItemView]
        let stopped: [ItemView]
        let suggestions: [SuggestionView]
        let profile: [BenefitOverview.ProfileFact]
        let notice: String?
    }

    @Sendable func overview(req: Request) async throws -> Response {
        try await renderOverview(req, notice: nil)
    }

    func renderOverview(_ req: Request, notice: String?) async throws -> Response {
        let model = try await BenefitService(platform: req.platform).overview(of: try req.requireCitizen())
        return try await req.page("benefits", OverviewContext(
            meta: PageMeta(title: model.forCompany ? "惠企政策" : "为您推荐", request: req), holder: model.holder, forCompany: model.forCompany,
            recommendationsOff: model.recommendationsOff, received: model.received.map(ItemView.init), toConfirm: model.toConfirm.map(ItemView.init),
            stopped: model.stopped.map(ItemView.init),
            suggestions: model.suggestions.map {
                SuggestionView(name: $0.name, mode: $0.mode, summary: $0.summary, toConfirm: $0.toConfirm,
                               applyURL: $0.applyCode.map { SiteURL.guide(.value($0)).path }, policyURL: SiteURL.benefitPolicy(.value($0.policyID)).path,
                               amount: $0.amount)
            },
            profile: model.profile, notice: notice))
    }

    struct TraceLineView: Encodable {
        let depth: Int
        let label: String
        let status: String
        let statusLabel: String
        let value: String?
        let source: String?
        let asOf: String?
        let basis: String?
        let group: Bool

        init(_ line: BenefitDetail.TraceLine) {
            depth = line.depth; label = line.label; status = line.status.rawValue
            statusLabel = switch line.status {
            case .met: "符合"
            case .notMet: "不符合"
            case .unknown: "待确认"
            }
            value = line.value; source = line.source; asOf = line.asOf; basis = line.basis; group = line.fact == nil
        }
    }

    struct ObjectionView: Encodable {
        let kind: String
        let statement: String
        let status: String
        let statusCode: String
        let dueOn: String
        let raisedAt: String
        let reason: String?
        let correction: String?
    }

    struct EventView: Encodable {
        let at: String
        let action: String
        let detail: String?
    }

    struct Choice: Encodable {
        let value: String
        let label: String
    }

    struct DetailContext: Encodable {
        let meta: PageMeta
        let item: ItemView
        let policyName: String
        let issuer: String
        let version: Int
        let summary: String
        let legalBasis: [String]
        let note: String?
        let eligible: Bool
        let trace: [TraceLineView]
        let events: [EventView]
        let objections: [ObjectionView]
        let objectionUntil: String
        let mayObject: Bool
        let kinds: [Choice]
        let facts: [Choice]
        let confirmService: String?
        let prefilled: Int
        let fields: Int
        let caseURL: String?
        let confirmURL: String
        let objectionURL: String
        let form: BenefitService.ObjectionInput
        let notice: String?
        let error: String?
    }

    @Sendable func show(req: Request) async throws -> Response {
        try await render(req, notice: nil)
    }

    /// Notices a redirect may name (never free text from the address).
    static let notices: [String: String] = ["objection": "异议已提交，主管部门会在期限内答复，进度会显示在本页"]

    func render(_ req: Request, notice: String?, error: String? = nil, form: BenefitService.ObjectionInput = .init(),
                status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.requireCitizen()
        let id = req.parameter(.id)
        let detail = try await BenefitService(platform: req.platform).detail(id, user: user)
        let shown = notice ?? req.query[String.self, at: "notice"].flatMap { Self.notices[$0] }
        return try await req.page("benefit", DetailContext(
            meta: PageMeta(title: "\(detail.policyName)：为什么", request: req), item: ItemView(detail.item), policyName: detail.policyName,
            issuer: detail.issuer, version: detail.version, summary: detail.summary, legalBasis: detail.legalBasis, note: detail.note,
            eligible: detail.outcome == .eligible, trace: detail.trace.map(TraceLineView.init),
            events: detail.events.map { EventView(at: ChinaTime.format($0.at), action: $0.action, detail: $0.detail) },
            objections: detail.objections.map {
                ObjectionView(kind: $0.kind.label, statement: $0.statement, status: $0.status.label, statusCode: $0.status.rawValue,
                              dueOn: $0.dueOn, raisedAt: ChinaTime.format($0.raisedAt), reason: $0.reason, correction: $0.correction)
            },
            objectionUntil: detail.objectionUntil, mayObject: detail.mayObject,
            kinds: ObjectionKind.allCases.map { Choice(value: $0.rawValue, label: $0.label) },
            facts: detail.facts.map { Choice(value: $0.fact, label: $0.label) },
            confirmService: detail.confirmService, prefilled: detail.prefilled, fields: detail.fields,
            caseURL: detail.caseReceipt.map { SiteURL.caseFile(.value($0)).path },
            confirmURL: SiteURL.myBenefitConfirm(.value(id)).path, objectionURL: SiteURL.myBenefitObjection(.value(id)).path,
            form: form, notice: shown, error: error), status: status)
    }

    @Sendable func confirm(req: Request) async throws -> Response {
        let user = try req.requireCitizen()
        return try await req.pageAction({
            switch try await BenefitService(platform: req.platform).confirm(req.parameter(.id), user: user) {
            case .submitted(let receipt): return req.redirect(to: .caseFile(.value(receipt)))
            case .incomplete(let draftID, _): return req.redirect(to: .application(.value(draftID.uuidString)))
            }
        }, rerender: { message, status in try await render(req, notice: nil, error: message, status: status) })
    }

    @Sendable func object(req: Request) async throws -> Response {
        let user = try req.requireCitizen()
        let form = (try? req.content.decode(BenefitService.ObjectionInput.self)) ?? .init()
        return try await req.pageAction({
            _ = try await BenefitService(platform: req.platform).object(req.parameter(.id), input: form, user: user)
            return req.redirect(to: SiteURL.myBenefit(.value(req.parameter(.id))), query: [("notice", "objection")])
        }, rerender: { message, status in try await render(req, notice: nil, error: message, form: form, status: status) })
    }

    struct RecommendationsPost: Content { var enabled: String? }

    @Sendable func recommendations(req: Request) async throws -> Response {
        let user = try req.requireCitizen()
        let form = (try? req.content.decode(RecommendationsPost.self)) ?? .init()
        return try await req.pageAction({
            guard let choice = form.enabled, ["on", "off"].contains(choice) else { throw ServiceError.badRequest("请选择开启或关闭个性化推荐") }
            try await BenefitService(platform: req.platform).setRecommendations(on: choice == "on", user: user)
            return try await renderOverview(req, notice: choice == "on" ? "已开启个性化推荐" : "已关闭个性化推荐：平台不再为您生成画像和推荐，未确认的申请已撤回；依法免申即享的待遇照常发放")
        }, rerender: { message, status in
            let response = try await renderOverview(req, notice: message)
            response.status = status
            return response
        })
    }
}
