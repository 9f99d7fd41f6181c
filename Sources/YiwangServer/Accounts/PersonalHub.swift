import Foundation
import YiwangDomain

/// 我的 (the personal hub): what the person has under way and what they hold — drafts, 一件事, cases
/// with their progress, messages, and the certificates in 我的证照 — in one read.
struct PersonalHub {
    let platform: Platform

    struct Model: Sendable {
        let overview: ApplicantOverview
        /// Valid certificates first, newest first.
        let certificates: [CertificateView]
    }

    func model(for user: SignedIn) async throws -> Model {
        let overview = try await ApplicationService(platform: platform).overview(of: user)
        let certificates = try await CertificateService(platform: platform).wallet(of: user)
        return Model(overview: overview, certificates: certificates.filter { $0.status == "valid" } + certificates.filter { $0.status != "valid" })
    }
}

/// Where a case stands on the way every case goes — 提交 → 受理 → 审查/审批 → 办结 — for a progress bar
/// the applicant can read at a glance; a case that ended early (不予受理, 撤回) says so.
enum CaseProgress {
    static let steps = ["提交", "受理", "审查审批", "办结"]

    /// How many of `steps` are done.
    static func stepsDone(_ state: CaseState) -> Int {
        switch state {
        case .submitted: 1
        case .accepted, .supplementing: 2
        case .reviewing, .approving: 3
        case .granted, .denied, .closed: 4
        case .refused, .withdrawn: 1
        }
    }
}
