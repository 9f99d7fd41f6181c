import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import YiwangDomain
@testable import YiwangServer

@Suite("绿色通道 classes, revealing applicant data, the queue in pages")
struct GreenChannelAndRevealTests {
    @Test("an approver sets a class of applicants; their next case starts in the green channel, first in the queue")
    func classOfApplicants() async throws {
        try await withTestApp { app in
            app.today = { CivilDate(year: 2026, month: 6, day: 1)! }
            let approver = TestBrowser(app)
            try await approver.signInAPI("mzt-approval")
            let path = "/api/v1/workbench/green-channel-classes"
            // bad input: a clear Chinese error, nothing written
            for (body, field, message) in [
                (["name": "", "kind": "age_at_least", "value": "40"], "name", "请填写类别名称"),
                (["name": "老年人", "kind": "vip", "value": "40"], "kind", "请选择绿色通道对象的类型"),
                (["name": "老年人", "kind": "age_at_least", "value": "四十"], "value", "年龄须为 1–150 之间的整数"),
                (["name": "企业", "kind": "enterprises", "value": "91430100MA4L202680"], "value", "不是有效的统一社会信用代码"),
                (["name": "企业", "kind": "enterprises", "value": " ，"], "value", "请至少填写一个统一社会信用代码"),
            ] {
                let response = try await approver.json(.POST, path, body)
                #expect(response.status == .badRequest && response.text.contains(message) && response.text.contains(field), "\(body)")
            }
            #expect(try await GreenChannelClassRecord.query(on: app.db).count() == 0)
            // who may not: intake staff, another department's approver (sees only its own), a citizen, nobody
            let intake = TestBrowser(app), otherApprover = TestBrowser(app), citizen = TestBrowser(app)
            try await intake.signInAPI("mzt-intake")
            try await otherApprover.signInAPI("yjj-approval")
            try await citizen.signInAPI("13800000001")
            let good = ["name": "40 周岁以上申请人", "kind": "age_at_least", "value": "40"]
            #expect(try await intake.json(.POST, path, good).status == .forbidden)
            #expect(try await citizen.json(.POST, path, good).status == .forbidden)
            #expect(try await TestBrowser(app).json(.POST, path, good).status == .unauthorized)
            var response = try await approver.json(.POST, path, good)
            #expect(response.status == .created)
            let id = try #require(try response.object()["id"] as? String)
            #expect(try await otherApprover.send(.GET, path).text == "[]")
            #expect(try await otherApprover.send(.DELETE, "\(path)/\(id)").status == .notFound)
            #expect(try await intake.send(.DELETE, "\(path)/\(id)").status == .forbidden)
            #expect(try await approver.send(.DELETE, "\(path)/not-an-id").status == .notFound)
            let audit = try await AuditRecord.query(on: app.db).filter(\.$action == "green_channel_class.create").all()
            #expect(audit.count == 1 && audit[0].roles == "approval" && audit[0].outcome == "success")

            // 张三 (41) applies to 民政: the case is green from submission, and halves its limit at acceptance
            let applications = ApplicationTests()
            let draft = try await applications.startElderDraft(citizen)
            var values = ApplicationTests.elderValues
            values["applicant_name"] = "张德民"  // the registry check fails, so 秒批 leaves it to a clerk
            try await citizen.json(.PUT, "/api/v1/applications/\(draft.id)", ["values": values])
            for material in ApplicationTests.requiredMaterials {
                try await citizen.upload("/api/v1/applications/\(draft.id)/materials/\(material)", bytes: SampleFiles.pdf, fileName: "a.pdf")
            }
            response = try await citizen.send(.POST, "/api/v1/applications/\(draft.id)/submit")
            let receipt = try #require(try response.object()["receipt_number"] as? String)
            let record = try #require(try await CaseRecord.query(on: app.db).filter(\.$receiptNumber == receipt).first())
            #expect(record.greenChannel && record.greenReason == "绿色通道对象：40 周岁以上申请人")
            #expect(try await CaseEventRecord.query(on: app.db).filter(\.$action == "纳入绿色通道").first()?.actorName == "系统")
            let older = try await WorkflowTests.submittedCase(app)
            let queue = try await intake.send(.GET, "/api/v1/workbench/cases").object()
            let items = try #require(queue["items"] as? [[String: Any]])
            #expect(items.map { $0["receipt_number"] as? String } == [receipt, older])
            #expect(items.first?["green_channel"] as? Bool == true)

            // removing the class: later cases are ordinary again; the page shows who may change it
            #expect(try await approver.send(.DELETE, "\(path)/\(id)").status == .noContent)
            #expect(try await AuditRecord.query(on: app.db).filter(\.$action == "green_channel_class.delete").count() == 1)
            let page = TestBrowser(app)
            try await page.signIn("mzt-intake")
            let html = try await page.get("/workbench/green-channel").text
            #expect(html.contains("本部门尚未设置绿色通道对象") && html.contains("由本部门审批人员设置") && !html.contains("green-class-form"))
        }
    }

    @Test("the class page: an approver adds and removes; a bad value keeps what was typed")
    func classPage() async throws {
        try await withTestApp { app in
            let approver = TestBrowser(app)
            try await approver.signIn("mzt-approval")
            var page = try await approver.post("/workbench/green-channel/classes",
                                               form: ["name": "重点项目企业", "kind": "enterprises", "value": "91430100MA4L20268X"])
            #expect(page.status == .badRequest && page.text.contains("不是有效的统一社会信用代码") && page.text.contains("重点项目企业"))
            page = try await approver.post("/workbench/green-channel/classes",
                                           form: ["name": "重点项目企业", "kind": "enterprises", "value": "91430100MA4L202689"])
            #expect(page.status == .ok && page.text.contains("已添加绿色通道对象：重点项目企业") && page.text.contains("91430100MA4L202689"))
            let id = try #require(try await GreenChannelClassRecord.query(on: app.db).first()?.id)
            #expect(try await approver.post("/workbench/green-channel/classes/\(id)/delete", form: [:], withToken: false).status == .forbidden)
            page = try await approver.post("/workbench/green-channel/classes/\(id)/delete", form: [:])
            #expect(page.status == .ok && page.text.contains("已删除绿色通道对象"))
            let rule = try GreenChannelRule.parse(kind: "enterprises", value: "91430100MA4L202689").get()
            #expect(rule.covers(idNumber: nil, enterpriseCode: "91430100ma4l202689", on: CivilDate(year: 2026, month: 6, day: 1)!))
            #expect(!rule.covers(idNumber: "43010219850612003X", enterpriseCode: nil, on: CivilDate(year: 2026, month: 6, day: 1)!))
        }
    }

    @Test("applicant data is masked until a handling clerk gives a reason; each view and refusal is audited")
    func reveal() async throws {
        try await withTestApp { app in
            let receipt = try await WorkflowTests.submittedCase(app)
            let path = "/api/v1/workbench/cases/\(receipt)/reveal"
            let intake = TestBrowser(app)
            try await intake.signInAPI("mzt-intake")
            var response = try await intake.json(.POST, path, ["reason": " "])
            #expect(response.status == .badRequest && response.text.contains("请写明查看完整信息的理由"))
            // who may not: another department and the auditor (no department) see nothing; a citizen has no workbench
            let other = TestBrowser(app), auditor = TestBrowser(app), citizen = TestBrowser(app)
            try await other.signInAPI("yjj-review")
            try await auditor.signInAPI("auditor")
            try await citizen.signInAPI("13800000001")
            for client in [other, auditor] { #expect(try await client.json(.POST, path, ["reason": "核对身份"]).status == .notFound) }
            #expect(try await citizen.json(.POST, path, ["reason": "核对身份"]).status == .forbidden)
            #expect(try await TestBrowser(app).json(.POST, path, ["reason": "核对身份"]).status == .unauthorized)
            // staff of the department without a case role are refused, and the refusal is recorded
            let template = try #require(try await AccountRecord.query(on: app.db).filter(\.$login == "mzt-intake").first())
            try await AccountRecord(kind: .staff, login: "mzt-clerk", name: "民政文书", idNumber: nil, phone: nil,
                                    passwordHash: template.passwordHash, departmentCode: "MZT", roles: "auditor", vault: app.personalData).create(on: app.db)
            let clerkAccount = try #require(try await AccountRecord.query(on: app.db).filter(\.$login == "mzt-clerk").first())
            try await SecondFactors(database: app.db, masterKey: app.masterKey).seedDemo(accountID: try clerkAccount.requireID(), login: "mzt-clerk")
            let clerk = TestBrowser(app)
            try await clerk.signInAPI("mzt-clerk")
            #expect(try await clerk.json(.POST, path, ["reason": "核对身份"]).status == .forbidden)
            #expect(try await AuditRecord.query(on: app.db).filter(\.$action == "case.reveal_applicant").filter(\.$outcome == "denied").count() == 1)

            let detail = try await intake.send(.GET, "/api/v1/workbench/cases/\(receipt)").text
            #expect(detail.contains("43**************3X") && !detail.contains("43010219850612003X"))
            response = try await intake.json(.POST, path, ["reason": "核对身份证原件"])
            let revealed = try response.object()
            #expect((revealed["values"] as? [String: String])?["applicant_id_number"] == "43010219850612003X")
            #expect(revealed["applicant_name"] as? String == "张三")
            let audit = try #require(try await AuditRecord.query(on: app.db).filter(\.$action == "case.reveal_applicant")
                .filter(\.$outcome == "success").first())
            #expect(audit.action == "case.reveal_applicant" && audit.object == "case:\(receipt)" && audit.detail == "理由：核对身份证原件"
                    && audit.roles == "intake" && !audit.requestID.isEmpty)

            // the page: masked, then clear after a reason
            let browser = TestBrowser(app)
            try await browser.signIn("mzt-review")
            var page = try await browser.get("/workbench/cases/\(receipt)")
            #expect(page.text.contains("43**************3X") && page.text.contains("reveal-form"))
            page = try await browser.post("/workbench/cases/\(receipt)/reveal", form: ["reason": ""])
            #expect(page.status == .badRequest && !page.text.contains("43010219850612003X"))
            page = try await browser.post("/workbench/cases/\(receipt)/reveal", form: ["reason": "电话核实"])
            #expect(page.status == .ok && page.text.contains("43010219850612003X") && page.text.contains("本次查看已记录"))
            #expect(try await AuditRecord.query(on: app.db).filter(\.$action == "case.reveal_applicant").count() == 3)
        }
    }

    @Test("the queue comes in pages of 50, sorted and counted in the database", arguments: Backend.available)
    func pagedQueue(backend: Backend) async throws {
        try await withTestApp(backend) { app in
            app.today = { CivilDate(year: 2026, month: 6, day: 1)! }
            var receipts: [String] = []
            for _ in 0..<55 { receipts.append(try await WorkflowTests.submittedCase(app)) }
            let clerk = TestBrowser(app)
            try await clerk.signInAPI("mzt-intake")
            // accept the last one: it leaves intake's queue (waits for review) but stays in the department's
            try await WorkflowTests.act(clerk, receipts[54], ["action": "accept"])
            var queue = try await clerk.send(.GET, "/api/v1/workbench/cases").object()
            #expect(queue["total"] as? Int == 54 && queue["pages"] as? Int == 2 && (queue["items"] as? [Any])?.count == 50)
            #expect(((queue["items"] as? [[String: Any]])?.first?["receipt_number"] as? String) == receipts[0])  // oldest first
            queue = try await clerk.send(.GET, "/api/v1/workbench/cases?page=2").object()
            #expect((queue["items"] as? [Any])?.count == 4 && queue["page"] as? Int == 2)
            queue = try await clerk.send(.GET, "/api/v1/workbench/cases?page=99").object()
            #expect(queue["page"] as? Int == 2)
            // a filter that names nothing is refused, never silently ignored
            let bad = try await clerk.send(.GET, "/api/v1/workbench/cases?page=abc&level=purple")
            #expect(bad.status == .badRequest && bad.text.contains("页码须为 1 以上的整数") && bad.text.contains("预警级别须为"))
            queue = try await clerk.send(.GET, "/api/v1/workbench/cases?scope=all").object()
            #expect(queue["total"] as? Int == 55)
            // in the department's view the accepted case, with a deadline, comes before the unaccepted
            #expect(((queue["items"] as? [[String: Any]])?.first?["receipt_number"] as? String) == receipts[54])
            #expect((queue["items"] as? [[String: Any]])?.first?["remaining_text"] as? String == "剩 30 个工作日")
            queue = try await clerk.send(.GET, "/api/v1/workbench/cases?scope=all&state=%E5%B7%B2%E5%8F%97%E7%90%86").object()
            #expect(queue["total"] as? Int == 1)
            queue = try await clerk.send(.GET, "/api/v1/workbench/cases?scope=all&level=yellow").object()
            #expect(queue["total"] as? Int == 0 && (queue["counts"] as? [String: Int])?["normal"] == 55)
            let page = TestBrowser(app)
            try await page.signIn("mzt-intake")
            let html = try await page.get("/workbench?page=2").text
            #expect(html.contains("共 54 件，第 2/2 页") && html.contains("上一页"))
        }
    }
}
