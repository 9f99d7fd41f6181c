import Fluent
import Foundation
import Testing
import Vapor
@testable import YiwangServer
import YiwangDomain
import YiwangTestSupport

/// Applying for a 一件事 over real HTTP: one form and one set of uploads, one submission that makes
/// a receipt and a case per component in each department's queue; waiting components start by
/// themselves with the earlier result filled in; 补正 answered on the bundle's page; refusals stop
/// what the bundle's data says; one notice at the end; and nobody sees what is not theirs.
@Suite("一件事: applying, sub-cases, progress")
struct BundleApplicationTests {
    static let code = "HN-YJS-001"
    /// In hospital, married, no social security card: 出生医学证明 → 出生登记 → 医保参保.
    static let answers = ["birth_place": "医疗机构内", "parents_marriage": "已登记结婚", "social_security_card": "暂不需要"]
    /// What the parent types (the rest is pre-filled from the account).
    static var typed: [String: String] {
        NewbornApplication.values.filter { !["applicant_name", "applicant_id_number", "applicant_phone"].contains($0.key) }
    }

    static func today(_ app: Application) { app.today = { CivilDate(year: 2026, month: 12, day: 7)! } }

    /// 张三 applies for 新生儿出生一件事 through the pages, uploads the 户口簿 and submits: the bundle receipt.
    static func submittedBundle(_ app: Application, parent: TestBrowser) async throws -> (receipt: String, applicationID: String) {
        try await parent.get("/bundles/\(code)?" + answers.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
            .addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!)
        let started = try await parent.post("/bundles/\(code)/apply", form: answers)
        #expect(started.status == .seeOther)
        let location = try #require(started.headers.first(name: .location))
        #expect(location.hasPrefix("/bundle-applications/"))
        let id = String(location.dropFirst("/bundle-applications/".count))
        try await parent.get(location)
        let upload = try await parent.upload("\(location)/materials", bytes: SampleFiles.pdf, fileName: "户口簿.pdf",
                                             fields: ["material_id": "household_register"])
        #expect(upload.status == .seeOther, "\(upload.text.prefix(400))")
        try await parent.get(location)
        var form = typed
        form["action"] = "submit"
        let submitted = try await parent.post(location, form: form)
        #expect(submitted.status == .seeOther, "\(submitted.text.prefix(600))")
        let progress = try #require(submitted.headers.first(name: .location))
        #expect(progress.hasPrefix("/bundle-cases/YJS"))
        return (String(progress.dropFirst("/bundle-cases/".count)), id)
    }

    static func components(_ app: Application, _ receipt: String) async throws -> [String: BundleComponentRecord] {
        let application = try #require(try await BundleApplicationRecord.query(on: app.db).filter(\.$receiptNumber == receipt).first())
        let rows = try await BundleComponentRecord.query(on: app.db).filter(\.$applicationID == application.requireID()).all()
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.itemCode, $0) })
    }

    static func caseReceipt(_ app: Application, _ receipt: String, _ item: String) async throws -> String {
        let caseID = try #require(try await components(app, receipt)[item]?.caseID, "\(item) has no case")
        return try #require(try await CaseRecord.find(caseID, on: app.db)).receiptNumber
    }

    static func clerk(_ app: Application, _ login: String) async throws -> TestBrowser {
        let clerk = TestBrowser(app)
        try await clerk.signInAPI(login)
        return clerk
    }

    static func act(_ clerk: TestBrowser, _ receipt: String, _ action: String, opinion: String? = nil, missing: [String]? = nil) async throws {
        var body: [String: AnyEncodable] = ["action": AnyEncodable(action)]
        if let opinion { body["opinion"] = AnyEncodable(opinion) }
        if let missing { body["missing"] = AnyEncodable(missing) }
        let response = try await WorkflowTests.act(clerk, receipt, body)
        #expect(response.status == .ok, "\(action) on \(receipt): \(response.text.prefix(300))")
    }

    @Test("新生儿出生: one application; 户口 waits for 出生医学证明, 医保 for the new 户口; 补正 on the bundle page; one notice at the end",
          arguments: Backend.available)
    func newborn(backend: Backend) async throws {
        try await withTestApp(backend) { app in
            Self.today(app)
            let parent = TestBrowser(app)
            try await parent.signIn("13800000001")
            let (receipt, _) = try await Self.submittedBundle(app, parent: parent)

            // one case at 卫健 at once; 户口 and 医保 wait
            var rows = try await Self.components(app, receipt)
            #expect(rows.mapValues(\.status) == ["HN-WJW-002": .inProgress, "HN-GAT-004": .waiting, "HN-YBJ-001": .waiting])
            var page = try await parent.get("/bundle-cases/\(receipt)")
            #expect(page.status == .ok)
            #expect(page.text.contains("等待前序事项") && page.text.contains("出生医学证明办理"))

            // 卫健 accepts and grants: the 出生医学证明 is issued and 户口 starts by itself with its number
            let birth = try await Self.caseReceipt(app, receipt, "HN-WJW-002")
            let wjwIntake = try await Self.clerk(app, "wjw-intake"), wjwApproval = try await Self.clerk(app, "wjw-approval")
            for action in ["accept", "start_review", "pass_review"] { try await Self.act(wjwIntake, birth, action) }
            try await Self.act(wjwApproval, birth, "grant")
            let medical = try #require(try await CertificateRecord.query(on: app.db).filter(\.$serviceCode == "HN-WJW-002").first())
            rows = try await Self.components(app, receipt)
            #expect(rows["HN-WJW-002"]?.status == .granted)
            #expect(rows["HN-GAT-004"]?.status == .inProgress)
            #expect(rows["HN-YBJ-001"]?.status == .waiting)
            let household = try await Self.caseReceipt(app, receipt, "HN-GAT-004")
            let householdCase = try #require(try await CaseRecord.query(on: app.db).filter(\.$receiptNumber == household).first())
            #expect(householdCase.departmentCode == "GAT")
            #expect(try app.personalData.openForm(householdCase.formValues)["birth_certificate_number"] == medical.number)
            // the shared 户口簿 upload is filed under the item's own material
            let copied = try await UploadedFileRecord.query(on: app.db).filter(\.$draftID == householdCase.draftID).all()
            #expect(copied.map(\.materialID) == ["household_register"])

            // 公安 sees its case in the bundle, the others' states only; 卫健's case is not found for it
            let gatIntake = try await Self.clerk(app, "gat-intake")
            let detail = try await gatIntake.get("/api/v1/workbench/cases/\(household)")
            #expect(detail.status == .ok)
            let bundle = try #require(try detail.object()["bundle"] as? [String: Any])
            let others = try #require(bundle["components"] as? [[String: Any]])
            #expect(others.count == 3)
            let birthRow = try #require(others.first { $0["name"] as? String == "出生医学证明办理" })
            #expect(birthRow["status"] as? String == "已办结")
            #expect(birthRow["case_receipt"] == nil || birthRow["case_receipt"] is NSNull)
            #expect(bundle["is_lead"] as? Bool == false)
            #expect((bundle["material_sources"] as? [String] ?? []).contains { $0.contains("出生医学证明") && $0.contains("前序事项") })
            #expect(try await gatIntake.get("/api/v1/workbench/cases/\(birth)").status == .notFound)
            // the same on the pages: the lead's desk lists the bundle, 公安's case page shows where its materials came from
            let wjwDesk = TestBrowser(app), gatDesk = TestBrowser(app)
            try await wjwDesk.signIn("wjw-review")
            let queue = try await wjwDesk.get("/workbench")
            #expect(queue.status == .ok && queue.text.contains("本部门牵头的一件事") && queue.text.contains(receipt))
            try await gatDesk.signIn("gat-intake")
            let casePage = try await gatDesk.get("/workbench/cases/\(household)")
            #expect(casePage.status == .ok && casePage.text.contains("所属一件事") && casePage.text.contains("由前序事项「出生医学证明办理」的结果提供"))
            #expect(!casePage.text.contains(birth))
            // the lead department (卫健) sees every component's receipt
            let lead = try await wjwIntake.get("/api/v1/workbench/cases/\(birth)").object()["bundle"] as? [String: Any]
            #expect(lead?["is_lead"] as? Bool == true)
            #expect(((lead?["components"] as? [[String: Any]]) ?? []).compactMap { $0["case_receipt"] as? String }.count == 2)

            // 公安 asks for a clearer 户口簿: the parent answers on the bundle's page, and only that component pauses
            try await Self.act(gatIntake, household, "accept")
            try await Self.act(gatIntake, household, "start_review")
            try await Self.act(gatIntake, household, "request_supplement", opinion: "户主页不清晰", missing: ["household_register"])
            page = try await parent.get("/bundle-cases/\(receipt)")
            #expect(page.text.contains("需要补正") && page.text.contains("户主页不清晰") && page.text.contains("补正中"))
            let componentDraft = householdCase.draftID.uuidString
            let added = try await parent.upload("/applications/\(componentDraft)/materials", bytes: SampleFiles.pdf,
                                                fileName: "户口簿-清晰.pdf", fields: ["material_id": "household_register"])
            #expect(added.status == .seeOther)
            let back = try await parent.get(try #require(added.headers.first(name: .location)))
            #expect(back.headers.first(name: .location) == "/bundle-cases/\(receipt)")
            try await parent.get("/bundle-cases/\(receipt)")
            let resubmitted = try await parent.post("/cases/\(household)/resubmit", form: [:])
            #expect(resubmitted.headers.first(name: .location) == "/bundle-cases/\(receipt)")
            try await Self.act(gatIntake, household, "pass_review")

            // 公安 registers the child: a new 公民身份号码, handed on to 医保
            let gatApproval = try await Self.clerk(app, "gat-approval")
            try await Self.act(gatApproval, household, "grant")
            let registration = try #require(try await CertificateRecord.query(on: app.db).filter(\.$serviceCode == "HN-GAT-004").first())
            let childNumber = try registration.holderID(app.personalData)
            let parsed = try ResidentIdentityNumber(childNumber, today: CivilDate(year: 2026, month: 12, day: 7)!)
            #expect(parsed.birthDate == CivilDate(year: 2026, month: 11, day: 30))
            #expect(parsed.areaCode == "430102")  // the registering parent's area
            let insurance = try await Self.caseReceipt(app, receipt, "HN-YBJ-001")
            let insuranceCase = try #require(try await CaseRecord.query(on: app.db).filter(\.$receiptNumber == insurance).first())
            #expect(try app.personalData.openForm(insuranceCase.formValues)["applicant_id_number"] == childNumber)

            // 医保 (one stage does it all) grants: the bundle is done, told once
            let ybj = try await Self.clerk(app, "ybj-intake")
            for action in ["accept", "start_review", "pass_review", "grant"] { try await Self.act(ybj, insurance, action) }
            let application = try #require(try await BundleApplicationRecord.query(on: app.db).filter(\.$receiptNumber == receipt).first())
            #expect(application.overall == .completed)
            let account = try #require(try await AccountRecord.find(login: "13800000001", vault: app.personalData, on: app.db))
            let messages = try await InboxMessageRecord.query(on: app.db).filter(\.$accountID == account.requireID()).all().map(\.title)
            #expect(messages.filter { $0.hasPrefix("一件事已办结") }.count == 1)
            #expect(!messages.contains { $0 == "办件进度：已办结" }, "\(messages)")  // no separate notice per component
            page = try await parent.get("/bundle-cases/\(receipt)")
            #expect(page.text.contains("已办结") && page.text.contains(registration.number) && page.text.contains(medical.number))
            let mine = try await parent.get("/me")
            #expect(mine.text.contains("my-bundles") && mine.text.contains("新生儿出生一件事") && mine.text.contains(receipt))
            let wallet = try await parent.get("/me/certificates")
            for certificate in ["出生医学证明", "居民户口簿（新生儿登记页）", "城乡居民基本医疗保险参保凭证"] {
                #expect(wallet.text.contains(certificate), "\(certificate) not in 我的证照")
            }
        }
    }

    @Test("bad input: answers that do not fit, a component's rule failing, a missing shared material — named, and the draft kept",
          arguments: Backend.available)
    func badInput(backend: Backend) async throws {
        try await withTestApp(backend) { app in
            Self.today(app)
            let parent = TestBrowser(app)
            try await parent.signIn("13800000001")
            try await parent.get("/bundles/\(Self.code)")
            var partial = Self.answers
            partial["parents_marriage"] = nil
            let missing = try await parent.post("/bundles/\(Self.code)/apply", form: partial)
            #expect(missing.status == .unprocessableEntity)
            #expect(missing.text.contains("父母是否已登记结婚"))
            var offered = Self.answers
            offered["birth_place"] = "在家里"
            #expect(try await parent.post("/bundles/\(Self.code)/apply", form: offered).status == .unprocessableEntity)
            #expect(try await BundleApplicationRecord.query(on: app.db).count() == 0)

            let started = try await parent.post("/bundles/\(Self.code)/apply", form: Self.answers)
            let location = try #require(started.headers.first(name: .location))
            try await parent.get(location)
            var form = Self.typed
            form["child_birth_date"] = "2027-01-05"  // after today: 出生医学证明 and 出生登记 both refuse it
            form["action"] = "submit"
            let refused = try await parent.post(location, form: form)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("child_birth_date"))
            #expect(refused.text.contains("缺少材料") && refused.text.contains("户口簿"))  // the shared upload is missing
            // nothing was lost: the form shows what was typed
            let again = try await parent.get(location)
            #expect(again.text.contains("湘江路1号") && again.text.contains("2027-01-05"))
            #expect(try await CaseRecord.query(on: app.db).count() == 0)
            // a field the form does not have, an upload slot the bundle does not have
            let unknown = try await parent.post(location, form: ["no_such_field": "x", "action": "save"])
            #expect(unknown.text.contains("表单中没有“no_such_field”这一项"))
            let slot = try await parent.upload("\(location)/materials", bytes: SampleFiles.pdf, fileName: "a.pdf",
                                               fields: ["material_id": "no_such_material"])
            #expect(slot.status == .notFound)
            #expect(slot.text.contains("这个一件事没有这项材料"))

            // someone else: the same answer as for an application that does not exist
            let stranger = TestBrowser(app)
            try await stranger.signIn("13800000002")
            let theirs = try await stranger.get(location)
            let none = try await stranger.get("/bundle-applications/\(UUID().uuidString)")
            #expect(theirs.status == .notFound && none.status == .notFound)
        }
    }

    @Test("a refusal stops the rest as the bundle says; the applicant may withdraw what was not accepted", arguments: Backend.available)
    func refusalAndWithdrawal(backend: Backend) async throws {
        try await withTestApp(backend) { app in
            Self.today(app)
            let parent = TestBrowser(app)
            try await parent.signIn("13800000001")
            // 1: 出生医学证明 refused → everything stops (stop_all), the reason is shown
            let (first, _) = try await Self.submittedBundle(app, parent: parent)
            let birth = try await Self.caseReceipt(app, first, "HN-WJW-002")
            try await Self.act(try await Self.clerk(app, "wjw-intake"), birth, "refuse", opinion: "出生医学证明已由接生机构签发，请勿重复申请")
            let rows = try await Self.components(app, first)
            #expect(rows.mapValues(\.status) == ["HN-WJW-002": .failed, "HN-GAT-004": .stopped, "HN-YBJ-001": .stopped])
            #expect(try await BundleApplicationRecord.query(on: app.db).filter(\.$receiptNumber == first).first()?.overall == .stopped)
            let page = try await parent.get("/bundle-cases/\(first)")
            #expect(page.text.contains("请勿重复申请") && page.text.contains("已终止"))
            #expect(!page.text.contains("bundle-withdraw-button"))

            // 2: a new application, withdrawn before 卫健 accepts it
            let (second, _) = try await Self.submittedBundle(app, parent: parent)
            let progress = try await parent.get("/bundle-cases/\(second)")
            #expect(progress.text.contains("bundle-withdraw-button"))
            let withdrawn = try await parent.post("/bundle-cases/\(second)/withdraw", form: [:])
            #expect(withdrawn.status == .ok)
            #expect(withdrawn.text.contains("已撤回"))
            #expect(try await Self.components(app, second).values.allSatisfy { $0.status.hasEnded })
            let again = try await parent.post("/bundle-cases/\(second)/withdraw", form: [:])
            #expect(again.status == .conflict)

            // someone else's bundle: as if there were none
            let stranger = TestBrowser(app)
            try await stranger.signIn("13800000002")
            #expect(try await stranger.get("/bundle-cases/\(second)").status == .notFound)
            #expect(try await stranger.post("/bundle-cases/\(second)/withdraw", form: [:]).status == .notFound)
        }
    }

    @Test("every bundle end to end: applied for once, each case decided as it starts, results handed on, all done",
          arguments: Backend.available)
    func everyBundle(backend: Backend) async throws {
        try await withTestApp(backend) { app in
            Self.today(app)
            let platform = app.platform()
            for code in ["HN-YJS-002", "HN-YJS-003", "HN-YJS-004"] {
                // 退休一件事 is 王建国's (62); the others 张三's
                let parent = TestBrowser(app)
                try await parent.signIn(code == "HN-YJS-003" ? "13800000003" : "13800000001")
                let bundle = try await BundleCatalog(platform: platform).requireBundle(code)
                let answers = BundleSamples.firstAnswers(bundle)
                let forms = BundleForms(plan: try await BundleCatalog(platform: platform).plan(code: code, answers: answers))
                let started = try await parent.post("/bundles/\(code)/apply", form: answers)
                let location = try #require(started.headers.first(name: .location), "\(code): \(started.text.prefix(300))")
                try await parent.get(location)
                for slot in forms.uploads {
                    let png = !slot.fileTypes.contains(.pdf)
                    let upload = try await parent.upload("\(location)/materials", bytes: png ? SampleFiles.png : SampleFiles.pdf,
                                                         fileName: png ? "a.png" : "a.pdf", fields: ["material_id": slot.id])
                    #expect(upload.status == .seeOther, "\(code) \(slot.id): \(upload.text.prefix(300))")
                    try await parent.get(location)
                }
                let locked = Set(forms.schema.fields.filter { $0.prefillLocked == true }.map(\.name))
                var form = BundleSamples.values(forms, today: app.today()).filter { !locked.contains($0.key) }
                form["action"] = "submit"
                let submitted = try await parent.post(location, form: form)
                #expect(submitted.status == .seeOther, "\(code): \(submitted.text.components(separatedBy: "precheck-list").last?.prefix(800) ?? "")")
                guard let progress = submitted.headers.first(name: .location) else { continue }
                let receipt = String(progress.dropFirst("/bundle-cases/".count))
                let application = try #require(try await BundleApplicationRecord.query(on: app.db).filter(\.$receiptNumber == receipt).first())
                // decide every case as it starts, as the departments would
                for _ in 0..<6 {
                    let open = try await CaseRecord.query(on: app.db).filter(\.$bundleApplicationID == application.requireID())
                        .filter(\.$state == .submitted).all()
                    if open.isEmpty { break }
                    for record in open {
                        let (_, item) = try await WorkflowService(platform: platform).workflow(for: record)
                        try await WorkflowService(platform: platform).perform(
                            [.action(.accept), .action(.startReview), .action(.passReview), .action(.grant)], on: record, item: item,
                            by: .system("测试审批"), expecting: record.version)
                    }
                }
                let done = try #require(try await BundleApplicationRecord.find(application.requireID(), on: app.db))
                let rows = try await Self.components(app, receipt)
                #expect(done.overall == .completed, "\(code): \(rows.mapValues(\.status))")
                func values(_ item: String) async throws -> [String: String] {
                    let caseID = try #require(rows[item]?.caseID)
                    let record = try #require(try await CaseRecord.find(caseID, on: app.db))
                    return try app.personalData.openForm(record.formValues)
                }
                func certificate(_ item: String) async throws -> CertificateRecord {
                    let caseID = try #require(rows[item]?.caseID)
                    return try #require(try await CertificateRecord.query(on: app.db).filter(\.$caseID == caseID).first())
                }
                if code == "HN-YJS-002" {  // the licence's new 统一社会信用代码 reaches 食品经营许可, 招牌 and 消防
                    let licence = try await certificate("HN-SCJGJ-002")
                    let uscc = try licence.holderID(app.personalData)
                    #expect((try? UnifiedSocialCreditCode(uscc)) != nil && uscc.hasPrefix("92430102"))
                    for item in ["HN-SCJGJ-003", "HN-ZJT-004", "HN-XFJY-001"] {
                        let handed = try await values(item)["operator_uscc"]
                        #expect(handed == uscc, "\(item)")
                    }
                }
                if code == "HN-YJS-004" {  // the death certificate's number reaches 死亡注销户口
                    let number = try await certificate("HN-WJW-003").number
                    #expect(try await values("HN-GAT-005")["death_certificate_number"] == number)
                }
            }
        }
    }
}
