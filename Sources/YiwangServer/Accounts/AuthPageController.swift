import Fluent
import Vapor
import YiwangDomain

/// Sign-in, registration, sign-out and the account page (companies one acts for).
struct AuthPageController: RouteCollection {
    /// SMS codes' budget per client address, shared with the API.
    let codeLimit: RateLimitMiddleware
    /// Registration attempts' budget per client address, shared with the API.
    let registrationLimit: RateLimitMiddleware

    func boot(routes: any RoutesBuilder) throws {
        routes.get(.login, use: loginPage)
        routes.post(.login, use: login)
        routes.post(.logout, use: logout)
        routes.get(.register, use: registerPage)
        routes.grouped(registrationLimit).post(.register, use: register)
        routes.grouped(codeLimit).post(.registerCode, use: sendCode)
        routes.get(.account, use: account)
        routes.post(.accountEnterprises, use: registerEnterprise)
        routes.post(.accountActing, use: act)
        routes.post(.enterpriseAgents(.key), use: authorizeAgent)
        routes.post(.enterpriseAgentDelete(.key, .key), use: revokeAgent)
    }

    struct LoginContext: Encodable {
        let meta: PageMeta
        let login: String
        let next: String
        let message: String?
        let error: String?
    }

    @Sendable func loginPage(req: Request) async throws -> View {
        let expired = req.query[String.self, at: "expired"] == "1"
        return try await req.view.render("login", LoginContext(
            meta: PageMeta(title: "登录", request: req), login: "", next: Self.next(req.query[String.self, at: "next"]),
            message: expired ? "登录已超时，请重新登录" : (req.query[String.self, at: "registered"] == "1" ? "注册成功，请登录" : nil),
            error: nil))
    }

    struct LoginForm: Content {
        var login: String?
        var password: String?
        var next: String?
    }

    /// Signs in: a new session (never the one the browser came with), then back where they were going.
    @Sendable func login(req: Request) async throws -> Response {
        let form = (try? req.content.decode(LoginForm.self)) ?? LoginForm()
        let next = Self.next(form.next)
        return try await req.pageAction({
            let account = try await AccountService(platform: req.platform).signIn(login: form.login ?? "", password: form.password ?? "",
                                                                                  audit: req.audit)
            if let old = req.cookies[SessionAuthenticator.cookieName]?.string {
                try await SessionStore(database: req.db).destroy(token: old)
            }
            let staff = account.kind == .staff
            let target = staff && next == SiteURL.mine.path ? SiteURL.workbench.path : next
            // staff give their second factor before the session is theirs
            let created = try await SessionStore(database: req.db).create(accountID: try account.requireID(), kind: staff ? .pending : .web)
            let response = req.redirect(to: staff ? SecondFactorPage.path(next: target) : target, redirectType: .normal)
            response.cookies[SessionAuthenticator.cookieName] = SessionAuthenticator.cookie(created.token, secure: Self.secure(req))
            return response
        }, rerender: { message, status in
            try await req.page("login", LoginContext(meta: PageMeta(title: "登录", request: req), login: form.login ?? "", next: next,
                                                    message: nil, error: message), status: status)
        })
    }

    @Sendable func logout(req: Request) async throws -> Response {
        if let token = req.cookies[SessionAuthenticator.cookieName]?.string {
            try await SessionStore(database: req.db).destroy(token: token)
        }
        let response = req.redirect(to: .home)
        response.cookies[SessionAuthenticator.cookieName] = SessionAuthenticator.expiredCookie()
        return response
    }

    struct RegisterContext: Encodable {
        let meta: PageMeta
        let form: AccountService.Registration
        let errors: [String: String]
        let message: String?
    }

    @Sendable func registerPage(req: Request) async throws -> View {
        try await req.view.render("register", RegisterContext(meta: PageMeta(title: "注册", request: req),
                                                              form: .init(), errors: [:], message: nil))
    }

    /// The 获取验证码 button of the registration form: sends the code and shows the form again, as typed.
    @Sendable func sendCode(req: Request) async throws -> Response {
        var form = AccountService.Registration(form: (try? req.content.decode([String: String].self)) ?? [:])
        form.password = nil
        form.passwordConfirm = nil
        var errors: [String: String] = [:]
        var message: String?
        do {
            let phone = try await AccountService(platform: req.platform).sendRegistrationCode(form)
            message = "验证码已发送至 \(phone.masked)，10 分钟内有效"
        } catch let problems as FieldErrors {
            errors = Dictionary(problems.entries.map { ($0.field, $0.message) }, uniquingKeysWith: { first, _ in first })
        } catch let refusal as ServiceError {
            errors["code"] = refusal.message
        }
        let response = try await req.view.render("register", RegisterContext(
            meta: PageMeta(title: "注册", request: req), form: form, errors: errors, message: message)).encodeResponse(for: req)
        if !errors.isEmpty { response.status = .badRequest }
        return response
    }

    @Sendable func register(req: Request) async throws -> Response {
        var form = AccountService.Registration(form: (try? req.content.decode([String: String].self)) ?? [:])
        do {
            // registered is signed in: straight to 我的, no second typing of what was just set
            let account = try await AccountService(platform: req.platform).registerCitizen(form)
            if let old = req.cookies[SessionAuthenticator.cookieName]?.string {
                try await SessionStore(database: req.db).destroy(token: old)
            }
            let created = try await SessionStore(database: req.db).create(accountID: try account.requireID(), kind: .web)
            let response = req.redirect(to: .mine, query: [("registered", "1")])
            response.cookies[SessionAuthenticator.cookieName] = SessionAuthenticator.cookie(created.token, secure: Self.secure(req))
            return response
        } catch let errors as FieldErrors {
            form.password = nil
            form.passwordConfirm = nil
            let byField = Dictionary(errors.entries.map { ($0.field, $0.message) }, uniquingKeysWith: { first, _ in first })
            let response = try await req.view.render("register", RegisterContext(
                meta: PageMeta(title: "注册", request: req), form: form, errors: byField, message: nil)).encodeResponse(for: req)
            response.status = .badRequest
            return response
        }
    }

    struct AccountContext: Encodable {
        let meta: PageMeta
        let name: String
        let idNumber: String
        let phone: String
        let staff: Bool
        let roles: String
        let enterprises: [EnterpriseChoice]
        let actingFor: UUID?
        let errors: [String: String]
        /// Companies the person represents, with who may act for them.
        let represented: [Represented]
    }

    struct EnterpriseChoice: Encodable {
        let id: UUID
        let uscc: String
        let name: String
        let role: String
    }

    struct Represented: Encodable {
        let id: UUID
        let name: String
        let agents: [Agent]
    }

    struct Agent: Encodable {
        let id: UUID
        let name: String
        let phone: String
        let role: String
        let revocable: Bool
    }

    @Sendable func account(req: Request) async throws -> View {
        try await renderAccount(req, errors: [:])
    }

    func renderAccount(_ req: Request, errors: [String: String]) async throws -> View {
        let user = try req.requireSignedIn()
        let service = AccountService(platform: req.platform)
        let companies = try await service.enterprises(of: user.accountID)
            .map { EnterpriseChoice(id: $0.0.id ?? UUID(), uscc: $0.0.uscc, name: $0.0.name, role: $0.role) }
        var represented: [Represented] = []
        for company in companies where company.role == "法定代表人" {
            let agents = try await service.agents(of: company.id).map { account, role in
                Agent(id: account.id ?? UUID(), name: Masking.name(account.name), phone: try account.phone(service.vault).map(Masking.phone) ?? "",
                      role: role, revocable: role == "经办人")
            }
            represented.append(Represented(id: company.id, name: company.name, agents: agents))
        }
        return try await req.view.render("account", AccountContext(
            meta: PageMeta(title: "我的账号", request: req), name: user.name, idNumber: user.idNumber.map(Masking.idNumber) ?? "",
            phone: user.phone.map(Masking.phone) ?? "", staff: user.kind == .staff,
            roles: user.roles.map(\.label).joined(separator: "、"), enterprises: companies, actingFor: user.enterpriseID, errors: errors,
            represented: represented))
    }

    @Sendable func registerEnterprise(req: Request) async throws -> Response {
        let user = try req.requireCitizen()
        let form = (try? req.content.decode(AccountService.EnterpriseRegistration.self)) ?? .init()
        do {
            _ = try await AccountService(platform: req.platform).registerEnterprise(form, by: user)
            return req.redirect(to: .account)
        } catch let errors as FieldErrors {
            let byField = Dictionary(errors.entries.map { ($0.field, $0.message) }, uniquingKeysWith: { first, _ in first })
            let response = try await renderAccount(req, errors: byField).encodeResponse(for: req)
            response.status = .badRequest
            return response
        }
    }

    struct AgentForm: Content { var phone: String? }

    /// The legal representative authorises a registered citizen (by mobile number) as 经办人.
    @Sendable func authorizeAgent(req: Request) async throws -> Response {
        let user = try req.requireCitizen()
        let service = AccountService(platform: req.platform)
        let company = try await service.representedEnterprise(id: req.parameter(.enterprise), by: user)
        do {
            try await service.authorizeAgent(phone: (try? req.content.decode(AgentForm.self))?.phone ?? "", for: company)
            return req.redirect(to: .account)
        } catch let errors as FieldErrors {
            let response = try await renderAccount(req, errors: ["agent": errors.summary]).encodeResponse(for: req)
            response.status = .badRequest
            return response
        }
    }

    @Sendable func revokeAgent(req: Request) async throws -> Response {
        let user = try req.requireCitizen()
        let service = AccountService(platform: req.platform)
        let company = try await service.representedEnterprise(id: req.parameter(.enterprise), by: user)
        try await service.revokeAgent(accountID: req.parameter(.agent), for: company)
        return req.redirect(to: .account)
    }

    struct ActingForm: Content {
        var enterpriseId: String?
        /// Where to go next (a path on this site): the application the choice was asked for.
        var returnTo: String?
        enum CodingKeys: String, CodingKey {
            case enterpriseId = "enterprise_id"
            case returnTo = "return_to"
        }
    }

    /// Switches between acting for oneself and for one of one's companies (this session only).
    @Sendable func act(req: Request) async throws -> Response {
        let user = try req.requireCitizen()
        let form = (try? req.content.decode(ActingForm.self)) ?? .init()
        try await AccountService(platform: req.platform).act(for: form.enterpriseId, by: user)
        guard let returnTo = form.returnTo, !returnTo.isEmpty else { return req.redirect(to: .account) }
        return req.redirect(to: ElderMode.safeReturnPath(returnTo), redirectType: .normal)
    }

    /// Where to go after signing in: a path on this site, else 我的办件.
    static func next(_ raw: String?) -> String {
        let path = ElderMode.safeReturnPath(raw)
        return path == SiteURL.home.path && (raw ?? "").isEmpty ? SiteURL.mine.path : path
    }

    static func secure(_ req: Request) -> Bool {
        req.application.yiwangConfig?.publicBaseURL.hasPrefix("https://") ?? false
    }
}
