import Foundation
import YiwangDomain

// What services tell of applications and cases — presentation-neutral read models. The API
// publishes them as they are (see `ApplicationAPIController`); pages map them to their contexts.

/// What is still wrong or missing in an application: the "提交前检查" panel and the answer of
/// the validate endpoint.
struct ApplicationReview: Codable, Sendable {
    var complete: Bool
    var errors: [FieldProblem]
    var missingFields: [MissingField]
    var missingMaterials: [MissingMaterial]
    /// Materials some applicants need, that the form cannot tell: advice, never blocking.
    var conditionalMaterials: [ConditionalMaterial]
    /// Share of required fields filled and required materials present, 0–100.
    var percentDone: Int

    struct ConditionalMaterial: Codable, Sendable {
        let id: String
        let name: String
        let when: String?
    }

    /// Every problem as one list for an RFC 9457 `errors` member: fields by name, materials as `materials.<id>`.
    var fieldErrors: FieldErrors {
        var errors = FieldErrors()
        for problem in self.errors { errors.add(problem.field, problem.message) }
        for field in missingFields { errors.add(field.field, "请填写\(field.label)") }
        for material in missingMaterials { errors.add("materials.\(material.id)", "请上传\(material.name)") }
        return errors
    }
}

extension ApplicationReview {
    /// A form's check and its materials' file counts (material id → files), for an item's form or a
    /// bundle's merged form alike.
    init(values: [String: String], outcome: FormValidator.Outcome, validator: FormValidator, materials: [Material],
         files counts: [String: Int]) {
        let checklist = MaterialChecklist(materials: materials)
        let missingMaterials = checklist.missing(files: counts, values: values)
        let requiredFields = validator.schema.fields.filter { validator.isRequired($0, given: values) }.count
        let requiredMaterials = materials.filter { $0.required || ($0.requiredIf.map { values[$0.field] == $0.equals } ?? false) }.count
        let total = requiredFields + requiredMaterials
        let missing = outcome.missing.count + missingMaterials.count + outcome.problems.count
        self.init(complete: outcome.isComplete && missingMaterials.isEmpty, errors: outcome.problems, missingFields: outcome.missing,
                  missingMaterials: missingMaterials,
                  conditionalMaterials: checklist.advisory(files: counts).map { .init(id: $0.id, name: $0.name, when: $0.requiredWhen) },
                  percentDone: total == 0 ? 100 : max(0, min(100, (total - missing) * 100 / total)))
    }
}

struct UploadedFile: Codable, Sendable {
    let id: UUID
    let materialId: String
    let name: String
    let size: Int
    let type: String
    let sizeText: String

    init(_ record: UploadedFileRecord) {
        id = record.id ?? UUID()
        materialId = record.materialID
        name = record.displayName
        size = record.size
        type = record.fileType
        sizeText = record.size >= 1024 * 1024 ? String(format: "%.1f MB", Double(record.size) / 1_048_576)
            : String(format: "%.0f KB", max(1, Double(record.size) / 1024))
    }
}

/// A draft with everything the form page and the API need.
struct ApplicationDraft: Codable, Sendable {
    let id: UUID
    let serviceCode: String
    let serviceName: String
    let status: DraftStatus
    let version: Int
    let values: [String: String]
    /// Pre-filled values by field, with their source and whether they are locked.
    let prefilled: [String: PrefilledField]
    let files: [UploadedFile]
    let review: ApplicationReview
    let caseReceiptNumber: String?
    let updatedAt: Date?

    struct PrefilledField: Codable, Sendable {
        let value: String
        let source: String
        let locked: Bool
    }
}

struct CaseEvent: Codable, Sendable {
    let at: Date
    let actor: String
    let action: String
    let state: CaseState
    let opinion: String?

    init(_ record: CaseEventRecord) {
        at = record.at; actor = record.actorName; action = record.action; state = record.state; opinion = record.opinion
    }
}

struct CaseSummary: Codable, Sendable {
    let receiptNumber: String
    let serviceCode: String
    let serviceName: String
    let state: CaseState
    let submittedAt: Date
    let timeline: [CaseEvent]
    let url: String
}

/// A case as its applicant opens it: the summary with its timeline and, while 补正中, what the
/// clerk asked for and the draft to add materials to.
struct ApplicantCase: Sendable {
    struct Supplement: Sendable {
        /// The clerk's words on the timeline.
        let request: String
        let draft: ApplicationDraft
        let item: ServiceItem
        /// The material ids the clerk named.
        let requested: [String]
        /// The case version the resubmission is decided on.
        let version: Int
    }

    let summary: CaseSummary
    let supplement: Supplement?
}

/// The start of 我的办件: drafts to continue, cases, and messages.
struct ApplicantOverview: Sendable {
    struct DraftRow: Sendable, Encodable {
        let id: UUID
        let serviceName: String
        let percentDone: Int
        let updatedAt: Date?
    }

    let drafts: [DraftRow]
    /// 一件事 applications, being filled in or submitted.
    let bundles: [BundleApplicationRecord]
    let cases: [CaseSummary]
    let messages: [InboxMessageRecord]
}
