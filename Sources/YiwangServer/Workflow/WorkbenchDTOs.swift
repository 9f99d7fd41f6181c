import Vapor
import YiwangDomain

// The workbench API's bodies and answers. Queue entries and pages are published as the read
// models are; a case file is mapped to `CaseDetail`.

extension QueueEntry: Content {}
extension QueuePage: Content {}
extension GreenChannelClasses.Entry: Content {}
extension GreenChannelClasses.Form: Content {}

/// A case as the API shows it to a clerk: applicant data masked (revealing is a separate, logged action).
struct CaseDetail: Content {
    let entry: QueueEntry
    let applicantName: String
    let values: [String: String]
    let timeline: [CaseEvent]
    let actions: [String]
    let bundle: BundleMembership?

    init(_ file: CaseFile) {
        entry = file.entry
        applicantName = file.applicantName
        values = Dictionary(file.fields.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        timeline = file.timeline
        actions = file.actions.map(\.rawValue)
        bundle = file.bundle
    }
}

/// A step on a case, as the API and the case page's forms send it.
extension CaseCommand: Content {}

/// 一键核验's outcome.
struct VerificationResult: Content {
    let checks: [VerificationCheck]
    let passed: Bool

    init(_ checks: [VerificationCheck]) {
        self.checks = checks
        passed = checks.allSatisfy(\.passed)
    }
}

struct GreenChannelBody: Content {
    var reason: String?
    var version: Int?
}

struct RevealBody: Content {
    var reason: String?
}

/// The applicant's data in clear, after a reason.
struct RevealedApplicantDTO: Content {
    let applicantName: String
    let values: [String: String]

    init(_ revealed: RevealedApplicant) {
        applicantName = revealed.name
        values = Dictionary(revealed.fields.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
    }
}
