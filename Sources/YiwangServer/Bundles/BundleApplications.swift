import Fluent
import Foundation
import YiwangDomain

/// Applying for a 一件事: the situation answers, one form pre-filled from the account, one set of
/// uploads, checks across every component, a draft kept as the person types — and one submission
/// that `BundleCases` turns into a receipt and one case per component.
struct BundleApplications {
    let platform: Platform

    var database: any Database { platform.database }
    var vault: PersonalDataVault { platform.vault }
    var today: CivilDate { platform.today }
    var catalog: BundleCatalog { BundleCatalog(platform: platform) }

    /// The person's open application for the bundle, its answers set to `answers`; or a new one
    /// pre-filled from what the platform knows of them. Answers that are missing, not offered or
    /// contradict each other are 422, naming the question, and nothing is stored.
    func start(code: String, answers: [String: String], user: SignedIn) async throws -> BundleApplicationRecord {
        let bundle = try await catalog.requireBundle(code)
        let plan = try await catalog.plan(code: bundle.code, answers: answers)
        if let open = try await BundleApplicationRecord.query(on: database)
            .filter(\.$accountID == user.accountID).filter(\.$bundleCode == bundle.code).filter(\.$status == .draft)
            .sort(\.$updatedAt, .descending).first() {
            open.answers = try StoredJSON.encode(plan.answers)
            try await open.update(on: database)
            return open
        }
        let schema = BundleForms(plan: plan).schema
        let prefilled = ApplicationService.usablePrefill(try await platform.prefiller.prefill(schema, for: user.applicantProfile),
                                                         form: schema, today: today)
        let sealed = try vault.sealForm(prefilled.mapValues(\.value))
        return try await database.transaction { database in
            let holder = ApplicationDraftRecord(serviceCode: bundle.code, accountID: user.accountID,
                                                enterpriseID: bundle.lifeCycle == .enterprise ? user.enterpriseID : nil, formValues: sealed)
            holder.status = .bundle
            try await holder.create(on: database)
            let application = try BundleApplicationRecord(bundle: bundle, accountID: user.accountID, draftID: try holder.requireID(),
                                                          answers: plan.answers)
            try await application.create(on: database)
            return application
        }
    }

    /// The application, if it is this person's; otherwise the same 404 as for one that does not exist.
    func application(id: String, user: SignedIn) async throws -> BundleApplicationRecord {
        guard let uuid = UUID(uuidString: id), let application = try await BundleApplicationRecord.query(on: database)
            .filter(\.$id == uuid).filter(\.$accountID == user.accountID).first()
        else { throw ServiceError.notFound("没有找到这份一件事申请") }
        return application
    }

    /// The submitted application of this receipt number, if it is this person's.
    func application(receipt: String, user: SignedIn) async throws -> BundleApplicationRecord {
        guard receipt.count <= 40, let application = try await BundleApplicationRecord.query(on: database)
            .filter(\.$receiptNumber == receipt).filter(\.$accountID == user.accountID).first()
        else { throw ServiceError.notFound("没有找到这个一件事办件") }
        return application
    }

    func holder(of application: BundleApplicationRecord) async throws -> ApplicationDraftRecord {
        guard let holder = try await ApplicationDraftRecord.find(application.draftID, on: database) else {
            throw ServiceError.notFound("没有找到这份一件事申请")
        }
        return holder
    }

    func plan(of application: BundleApplicationRecord) async throws -> BundlePlan {
        try await catalog.plan(code: application.bundleCode, answers: application.situation)
    }

    /// Everything the form page needs: the plan, the values with their pre-fill, the files, and
    /// the check of the whole as every component will make it.
    func describe(_ application: BundleApplicationRecord, user: SignedIn, extraProblems: [FieldProblem] = []) async throws -> BundleApplicationDraft {
        let plan = try await plan(of: application)
        let forms = BundleForms(plan: plan)
        let holder = try await holder(of: application)
        let values = try vault.openForm(holder.formValues)
        let files = try await ApplicationService(platform: platform).files(of: holder)
        var review = catalog.review(forms: forms, values: values, files: Dictionary(files.map { ($0.materialID, 1) }, uniquingKeysWith: +))
        review.errors = extraProblems + review.errors
        review.complete = review.complete && extraProblems.isEmpty
        let prefilled = try await platform.prefiller.prefill(forms.schema, for: user.applicantProfile)
        let locked = Set(forms.schema.fields.filter { $0.prefillLocked == true }.map(\.name))
        let draft = ApplicationDraft(
            id: try application.requireID(), serviceCode: application.bundleCode, serviceName: application.bundleName,
            status: application.status == .draft ? .draft : .submitted, version: holder.version, values: values,
            prefilled: Dictionary(uniqueKeysWithValues: prefilled.map { name, value in
                (name, ApplicationDraft.PrefilledField(value: value.value, source: value.source, locked: locked.contains(name)))
            }),
            files: files.map(UploadedFile.init), review: review, caseReceiptNumber: application.receiptNumber, updatedAt: holder.updatedAt)
        return BundleApplicationDraft(plan: plan, form: forms.schema, uploads: forms.uploads, draft: draft)
    }

    /// Merges typed values (and, when given, new answers) into the application and saves it —
    /// whatever is wrong with them, so that no work is lost; the review says what to fix.
    func save(_ application: BundleApplicationRecord, values typed: [String: String], expectedVersion: Int?,
              user: SignedIn) async throws -> [FieldProblem] {
        guard application.status == .draft else { throw ServiceError.conflict("这份一件事申请已经提交，不能再修改") }
        let holder = try await holder(of: application)
        if let expectedVersion, expectedVersion != holder.version {
            throw ServiceError.conflict("这份草稿已在其他页面修改过，请刷新后再继续")
        }
        let schema = BundleForms(plan: try await plan(of: application)).schema
        return try await ApplicationService(platform: platform).merge(typed, into: holder, form: schema, user: user)
    }

    /// Adds a file to one of the bundle's upload slots, checked as an item's upload is.
    func upload(_ bytes: [UInt8], fileName: String?, materialID: String, to application: BundleApplicationRecord) async throws {
        guard application.status == .draft else { throw ServiceError.conflict("这份一件事申请已经提交，不能再上传材料") }
        let uploads = BundleForms(plan: try await plan(of: application)).uploads
        guard let material = uploads.first(where: { $0.id == materialID }) else { throw ServiceError.notFound("这个一件事没有这项材料") }
        _ = try await ApplicationService(platform: platform).attach(bytes, fileName: fileName, material: material,
                                                                    limit: material.maxFiles, to: try await holder(of: application))
    }

    func deleteFile(id: String, from application: BundleApplicationRecord) async throws {
        guard application.status == .draft else { throw ServiceError.conflict("这份一件事申请已经提交，不能再修改材料") }
        try await ApplicationService(platform: platform).removeFile(id: id, from: try await holder(of: application))
    }

    /// The person's applications, drafts first, then submitted ones newest first.
    func applications(of user: SignedIn) async throws -> [BundleApplicationRecord] {
        try await BundleApplicationRecord.query(on: database).filter(\.$accountID == user.accountID)
            .sort(\.$updatedAt, .descending).all()
    }
}
