import Foundation

/// Every address of the platform — pages and API — in one typed table. Links are built from it
/// (`SiteURL.caseFile(.value(receipt)).path`), routes are registered from it
/// (`SiteURL.caseFile(.key)`), and templates name it (`#url("caseFile", receipt)`), so a page, an
/// SMS, a redirect and the router cannot disagree about a path. Query strings are added with
/// `path(query:)`.
public enum SiteURL: Sendable, Hashable {
    /// A path parameter: its value in a link, or its key (`:name`) when registering the route.
    public enum Parameter: Sendable, Hashable {
        case key
        case value(String)
    }

    /// The names of path parameters, as routes declare them and handlers read them.
    public enum Key: String, Sendable, CaseIterable {
        case code, id, file, material, receipt, number, token, enterprise, agent, turn
    }

    /// A path segment: fixed text, or a parameter (by its key, or with its value).
    public enum Segment: Sendable, Hashable {
        case constant(String)
        case parameter(Key, String?)
    }

    // the public site
    case home
    case search
    case guide(_ code: Parameter)
    case apply(_ code: Parameter)
    case template(_ code: Parameter)
    case department(_ code: Parameter)
    /// 一件事: the list, and one bundle's guide with its situation questions and plan.
    case bundles
    case bundle(_ code: Parameter)
    case bundleApply(_ code: Parameter)
    case policy(_ id: Parameter)
    /// 政策找人's public side: the benefit policies with the number granted per month (信息公示), and one policy's rules.
    case benefits
    case benefitPolicy(_ code: Parameter)
    case elderMode
    case assistant
    case ticketForm
    case tickets
    case verify(_ number: Parameter)
    case shared(_ token: Parameter)
    case shortLink(_ code: Parameter)
    // signing in and the account
    case login
    case secondFactor
    case logout
    case register
    case registerCode
    case account
    case accountEnterprises
    case accountActing
    case enterpriseAgents(_ enterprise: Parameter)
    case enterpriseAgentDelete(_ enterprise: Parameter, _ agent: Parameter)
    // a citizen's applications, cases and certificates
    case application(_ id: Parameter)
    case applicationMaterials(_ id: Parameter)
    case applicationFileDelete(_ id: Parameter, _ file: Parameter)
    case mine
    case caseLookup
    case caseFile(_ receipt: Parameter)
    case caseResubmit(_ receipt: Parameter)
    /// A 一件事 application: its one form, its uploads, and once submitted its progress.
    case bundleApplication(_ id: Parameter)
    case bundleApplicationMaterials(_ id: Parameter)
    case bundleApplicationFileDelete(_ id: Parameter, _ file: Parameter)
    case bundleProgress(_ receipt: Parameter)
    case bundleWithdraw(_ receipt: Parameter)
    /// 为您推荐: what the person (or the company they act for) receives and may qualify for, and why.
    case myBenefits
    case myBenefit(_ id: Parameter)
    case myBenefitConfirm(_ id: Parameter)
    case myBenefitObjection(_ id: Parameter)
    /// Personalised recommendations on or off (PIPL art. 24).
    case recommendations
    case wallet
    case certificate(_ number: Parameter)
    case certificateShare(_ number: Parameter)
    case certificateRevoke(_ number: Parameter)
    case certificateRenew(_ number: Parameter)
    // staff
    case workbench
    case workbenchCase(_ receipt: Parameter)
    case workbenchCaseActions(_ receipt: Parameter)
    case workbenchCaseVerification(_ receipt: Parameter)
    case workbenchCaseGreenChannel(_ receipt: Parameter)
    case workbenchCaseReveal(_ receipt: Parameter)
    case workbenchFile(_ file: Parameter)
    case greenChannel
    case greenChannelClasses
    case greenChannelClassDelete(_ id: Parameter)
    /// A department's benefit policies (rules, versions, preview, publishing) and the objections to its decisions.
    case workbenchPolicies
    case workbenchPolicy(_ code: Parameter)
    case workbenchPolicyVersions(_ code: Parameter)
    case workbenchObjections
    case workbenchObjection(_ id: Parameter)
    case adminCalendar
    case audit
    case auditExport
    case assistantReview
    case assistantReviewCurate(_ turn: Parameter)
    case assistantReviewDismiss(_ turn: Parameter)
    // operations
    case devSMS
    case healthz
    case readyz
    case metrics
    case openAPI
    case jwks
    /// `/api/v1/…`.
    case api(API)

    /// The JSON API, under `/api/v1`.
    public enum API: Sendable, Hashable {
        case services
        case service(_ code: Parameter)
        case validate(_ code: Parameter)
        case startApplication(_ code: Parameter)
        case departments
        case bundles
        case bundle(_ code: Parameter)
        case bundlePlan(_ code: Parameter)
        case bundleValidate(_ code: Parameter)
        /// A 一件事 application's one form.
        case bundleApplication(_ id: Parameter)
        case suggest
        case applications
        case application(_ id: Parameter)
        case applicationMaterial(_ id: Parameter, _ material: Parameter)
        case applicationFile(_ id: Parameter, _ file: Parameter)
        case submit(_ id: Parameter)
        case cases
        case caseFile(_ receipt: Parameter)
        case caseActions(_ receipt: Parameter)
        case file(_ file: Parameter)
        case workbenchCases
        case workbenchCase(_ receipt: Parameter)
        case workbenchCaseActions(_ receipt: Parameter)
        case workbenchCaseVerification(_ receipt: Parameter)
        case workbenchCaseGreenChannel(_ receipt: Parameter)
        case workbenchCaseReveal(_ receipt: Parameter)
        case greenChannelClasses
        case greenChannelClass(_ id: Parameter)
        case certificates
        case certificate(_ number: Parameter)
        case certificateVerification(_ number: Parameter)
        case certificateShares(_ number: Parameter)
        case certificateRevocation(_ number: Parameter)
        case authCodes
        case authRegister
        case authToken
        case me
        case assistantChat
        case assistantChatStream
        case assistantTickets
        case assistantFeedback(_ turn: Parameter)
        case assistantReview
        case auditHead
    }

    /// The path's segments, parameters named.
    public var segments: [Segment] {
        func c(_ texts: String...) -> [Segment] { texts.map(Segment.constant) }
        func p(_ parameter: Parameter, _ key: Key) -> Segment { .parameter(key, parameter.value) }
        switch self {
        case .home: return []
        case .search: return c("services")
        case .guide(let code): return c("services") + [p(code, .code)]
        case .apply(let code): return c("services") + [p(code, .code)] + c("apply")
        case .template(let code): return c("services") + [p(code, .code)] + c("template")
        case .department(let code): return c("departments") + [p(code, .code)]
        case .bundles: return c("bundles")
        case .bundle(let code): return c("bundles") + [p(code, .code)]
        case .bundleApply(let code): return c("bundles") + [p(code, .code)] + c("apply")
        case .policy(let id): return c("policies") + [p(id, .id)]
        case .benefits: return c("benefits")
        case .benefitPolicy(let code): return c("benefits") + [p(code, .code)]
        case .elderMode: return c("settings", "elder-mode")
        case .assistant: return c("assistant")
        case .ticketForm: return c("assistant", "tickets", "new")
        case .tickets: return c("assistant", "tickets")
        case .verify(let number): return c("verify") + [p(number, .number)]
        case .shared(let token): return c("shared") + [p(token, .token)]
        case .shortLink(let code): return c("c") + [p(code, .code)]
        case .login: return c("login")
        case .secondFactor: return c("login", "second-factor")
        case .logout: return c("logout")
        case .register: return c("register")
        case .registerCode: return c("register", "code")
        case .account: return c("account")
        case .accountEnterprises: return c("account", "enterprises")
        case .accountActing: return c("account", "acting")
        case .enterpriseAgents(let enterprise): return c("account", "enterprises") + [p(enterprise, .enterprise)] + c("agents")
        case .enterpriseAgentDelete(let enterprise, let agent):
            return c("account", "enterprises") + [p(enterprise, .enterprise)] + c("agents") + [p(agent, .agent)] + c("delete")
        case .application(let id): return c("applications") + [p(id, .id)]
        case .applicationMaterials(let id): return c("applications") + [p(id, .id)] + c("materials")
        case .applicationFileDelete(let id, let file): return c("applications") + [p(id, .id)] + c("files") + [p(file, .file)] + c("delete")
        case .mine: return c("me")
        case .caseLookup: return c("me", "lookup")
        case .caseFile(let receipt): return c("cases") + [p(receipt, .receipt)]
        case .caseResubmit(let receipt): return c("cases") + [p(receipt, .receipt)] + c("resubmit")
        case .bundleApplication(let id): return c("bundle-applications") + [p(id, .id)]
        case .bundleApplicationMaterials(let id): return c("bundle-applications") + [p(id, .id)] + c("materials")
        case .bundleApplicationFileDelete(let id, let file): return c("bundle-applications") + [p(id, .id)] + c("files") + [p(file, .file)] + c("delete")
        case .bundleProgress(let receipt): return c("bundle-cases") + [p(receipt, .receipt)]
        case .bundleWithdraw(let receipt): return c("bundle-cases") + [p(receipt, .receipt)] + c("withdraw")
        case .myBenefits: return c("me", "benefits")
        case .myBenefit(let id): return c("me", "benefits") + [p(id, .id)]
        case .myBenefitConfirm(let id): return c("me", "benefits") + [p(id, .id)] + c("confirm")
        case .myBenefitObjection(let id): return c("me", "benefits") + [p(id, .id)] + c("objection")
        case .recommendations: return c("me", "recommendations")
        case .wallet: return c("me", "certificates")
        case .certificate(let number): return c("certificates") + [p(number, .number)]
        case .certificateShare(let number): return c("certificates") + [p(number, .number)] + c("share")
        case .certificateRevoke(let number): return c("certificates") + [p(number, .number)] + c("revoke")
        case .certificateRenew(let number): return c("certificates") + [p(number, .number)] + c("renew")
        case .workbench: return c("workbench")
        case .workbenchCase(let receipt): return c("workbench", "cases") + [p(receipt, .receipt)]
        case .workbenchCaseActions(let receipt): return c("workbench", "cases") + [p(receipt, .receipt)] + c("actions")
        case .workbenchCaseVerification(let receipt): return c("workbench", "cases") + [p(receipt, .receipt)] + c("verification")
        case .workbenchCaseGreenChannel(let receipt): return c("workbench", "cases") + [p(receipt, .receipt)] + c("green-channel")
        case .workbenchCaseReveal(let receipt): return c("workbench", "cases") + [p(receipt, .receipt)] + c("reveal")
        case .workbenchFile(let file): return c("workbench", "files") + [p(file, .file)]
        case .greenChannel: return c("workbench", "green-channel")
        case .greenChannelClasses: return c("workbench", "green-channel", "classes")
        case .greenChannelClassDelete(let id): return c("workbench", "green-channel", "classes") + [p(id, .id)] + c("delete")
        case .workbenchPolicies: return c("workbench", "policies")
        case .workbenchPolicy(let code): return c("workbench", "policies") + [p(code, .code)]
        case .workbenchPolicyVersions(let code): return c("workbench", "policies") + [p(code, .code)] + c("versions")
        case .workbenchObjections: return c("workbench", "objections")
        case .workbenchObjection(let id): return c("workbench", "objections") + [p(id, .id)]
        case .adminCalendar: return c("admin", "calendar")
        case .audit: return c("audit")
        case .auditExport: return c("audit", "export.csv")
        case .assistantReview: return c("assistant", "review")
        case .assistantReviewCurate(let turn): return c("assistant", "review") + [p(turn, .turn)] + c("curate")
        case .assistantReviewDismiss(let turn): return c("assistant", "review") + [p(turn, .turn)] + c("dismiss")
        case .devSMS: return c("dev", "sms")
        case .healthz: return c("healthz")
        case .readyz: return c("readyz")
        case .metrics: return c("metrics")
        case .openAPI: return c("openapi.json")
        case .jwks: return c(".well-known", "jwks.json")
        case .api(let api): return c("api", "v1") + api.segments
        }
    }

    /// The path, each parameter's value percent-encoded (`:key` for a parameter without a value).
    public var path: String { Self.path(of: segments) }

    /// Addresses only programs call (probes, scrapers, key and document fetchers): their errors are
    /// problem+json, never a sign-in page. `/metrics` also reads its own bearer token (the scraper's),
    /// which is not a session.
    public static let forPrograms: Set<String> = [SiteURL.healthz, .readyz, .metrics, .openAPI, .jwks].reduce(into: []) { $0.insert($1.path) }

    static func path(of segments: [Segment]) -> String {
        "/" + segments.map { segment in
            switch segment {
            case .constant(let text): text
            case .parameter(let key, nil): ":" + key.rawValue
            case .parameter(_, let value?): value.addingPercentEncoding(withAllowedCharacters: Self.segmentCharacters) ?? ""
            }
        }.joined(separator: "/")
    }

    /// The path with a query string (items without a value are left out).
    public func path(query: [(String, String?)]) -> String {
        let items = query.compactMap { name, value in
            value.map { "\(name)=\($0.addingPercentEncoding(withAllowedCharacters: Self.queryValueCharacters) ?? "")" }
        }
        return items.isEmpty ? path : path + "?" + items.joined(separator: "&")
    }

    /// The route pattern, as the router and `AccessPolicy` know it: `/cases/:receipt`.
    public var pattern: String {
        "/" + segments.map { segment in
            switch segment {
            case .constant(let text): text
            case .parameter(let key, _): ":" + key.rawValue
            }
        }.joined(separator: "/")
    }

    private static let segmentCharacters = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#;"))
    /// What a query value keeps as it is: RFC 3986's query characters but the ones that separate
    /// (`&`, `=`, `+`, `#`) — so a path such as `next=/workbench` stays readable.
    private static let queryValueCharacters = CharacterSet.urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+#"))
}

extension SiteURL.Parameter {
    var value: String? {
        switch self {
        case .key: nil
        case .value(let value): value
        }
    }
}

extension SiteURL {
    /// Every page address with its parameters as keys, by name: what templates can link to
    /// (`#url("caseFile", receipt)`) and what the route tests compare with the router.
    public static let pages: [String: SiteURL] = {
        let all: [SiteURL] = [
            .home, .search, .guide(.key), .apply(.key), .template(.key), .department(.key), .bundles, .bundle(.key), .bundleApply(.key), .policy(.key), .benefits, .benefitPolicy(.key), .elderMode,
            .assistant, .ticketForm, .tickets, .verify(.key), .shared(.key), .shortLink(.key),
            .login, .secondFactor, .logout, .register, .registerCode, .account, .accountEnterprises, .accountActing,
            .enterpriseAgents(.key), .enterpriseAgentDelete(.key, .key),
            .application(.key), .applicationMaterials(.key), .applicationFileDelete(.key, .key), .mine, .caseLookup, .caseFile(.key),
            .caseResubmit(.key), .bundleApplication(.key), .bundleApplicationMaterials(.key), .bundleApplicationFileDelete(.key, .key),
            .bundleProgress(.key), .bundleWithdraw(.key), .myBenefits, .myBenefit(.key), .myBenefitConfirm(.key),
            .myBenefitObjection(.key), .recommendations, .wallet, .certificate(.key), .certificateShare(.key), .certificateRevoke(.key), .certificateRenew(.key),
            .workbench, .workbenchCase(.key), .workbenchCaseActions(.key), .workbenchCaseVerification(.key),
            .workbenchCaseGreenChannel(.key), .workbenchCaseReveal(.key), .workbenchFile(.key), .greenChannel, .greenChannelClasses,
            .greenChannelClassDelete(.key), .workbenchPolicies, .workbenchPolicy(.key), .workbenchPolicyVersions(.key), .workbenchObjections,
            .workbenchObjection(.key), .adminCalendar, .audit, .auditExport, .assistantReview, .assistantReviewCurate(.key),
            .assistantReviewDismiss(.key), .devSMS, .healthz, .readyz, .metrics, .openAPI, .jwks,
            .api(.file(.key)),
        ]
        return Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
    }()

    /// The case's name: `caseFile`, `home`, `api.file` …
    public var name: String {
        func label(_ value: Any) -> String {
            Mirror(reflecting: value).children.first?.label ?? String(describing: value)
        }
        if case .api(let api) = self { return "api." + label(api) }
        return label(self)
    }

    /// The address named `name` with `values` for its parameters, in order; nil when there is no
    /// such name or the count is wrong.
    public static func named(_ name: String, _ values: [String]) -> String? {
        guard let template = pages[name] else { return nil }
        var remaining = values[...]
        let segments = template.segments.map { segment -> Segment in
            guard case .parameter(let key, _) = segment else { return segment }
            return .parameter(key, remaining.popFirst())
        }
        guard remaining.isEmpty, !segments.contains(where: { if case .parameter(_, nil) = $0 { true } else { false } }) else { return nil }
        return path(of: segments)
    }
}
