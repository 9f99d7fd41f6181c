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
