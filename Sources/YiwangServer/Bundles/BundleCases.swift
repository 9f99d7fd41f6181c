import Fluent
import Foundation
import YiwangDomain

/// A submitted 一件事 as cases: the receipt and one case per component in its own department's
/// queue; components that need an earlier result wait (等待前序事项) and start by themselves, that
/// result filled in, when it is issued; a failure stops what depends on it (or everything, as the
/// bundle's data says); and one notice when the whole bundle has ended (统一办结). The rules are
/// `BundleProgress`'s; this keeps the rows in step with them, inside the caller's transaction.
struct BundleCases {
    let platform: Platform

    var database: any Database { platform.database }
    var vault: PersonalDataVault { platform.vault }

    /// How the bundle is named on the timelines of the cases it starts.
    static let actorName = "系统（一件事联办）"

    /// Submits the application: everything is checked again, then in one transaction the receipt,
    /// the component rows and the cases of the components that need nothing earlier. Submitting
    /// again gives the same application.
    func submit(_ application: BundleApplicationRecord, user: SignedIn) async throws -> BundleApplicationRecord {
        guard application.status == .draft else { return application }
        let applications = BundleApplications(platform: platform)
        let plan = try await applications.plan(of: application)
        let forms = BundleForms(plan: plan)
        let holder = try await applications.holder(of: application)
        let values = try vault.openForm(holder.formValues)
        let prefilled = try await platform.prefiller.prefill(forms.schema, for: user.applicantProfile)
        let enforced = FormPrefiller.enforceLocked(values, schema: forms.schema, prefilled: prefilled)
        let files = try await ApplicationService(platform: platform).files(of: holder)
        var review = BundleCatalog(platform: platform).review(forms: forms, values: enforced.values,
                                                              files: Dictionary(files.map { ($0.materialID, 1) }, uniquingKeysWith: +))
        review.errors += enforced.changed.map { FieldProblem(field: $0, message: "认证信息不能修改") }
        guard review.complete, enforced.changed.isEmpty else {
            let errors = review.fieldErrors
            throw ServiceError.unprocessable("申请还不完整：" + errors.summary, fields: errors)
        }
        let normalized = forms.check(enforced.values, today: platform.today).normalized
        let applicationID = try application.requireID()
        let now = platform.now, today = platform.today
        let submitted = try await database.transaction { database -> BundleApplicationRecord? in
            // the row is claimed first: a parallel submission finds it submitted and makes nothing
            try await BundleApplicationRecord.query(on: database).filter(\.$id == applicationID)
                .filter(\.$status == .draft).set(\.$status, to: .submitted).update()
            guard let fresh = try await BundleApplicationRecord.find(applicationID, on: database), fresh.receiptNumber == nil else { return nil }
            fresh.receiptNumber = ReceiptNumberFormat.bundlePrefix + (try await ReceiptNumbers.next(on: database, today: today))
            fresh.submittedAt = now
            fresh.overall = .inProgress
            try await fresh.save(on: database)
            holder.formValues = try vault.sealForm(normalized)
            try await holder.save(on: database)
            let platform = platform.on(database)
            let departments = try await Self.departments(of: plan, platform: platform)
            for (position, component) in plan.components.enumerated() {
                try await BundleComponentRecord(applicationID: applicationID, component: component,
                                                departmentCode: departments[component.code] ?? "", position: position).create(on: database)
            }
            try await BundleCases(platform: platform).advance(applicationID, by: user.name, at: now)
            let account = try await AccountRecord.find(user.accountID, on: database)
            try await NotificationService(database: database).notify(
                accountID: user.accountID, sealedPhone: account?.sealedPhone, title: "一件事已提交：\(fresh.bundleName)",
                body: try MessageTemplate.bundleSubmitted.render(["bundle": fresh.bundleName, "receipt": fresh.receiptNumber ?? "",
                                                                  "count": String(plan.components.count)]),
                link: SiteURL.bundleProgress(.value(fresh.receiptNumber ?? "")).path, key: "bundle-submitted:\(applicationID)", now: now)
            return fresh
        }
        guard let submitted else { return try await applications.application(id: applicationID.uuidString, user: user) }
        try await decideByRule(applicationID)
        return submitted
    }

    /// 秒批 where the department's rules allow: each of the bundle's cases still 已提交 is offered to
    /// the auto-approval rules, as a case submitted on its own is. Runs after the transaction that
    /// started them (a rule's decision is a step of its own).
    func decideByRule(_ applicationID: UUID) async throws {
        let waiting = try await CaseRecord.query(on: database).filter(\.$bundleApplicationID == applicationID)
            .filter(\.$state == .submitted).all()
        for record in waiting where platform.autoApprovalRules.contains(where: { $0.serviceCode == record.serviceCode }) {
            guard let item = try await platform.catalog.guide(code: record.serviceCode, on: database)?.guide.item else { continue }
            _ = try await AutoApproval(platform: platform).run(record, item: item)
        }
    }

    /// A component's case moved to `state` (in the transaction that moved it): its row follows,
    /// and the bundle moves on. Says whether the bundle tells the applicant itself (统一办结: a
    /// component's grant is told once, with the rest, when the whole bundle has ended).
    func caseMoved(_ record: CaseRecord, to state: CaseState, at now: Date) async throws -> Bool {
        guard let applicationID = record.bundleApplicationID,
              let component = try await BundleComponentRecord.query(on: database)
                .filter(\.$caseID == record.requireID()).first() else { return false }
        let status: BundleProgress.Status = switch state {
        case .granted: .granted
        case .closed: component.status == .failed ? .failed : .granted  // 办结 after 不予许可 stays failed
        case .refused, .denied, .withdrawn: .failed
        default: component.status == .stopped ? .stopped : .inProgress
        }
        if status != component.status {
            component.status = status
            try await component.save(on: database)
            try await advance(applicationID, by: Self.actorName, at: now)
        }
        guard [.granted, .closed].contains(state), let bundle = try await BundleRecord.find(
            try await BundleApplicationRecord.find(applicationID, on: database)?.bundleCode, on: database) else { return false }
        return try bundle.decoded().deliveredTogether
    }

    /// Does what follows from the components' statuses: starts those whose earlier results are all
    /// issued, stops those that can no longer go on, and, when everything has ended, tells the
    /// applicant once.
    func advance(_ applicationID: UUID, by actor: String, at now: Date) async throws {
        guard let application = try await BundleApplicationRecord.find(applicationID, on: database) else { return }
        let components = try await BundleComponentRecord.query(on: database).filter(\.$applicationID == applicationID)
            .sort(\.$position).all()
        let plan = try await BundleCatalog(platform: platform).plan(code: application.bundleCode, answers: application.situation)
        let decision = BundleProgress.next(plan, statuses: Dictionary(components.map { ($0.itemCode, $0.status) },
                                                                      uniquingKeysWith: { first, _ in first }))
        for stop in decision.stop {
            guard let component = components.first(where: { $0.itemCode == stop.item }) else { continue }
            component.status = .stopped
            component.note = stop.reason
            try await component.save(on: database)
            if let caseID = component.caseID, let record = try await CaseRecord.find(caseID, on: database), record.state.isOpen {
                try await CaseEventRecord(caseID: caseID, at: now, actorID: nil, actorName: Self.actorName, action: "一件事终止办理",
                                          state: record.state, opinion: stop.reason + "；请依程序作出处理").create(on: database)
            }
        }
        if !decision.start.isEmpty {
            let results = try await results(of: components)
            let holder = try await BundleApplications(platform: platform).holder(of: application)
            let merged = try vault.openForm(holder.formValues)
            for code in decision.start {
                guard let component = components.first(where: { $0.itemCode == code }),
                      let planned = plan.components.first(where: { $0.code == code }) else { continue }
                try await start(component, planned: planned, plan: plan, application: application, holder: holder,
                                merged: merged, results: results, by: actor, at: now)
            }
        }
        guard application.overall != decision.overall else { return }
        application.overall = decision.overall
        try await application.save(on: database)
        guard decision.overall != .inProgress else { return }
        try await notifyEnded(application, components: components, overall: decision.overall, at: now)
    }

    /// What granted components hand on: their certificate's number and holder.
    private func results(of components: [BundleComponentRecord]) async throws -> [String: BundleForms.Result] {
        var results: [String: BundleForms.Result] = [:]
        for component in components where component.status == .granted {
            guard let caseID = component.caseID,
                  let certificate = try await CertificateRecord.query(on: database).filter(\.$caseID == caseID).first() else { continue }
            results[component.itemCode] = BundleForms.Result(certificateNumber: certificate.number,
                                                             holderIdNumber: try certificate.holderID(vault), holderName: certificate.holderName)
        }
        return results
    }

    /// Makes the component's case: its form from the merged values, the presets and the earlier
    /// results; its materials from the shared uploads; submitted in its department's queue.
    private func start(_ component: BundleComponentRecord, planned: PlannedComponent, plan: BundlePlan,
                       application: BundleApplicationRecord, holder: ApplicationDraftRecord, merged: [String: String],
                       results: [String: BundleForms.Result], by actor: String, at now: Date) async throws {
        let item = planned.item
        let forms = BundleForms(plan: plan)
        let values = FormValidator(schema: item.form, today: platform.today)
            .check(forms.values(for: item.code, merged: merged, results: results)).normalized
        let draft = ApplicationDraftRecord(serviceCode: item.code, accountID: application.accountID, enterpriseID: holder.enterpriseID,
                                           formValues: try vault.sealForm(values))
        draft.status = .submitted
        try await draft.create(on: database)
        let draftID = try draft.requireID()
        // the shared uploads, filed under each material they stand for in this item
        let files = try await UploadedFileRecord.query(on: database).filter(\.$draftID == holder.requireID()).all()
        for material in plan.materials where material.source == .upload {
            for part in material.satisfies where part.item == item.code {
                for file in files where file.materialID == material.id {
                    try await UploadedFileRecord(draftID: draftID, accountID: file.accountID, materialID: part.name, sha256: file.sha256,
                                                 size: file.size, fileType: file.fileType, displayName: file.displayName).create(on: database)
                }
            }
        }
        let record = CaseRecord()
        record.receiptNumber = try await ReceiptNumbers.next(on: database, today: platform.today)
        record.serviceCode = item.code
        record.serviceName = item.name
        record.departmentCode = component.departmentCode
        record.accountID = application.accountID
        record.enterpriseID = holder.enterpriseID
        record.draftID = draftID
        record.formValues = try vault.sealForm(values)
        record.state = .submitted
        record.submittedAt = now
        record.bundleApplicationID = try application.requireID()
        try await record.create(on: database)
        let caseID = try record.requireID()
        let names = Dictionary(plan.components.map { ($0.code, $0.item.name) }, uniquingKeysWith: { first, _ in first })
        let handedOn = Set((plan.bundle.component(item.code)?.resultFills ?? []).compactMap { fill in
            results[fill.from].map { "\(names[fill.from] ?? fill.from)结果（\($0.certificateNumber)）" }
        }).sorted()
        let opinion = "「\(application.bundleName)」联办，一件事受理编号 \(application.receiptNumber ?? "")"
            + (handedOn.isEmpty ? "" : "；已关联" + handedOn.joined(separator: "、") + "，无需申请人再提交")
        try await CaseEventRecord(caseID: caseID, at: now, actorID: nil, actorName: actor,
                                  action: planned.after.isEmpty ? "提交申请" : "前序事项已办结，自动提交", state: .submitted,
                                  opinion: opinion).create(on: database)
        draft.caseID = caseID
        try await draft.save(on: database)
        component.status = .inProgress
        component.caseID = caseID
        try await component.save(on: database)
    }

    /// 统一办结: one message when every component has ended, with each one's outcome.
    private func notifyEnded(_ application: BundleApplicationRecord, components: [BundleComponentRecord],
                             overall: BundleProgress.Overall, at now: Date) async throws {
        let fresh = try await BundleComponentRecord.query(on: database).filter(\.$applicationID == application.requireID())
            .sort(\.$position).all()
        let detail = fresh.map { "\($0.itemName)\($0.status.rawValue)" }.joined(separator: "，")
        let receipt = application.receiptNumber ?? ""
        let account = try await AccountRecord.find(application.accountID, on: database)
        let link = SiteURL.bundleProgress(.value(receipt))
        try await NotificationService(database: database).notify(
            accountID: application.accountID, sealedPhone: account?.sealedPhone, title: "一件事\(overall.rawValue)：\(application.bundleName)",
            body: try MessageTemplate.bundleEnded.render(["bundle": application.bundleName, "receipt": receipt, "outcome": overall.rawValue,
                                                         "detail": detail, "link": platform.links.absolute(link)]),
            link: link.path, key: "bundle-ended:\(try application.requireID())", now: now)
    }

    /// Each component's department.
    static func departments(of plan: BundlePlan, platform: Platform) async throws -> [String: String] {
        var departments: [String: String] = [:]
        for component in plan.components {
            departments[component.code] = try await platform.catalog.requireGuide(code: component.code, on: platform.database).department.code
        }
        return departments
    }
}

extension BundleCases {
    /// The applicant withdraws what has not been accepted: components still waiting stop, and
    /// cases still 已提交 are withdrawn through the workflow. Accepted components go on — after
    /// 受理 only the department can end them. Returns how many were withdrawn and the names of
    /// those that go on.
    func withdrawRest(_ application: BundleApplicationRecord, user: SignedIn) async throws -> (withdrawn: Int, continuing: [String]) {
        guard application.status == .submitted, application.overall == .inProgress else {
            throw ServiceError.conflict("这个一件事已经办结或终止，没有可以撤回的事项")
        }
        let applicationID = try application.requireID()
        let workflow = WorkflowService(platform: platform)
        var withdrawn = 0
        for component in try await BundleComponentRecord.query(on: database).filter(\.$applicationID == applicationID)
            .filter(\.$status == .inProgress).all() {
            guard let caseID = component.caseID, let record = try await CaseRecord.find(caseID, on: database),
                  record.state == .submitted else { continue }
            let (_, item) = try await workflow.workflow(for: record)
            try await workflow.perform([.action(.withdraw, opinion: "申请人撤回一件事中尚未受理的事项")], on: record, item: item,
                                       by: .applicant(user), expecting: record.version)
            withdrawn += 1
        }
        let now = platform.now
        let stopped = try await database.transaction { database -> Int in
            let waiting = try await BundleComponentRecord.query(on: database).filter(\.$applicationID == applicationID)
                .filter(\.$status == .waiting).all()
            for component in waiting {
                component.status = .stopped
                component.note = "申请人撤回"
                try await component.save(on: database)
            }
            try await BundleCases(platform: platform.on(database)).advance(applicationID, by: user.name, at: now)
            return waiting.count
        }
        let continuing = try await BundleComponentRecord.query(on: database).filter(\.$applicationID == applicationID)
            .filter(\.$status == .inProgress).sort(\.$position).all().map(\.itemName)
        return (withdrawn + stopped, continuing)
    }
}
