import Fluent
import Vapor
import YiwangDomain

/// `/api/v1/auth` and `/api/v1/me`: registration with an SMS code, bearer tokens, the profile.
struct AuthAPIController: RouteCollection {
    /// SMS codes' budget per client address.
    let codeLimit: RateLimitMiddleware
    /// Registration attempts' budget per client address, shared with the page.
    let registrationLimit: RateLimitMiddleware

    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(codeLimit).post(.api(.authCodes), use: sendCode)
        routes.grouped(registrationLimit).post(.api(.authRegister), use: register)
        routes.post(.api(.authToken), use: token)
        routes.delete(.api(.authToken), use: revoke)
        routes.get(.api(.me), use: me)
    }

    struct CodeRequest: Content { var phone: String? }

    /// Sends a registration code to a mobile number (through the SMS outbox).
    @Sendable func sendCode(req: Request) async throws -> HTTPStatus {
        let body = try req.content.decode(CodeRequest.self)
        let phone: MobileNumber
        do { phone = try MobileNumber(body.phone ?? "") } catch { throw FieldErrors.field("phone", error.description) }
        try await VerificationCodes(database: req.db, vault: req.application.personalData).send(to: phone.value, purpose: "register")
        return .accepted
    }

    @Sendable func register(req: Request) async throws -> Response {
        let form = try req.content.decode(AccountService.Registration.self)
        let account = try await AccountService(platform: req.platform).registerCitizen(form)
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

    /// A bearer token for API clients, from a login and password — and, for staff, the second factor.
    @Sendable func token(req: Request) async throws -> TokenResponse {
        let body = try req.content.decode(TokenRequest.self)
        let platform = req.platform
        let account = try await AccountService(platform: platform).signIn(login: body.login ?? "", password: body.password ?? "", audit: req.audit)
        if account.kind == .staff {
            do {
                _ = try await SecondFactors(database: req.db, masterKey: platform.masterKey)
                    .check(account, code: body.totp ?? "", at: platform.clock.secondFactorTime(), enrolling: false, audit: req.audit)
            } catch ServiceError.unauthenticated(let message) {
                throw ServiceError.unauthenticated((body.totp ?? "").isEmpty ? "工作人员须同时提供动态口令（totp）" : message)
            }
        }
        let created = try await SessionStore(database: req.db).create(accountID: try account.requireID(), kind: .api)
        return TokenResponse(accessToken: created.token, tokenType: "Bearer",
                             expiresIn: Int(SessionStore.absoluteTimeout[.api]!))
    }

    @Sendable func revoke(req: Request) async throws -> HTTPStatus {
        guard let token = req.headers.bearerAuthorization?.token else {
            throw ServiceError.unauthenticated("请在 Authorization 头中带上要注销的访问令牌")
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
            kind = account.kind.rawValue
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
            throw ServiceError.unauthenticated("请先登录")
        }
        let companies = try await AccountService(platform: req.platform)
            .enterprises(of: user.accountID)
            .map { EnterpriseDTO(id: $0.0.id ?? UUID(), uscc: $0.0.uscc, name: $0.0.name, role: $0.role) }
        return try MeDTO(account: account, enterprises: companies, acting: companies.first { $0.id == user.enterpriseID },
                     vault: req.application.personalData)
    }
}
