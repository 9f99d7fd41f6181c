import Fluent
import Foundation

/// A person who signs in: a citizen (who may also act for companies) or a member of staff.
final class AccountRecord: Model, @unchecked Sendable {
    static let schema = "accounts"

    @ID(key: .id) var id: UUID?
    /// `citizen` or `staff` (`AccountKind`).
    @Field(key: "kind") var kind: String
    /// What the person signs in with: the mobile number for citizens, the staff number for staff.
    @Field(key: "login") var login: String
    @Field(key: "name") var name: String
    @OptionalField(key: "id_number") var idNumber: String?
    @OptionalField(key: "phone") var phone: String?
    @OptionalField(key: "address") var address: String?
    @Field(key: "password_hash") var passwordHash: String
    /// Staff only: the department whose cases they handle, and their roles (comma-separated).
    @OptionalField(key: "department_code") var departmentCode: String?
    @Field(key: "roles") var roles: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(kind: String, login: String, name: String, idNumber: String?, phone: String?, address: String? = nil,
         passwordHash: String, departmentCode: String? = nil, roles: String = "") {
        self.kind = kind; self.login = login; self.name = name; self.idNumber = idNumber; self.phone = phone
        self.address = address; self.passwordHash = passwordHash; self.departmentCode = departmentCode; self.roles = roles
    }
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
