import Fluent
import Foundation
import YiwangDomain

extension ApplicationService {
    /// Submits the draft as a case. Done once: submitting the same draft again, or with an
    /// `Idempotency-Key` used before, gives the case made the first time (`created` false).
    /// Everything is checked again here, whatever the page showed.
    func submit(_ draft: ApplicationDraftRecord, idempotencyKey: String?, user: SignedIn)
        async throws -> (record: CaseRecord, created: Bool) {
        let now = platform.now
        let key = try idempotencyKey.map(Self.checkedKey)
        if let key, let earlier = try await CaseRecord.query(on: database)
            .filter(\.$accountID == user.accountID).filter(\.$idempotencyKey == key).first() {
            return (earlier, false)
        }
        if let existing = try await CaseRecord.query(on: database).filter(\.$draftID == draft.requireID()).first() {
            return (existing, false)
        }
        let guide = try await item(code: draft.serviceCode)
        let values = try vault.openForm(draft.formValues)
        let prefilled = try await prefiller.prefill(guide.item.form, for: user.applicantProfile)
        let enforced = FormPrefiller.enforceLocked(values, schema: guide.item.form, prefilled: prefilled)
        var check = review(item: guide.item, values: enforced.values, files: try await files(of: draft))
        check.errors += enforced.changed.map { FieldProblem(field: $0, message: "认证信息不能修改") }
        guard check.complete, enforced.changed.isEmpty else {
            let errors = check.fieldErrors
            throw ServiceError.unprocessable("申请还不完整：" + errors.summary, fields: errors)
        }
        let outcome = FormValidator(schema: guide.item.form, today: today).check(enforced.values)
        let draftID = try draft.requireID()
        // a class of applicants the department puts through the 绿色通道 (the person, or the company applied for)
        var enterpriseCode: String?
        if let enterpriseID = draft.enterpriseID { enterpriseCode = try await EnterpriseRecord.find(enterpriseID, on: database)?.uscc }
        let greenClass = try await GreenChannelClasses(platform: platform).covering(
            department: guide.department.code, idNumber: draft.enterpriseID == nil ? user.idNumber : nil,
            enterpriseCode: enterpriseCode, on: today)
        do {
            let record = try await database.transaction { database -> CaseRecord in
                let record = CaseRecord()
                record.receiptNumber = try await ReceiptNumbers.next(on: database, today: today)
                record.serviceCode = guide.item.code
                record.serviceName = guide.item.name
                record.departmentCode = guide.department.code
                record.accountID = user.accountID
                record.enterpriseID = draft.enterpriseID
                record.draftID = draftID
                record.formValues = try vault.sealForm(outcome.normalized)
                record.state = .submitted
                record.idempotencyKey = key
                record.submittedAt = now
                if let greenClass {
                    record.greenChannel = true
                    record.greenReason = "绿色通道对象：\(greenClass.name)"
                }
                try await record.create(on: database)
                let caseID = try record.requireID()
                try await CaseEventRecord(caseID: caseID, at: now, actorID: user.accountID, actorName: user.name,
                                          action: "提交申请", state: .submitted).create(on: database)
                if let reason = record.greenReason {
                    try await CaseEventRecord(caseID: caseID, at: now, actorID: nil, actorName: "系统",
                                              action: "纳入绿色通道", state: .submitted, opinion: reason).create(on: database)
                }
                try await ApplicationDraftRecord.query(on: database).filter(\.$id == draftID)
                    .set(\.$status, to: .submitted).set(\.$caseID, to: caseID).update()
                try await NotificationService(database: database).notify(
                    accountID: user.accountID, sealedPhone: try vault.seal(user.phone), title: "申请已提交：\(guide.item.name)",
                    body: try MessageTemplate.caseSubmitted.render(["service": guide.item.name, "receipt": record.receiptNumber]),
                    link: SiteURL.caseFile(.value(record.receiptNumber)).path, key: "case-submitted:\(caseID)", now: now)
                return record
            }
            if try await AutoApproval(platform: platform).run(record, item: guide.item) != nil,
               let decided = try await CaseRecord.find(record.requireID(), on: database) {
                return (decided, true)
            }
            return (record, true)
        } catch {
            // A parallel submission of the same draft (or with the same key) won: answer with its case.
            if let winner = try await CaseRecord.query(on: database).group(.or, { group in
                group.filter(\.$draftID == draftID)
                if let key { group.group(.and) { $0.filter(\.$accountID == user.accountID).filter(\.$idempotencyKey == key) } }
            }).first() {
                return (winner, false)
            }
            throw error
        }
    }

    static func checkedKey(_ raw: String) throws -> String {
        let key = raw.trimmingCharacters(in: .whitespaces)
        guard (8...128).contains(key.count), key.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
            throw ServiceError.badRequest("Idempotency-Key 须为 8–128 个可见 ASCII 字符")
        }
        return key
    }

    /// The case, if it is this person's; otherwise the same 404 as for one that does not exist.
    func caseRecord(receipt: String, user: SignedIn) async throws -> CaseRecord {
        guard receipt.count <= 40, let record = try await CaseRecord.query(on: database)
            .filter(\.$receiptNumber == receipt).filter(\.$accountID == user.accountID).first()
        else { throw ServiceError.notFound("没有找到这个办件") }
        return record
    }

    /// Where the applicant follows a case: its own page, or — for a component of a 一件事 — the
    /// bundle's progress page, where 补正 is answered too.
    func casePage(receipt: String, user: SignedIn) async throws -> SiteURL {
        let record = try await caseRecord(receipt: receipt, user: user)
        if let applicationID = record.bundleApplicationID,
           let bundleReceipt = try await BundleApplicationRecord.find(applicationID, on: database)?.receiptNumber {
            return .bundleProgress(.value(bundleReceipt))
        }
        return .caseFile(.value(receipt))
    }

    func describe(_ record: CaseRecord) async throws -> CaseSummary {
        let events = try await CaseEventRecord.query(on: database).filter(\.$caseID == record.requireID()).sort(\.$at).all()
        return CaseSummary(receiptNumber: record.receiptNumber, serviceCode: record.serviceCode, serviceName: record.serviceName,
                       state: record.state, submittedAt: record.submittedAt,
                       timeline: events.map(CaseEvent.init), url: SiteURL.caseFile(.value(record.receiptNumber)).path)
    }

    func cases(of user: SignedIn) async throws -> [CaseRecord] {
        try await CaseRecord.query(on: database).filter(\.$accountID == user.accountID).sort(\.$submittedAt, .descending).all()
    }

    /// The person's cases with their timelines, newest first.
    func caseSummaries(of user: SignedIn) async throws -> [CaseSummary] {
        var summaries: [CaseSummary] = []
        for record in try await cases(of: user) { summaries.append(try await describe(record)) }
        return summaries
    }
}

extension ApplicationService {
    /// The applicant's case with, while it waits for 补正, what was asked and where to add it.
    func applicantCase(receipt: String, user: SignedIn) async throws -> ApplicantCase {
        let record = try await caseRecord(receipt: receipt, user: user)
        let summary = try await describe(record)
        guard record.state == .supplementing, let draft = try await ApplicationDraftRecord.find(record.draftID, on: database) else {
            return ApplicantCase(summary: summary, supplement: nil)
        }
        return ApplicantCase(summary: summary, supplement: .init(
            request: summary.timeline.last { $0.state == .supplementing }?.opinion ?? "",
            draft: try await describe(draft, user: user), item: try await item(code: record.serviceCode).item,
            requested: record.requestedMaterials, version: record.version))
    }

    /// 我的办件: the person's drafts with how far along each is, their cases, and their latest messages.
    func overview(of user: SignedIn) async throws -> ApplicantOverview {
        var rows: [ApplicantOverview.DraftRow] = []
        for draft in try await drafts(of: user) {
            let view = try await describe(draft, user: user)
            rows.append(.init(id: view.id, serviceName: view.serviceName, percentDone: view.review.percentDone, updatedAt: draft.updatedAt))
        }
        let messages = try await InboxMessageRecord.query(on: database).filter(\.$accountID == user.accountID)
            .sort(\.$createdAt, .descending).limit(20).all()
        return ApplicantOverview(drafts: rows, bundles: try await BundleApplications(platform: platform).applications(of: user),
                                 cases: try await caseSummaries(of: user), messages: messages)
    }
}
