import Fluent
import Foundation
import YiwangDomain

/// Registration and sign-in of citizens and staff, and the companies citizens act for.
struct AccountService {
    let platform: Platform

    var database: any Database { platform.database }
    var vault: PersonalDataVault { platform.vault }

    /// The one answer to a registration whose mobile or ID number already has an account: it does
    /// not say which, and only someone who holds the phone (the SMS code was right) sees it.
    static let alreadyRegistered = "该手机号或身份证号码已注册，请直接登录；如忘记密码，请找回密码"

    struct Registration: Codable, Sendable {
        var name: String?
        var idNumber: String?
        var phone: String?
        var code: String?
        var password: String?
        var passwordConfirm: String?

        init() {}

        /// From an HTML form, whose field names are snake_case (JSON converts them itself).
        init(form: [String: String]) {
            name = form["name"]; idNumber = form["id_number"]; phone = form["phone"]; code = form["code"]
            password = form["password"]; passwordConfirm = form["password_confirm"]
        }
    }

    /// The name, ID and mobile numbers of a registration, each checked, with what is wrong.
    private func identity(_ form: Registration) -> (name: String, idNumber: ResidentIdentityNumber?, phone: MobileNumber?, errors: FieldErrors) {
        var errors = FieldErrors()
        var name = ""
        do { name = try PersonName(form.name ?? "").value } catch { errors.add("name", error.description) }
        var idNumber: ResidentIdentityNumber?
        do { idNumber = try ResidentIdentityNumber(form.idNumber ?? "", today: platform.today) } catch { errors.add("id_number", error.description) }
        var phone: MobileNumber?
        do { phone = try MobileNumber(form.phone ?? "") } catch { errors.add("phone", error.description) }
        return (name, idNumber, phone, errors)
    }

    /// 获取验证码 on the registration form: sent only when the name, ID and mobile numbers are right
    /// (no SMS for a registration that cannot succeed). Throws `FieldErrors` otherwise.
    func sendRegistrationCode(_ form: Registration) async throws -> MobileNumber {
        let (_, _, phone, errors) = identity(form)
        guard errors.isEmpty, let phone else { throw errors }
        try await VerificationCodes(database: database, vault: vault).send(to: phone.value, purpose: "register")
        return phone
    }

    /// Checks everything, then creates the citizen's account. Throws `FieldErrors` naming each
    /// problem; nothing is written unless all is well.
    func registerCitizen(_ form: Registration) async throws -> AccountRecord {
        var (name, idNumber, phone, errors) = identity(form)
        let password = form.password ?? ""
        if let problem = PasswordPolicy.problem(with: password) { errors.add("password", problem) }
        if password != (form.passwordConfirm ?? "") { errors.add("password_confirm", "两次输入的密码不一致") }
        // the SMS code first: only someone who holds the phone learns anything more (the code is
        // used up with the account, so a refusal does not cost the person their code)
        let codes = VerificationCodes(database: database, vault: vault)
        if let phone, errors.isEmpty,
           let problem = try await codes.verify(phone: phone.value, purpose: "register", code: form.code ?? "", consume: false) {
            errors.add("code", problem)
        }
        // one answer for a number already registered, whichever of the two it is
        if errors.isEmpty, let idNumber, let phone {
            let byID = try await AccountRecord.find(login: idNumber.value, vault: vault, on: database)
            let byPhone = try await AccountRecord.find(login: phone.value, vault: vault, on: database)
            if byID != nil || byPhone != nil { errors.add("phone", Self.alreadyRegistered) }
        }
        guard errors.isEmpty, let idNumber, let phone else { throw errors }
        let hash = try await hashPassword(password)
        let account = try AccountRecord(kind: .citizen, login: nil, name: name,
                                        idNumber: idNumber.value, phone: phone.value, passwordHash: hash, vault: vault)
        try await database.transaction { database in
            try await account.create(on: database)
            try await VerificationCodes(database: database, vault: vault).consume(phone: phone.value, purpose: "register")
        }
        return account
    }

    func hashPassword(_ password: String) async throws -> String {
        try await platform.passwords.hash(password)
    }

    /// The account for a login (mobile number, ID number or staff number) and password; throttled
    /// per account — whichever login names it — and per address. The same message for an unknown
    /// login and a wrong password.
    func authenticate(login rawLogin: String, password: String, address: String, now: Date = Date()) async throws -> AccountRecord {
        let login = rawLogin.trimmingCharacters(in: .whitespaces).uppercased()
        guard !login.isEmpty, !password.isEmpty, login.count <= 64, password.count <= 200 else {
            throw ServiceError.badRequest("请填写账号和密码")
        }
        let throttle = LoginThrottle(database: database)
        let account = try await AccountRecord.find(login: login, vault: vault, on: database)
        // the account's lock, by the account, not by the name it was called: its mobile and ID
        // number share one; an unknown login is counted under its own name
        let accountKey = try account.map { LoginThrottle.accountKey(try $0.requireID()) } ?? LoginThrottle.loginKey(vault.index(login, as: .login))
        let addressKey = LoginThrottle.addressKey(address)
        try await throttle.check([accountKey, addressKey], now: now)
        let hash = account?.passwordHash ?? platform.passwords.decoyHash
        let matches = try await platform.passwords.verify(password, against: hash)
        guard let account, matches else {
            try await throttle.recordFailure([(accountKey, LoginThrottle.accountLimit), (addressKey, LoginThrottle.addressLimit)], now: now)
            throw ServiceError.unauthenticated("账号或密码不正确")
        }
        try await throttle.reset(accountKey)
        return account
    }



    /// Companies the citizen may act for.
    func enterprises(of accountID: UUID) async throws -> [(EnterpriseRecord, role: String)] {
        let links = try await EnterpriseAgentRecord.query(on: database).filter(\.$accountID == accountID).all()
        guard !links.isEmpty else { return [] }
        let companies = try await EnterpriseRecord.query(on: database).filter(\.$id ~~ links.map(\.enterpriseID)).all()
        return companies.compactMap { company in
            links.first { $0.enterpriseID == company.id }.map { (company, $0.role) }
        }.sorted { $0.0.name < $1.0.name }
    }

    struct EnterpriseRegistration: Codable, Sendable {
        var uscc: String?
        var name: String?
        var address: String?
    }

    /// A citizen registers the company they are the legal representative of.
    func registerEnterprise(_ form: EnterpriseRegistration, by account: SignedIn) async throws -> EnterpriseRecord {
        var errors = FieldErrors()
        var uscc: UnifiedSocialCreditCode?
        do { uscc = try UnifiedSocialCreditCode(form.uscc ?? "") } catch { errors.add("uscc", error.description) }
        let name = (form.name ?? "").trimmingCharacters(in: .whitespaces)
        if name.count < 4 || name.count > 100 { errors.add("name", "请填写营业执照上的企业名称") }
        let address = (form.address ?? "").trimmingCharacters(in: .whitespaces)
        if address.count > 200 { errors.add("address", "地址不能超过 200 字") }
        guard errors.isEmpty, let uscc else { throw errors }
        if try await EnterpriseRecord.query(on: database).filter(\.$uscc == uscc.value).first() != nil {
            throw ServiceError.conflict("该企业已登记；如需代为办理，请由法定代表人授权")
        }
        return try await database.transaction { database in
            let company = EnterpriseRecord(uscc: uscc.value, name: name, legalRepresentative: account.name,
                                           address: address.isEmpty ? nil : address)
            try await company.create(on: database)
            try await EnterpriseAgentRecord(enterpriseID: try company.requireID(), accountID: account.accountID, role: "法定代表人")
                .create(on: database)
            return company
        }
    }

    /// The company, if the citizen is its legal representative; otherwise the same 404 as for none.
    func representedEnterprise(id: String, by account: SignedIn) async throws -> EnterpriseRecord {
        guard let uuid = UUID(uuidString: id),
              try await EnterpriseAgentRecord.query(on: database).filter(\.$enterpriseID == uuid)
                .filter(\.$accountID == account.accountID).filter(\.$role == "法定代表人").first() != nil,
              let company = try await EnterpriseRecord.find(uuid, on: database)
        else { throw ServiceError.notFound("没有找到这家企业，或您不是其法定代表人") }
        return company
    }

    /// Everyone who may act for the company, legal representative first.
    func agents(of enterpriseID: UUID) async throws -> [(AccountRecord, role: String)] {
        let links = try await EnterpriseAgentRecord.query(on: database).filter(\.$enterpriseID == enterpriseID).all()
        let accounts = try await AccountRecord.query(on: database).filter(\.$id ~~ links.map(\.accountID)).all()
        return links.compactMap { link in accounts.first { $0.id == link.accountID }.map { ($0, link.role) } }
            .sorted { ($0.role == "法定代表人" ? 0 : 1, $0.0.name) < ($1.role == "法定代表人" ? 0 : 1, $1.0.name) }
    }

    /// The legal representative authorises a registered citizen, found by mobile number, as 经办人.
    func authorizeAgent(phone raw: String, for company: EnterpriseRecord) async throws {
        var errors = FieldErrors()
        var phone: MobileNumber?
        do { phone = try MobileNumber(raw) } catch { errors.add("phone", error.description) }
        guard let phone, errors.isEmpty else { throw errors }
        guard let agent = try await AccountRecord.find(login: phone.value, vault: vault, on: database),
              agent.kind == .citizen else {
            throw ServiceError.notFound("该手机号尚未注册市民账号，请对方先注册")
        }
        let companyID = try company.requireID(), agentID = try agent.requireID()
        if try await EnterpriseAgentRecord.query(on: database).filter(\.$enterpriseID == companyID)
            .filter(\.$accountID == agentID).first() != nil {
            throw ServiceError.conflict("已授权此人代为办理")
        }
        try await EnterpriseAgentRecord(enterpriseID: companyID, accountID: agentID, role: "经办人").create(on: database)
    }

    /// Switches the session between acting for oneself (nil or empty) and for one of one's companies.
    func act(for rawEnterprise: String?, by user: SignedIn) async throws {
        var enterpriseID: UUID?
        if let raw = rawEnterprise, !raw.isEmpty {
            let companies = try await enterprises(of: user.accountID)
            guard let id = UUID(uuidString: raw), companies.contains(where: { $0.0.id == id }) else {
                throw ServiceError.notFound("没有找到这家企业，或您未获授权代其办理")
            }
            enterpriseID = id
        }
        try await SessionRecord.query(on: database).filter(\.$id == user.sessionID).set(\.$enterpriseID, to: enterpriseID).update()
    }

    /// Withdraws an 经办人's authorisation (the legal representative's own cannot be withdrawn here).
    func revokeAgent(accountID raw: String, for company: EnterpriseRecord) async throws {
        guard let accountID = UUID(uuidString: raw),
              let link = try await EnterpriseAgentRecord.query(on: database).filter(\.$enterpriseID == company.requireID())
                .filter(\.$accountID == accountID).filter(\.$role == "经办人").first()
        else { throw ServiceError.notFound("没有找到这位经办人") }
        try await link.delete(on: database)
        try await SessionRecord.query(on: database).filter(\.$accountID == accountID)
            .filter(\.$enterpriseID == company.requireID()).set(\.$enterpriseID, to: nil).update()
    }
}

extension AccountService {
    /// Signs in with a login and password, and audits the attempt whatever its outcome; the login is
    /// recorded masked when it is a mobile or ID number, with any other number in it redacted.
    func signIn(login: String, password: String, audit: AuditLog) async throws -> AccountRecord {
        do {
            let account = try await authenticate(login: login, password: password, address: audit.context.address)
            try await audit.record("auth.login", object: "account:\(try account.requireID())", actor: account)
            return account
        } catch {
            let compact = NumberText.compact(login)
            let shown = (try? MobileNumber(compact))?.masked
                ?? (compact.count == 18 ? Masking.idNumber(compact) : String(PersonalDataRedactor.redact(login).prefix(40)))
            try? await audit.record("auth.login", object: "login:\(shown)", outcome: .denied, detail: (error as? ServiceError)?.message)
            throw error
        }
    }
}
