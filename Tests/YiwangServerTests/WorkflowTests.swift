import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import YiwangDomain
@testable import YiwangServer

@Suite("Approval workflow")
struct WorkflowTests {
    struct Entry: Decodable {
        let receiptNumber: String
        let state: String
        let level: String
        let deadline: String?
        let remainingDays: Int?
        let version: Int
    }

    struct Queue: Decodable {
        let counts: [String: Int]
        let items: [Entry]
    }

    /// 张三's 最低生活保障申请 (30 working days), submitted: the fixture the clerks work on.
    static func submittedCase(_ app: Application) async throws -> String {
        try await submittedCase(app, login: "13800000001", service: "HN-MZT-003", name: "最低生活保障申请", department: "MZT",
                                values: ["applicant_name": "张三", "applicant_id_number": "43010219850612003X"])
    }

    /// A case as a submission leaves it, for any service, applicant and (optionally) company.
    static func submittedCase(_ app: Application, login: String, service: String, name: String, department: String,
                              values: [String: String], enterpriseID: UUID? = nil) async throws -> String {
        let account = try #require(try await AccountRecord.find(login: login, vault: app.personalData, on: app.db))
        let draft = ApplicationDraftRecord(serviceCode: service, accountID: try account.requireID(), enterpriseID: enterpriseID, formValues: try app.personalData.sealForm(values))
        draft.status = .submitted
        try await draft.create(on: app.db)
        let record = CaseRecord()
        record.receiptNumber = try await ReceiptNumbers.next(on: app.db)
        record.serviceCode = service
        record.serviceName = name
        record.departmentCode = department
        record.accountID = try account.requireID()
        record.enterpriseID = enterpriseID
        record.draftID = try draft.requireID()
        record.formValues = try app.personalData.sealForm(values)
        record.state = .submitted
        record.submittedAt = Date()
        try await record.create(on: app.db)
        draft.caseID = try record.requireID()
        try await draft.update(on: app.db)
        return record.receiptNumber
    }

    @discardableResult
    static func act(_ clerk: TestBrowser, _ receipt: String, _ body: [String: AnyEncodable]) async throws -> BrowserResponse {
        try await clerk.json(.POST, "/api/v1/workbench/cases/\(receipt)/actions", body)
    }

    @Test("accept starts the clock; 补正 stops it and tells the applicant; resubmission resumes it; the approver decides",
          arguments: Backend.available)
    func lifecycle(backend: Backend) async throws {
        try await withTestApp(backend) { app in
            app.today = { CivilDate(year: 2026, month: 6, day: 1)! }
            let receipt = try await Self.submittedCase(app)
            let intake = TestBrowser(app), review = TestBrowser(app), approval = TestBrowser(app), citizen = TestBrowser(app)
            try await intake.signInAPI("mzt-intake")
            try await review.signInAPI("mzt-review")
            try await approval.signInAPI("mzt-approval")
            try await citizen.signInAPI("13800000001")
            var queue = try await intake.send(.GET, "/api/v1/workbench/cases").json(Queue.self)
            #expect(queue.items.map(\.receiptNumber) == [receipt])
            var entry = try await Self.act(intake, receipt, ["action": "accept", "version": 1]).json(Entry.self)
            #expect(entry.state == "已受理" && entry.remainingDays == 30 && entry.deadline != nil && entry.version == 2)
            // the wrong role, a missing opinion, an action the state does not allow
            var response = try await Self.act(intake, receipt, ["action": "start_review"])
            #expect(response.status == .forbidden)
            #expect(try response.object()["detail"] as? String == "开始审查须由审查人员办理")
            response = try await Self.act(review, receipt, ["action": "start_review"])
            #expect(response.status == .ok)
            response = try await Self.act(review, receipt, ["action": "request_supplement", "opinion": " "])
            #expect(response.status == .badRequest)
            #expect(try response.fieldErrors()["opinion"] == "要求补正须填写理由或意见")
            response = try await Self.act(approval, receipt, ["action": "grant"])
            #expect(response.status == .conflict)
            response = try await Self.act(review, receipt, ["action": "request_supplement", "missing": AnyEncodable(["no_such_material"])])
            #expect(response.status == .badRequest)
            #expect(try response.fieldErrors()["missing"] == "要求补正的材料不在本事项的材料清单中")
            entry = try await Self.act(review, receipt, ["action": "request_supplement", "opinion": "请补充家庭成员收入证明",
                                                         "missing": AnyEncodable(["income_declaration"])]).json(Entry.self)
            let notice = try await CaseEventRecord.query(on: app.db).filter(\.$action == "要求补正").first()?.opinion
            #expect(notice == "请补正：《家庭收入和财产状况申报表》。请补充家庭成员收入证明", "\(notice ?? "")")
            #expect(entry.state == "补正中" && entry.level == "suspended" && entry.deadline == nil)
            let message = try #require(try await InboxMessageRecord.query(on: app.db).sort(\.$createdAt, .descending).first())
            #expect(message.body.contains("请补充家庭成员收入证明"))
            entry = try await citizen.json(.POST, "/api/v1/cases/\(receipt)/actions", ["action": "resubmit"]).json(Entry.self)
            #expect(entry.state == "审查中" && entry.deadline != nil && entry.remainingDays == 30)
            #expect(try await citizen.json(.POST, "/api/v1/cases/\(receipt)/actions", ["action": "grant"]).status == .forbidden)
            try await Self.act(review, receipt, ["action": "pass_review"])
            response = try await Self.act(approval, receipt, ["action": "extend", "opinion": "需现场核查", "days": 5])
            #expect(try response.json(Entry.self).remainingDays == 35)
            entry = try await Self.act(approval, receipt, ["action": "grant", "opinion": "符合条件"]).json(Entry.self)
            #expect(entry.state == "准予许可")
            // one word for the state in every channel: the notice names the state the case shows
            let granted = try #require(try await InboxMessageRecord.query(on: app.db).sort(\.$createdAt, .descending).first())
            #expect(granted.title == "办件进度：准予许可" && granted.body.contains("准予许可") && !granted.body.contains("已办结"))
            #expect(try await citizen.get("/cases/\(receipt)").text.contains("准予许可"))
            let events = try await CaseEventRecord.query(on: app.db).all()
            #expect(events.map(\.action).contains("要求补正") && events.map(\.action).contains("准予许可"))
            // 待我办理: the decided case waits for the approver (办结), not for intake
            queue = try await approval.send(.GET, "/api/v1/workbench/cases").json(Queue.self)
            #expect(queue.items.first?.state == "准予许可")
            #expect(try await intake.send(.GET, "/api/v1/workbench/cases").json(Queue.self).items.isEmpty)
            queue = try await intake.send(.GET, "/api/v1/workbench/cases?scope=all").json(Queue.self)
            #expect(queue.items.first?.state == "准予许可")
        }
    }

    @Test("two clerks act on one case at once: exactly one wins, the other is told", arguments: Backend.available)
    func concurrentActions(backend: Backend) async throws {
        try await withTestApp(backend) { app in
            let receipt = try await Self.submittedCase(app)
            let clerk = TestBrowser(app)
            try await clerk.signInAPI("mzt-intake")
            let token = try #require(clerk.bearer)
            let results = try await TestBrowser.withServer(app) { port in
                try await withThrowingTaskGroup(of: (HTTPResponseStatus, String).self) { group in
                    for action in ["accept", "refuse", "accept", "refuse"] {
                        group.addTask {
                            var headers = HTTPHeaders()
                            headers.bearerAuthorization = BearerAuthorization(token: token)
                            headers.contentType = .json
                            let body = ByteBuffer(string: #"{"action":"\#(action)","opinion":"材料不全","version":1}"#)
                            let response = try await TestBrowser.perform(port: port, .POST, "/api/v1/workbench/cases/\(receipt)/actions",
                                                                         headers: headers, body: body)
                            return (response.status, (try? response.object()["detail"] as? String) ?? "")
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
            }
            #expect(results.filter { $0.0 == .ok }.count == 1)
            // the others are told someone acted first — or, on a machine too loaded to give them a
            // database connection in time, that the platform is busy (503, retry): never a 500
            let losers = results.filter { $0.0 != .ok }
            #expect(losers.count == 3, "\(results)")
            #expect(losers.allSatisfy { status, detail in
                status == .conflict && (detail.contains("办件已被他人处理") || detail.contains("不能"))
                    || status == .serviceUnavailable && detail == Problem.busyDetail
            }, "\(results)")
            #expect(try await CaseEventRecord.query(on: app.db).count() == 1)
            let busy = Problem(for: ConnectionPoolTimeoutError.connectionRequestTimeout)
            #expect(busy.status == 503 && Problem.retryAfter(ConnectionPoolTimeoutError.connectionRequestTimeout) == Problem.busyRetryAfter)
        }
    }

    @Test("items that had no limit run a clock now: 高龄津贴 its 22 working days, a 即办件 the day it is accepted")
    func everyItemHasALimit() async throws {
        try await withTestApp { app in
            app.today = { CivilDate(year: 2026, month: 6, day: 1)! }
            let allowance = try await Self.submittedCase(app, login: "13800000001", service: "HN-MZT-002", name: "高龄津贴申领",
                                                         department: "MZT", values: ["applicant_name": "张三"])
            let marriage = try await Self.submittedCase(app, login: "13800000001", service: "HN-MZT-001", name: "结婚登记",
                                                        department: "MZT", values: ["applicant_name": "张三"])
            let clerk = TestBrowser(app)
            try await clerk.signInAPI("mzt-intake")
            try await Self.act(clerk, allowance, ["action": "accept"])
            try await Self.act(clerk, marriage, ["action": "accept"])
            let cases = Dictionary(uniqueKeysWithValues: try await CaseRecord.query(on: app.db).all().map { ($0.receiptNumber, $0) })
            // 22 working days after Monday 1 June 2026, 端午 (19 June) off: Thursday 2 July
            #expect(cases[allowance]?.deadlineOn == "2026-07-02" && cases[allowance]?.level == .normal)
            #expect(cases[marriage]?.deadlineOn == "2026-06-01" && cases[marriage]?.level == .red)
        }
    }

    @Test("a deadline reaching into a year whose holidays are not published is provisional (暂定), with a level, until the year is loaded")
    func calendarGap() async throws {
        try await withTestApp { app in
            app.today = { CivilDate(year: 2026, month: 12, day: 1)! }
            let receipt = try await Self.submittedCase(app)
            let clerk = TestBrowser(app)
            try await clerk.signInAPI("mzt-intake")
            try await Self.act(clerk, receipt, ["action": "accept"])
            let record = try #require(try await CaseRecord.query(on: app.db).first())
            // 30 working days from 2026-12-01, 元旦 the only holiday the law fixes on the way
            #expect(record.calendarGap == 2027 && record.deadlineOn == "2027-01-13" && record.warningOn == "2027-01-06")
            #expect(record.level == .normal)
            let entry = try #require(try await clerk.get("/api/v1/workbench/cases/\(receipt)").object()["entry"] as? [String: Any])
            #expect(entry["provisional"] as? Bool == true && entry["deadline_text"] as? String == "2027-01-13（暂定，剩 30 个工作日）")
            // the warnings run on the provisional date
            app.today = { CivilDate(year: 2027, month: 1, day: 6)! }
            _ = try await DeadlineSweeper(database: app.db, catalog: app.catalogCache, today: app.today()).sweep()
            #expect(try await CaseRecord.query(on: app.db).first()?.level == .yellow)
            app.today = { CivilDate(year: 2026, month: 12, day: 1)! }
            // the administrator sees it waiting, loads 2027 on the calendar page, and the deadline is counted
            let admin = TestBrowser(app)
            try await admin.signIn("admin")
            #expect(try await admin.get("/admin/calendar").text.contains("期限跨入 2027 年"))
            #expect(try await clerk.send(.GET, "/admin/calendar").status == .forbidden)
            var bad = try await admin.upload("/admin/calendar", bytes: Array(#"{"year": 2027, "days": []}"#.utf8), fileName: "2027.json")
            #expect(bad.status == .badRequest && bad.text.contains("日历文件中没有任何节假日"))
            var days = [HolidaySchedule.Day(name: "元旦", date: CivilDate(year: 2027, month: 1, day: 1)!, isOffDay: true)]
            days.append(.init(name: "春节", date: CivilDate(year: 2027, month: 2, day: 8)!, isOffDay: true))
            let schedule = try HolidaySchedule(year: 2027, days: days)
            bad = try await admin.upload("/admin/calendar", bytes: Array(try schedule.encoded()), fileName: "2027.json")
            #expect(bad.status == .ok && bad.text.contains("已导入 2027 年放假安排；1 个办件的期限已重新计算"))
            #expect(try await CalendarStore(database: app.db).calendar().years == [2025, 2026, 2027])
            let updated = try #require(try await CaseRecord.query(on: app.db).first())
            #expect(updated.calendarGap == nil && updated.deadlineOn == "2027-01-13" && updated.warningOn == "2027-01-06")
            // a corrected 2027 (Monday 1/4 off as well) moves the deadline it already gave
            days.append(.init(name: "元旦", date: CivilDate(year: 2027, month: 1, day: 4)!, isOffDay: true))
            let corrected = try HolidaySchedule(year: 2027, days: days)
            bad = try await admin.upload("/admin/calendar", bytes: Array(try corrected.encoded()), fileName: "2027.json")
            #expect(bad.status == .ok && bad.text.contains("1 个办件的期限已重新计算"))
            #expect(try await CaseRecord.query(on: app.db).first()?.deadlineOn == "2027-01-14")
        }
    }

    @Test("the sweeper moves levels as days pass and tells the clerk and approvers once, however many nodes sweep",
          arguments: Backend.available)
    func sweeper(backend: Backend) async throws {
        try await withTestApp(backend) { app in
            app.today = { CivilDate(year: 2026, month: 6, day: 1)! }
            let receipt = try await Self.submittedCase(app)
            let clerk = TestBrowser(app)
            try await clerk.signInAPI("mzt-intake")
            try await Self.act(clerk, receipt, ["action": "accept"])
            func sweep(_ month: Int, _ day: Int) async throws -> DeadlineSweeper.Report {
                try await DeadlineSweeper(database: app.db, catalog: app.catalogCache, today: CivilDate(year: 2026, month: month, day: day)!).sweep()
            }
            var report = try await sweep(6, 1)
            #expect(report.changed == 0)
            // 30 working days from Monday 6/1 (端午 6/19 off) end on 7/14. 最低生活保障申请 warns at 5 days
            // left (its catalog's warning_days), so it turns yellow on 7/7 — however many nodes sweep that day
            #expect(try await sweep(7, 6).changed == 0)
            let yellowDay = CivilDate(year: 2026, month: 7, day: 7)!
            async let first = DeadlineSweeper(database: app.db, catalog: app.catalogCache, today: yellowDay).sweep()
            async let second = DeadlineSweeper(database: app.db, catalog: app.catalogCache, today: yellowDay).sweep()
            let reports = try await [first, second]
            #expect(reports.map(\.changed).reduce(0, +) == 1)
            let record = try #require(try await CaseRecord.query(on: app.db).first())
            #expect(record.level == .yellow && record.deadlineOn == "2026-07-14" && record.warningOn == "2026-07-07")
            let messages = try await InboxMessageRecord.query(on: app.db).filter(\.$title == "黄色预警：最低生活保障申请").all()
            #expect(messages.count == 2)  // the clerk who accepted, and the approver
            #expect(messages.allSatisfy { $0.body.contains("承诺期限 2026-07-14") && $0.link == "/workbench/cases/\(receipt)" })
            #expect(try await sweep(7, 7).changed == 0)
            // days left are counted on the day they are shown
            app.today = { CivilDate(year: 2026, month: 7, day: 9)! }
            let entry = try #require(try await clerk.send(.GET, "/api/v1/workbench/cases?scope=all").json(Queue.self).items.first)
            #expect(entry.remainingDays == 3 && entry.level == "yellow")
            report = try await sweep(7, 14)
            #expect(report.changed == 1 && report.notified == 2)
            #expect(try await CaseRecord.query(on: app.db).first()?.level == .red)
            report = try await sweep(7, 15)
            #expect(try await CaseRecord.query(on: app.db).first()?.level == .overdue)
            #expect(try await InboxMessageRecord.query(on: app.db).filter(\.$title == "已超期：最低生活保障申请").count() == 2)
        }
    }

    @Test("一键核验 checks name and ID number against the population registry and records the outcome")
    func oneClickVerification() async throws {
        try await withTestApp { app in
            let receipt = try await Self.submittedCase(app)
            let clerk = TestBrowser(app)
            try await clerk.signInAPI("mzt-intake")
            var result = try await clerk.send(.POST, "/api/v1/workbench/cases/\(receipt)/verification").object()
            #expect(result["passed"] as? Bool == true)
            let record = try #require(try await CaseRecord.query(on: app.db).first())
            record.formValues = try app.personalData.sealForm(["applicant_name": "张四", "applicant_id_number": "43010219850612003X"])
            try await record.update(on: app.db)
            result = try await clerk.send(.POST, "/api/v1/workbench/cases/\(receipt)/verification").object()
            #expect(result["passed"] as? Bool == false)
            let checks = try #require(result["checks"] as? [[String: Any]])
            #expect((checks.first?["reason"] as? String)?.contains("姓名与人口库不一致") == true)
            #expect((checks.first?["subject"] as? String)?.contains("43**************3X") == true)
            let events = try await CaseEventRecord.query(on: app.db).filter(\.$action == "一键核验").all()
            #expect(events.count == 2 && events.contains { $0.opinion?.contains("未通过") == true })
            let other = TestBrowser(app)
            try await other.signInAPI("yjj-intake")
            #expect(try await other.send(.POST, "/api/v1/workbench/cases/\(receipt)/verification").status == .notFound)
        }
    }

    @Test("绿色通道: a reason is required; the promised limit halves and the case goes first in the queue")
    func greenChannel() async throws {
        try await withTestApp { app in
            app.today = { CivilDate(year: 2026, month: 6, day: 1)! }
            let first = try await Self.submittedCase(app)
            let second = try await Self.submittedCase(app)
            let clerk = TestBrowser(app)
            try await clerk.signInAPI("mzt-intake")
            for receipt in [first, second] { try await Self.act(clerk, receipt, ["action": "accept"]) }
            var response = try await clerk.json(.POST, "/api/v1/workbench/cases/\(second)/green-channel", ["reason": " "])
            #expect(response.status == .badRequest)
            response = try await clerk.json(.POST, "/api/v1/workbench/cases/\(second)/green-channel", ["reason": "重点民生项目"])
            let entry = try response.json(Entry.self)
            #expect(entry.remainingDays == 15)
            response = try await clerk.json(.POST, "/api/v1/workbench/cases/\(second)/green-channel", ["reason": "再来一次"])
            #expect(response.status == .conflict)
            let queue = try await clerk.send(.GET, "/api/v1/workbench/cases?scope=all").object()
            let items = try #require(queue["items"] as? [[String: Any]])
            #expect(items.first?["receipt_number"] as? String == second)
            #expect((queue["green_channel"] as? [String: Any])?["count"] as? Int == 1)
            #expect(try await CaseEventRecord.query(on: app.db).filter(\.$action == "纳入绿色通道").first()?.opinion == "重点民生项目")
        }
    }

    @Test("who may not: another department, a citizen, nobody signed in")
    func access() async throws {
        try await withTestApp { app in
            let receipt = try await Self.submittedCase(app)
            let other = TestBrowser(app)
            try await other.signInAPI("yjj-intake")
            #expect(try await other.send(.GET, "/api/v1/workbench/cases/\(receipt)").status == .notFound)
            #expect(try await Self.act(other, receipt, ["action": "accept"]).status == .notFound)
            #expect(try await other.send(.GET, "/api/v1/workbench/cases").json(Queue.self).items.isEmpty)
            let citizen = TestBrowser(app)
            try await citizen.signInAPI("13800000001")
            #expect(try await citizen.send(.GET, "/api/v1/workbench/cases").status == .forbidden)
            #expect(try await TestBrowser(app).send(.GET, "/api/v1/workbench/cases").status == .unauthorized)
            let stranger = TestBrowser(app)
            try await stranger.signInAPI("13800000002")
            #expect(try await stranger.json(.POST, "/api/v1/cases/\(receipt)/actions", ["action": "withdraw"]).status == .notFound)
            // the clerk sees applicant numbers masked
            let clerk = TestBrowser(app)
            try await clerk.signInAPI("mzt-intake")
            let detail = try await clerk.send(.GET, "/api/v1/workbench/cases/\(receipt)")
            #expect(detail.text.contains("43**************3X") && !detail.text.contains("43010219850612003X"))
        }
    }
}

@Suite("Workbench pages")
struct WorkbenchPageTests {
    @Test("the clerk's queue and case page; 补正 reaches the applicant's page, who adds a file and resubmits")
    func pages() async throws {
        try await withTestApp { app in
            app.today = { CivilDate(year: 2026, month: 6, day: 1)! }
            let receipt = try await WorkflowTests.submittedCase(app)
            let clerk = TestBrowser(app)
            try await clerk.signIn("mzt-intake")
            var page = try await clerk.get("/workbench")
            #expect(page.status == .ok && page.text.contains(receipt))
            page = try await clerk.get("/workbench/cases/\(receipt)")
            #expect(page.text.contains("43**************3X") && !page.text.contains("43010219850612003X"))
            // a clerk's desk: no citizen search bar, no assistant launcher; decisions look like what they do
            #expect(!page.text.contains("id=\"search-q\"") && !page.text.contains("assistant-launcher"))
            #expect(page.text.contains("button action-proceed\">受理") && page.text.contains("button action-refuse\">不予受理"))
            page = try await clerk.post("/workbench/cases/\(receipt)/actions", form: ["action": "accept", "version": "1"])
            #expect(page.status == .ok && page.text.contains("已办理，当前状态：已受理"))
            page = try await clerk.post("/workbench/cases/\(receipt)/actions", form: ["action": "accept", "version": "1"])
            #expect(page.status == .conflict)
            let reviewer = TestBrowser(app)
            try await reviewer.signIn("mzt-review")
            try await reviewer.get("/workbench/cases/\(receipt)")
            try await reviewer.post("/workbench/cases/\(receipt)/actions", form: ["action": "start_review", "version": "2"])
            page = try await reviewer.post("/workbench/cases/\(receipt)/actions",
                                           form: ["action": "request_supplement", "version": "3", "opinion": "请补充家庭收入证明",
                                                  "missing[]": "income_declaration"])
            #expect(page.text.contains("补正中"))
            let citizen = TestBrowser(app)
            try await citizen.signIn("13800000001")
            page = try await citizen.get("/cases/\(receipt)")
            #expect(page.text.contains("请补充家庭收入证明") && page.text.contains("补正后重新提交"))
            #expect(page.text.contains("material-slot requested\" id=\"material-income_declaration\"") && page.text.contains("需补正</span>"))
            let draft = try #require(try await ApplicationDraftRecord.query(on: app.db).first())
            let upload = try await citizen.upload("/applications/\(draft.id!)/materials", bytes: SampleFiles.pdf,
                                                  fileName: "收入证明.pdf", fields: ["material_id": "income_declaration"])
            #expect(upload.status == .seeOther, "\(upload.status) \(upload.text.prefix(300))")
            #expect(try await UploadedFileRecord.query(on: app.db).filter(\.$materialID == "income_declaration").count() == 1)
            page = try await citizen.post("/cases/\(receipt)/resubmit", form: ["version": "4"])
            #expect(page.status == .seeOther)
            #expect(try await CaseRecord.query(on: app.db).first()?.state == .reviewing)
            // back with the reviewer (待我办理), not with intake, who finds it under 本部门全部
            #expect(try await reviewer.get("/workbench").text.contains(receipt))
            #expect(!(try await clerk.get("/workbench").text.contains(receipt)))
            #expect(try await clerk.get("/workbench?scope=all").text.contains("审查中"))
            // a citizen has no workbench
            #expect(try await citizen.get("/workbench").status == .forbidden)
        }
    }
}
