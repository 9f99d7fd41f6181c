import Foundation
import YiwangDomain

/// The person behind a request, as the authentication middleware found them.
struct SignedIn: Sendable {
    let accountID: UUID
    let kind: AccountKind
    let name: String
    let idNumber: String?
    let phone: String?
    let address: String?
    let departmentCode: String?
    let roles: [StaffRole]
    let sessionID: UUID
    let sessionKind: SessionStore.Kind
    let csrfToken: String
    /// The company they act for in this session, if any.
    let enterprise: EnterpriseProfile?
    let enterpriseID: UUID?

    /// How a member of staff appears on a case's timeline: 民政受理员（受理）.
    var staffLabel: String { "\(name)（\(roles.map(\.label).joined(separator: "、"))）" }

    /// The profile the application forms are pre-filled from.
    var applicantProfile: ApplicantProfile {
        ApplicantProfile(name: name, idNumber: idNumber ?? "", phone: phone ?? "", address: address, enterprise: enterprise)
    }
}
