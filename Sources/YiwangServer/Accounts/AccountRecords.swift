import Fluent
import Foundation
import YiwangDomain

/// A person who signs in: a citizen (who may also act for companies) or a member of staff.
final class AccountRecord: Model, @unchecked Sendable {
    static let schema = "accounts"

    @ID(key: .id) var id: UUID?
    /// `citizen` or `staff` (`AccountKind`).
    @Field(key: "kind") var kind: AccountKind
    /// What the person signs in with: for citizens the blind index of their mobile number (never
    /// the number itself), for staff their staff number.
    @Field(key: "login") var login: String
    @Field(key: "name") var name: String
    /// The ID number and the mobile number, sealed by `PersonalDataVault`; read them with
    /// `idNumber(_:)` and `phone(_:)`.
    @OptionalField(key: "id_number") var sealedIDNumber: String?
    /// The ID number's blind index, for finding an account by it (unique).
    @OptionalField(key: "id_number_index") var idNumberIndex: String?
    @OptionalField(key: "phone") var sealedPhone: String?
    @OptionalField(key: "address") var address: String?
    @Field(key: "password_hash") var passwordHash: String
    /// Staff only: the department whose cases they handle, and their roles (comma-separated).
    @OptionalField(key: "department_code") var departmentCode: String?
    @Field(key: "roles") var roles: String
    /// Switched off personalised recommendations (PIPL art. 24): no profile is computed for them.
    @Field(key: "recommendations_off") var recommendationsOff: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    /// A citizen signs in with their mobile number, so their login is its blind index; staff with the given login.
    init(kind: AccountKind, login: String?, name: String, idNumber: String?, phone: String?, address: String? = nil,
         passwordHash: String, departmentCode: String? = nil, roles: String = "", vault: PersonalDataVault) throws {
        self.kind = kind; self.name = name
        self.login = login ?? phone.map { vault.index($0, as: .login) } ?? ""
        sealedIDNumber = try vault.seal(idNumber); idNumberIndex = idNumber.map { vault.index($0, as: .idNumber) }
        sealedPhone = try vault.seal(phone)
        self.address = address; self.passwordHash = passwordHash; self.departmentCode = departmentCode; self.roles = roles
        recommendationsOff = false
    }

    func idNumber(_ vault: PersonalDataVault) throws -> String? { try vault.open(sealedIDNumber) }

    /// The account that signs in with `login`: a staff number as typed, or a citizen's mobile or ID
    /// number — those only by their blind index, never compared in clear.
    static func find(login: String, vault: PersonalDataVault, on database: any Database) async throws -> AccountRecord? {
        try await query(on: database).group(.or) {
            $0.group(.and) { $0.filter(\.$kind == .staff).filter(\.$login ~~ [login, login.lowercased()]) }
                .filter(\.$login ~~ vault.lookupIndexes(login, as: .login))
                .filter(\.$idNumberIndex ~~ vault.lookupIndexes(login, as: .idNumber))
        }.first()
    }

    func phone(_ vault: PersonalDataVault) throws -> String? { try vault.open(sealedPhone) }
}

/// A company or other organisation (法人), known by its unified social credit code.
final class EnterpriseRecord: Model, @unchecked Sendable {
    static let schema = "enterprises"

    @ID(key: .id) var id: UUID?
    @Field(key: "uscc") var uscc: String
    @Field(key: "name") var name: String
    @Field(key: "legal_representative") var legalRepresentative: String
    @OptionalField(key: "address") var address: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(uscc: String, name: String, legalRepresentative: String, address: String?) {
        self.uscc = uscc; self.name = name; self.legalRepresentative = legalRepresentative; self.address = address
    }
}

/// A citizen authorised to act for a company (its legal representative or an 经办人).
final class EnterpriseAgentRecord: Model, @unchecked Sendable {
    static let schema = "enterprise_agents"

    @ID(key: .id) var id: UUID?
    @Field(key: "enterprise_id") var enterpriseID: UUID
    @Field(key: "account_id") var accountID: UUID
    /// `法定代表人` or `经办人`.
    @Field(key: "role") var role: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(enterpriseID: UUID, accountID: UUID, role: String) {
        self.enterpriseID = enterpriseID; self.accountID = accountID; self.role = role
    }
}
