import Foundation
import YiwangDomain

/// The 一件事 application pages as templates read them: the situation above the one form, and the
/// progress page of a submitted bundle.
enum BundleApplicationView {
    /// The answers given and the components they make apply, above the form.
    struct Situation: Encodable {
        struct Answer: Encodable {
            let question: String
            let answer: String
        }

        struct Component: Encodable {
            let name: String
            let promisedDays: Int
            let waitsFor: String
        }

        let bundleName: String
        let answers: [Answer]
        let components: [Component]
        let promisedDays: Int
        /// The bundle page with these answers, to change them.
        let changeURL: String

        init(_ plan: BundlePlan) {
            bundleName = plan.bundle.name
            answers = plan.bundle.questions.compactMap { question in
                plan.answers[question.id].map { Answer(question: question.text, answer: $0) }
            }
            let names = Dictionary(plan.components.map { ($0.code, $0.item.name) }, uniquingKeysWith: { first, _ in first })
            components = plan.components.map {
                Component(name: $0.item.name, promisedDays: $0.promisedDays, waitsFor: $0.after.compactMap { names[$0] }.joined(separator: "、"))
            }
            promisedDays = plan.components.map(\.latestEndDay).max() ?? 0
            changeURL = SiteURL.bundle(.value(plan.bundle.code)).path(query: plan.answers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        }
    }

    static func links(_ application: UUID, code: String, name: String) -> ApplicationFormView.Links {
        let id = application.uuidString
        return .init(back: SiteURL.bundle(.value(code)).path, backLabel: name,
                     save: SiteURL.bundleApplication(.value(id)).path, upload: SiteURL.bundleApplicationMaterials(.value(id)).path,
                     autosave: SiteURL.api(.bundleApplication(.value(id))).path,
                     deleteFile: { SiteURL.bundleApplicationFileDelete(.value(id), .value($0.uuidString)).path })
    }

    /// A submitted bundle's page.
    struct Progress: Encodable {
        struct Component: Encodable {
            let name: String
            let department: String
            let status: String
            /// A class for the status badge: waiting, progress, done, failed, stopped.
            let tone: String
            let caseReceipt: String?
            let caseState: String?
            let deadline: String?
            let note: String?
            let certificates: [BundleProgressReport.Certificate]
            let caseURL: String?
        }

        let receipt: String
        let bundleName: String
        let bundleURL: String
        let overall: String
        let submittedAt: String
        let components: [Component]
        let withdrawable: Bool
        let withdrawURL: String

        init(_ report: BundleProgressReport) {
            receipt = report.receipt
            bundleName = report.bundleName
            bundleURL = SiteURL.bundle(.value(report.bundleCode)).path
            overall = report.overall.rawValue
            submittedAt = ChinaTime.format(report.submittedAt)
            components = report.components.map { component in
                let tone = switch component.status {
                case .waiting: "waiting"
                case .inProgress: component.caseState == .supplementing ? "warn" : "progress"
                case .granted: "done"
                case .failed: "failed"
                case .stopped: "stopped"
                }
                return Component(name: component.name, department: component.department,
                                 status: component.caseState == .supplementing ? "补正中" : component.status.rawValue, tone: tone,
                                 caseReceipt: component.caseReceipt, caseState: component.caseState?.rawValue, deadline: component.deadline,
                                 note: component.note, certificates: component.certificates, caseURL: component.caseURL)
            }
            withdrawable = report.withdrawable
            withdrawURL = SiteURL.bundleWithdraw(.value(report.receipt)).path
        }
    }
}
