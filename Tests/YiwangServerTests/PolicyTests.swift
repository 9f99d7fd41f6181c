import Fluent
import Foundation
import Testing
import Vapor
@testable import YiwangDomain
@testable import YiwangServer

/// 政策找人 end to end over the demo population: who is found, what they are told and why, the daily
/// run on several nodes, re-checks, objections and corrections, 一键确认, publishing, PIPL's switch.
@Suite("政策找人", .serialized)
struct PolicyTests {
    static func run(_ app: Application) async throws -> PolicyMatching.Report {
        try await PolicyMatching(platform: app.platform()).run()
    }

    static func account(_ app: Application, _ login: String) async throws -> AccountRecord {
        try #require(try await AccountRecord.find(login: login, vault: app.personalData, on: app.db))
    }

    /// The entitlement of `login` (or, for a company, of the demo company) for a policy.
    static func entitlement(_ app: Application, _ policy: String, of login: String? = nil) async throws -> EntitlementRecord? {
        let query = EntitlementRecord.query(on: app.db).filter(\.$policyID == policy)
        if let login { query.filter(\.$accountID == (try await account(app, login).requireID())) }
        return try await query.first()
    }

    @Test("the demo population: every expected entitlement is found and no other; a second run changes nothing",
          arguments: Backend.available)
    func demoPopulation(_ backend: Backend) async throws {
        try await withTestApp(backend) { app in
            let report = try await Self.run(app)
            // 4 citizens × 5 person policies in force, 1 company × 0 company policies in force
            #expect(report == .init(subjects: 5, evaluations: 20, granted: 1, offered: 1, ended: 0, revised: 0))
            let rows = try await EntitlementRecord.query(on: app.db).sort(\.$policyID).all()
            let elder = try await Self.account(app, DemoAccounts.elderLogin).requireID()
            let li = try await Self.account(app, "13800000002").requireID()
            #expect(rows.map { "\($0.policyID) \($0.status.rawValue)" } == ["HN-ZC-001 granted", "HN-ZC-003 offered"])
            #expect(rows.map(\.accountID) == [elder, li])
            #expect(rows.first?.storedDecision.map(PolicyExplanation.amount) == "50 元/月")
            // each told once, in the inbox and by SMS, with a link to why — and no personal number in the SMS
            let inbox = try await InboxMessageRecord.query(on: app.db).filter(\.$title ~~ "政策找人").all()
            #expect(inbox.count == 2 && inbox.allSatisfy { $0.link?.hasPrefix("/me/benefits/") == true })
            let sms = try await OutboxMessageRecord.query(on: app.db).filter(\.$idempotencyKey ~~ "benefit-").all()
            #expect(sms.count == 2 && sms.allSatisfy { !PersonalDataRedactor.containsPersonalData($0.body) })

            #expect(try await Self.run(app) == .init(subjects: 5, evaluations: 20))
            #expect(try await InboxMessageRecord.query(on: app.db).filter(\.$title ~~ "政策找人").count() == 2)
        }
    }

    /// Nodes share PostgreSQL (a SQLite file serves one node): the race is run there when CI provides it.
    static let sharedDatabase: [Backend] = Backend.postgresURL == nil ? [.sqlite] : [.postgres]

    @Test("two nodes running the day's matching at once record and tell each person once", arguments: sharedDatabase)
    func twoNodes(_ backend: Backend) async throws {
        try await withTestApp(backend) { app in
            async let first = Self.run(app)
            async let second = Self.run(app)
            let reports = try await [first, second]
            #expect(reports.map(\.granted).reduce(0, +) == 1 && reports.map(\.offered).reduce(0, +) == 1)
            #expect(try await EntitlementRecord.query(on: app.db).count() == 2)
            #expect(try await InboxMessageRecord.query(on: app.db).filter(\.$title ~~ "政策找人").count() == 2)
            // and the day's run is claimed by one node only
            let today = app.today()
            #expect(try await DailyRuns(database: app.db).claim("policy matching", on: today))
            #expect(try await !DailyRuns(database: app.db).claim("policy matching", on: today))
        }
    }

    @Test("someone turning 80 is found on the day, not the day before")
    func turnsEighty() async throws {
        try await withTestApp { app in
            let birthday = app.today()
            app.today = { birthday.adding(days: -1) }
            let dayBefore = try await Self.run(app)
            #expect(dayBefore.granted == 0)
            app.today = { birthday }
            let onTheDay = try await Self.run(app)
            #expect(onTheDay.granted == 1)
            let found = try await Self.entitlement(app, "HN-ZC-001", of: DemoAccounts.elderLogin)
            #expect(found?.status == .granted)
        }
    }

    @Test("a re-check that no longer finds the conditions ends the benefit, says why and from when payments stop")
    func recheckEnds() async throws {
        try await withTestApp { app in
            _ = try await Self.run(app)
            // the disability federation re-assesses 李四 as grade 3: 重度残疾人护理补贴 is for grades 1 and 2
            let index = try #require(try await Self.account(app, "13800000002").idNumberIndex)
            let grade = try #require(try await RegistryFactRecord.query(on: app.db).filter(\.$subject == index).filter(\.$fact == "disability_grade").first())
            grade.value = try StoredJSON.encode(FactValue.number(3))
            try await grade.update(on: app.db)
            let report = try await PolicyMatching(platform: app.platform()).match(accountID: try await Self.account(app, "13800000002").requireID())
            #expect(report.ended == 1)
            let ended = try #require(try await Self.entitlement(app, "HN-ZC-003", of: "13800000002"))
            #expect(ended.status == .ended && ended.stopFrom == EntitlementChange.paymentsStop(after: app.today()).description)
            let message = try #require(try await InboxMessageRecord.query(on: app.db).filter(\.$title ~~ "将停止发放").first())
            #expect(message.body.contains("残疾等级") && message.body.contains("起停止发放"))
        }
    }

    @Test("the elder sees why, objects; a clerk of another department cannot see it; 民政 decides and the registry is corrected")
    func objectionAndCorrection() async throws {
        try await withTestApp { app in
            _ = try await Self.run(app)
            let elder = TestBrowser(app)
            try await elder.signIn(DemoAccounts.elderLogin)
            let overview = try await elder.get("/me/benefits").text
            #expect(overview.contains("高龄津贴") && overview.contains("50 元/月") && overview.contains(#"id="profile-facts""#))
            let id = try #require(try await Self.entitlement(app, "HN-ZC-001")?.requireID()).uuidString
            let page = try await elder.get("/me/benefits/\(id)")
            #expect(page.status == .ok && page.text.contains("为什么您符合") && page.text.contains("湖南省人口信息库（省公安厅）"))
            #expect(page.text.contains("《中华人民共和国老年人权益保障法》第三十三条") && page.text.contains("发放标准：湘潭县 80—89 周岁"))
            // bad objections: each named, nothing stored
            for (form, message) in [(["statement": "不对"], "请选择异议类型"), (["kind": "wrong_data", "statement": "不对"], "请选择哪一项数据有误"),
                                    (["kind": "wrong_data", "fact": "salary", "statement": "不对"], "请选择判定中用到的一项数据"),
                                    (["kind": "not_wanted", "statement": String(repeating: "长", count: 1001)], "不能超过 1000 字"),
                                    (["kind": "bogus", "statement": ""], "请说明您的异议")] {
                let response = try await elder.post("/me/benefits/\(id)/objection", form: form)
                #expect(response.status == .badRequest && response.text.contains(message), "\(form)")
            }
            #expect(try await ObjectionRecord.query(on: app.db).count() == 0)
            let raised = try await elder.post("/me/benefits/\(id)/objection", form: [
                "kind": "wrong_data", "fact": "hukou_county", "statement": "户口已迁到长沙市芙蓉区，身份证 43010219850612003X，电话 13800000004"])
            #expect(raised.status == .seeOther)
            let objection = try #require(try await ObjectionRecord.query(on: app.db).first())
            #expect(!objection.statement.contains("43010219850612003X") && !objection.statement.contains("13800000004"))
            #expect(try await elder.post("/me/benefits/\(id)/objection", form: ["kind": "not_wanted", "statement": "再提一次"]).status == .conflict)
            #expect(try await elder.get("/me/benefits/\(id)").text.contains("异议（数据有误）：办理中"))

            let other = TestBrowser(app)
            try await other.signIn("yjj-review")
            let objectionID = try objection.requireID().uuidString
            #expect(try await other.get("/workbench/objections/\(objectionID)").status == .notFound)
            #expect(try await !other.get("/workbench/objections").text.contains("高龄津贴"))

            let clerk = TestBrowser(app)
            try await clerk.signIn("mzt-review")
            let queue = try await clerk.get("/workbench/objections").text
            #expect(queue.contains("高龄津贴") && queue.contains("赵**") && !queue.contains("赵桂兰"))
            let desk = try await clerk.get("/workbench/objections/\(objectionID)").text
            #expect(desk.contains("户籍在湘潭县") && !desk.contains("赵桂兰"))
            for (form, message) in [(["reason": "x"], "请选择异议是否成立"), (["outcome": "upheld", "reason": ""], "请写明理由"),
                                    (["outcome": "upheld", "reason": "已核实", "fact": "hukou_county", "corrected_value": "火星"], "户籍地按县市区更正"),
                                    (["outcome": "open", "reason": "已核实"], "请选择异议是否成立")] {
                let response = try await clerk.post("/workbench/objections/\(objectionID)", form: form)
                #expect(response.status == .badRequest && response.text.contains(message), "\(form)")
            }
            let decided = try await clerk.post("/workbench/objections/\(objectionID)", form: [
                "outcome": "upheld", "reason": "经核实户籍已迁至长沙市芙蓉区", "fact": "hukou_county", "corrected_value": "长沙市芙蓉区"])
            #expect(decided.status == .ok && decided.text.contains("异议已办结"))
            #expect(try await clerk.post("/workbench/objections/\(objectionID)", form: ["outcome": "rejected", "reason": "再办一次"]).status == .conflict)
            // the registry holds the corrected place; the benefit was evaluated again: still due, at the local rate
            let correction = try #require(try await RegistryCorrectionRecord.query(on: app.db).first())
            #expect(correction.source == .population && correction.fact == PersonFacts.hukouDivision && correction.summary.contains("湖南省长沙市芙蓉区"))
            let revised = try #require(try await Self.entitlement(app, "HN-ZC-001"))
            #expect(revised.status == .granted && revised.storedDecision.map(PolicyExplanation.amount) == "其他县市区：按户籍所在地标准")
            let after = try await elder.get("/me/benefits/\(id)").text
            #expect(after.contains("异议成立") && after.contains("已向湖南省人口信息库（省公安厅）发出更正") && after.contains("复核：判定依据已更新"))

            // "not wanted", upheld: the benefit is declined and the daily run does not bring it back
            try await elder.get("/me/benefits/\(id)")
            #expect(try await elder.post("/me/benefits/\(id)/objection", form: ["kind": "not_wanted", "statement": "子女赡养，不需要"]).status == .seeOther)
            let second = try #require(try await ObjectionRecord.query(on: app.db).filter(\.$status == .open).first()).requireID().uuidString
            try await clerk.get("/workbench/objections/\(second)")
            #expect(try await clerk.post("/workbench/objections/\(second)", form: ["outcome": "upheld", "reason": "尊重本人意愿"]).status == .ok)
            #expect(try await Self.entitlement(app, "HN-ZC-001")?.status == .declined)
            _ = try await Self.run(app)
            #expect(try await Self.entitlement(app, "HN-ZC-001")?.status == .declined)
        }
    }

    @Test("稳岗返还: 人社 publishes this year's version, the company is found at once, its representative confirms with one tap")
    func publishAndConfirm() async throws {
        try await withTestApp { app in
            _ = try await Self.run(app)
            let path = ResourceLocator.rootDirectory() + "/Resources/Policies/pending/HN-ZC-004-v2.json"
            var json = try #require(String(data: try Data(contentsOf: URL(fileURLWithPath: path)), encoding: .utf8))
            json = json.replacingOccurrences(of: "\"effective_from\": \"2026-01-01\"", with: "\"effective_from\": \"\(app.today())\"")
            let officer = TestBrowser(app)
            try await officer.signIn("rst-approval")
            #expect(try await officer.get("/workbench/policies/HN-ZC-004").status == .ok)
            for (document, message) in [("{", "政策规则不是有效的 JSON"), (json.replacingOccurrences(of: "\"version\": 2", with: "\"version\": 5"), "新版本号须为 2"),
                                        (json.replacingOccurrences(of: "\"effective_from\": \"\(app.today())\"", with: "\"effective_from\": \"2026-01-01\""), "生效日期不得早于今天"),
                                        (json.replacingOccurrences(of: "company_size", with: "company_mood"), "政策规则有误")] {
                let response = try await officer.post("/workbench/policies/HN-ZC-004/versions", form: ["document": document, "action": "publish"])
                #expect(response.status == .badRequest || response.status == .unprocessableEntity, "\(message)")
                #expect(response.text.contains(message), "\(message)")
            }
            let preview = try await officer.post("/workbench/policies/HN-ZC-004/versions", form: ["document": json, "action": "preview"])
            #expect(preview.text.contains(#"id="policy-preview-candidate""#) && preview.text.contains("符合 <strong>1</strong>"))
            #expect(try await PolicyVersionRecord.query(on: app.db).filter(\.$policyID == "HN-ZC-004").count() == 1)
            let published = try await officer.post("/workbench/policies/HN-ZC-004/versions", form: ["document": json, "action": "publish"])
            #expect(published.status == .ok && published.text.contains("已发布第 2 版"))
            #expect(try await AuditRecord.query(on: app.db).filter(\.$action == "发布政策版本").count() == 1)
            // staff who may not publish: a reviewer is refused before anything; another department's approver finds no such policy
            let reviewer = TestBrowser(app)
            try await reviewer.signIn("rst-review")
            try await reviewer.get("/workbench/policies/HN-ZC-004")
            #expect(try await reviewer.post("/workbench/policies/HN-ZC-004/versions", form: ["document": json, "action": "publish"]).status == .forbidden)
            let stranger = TestBrowser(app)
            try await stranger.signIn("yjj-approval")
            #expect(try await stranger.get("/workbench/policies/HN-ZC-004").status == .notFound)

            let offer = try #require(try await Self.entitlement(app, "HN-ZC-004"))
            #expect(offer.status == .offered && offer.policyVersion == 2)
            #expect(offer.storedDecision.map(PolicyExplanation.amount) == "49440 元")
            let representative = TestBrowser(app)
            try await representative.signIn("13800000002")
            try await representative.get("/account")
            let company = try #require(try await EnterpriseRecord.query(on: app.db).first()).requireID().uuidString
            try await representative.post("/account/acting", form: ["enterprise_id": company])
            let overview = try await representative.get("/me/benefits").text
            #expect(overview.contains("惠企政策") && overview.contains("失业保险稳岗返还"))
            let id = try offer.requireID().uuidString
            let page = try await representative.get("/me/benefits/\(id)").text
            // every required field but the confirmation itself, which the tap gives
            #expect(page.contains(#"id="confirm-button""#) && page.contains("8/10 项"))
            let confirmed = try await representative.post("/me/benefits/\(id)/confirm", form: [:])
            #expect(confirmed.status == .seeOther)
            let location = try #require(confirmed.headers.first(name: .location))
            #expect(location.hasPrefix("/cases/"))
            let record = try #require(try await CaseRecord.query(on: app.db).filter(\.$serviceCode == "HN-RST-006").first())
            #expect(record.enterpriseID?.uuidString == company && location == "/cases/\(record.receiptNumber)")
            let values = try app.personalData.openForm(record.formValues)
            #expect(values["bank_account_number"] == "43050178360100001234" && values["unit_category"] == "中型企业")
            #expect(values["confirmation"]?.hasPrefix("确认") == true)
            #expect(try await Self.entitlement(app, "HN-ZC-004")?.status == .confirmed)
            // a second tap gives the same case
            try await representative.get("/me/benefits/\(id)")
            #expect(try await representative.post("/me/benefits/\(id)/confirm", form: [:]).headers.first(name: .location) == location)
            #expect(try await CaseRecord.query(on: app.db).filter(\.$serviceCode == "HN-RST-006").count() == 1)
            // someone else's: the same answer as none
            let zhang = TestBrowser(app)
            try await zhang.signIn("13800000001")
            #expect(try await zhang.get("/me/benefits/\(id)").status == .notFound)
            // 信息公示 counts it, without naming anyone
            let publication = try await TestBrowser(app).get("/benefits").text
            #expect(publication.contains("失业保险稳岗返还") && !publication.contains("湖南湘江制药"))
        }
    }

    @Test("PIPL art. 24: switched off, no profile is computed or shown and offers are withdrawn; switched on, they return")
    func recommendationsSwitch() async throws {
        try await withTestApp { app in
            _ = try await Self.run(app)
            let li = TestBrowser(app)
            try await li.signIn("13800000002")
            #expect(try await li.get("/me/benefits").text.contains(#"id="profile-facts""#))
            #expect(try await li.post("/me/recommendations", form: ["enabled": "maybe"]).status == .badRequest)
            let off = try await li.post("/me/recommendations", form: ["enabled": "off"])
            #expect(off.status == .ok && off.text.contains("已关闭个性化推荐") && !off.text.contains(#"id="profile-facts""#))
            #expect(!off.text.contains("您可能符合"))
            #expect(try await Self.entitlement(app, "HN-ZC-003", of: "13800000002")?.status == .ended)
            #expect(try await Self.run(app).offered == 0)
            try await li.post("/me/recommendations", form: ["enabled": "on"])
            #expect(try await Self.run(app).offered == 1)
            #expect(try await Self.entitlement(app, "HN-ZC-003", of: "13800000002")?.status == .offered)
        }
    }

    @Test("小自然 answers 我能领什么补贴 from the asker's own decisions; not signed in, it says how to find out")
    func assistantAnswers() async throws {
        try await withTestApp { app in
            _ = try await Self.run(app)
            let elder = TestBrowser(app)
            try await elder.signIn(DemoAccounts.elderLogin)
            let reply = try await elder.json(.POST, "/api/v1/assistant/chat", ["message": "我能领什么补贴？"]).object()
            let answer = try #require(reply["answer"] as? String)
            #expect(answer.contains("正在享受：高龄津贴（50 元/月，免申即享）") && answer.contains("为您推荐"), "\(answer)")
            #expect((reply["actions"] as? [[String: Any]])?.first?["url"] as? String == "/me/benefits")
            let nobody = try await TestBrowser(app).json(.POST, "/api/v1/assistant/chat", ["message": "我可以享受哪些补贴政策"]).object()
            #expect((nobody["answer"] as? String)?.contains("登录后") == true)
            // a question about one named benefit, or about a relative, is the guide's to answer
            let named = try await elder.json(.POST, "/api/v1/assistant/chat", ["message": "高龄津贴我能领多少"]).object()
            #expect((named["answer"] as? String)?.contains("正在享受") == false)
        }
    }
}

