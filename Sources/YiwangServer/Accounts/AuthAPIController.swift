import Fluent
import Vapor
import YiwangDomain

/// `/api/v1/auth` and `/api/v1/me`: registration with an SMS code, bearer tokens, the profile.
struct AuthAPIController: RouteCollection {
    /// SMS codes' budget per client address.
    let codeLimit: RateLimitMiddleware

    func boot(routes: any RoutesBuilder) throws {
        let api = routes.grouped("api", "v1")
        api.grouped(codeLimit).post("auth", "codes", use: sendCode)
        api.post("auth", "register", use: register)
        api.post("auth", "token", use: token)
        api.delete("auth", "token", use: revoke)
        api.get("me", use: me)
    }

    struct CodeRequest: Content { var phone: String? }

    /// Sends a registration code to a mobile number (through the SMS outbox).
    @Sendable func sendCode(req: Request) async throws -> HTTPStatus {
        let body = try req.content.decode(CodeRequest.self)
        let phone: MobileNumber
        do { phone = try MobileNumber(body.phone ?? "") } catch {
            var errors = FieldErrors()
            errors.add("phone", error.description)
            throw errors
        }
        try await VerificationCodes(database: req.db, vault: req.application.personalData).send(to: phone.value, purpose: "register")
        return .accepted
    }

    @Sendable func register(req: Request) async throws -> Response {
        let form = try req.content.decode(AccountService.Registration.self)
        let account = try await AccountService(request: req).registerCitizen(form)
        return try await (try MeDTO(account: account, enterprises: [], acting: nil, vault: req.application.personalData)).encodeResponse(status: .created, for: req)
    }

    struct TokenRequest: Content {
        var login: String?
        var password: String?
        /// Staff: the TOTP code (or a recovery code).
        var totp: String?
    }

    struct TokenResponse: Content {
        let accessToken: String
        let tokenType: String
        let expiresIn: Int
    }

    /// A bearer token for API clients, from a login and password.
    @Sendable func token(req: Request) async throws -> TokenResponse {
        let body = try req.content.decode(TokenRequest.self)
        let audit = AuditLog(request: req)
        let account = try await audit.authenticate(AccountService(request: req),
                                                   login: body.login ?? "", password: body.password ?? "")
        if account.kind == AccountKind.staff.rawValue {
            // staff: the second factor too
            let accountID = try account.requireID()
            let factors = SecondFactors(database: req.db, masterKey: req.application.masterKey)
            guard try await factors.record(of: accountID)?.confirmedAt != nil else {
                throw Problem(status: .forbidden, detail: "工作人员须先在网页登录并绑定动态口令")
            }
            let throttle = LoginThrottle(database: req.db)
            try await throttle.check([LoginThrottle.secondFactorKey(account.login)])
            do {
                try await factors.verify(accountID: accountID, code: body.totp ?? "", at: req.application.secondFactorClock())
                try await audit.record("auth.second_factor", object: "account:\(accountID)", actor: account)
            } catch let problem as Problem {
                try await throttle.recordFailure([(LoginThrottle.secondFactorKey(account.login), LoginThrottle.accountLimit)])
                try? await audit.record("auth.second_factor", object: "account:\(accountID)", outcome: .denied, detail: problem.detail, actor: account)
                throw (body.totp ?? "").isEmpty ? Problem(status: .unauthorized, detail: "工作人员须同时提供动态口令（totp）") : problem
            }
        }
        let created = try await SessionStore(database: req.db).create(accountID: try account.requireID(), kind: .api)
        return TokenResponse(accessToken: created.token, tokenType: "Bearer",
                             expiresIn: Int(SessionStore.absoluteTimeout[.api]!))
    }

    @Sendable func revoke(req: Request) async throws -> HTTPStatus {
        guard let token = req.headers.bearerAuthorization?.token else {
            throw Problem(status: .unauthorized, detail: "请在 Authorization 头中带上要注销的访问令牌")
        }
        try await SessionStore(database: req.db).destroy(token: token)
        return .noContent
    }

    struct MeDTO: Content {
        let id: UUID
        let kind: String
        let name: String
        /// Masked: the full number is never sent back.
        let idNumber: String?
        let phone: String?
        let departmentCode: String?
        let roles: [String]
        let enterprises: [EnterpriseDTO]
        let actingFor: EnterpriseDTO?

        init(account: AccountRecord, enterprises: [EnterpriseDTO], acting: EnterpriseDTO?, vault: PersonalDataVault) throws {
            id = account.id ?? UUID()
            kind = account.kind
            name = account.name
            idNumber = try account.idNumber(vault).map(Masking.idNumber)
            phone = try account.phone(vault).map(Masking.phone)
            departmentCode = account.departmentCode
            roles = StaffRole.parse(account.roles).map(\.label)
            self.enterprises = enterprises
            actingFor = acting
        }
    }

    struct EnterpriseDTO: Content {
        let id: UUID
        let uscc: String
        let name: String
        let role: String
    }

    @Sendable func me(req: Request) async throws -> MeDTO {
        let user = try req.requireSignedIn()
        guard let account = try await AccountRecord.find(user.accountID, on: req.db) else {
            throw Problem(status: .unauthorized, detail: "请先登录")
        }
        let companies = try await AccountService(request: req)
            .enterprises(of: user.accountID)
            .map { EnterpriseDTO(id: $0.0.id ?? UUID(), uscc: $0.0.uscc, name: $0.0.name, role: $0.role) }
        return try MeDTO(account: account, enterprises: companies, acting: companies.first { $0.id == user.enterpriseID },
                     vault: req.application.personalData)
    }
}

extension Request {
    /// The client's address as this server saw it (no proxy headers are trusted).
    var clientAddress: String {
        remoteAddress?.ipAddress ?? "unknown"
    }
}
