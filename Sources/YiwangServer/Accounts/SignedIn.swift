import Vapor
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

private struct SignedInKey: StorageKey { typealias Value = SignedIn }
private struct SessionEndedKey: StorageKey { typealias Value = Bool }

extension Request {
    var signedIn: SignedIn? {
        get { storage[SignedInKey.self] }
        set { storage[SignedInKey.self] = newValue }
    }

    /// A member of staff who gave the right password and has yet to give the second factor.
    var pendingSecondFactor: SessionRecord? {
        get { storage[PendingSecondFactorKey.self] }
        set { storage[PendingSecondFactorKey.self] = newValue }
    }

    /// A session cookie came with the request but its session had ended (timed out or signed out).
    var sessionEnded: Bool {
        get { storage[SessionEndedKey.self] ?? false }
        set { storage[SessionEndedKey.self] = newValue }
    }

    /// The signed-in person, or a 401 that pages turn into the sign-in page.
    func requireSignedIn() throws -> SignedIn {
        guard let signedIn else {
            throw Problem(status: .unauthorized, detail: sessionEnded ? "登录已超时，请重新登录" : "请先登录")
        }
        return signedIn
    }

    /// A signed-in citizen (staff accounts do not apply for services).
    func requireCitizen() throws -> SignedIn {
        let user = try requireSignedIn()
        guard user.kind == .citizen else { throw Problem(status: .forbidden, detail: "工作人员账号不能以申请人身份办事") }
        return user
    }
}

private struct PendingSecondFactorKey: StorageKey { typealias Value = SessionRecord }
