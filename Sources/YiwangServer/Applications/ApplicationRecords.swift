import Fluent
import Foundation
import YiwangDomain

/// An application being filled in (草稿): the form's values as JSON, saved as the person types.
final class ApplicationDraftRecord: Model, @unchecked Sendable {
    static let schema = "application_drafts"

    @ID(key: .id) var id: UUID?
    @Field(key: "service_code") var serviceCode: String
    @Field(key: "account_id") var accountID: UUID
    @OptionalField(key: "enterprise_id") var enterpriseID: UUID?
    /// `{"field": "value", …}`.
    /// The form's values as JSON, sealed by `PersonalDataVault` (`sealForm` / `openForm`): they carry ID and mobile numbers.
    @Field(key: "form_values") var formValues: String
    /// Goes up by one on every save, so that two open pages cannot overwrite each other unseen.
    @Field(key: "version") var version: Int
    @Field(key: "status") var status: DraftStatus
    @OptionalField(key: "case_id") var caseID: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(serviceCode: String, accountID: UUID, enterpriseID: UUID?, formValues: String) {
        self.serviceCode = serviceCode; self.accountID = accountID; self.enterpriseID = enterpriseID
        self.formValues = formValues; self.version = 1; self.status = .draft
    }
}

/// A file uploaded for one material slot of a draft. The bytes live under the data directory,
/// named by their SHA-256; the name the person's device gave is kept only for display.
final class UploadedFileRecord: Model, @unchecked Sendable {
    static let schema = "uploaded_files"

    @ID(key: .id) var id: UUID?
    @Field(key: "draft_id") var draftID: UUID
    @Field(key: "account_id") var accountID: UUID
    @Field(key: "material_id") var materialID: String
    @Field(key: "sha256") var sha256: String
    @Field(key: "size") var size: Int
    @Field(key: "file_type") var fileType: String
    @Field(key: "display_name") var displayName: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(draftID: UUID, accountID: UUID, materialID: String, sha256: String, size: Int, fileType: String, displayName: String) {
        self.draftID = draftID; self.accountID = accountID; self.materialID = materialID; self.sha256 = sha256
        self.size = size; self.fileType = fileType; self.displayName = displayName
    }
}

/// A submitted application (办件), known to the applicant by its receipt number (办件编号).
final class CaseRecord: Model, @unchecked Sendable {
    static let schema = "cases"

    @ID(key: .id) var id: UUID?
    @Field(key: "receipt_number") var receiptNumber: String
    @Field(key: "service_code") var serviceCode: String
    @Field(key: "service_name") var serviceName: String
    @Field(key: "department_code") var departmentCode: String
    @Field(key: "account_id") var accountID: UUID
    @OptionalField(key: "enterprise_id") var enterpriseID: UUID?
    /// One case per draft: a second submission of the same draft finds this one.
    @Field(key: "draft_id") var draftID: UUID
    /// The form's values as JSON, sealed by `PersonalDataVault` (`sealForm` / `openForm`): they carry ID and mobile numbers.
    @Field(key: "form_values") var formValues: String
    /// `已提交`, then the states of the approval workflow (stored as the state's name).
    @Field(key: "state") var state: CaseState
    @OptionalField(key: "idempotency_key") var idempotencyKey: String?
    @Field(key: "submitted_at") var submittedAt: Date
    // the approval workflow (see `AddWorkflowToCase`)
    /// Goes up by one with every action: an action taken on an old version is refused (办件已被他人处理).
    @Field(key: "version") var version: Int
    @OptionalField(key: "accepted_on") var acceptedOn: String?
    /// `DeadlineClock` as JSON, for the promised and the statutory limit.
    @OptionalField(key: "promised_clock") var promisedClock: String?
    @OptionalField(key: "statutory_clock") var statutoryClock: String?
    /// The promised deadline (yyyy-MM-dd) while the clock runs.
    @OptionalField(key: "deadline_on") var deadlineOn: String?
    /// The first day of 黄色预警 (yyyy-MM-dd) while the clock runs (see `AddDeadlineSweepColumns`).
    @OptionalField(key: "warning_on") var warningOn: String?
    /// Days left when last computed: exact while the clock is stopped (补正); pages count afresh from the clock.
    @OptionalField(key: "remaining_days") var remainingDays: Int?
    @Field(key: "level") var level: DeadlineLevel
    /// A year the deadline reaches that has no holiday schedule loaded: the deadline is not computed.
    @OptionalField(key: "calendar_gap") var calendarGap: Int?
    @Field(key: "green_channel") var greenChannel: Bool
    @OptionalField(key: "green_reason") var greenReason: String?
    /// The member of staff who last acted on the case: told when its warning level changes.
    @OptionalField(key: "handler_id") var handlerID: UUID?
    /// While 补正中: the material ids the clerk asked for, as a JSON array.
    @OptionalField(key: "supplement_items") var supplementItems: String?
    /// The 一件事 application the case is a component of (see `CreateBundleApplications`).
    @OptionalField(key: "bundle_application_id") var bundleApplicationID: UUID?

    init() {
        version = 1
        level = .normal
        greenChannel = false
    }
}

/// One entry of a case's timeline: who did what, when, with what opinion.
final class CaseEventRecord: Model, @unchecked Sendable {
    static let schema = "case_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "case_id") var caseID: UUID
    @Field(key: "at") var at: Date
    @OptionalField(key: "actor_id") var actorID: UUID?
    @Field(key: "actor_name") var actorName: String
    @Field(key: "action") var action: String
    /// The case's state after the step.
    @Field(key: "state") var state: CaseState
    @OptionalField(key: "opinion") var opinion: String?

    init() {}

    init(caseID: UUID, at: Date, actorID: UUID?, actorName: String, action: String, state: CaseState, opinion: String? = nil) {
        self.caseID = caseID; self.at = at; self.actorID = actorID; self.actorName = actorName; self.action = action
        self.state = state; self.opinion = opinion
    }
}

extension CaseRecord {
    /// The promised limit's clock (`promised_clock`), if it runs.
    var promised: DeadlineClock? { StoredJSON.decode(DeadlineClock.self, from: promisedClock) }
    /// The statutory limit's clock (`statutory_clock`), if it runs.
    var statutory: DeadlineClock? { StoredJSON.decode(DeadlineClock.self, from: statutoryClock) }
    /// While 补正中: the ids of the materials the clerk asked for.
    var requestedMaterials: [String] { StoredJSON.decode([String].self, from: supplementItems) ?? [] }
}
