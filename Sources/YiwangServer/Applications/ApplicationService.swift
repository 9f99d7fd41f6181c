import Fluent
import Foundation
import YiwangDomain

/// Online application: drafts started from a service's form, saved as the person types, checked
/// against the catalog, given their materials, and submitted exactly once as a case.
struct ApplicationService {
    let platform: Platform

    var database: any Database { platform.database }
    var vault: PersonalDataVault { platform.vault }
    var prefiller: FormPrefiller { platform.prefiller }
    var uploads: UploadStore { platform.uploads }
    var today: CivilDate { platform.today }

    /// The item and its department; 404 when there is no such item.
    func item(code: String) async throws -> ServiceGuide {
        try await platform.catalog.requireGuide(code: code, on: database)
    }

    /// The person's open draft of this item (acting for the same company), or a new one pre-filled
    /// from what the platform knows of them.
    /// An item only companies and organisations may apply for is not started as a person: the
    /// caller is asked which of their companies to act for (`CompanyApplicantNeeded`).
    func start(code: String, user: SignedIn) async throws -> ApplicationDraftRecord {
        let guide = try await item(code: code)
        if user.enterpriseID == nil, !guide.item.applicantTypes.contains(.naturalPerson) {
            let companies = try await AccountService(platform: platform).enterprises(of: user.accountID)
            throw CompanyApplicantNeeded(serviceCode: guide.item.code, serviceName: guide.item.name,
                                         companies: companies.compactMap { company, role in
                                             company.id.map { .init(id: $0, name: company.name, role: role) } })
        }
        if let open = try await ApplicationDraftRecord.query(on: database)
            .filter(\.$accountID == user.accountID).filter(\.$serviceCode == guide.item.code)
            .filter(\.$status == .draft).filter(\.$enterpriseID == user.enterpriseID)
            .sort(\.$updatedAt, .descending).first() {
            return open
        }
        let prefilled = usablePrefill(try await prefiller.prefill(guide.item.form, for: user.applicantProfile), form: guide.item.form)
        let draft = ApplicationDraftRecord(serviceCode: guide.item.code, accountID: user.accountID, enterpriseID: user.enterpriseID,
                                           formValues: try vault.sealForm(prefilled.mapValues(\.value)))
        try await draft.create(on: database)
        return draft
    }

    /// Pre-filled values that fit the form (see `usablePrefill(_:form:today:)`).
    func usablePrefill(_ prefilled: [String: PrefilledValue], form: FormSchema) -> [String: PrefilledValue] {
        Self.usablePrefill(prefilled, form: form, today: today)
    }

    /// Pre-filled values that fit the form: a value its checks refuse is left out (the account
    /// holder's own ID where the form wants someone over 80 means they apply for somebody else),
    /// and with the ID number goes the name of the same person.
    static func usablePrefill(_ prefilled: [String: PrefilledValue], form: FormSchema, today: CivilDate) -> [String: PrefilledValue] {
        let validator = FormValidator(schema: form, today: today)
        var usable = prefilled
        var droppedPerson = false
        for field in form.fields {
            guard let value = prefilled[field.name]?.value, case .failure = validator.check(value, of: field) else { continue }
            usable[field.name] = nil
            if field.prefill == .applicantIdNumber { droppedPerson = true }
        }
        if droppedPerson {
            for field in form.fields where field.prefill == .applicantName && field.prefillLocked != true { usable[field.name] = nil }
            for field in form.fields where field.prefill?.describesApplicantPerson == true { usable[field.name] = nil }
        }
        return usable
    }

    /// The draft, if it is this person's; otherwise the same 404 as for a draft that does not exist.
    /// A 一件事 application's form is reached through its bundle application, never as an item's draft.
    func draft(id: String, user: SignedIn) async throws -> ApplicationDraftRecord {
        guard let uuid = UUID(uuidString: id),
              let draft = try await ApplicationDraftRecord.query(on: database)
                .filter(\.$id == uuid).filter(\.$accountID == user.accountID).filter(\.$status != .bundle).first()
        else { throw ServiceError.notFound("没有找到这份申请") }
        return draft
    }

    func drafts(of user: SignedIn) async throws -> [ApplicationDraftRecord] {
        try await ApplicationDraftRecord.query(on: database).filter(\.$accountID == user.accountID)
            .filter(\.$status == .draft).sort(\.$updatedAt, .descending).all()
    }

    /// The receipt number of the case a submitted draft became.
    func receipt(of draft: ApplicationDraftRecord) async throws -> String? {
        guard let caseID = draft.caseID else { return nil }
        return try await CaseRecord.find(caseID, on: database)?.receiptNumber
    }

    func files(of draft: ApplicationDraftRecord) async throws -> [UploadedFileRecord] {
        try await UploadedFileRecord.query(on: database).filter(\.$draftID == draft.requireID()).sort(\.$createdAt).all()
    }

    /// What is wrong or missing, for the values given (the stored ones by default).
    func review(item: ServiceItem, values: [String: String], files: [UploadedFileRecord]) -> ApplicationReview {
        let validator = FormValidator(schema: item.form, today: today)
        return ApplicationReview(values: values, outcome: validator.check(values), validator: validator, materials: item.materials,
                                 files: Dictionary(files.map { ($0.materialID, 1) }, uniquingKeysWith: +))
    }

    /// A partial or complete form of an item checked without storing anything: what the
    /// validate endpoint answers. `files` counts the files already attached, per material.
    /// The most files a material count may claim when a form is checked before upload.
    static let maxFileCount = 100

    func check(code: String, values: [String: String], files: [String: Int]) async throws -> ApplicationReview {
        let guide = try await item(code: code)
        try Self.checkSize(values: values, files: files)
        let validator = FormValidator(schema: guide.item.form, today: today)
        return ApplicationReview(values: values, outcome: validator.check(values), validator: validator,
                                 materials: guide.item.materials, files: files)
    }

    /// A form to check without storing it: at most 200 values of 10,000 characters, and file counts
    /// of 0–100 for at most 200 materials.
    static func checkSize(values: [String: String], files: [String: Int]) throws {
        guard values.count <= 200, values.values.allSatisfy({ $0.count <= 10_000 }), files.count <= 200 else { throw ServiceError.tooLarge("表单内容过多") }
        var counts = FieldErrors()
        for (material, count) in files.sorted(by: { $0.key < $1.key }) where !(0...maxFileCount).contains(count) {
            counts.add("files.\(material)", "材料的文件数须为 0–\(maxFileCount) 之间的整数")
        }
        guard counts.isEmpty else { throw counts }
    }

    /// Everything about a draft, for the page and the API.
    func describe(_ draft: ApplicationDraftRecord, user: SignedIn, extraProblems: [FieldProblem] = []) async throws -> ApplicationDraft {
        let guide = try await item(code: draft.serviceCode)
        let values = try vault.openForm(draft.formValues)
        let files = try await files(of: draft)
        var review = review(item: guide.item, values: values, files: files)
        review.errors = extraProblems + review.errors
        review.complete = review.complete && extraProblems.isEmpty
        let prefilled = try await prefiller.prefill(guide.item.form, for: user.applicantProfile)
        let locked = Set(guide.item.form.fields.filter { $0.prefillLocked == true }.map(\.name))
        var receipt: String?
        if let caseID = draft.caseID { receipt = try await CaseRecord.find(caseID, on: database)?.receiptNumber }
        return ApplicationDraft(
            id: try draft.requireID(), serviceCode: guide.item.code, serviceName: guide.item.name, status: draft.status,
            version: draft.version, values: values,
            prefilled: prefilled.mapValues { .init(value: $0.value, source: $0.source, locked: false) }
                .merging(prefilled.filter { locked.contains($0.key) }.mapValues { .init(value: $0.value, source: $0.source, locked: true) },
                         uniquingKeysWith: { _, new in new }),
            files: files.map(UploadedFile.init), review: review, caseReceiptNumber: receipt, updatedAt: draft.updatedAt)
    }

    /// Merges typed values into the draft and saves it — whatever is wrong with them, so that no
    /// work is lost; the review says what to fix. Locked pre-filled fields are put back.
    /// - Parameter expectedVersion: when given and the draft has moved on, 409.
    func save(_ draft: ApplicationDraftRecord, values typed: [String: String], expectedVersion: Int?, user: SignedIn)
        async throws -> [FieldProblem] {
        guard draft.status == .draft else { throw ServiceError.conflict("这份申请已经提交，不能再修改") }
        if let expectedVersion, expectedVersion != draft.version {
            throw ServiceError.conflict("这份草稿已在其他页面修改过，请刷新后再继续")
        }
        return try await merge(typed, into: draft, form: try await item(code: draft.serviceCode).item.form, user: user)
    }

    /// Merges typed values into a draft of `form` and saves it: unknown fields are named, locked
    /// pre-filled fields put back, the version moved on. An item's draft and a 一件事's form alike.
    func merge(_ typed: [String: String], into draft: ApplicationDraftRecord, form: FormSchema, user: SignedIn) async throws -> [FieldProblem] {
        let known = Set(form.fields.map(\.name))
        var problems: [FieldProblem] = []
        var values = try vault.openForm(draft.formValues)
        for (key, value) in typed {
            guard known.contains(key) else {
                problems.append(FieldProblem(field: key, message: "表单中没有“\(key)”这一项"))
                continue
            }
            let trimmed = String(value.prefix(FormValidator.maxTextareaLength + 1))
            values[key] = trimmed.isEmpty ? nil : trimmed
        }
        let prefilled = try await prefiller.prefill(form, for: user.applicantProfile)
        let enforced = FormPrefiller.enforceLocked(values, schema: form, prefilled: prefilled)
        for name in enforced.changed {
            let label = form.fields.first { $0.name == name }?.label ?? name
            problems.append(FieldProblem(field: name, message: "\(label)来自实名认证信息，不能修改，已恢复为认证信息"))
        }
        draft.formValues = try vault.sealForm(enforced.values)
        draft.version += 1
        try await draft.update(on: database)
        return problems
    }

}

/// Starting an item for companies while acting as oneself: which company, of those the person may
/// act for (none: they register theirs first).
struct CompanyApplicantNeeded: Error, Sendable {
    struct Company: Sendable, Encodable {
        let id: UUID
        let name: String
        let role: String
    }

    let serviceCode: String
    let serviceName: String
    let companies: [Company]

    /// What an API client is told: act for a company first.
    var message: String {
        "“\(serviceName)”只能由企业或组织申请，请先切换为代表企业办理" + (companies.isEmpty ? "（账号尚未关联企业）" : "")
    }
}
