import Foundation
import YiwangDomain

/// 一件事 as services read them and the API sends them.

/// A row of the bundle list.
struct BundleSummary: Codable, Sendable, Equatable {
    let code: String
    let name: String
    let lifeCycle: String
    let stage: String
    let summary: String
    /// Names, lead first.
    let departments: [String]
    let componentCount: Int
    let promisedDays: Int
    let deliveredTogether: Bool
    let url: String
}

/// One bundle's guide: the definition, and each component with its item's name, department and limits.
struct BundleGuide: Codable, Sendable {
    let bundle: LifeEventBundle
    let components: [Component]
    let departments: [DepartmentSummary]

    struct Component: Codable, Sendable, Equatable {
        let code: String
        let name: String
        let department: String
        /// The item's own promise, and inside the bundle (they differ where the bundle shortens it).
        let itemPromisedDays: Int?
        let promisedDays: Int?
        let after: [String]
        /// The situations it applies in; empty: always.
        let when: [SituationCondition]
        let url: String
    }
}

/// A 一件事 application being filled in: the plan for its answers, the one form and upload slots,
/// and the values, files and check as an item's draft has them.
struct BundleApplicationDraft: Sendable {
    let plan: BundlePlan
    let form: FormSchema
    let uploads: [Material]
    let draft: ApplicationDraft
}

/// A submitted 一件事 as its applicant follows it: every component with its case, deadline,
/// certificates and, where it failed or stopped, why; what 补正 asks; whether the rest can be withdrawn.
struct BundleProgressReport: Sendable {
    struct Certificate: Sendable, Encodable {
        let number: String
        let typeName: String
        let url: String
    }

    struct Component: Sendable {
        let code: String
        let name: String
        let department: String
        let status: BundleProgress.Status
        let caseReceipt: String?
        let caseState: CaseState?
        /// The promised deadline (yyyy-MM-dd) while its clock runs.
        let deadline: String?
        /// Why it failed (the decision's reasons) or stopped.
        let note: String?
        let certificates: [Certificate]
        let caseURL: String?
    }

    let receipt: String
    let bundleCode: String
    let bundleName: String
    let overall: BundleProgress.Overall
    let submittedAt: Date
    let components: [Component]
    /// Components waiting for 补正, each answered on the same page.
    let supplements: [ApplicantCase]
    /// Some components have not started or not been accepted: the applicant may withdraw them.
    let withdrawable: Bool
}

/// The bundle a case belongs to, as a clerk sees it: the components' states; receipts and
/// deadlines only of their own department's, or of all for the lead department.
struct BundleMembership: Sendable, Codable {
    struct Component: Sendable, Codable {
        let name: String
        let department: String
        let status: BundleProgress.Status
        let caseReceipt: String?
        let deadline: String?
        let isThisCase: Bool
        /// The clerk's own department's case.
        let url: String?
    }

    let receipt: String
    let bundleName: String
    let overall: BundleProgress.Overall
    let isLead: Bool
    let leadDepartment: String
    let components: [Component]
    /// This case's materials the bundle supplied other than by upload, and how.
    let materialSources: [String]
}
