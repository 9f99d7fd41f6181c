import Fluent
import Foundation
import YiwangDomain

/// One person's application for a 一件事: the situation answers, and — in its holder draft (status
/// `bundle`) — the one form and the one set of uploads. Once submitted it has a receipt number
/// (一件事受理编号) and one component row per item that applies.
final class BundleApplicationRecord: Model, @unchecked Sendable {
    static let schema = "bundle_applications"

    @ID(key: .id) var id: UUID?
    @Field(key: "bundle_code") var bundleCode: String
    @Field(key: "bundle_name") var bundleName: String
    @Field(key: "account_id") var accountID: UUID
    /// The holder draft: the merged form's values (sealed) with their version, and the uploads.
    @Field(key: "draft_id") var draftID: UUID
    /// The situation answers as JSON (`{"question": "answer"}`).
    @Field(key: "answers") var answers: String
    @Field(key: "status") var status: BundleApplicationStatus
    @OptionalField(key: "receipt_number") var receiptNumber: String?
    @OptionalField(key: "submitted_at") var submittedAt: Date?
    /// Where the bundle stands once submitted (`BundleProgress.Overall`).
    @OptionalField(key: "overall") var overall: BundleProgress.Overall?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(bundle: LifeEventBundle, accountID: UUID, draftID: UUID, answers: [String: String]) throws {
        bundleCode = bundle.code; bundleName = bundle.name; self.accountID = accountID; self.draftID = draftID
        self.answers = try StoredJSON.encode(answers); status = .draft
    }

    var situation: [String: String] { StoredJSON.decode([String: String].self, from: answers) ?? [:] }
}

/// 草稿 while being filled in; 已提交 once its components are cases (or wait to be).
enum BundleApplicationStatus: String, Codable, Sendable {
    case draft, submitted
}

/// One component item of a submitted bundle application: waiting for an earlier one, started as a
/// case in its department's queue, or ended.
final class BundleComponentRecord: Model, @unchecked Sendable {
    static let schema = "bundle_components"

    @ID(key: .id) var id: UUID?
    @Field(key: "application_id") var applicationID: UUID
    @Field(key: "item_code") var itemCode: String
    @Field(key: "item_name") var itemName: String
    @Field(key: "department_code") var departmentCode: String
    /// Its place in the bundle's order.
    @Field(key: "position") var position: Int
    @Field(key: "status") var status: BundleProgress.Status
    @OptionalField(key: "case_id") var caseID: UUID?
    /// Why it stopped without a decision of its own.
    @OptionalField(key: "note") var note: String?

    init() {}

    init(applicationID: UUID, component: PlannedComponent, departmentCode: String, position: Int) {
        self.applicationID = applicationID; itemCode = component.code; itemName = component.item.name
        self.departmentCode = departmentCode; self.position = position; status = .waiting
    }
}
