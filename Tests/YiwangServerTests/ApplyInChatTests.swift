import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import YiwangServer
import YiwangDomain

/// 边聊边办: an application filled in through the assistant lands in the same draft as the form.
@Suite("Applying in conversation")
struct ApplyInChatTests {
    struct Reply: Decodable {
        struct Action: Decodable { let type: String; let url: String }
        let sessionId: String
        let answer: String
        let intent: String
        let actions: [Action]
    }

    func say(_ client: TestBrowser, _ message: String, _ session: String?) async throws -> Reply {
        var body = ["message": message]
        if let session { body["session_id"] = session }
        let response = try await client.json(.POST, "/api/v1/assistant/chat", body)
        #expect(response.status == .ok, "\(response.text)")
        return try response.json(Reply.self)
    }

    @Test("ask, start, answer field by field with checks and offers, end with a summary and the form link",
          arguments: Backend.available)
    func conversation(backend: Backend) async throws {
        try await withTestApp(backend) { app in
            let client = TestBrowser(app)
            try await client.signIn("13800000001")
            var reply = try await say(client, "我爸85岁了能领什么补贴", nil)
            #expect(reply.answer.contains("高龄津贴"))
            #expect(reply.actions.contains { $0.type == "apply" && $0.url == "/services/HN-MZT-002/apply" })
            let session = reply.sessionId
            reply = try await say(client, "我要申请高龄津贴申领", session)
            #expect(reply.intent == "apply")
            #expect(reply.answer.contains("老年人姓名"))
            reply = try await say(client, "张德明", session)
            #expect(reply.answer.contains("已记下老年人姓名：张德明"))
            #expect(reply.answer.contains("老年人身份证号码"))
            reply = try await say(client, "430104194105200018", session)
            #expect(reply.answer.contains("校验位不正确"))
            reply = try await say(client, "430104194105200017", session)
            #expect(reply.answer.contains("43**************17"))
            #expect(!reply.answer.contains("430104194105200017"))
            #expect(reply.answer.contains("联系电话") && reply.answer.contains("138****0001"))
            reply = try await say(client, "是", session)  // the account's number, offered
            #expect(reply.answer.contains("户籍所在地"))
            reply = try await say(client, "广东省广州市", session)
            #expect(reply.answer.contains("湖南省内"))
            for answer in ["湖南省长沙市芙蓉区", "是", "1", "社会保障卡", "长沙银行", "6222000011112222"] {
                reply = try await say(client, answer, session)
            }
            #expect(reply.answer.contains("申请表已填好"))
            #expect(reply.answer.contains("还需要上传：高龄津贴申请表"))
            let form = try #require(reply.actions.first { $0.type == "form" })
            // the form page shows the same draft
            let page = try await client.get(form.url)
            #expect(page.status == .ok)
            #expect(page.text.contains("张德明") && page.text.contains("缺少材料：高龄津贴申请表"))
            let draft = try #require(try await ApplicationDraftRecord.query(on: app.db).first())
            let values = try app.personalData.openForm(draft.formValues)
            #expect(values["applicant_id_number"] == "430104194105200017")
            #expect(values["apply_mode"] == "本人申请")
            #expect(values["applicant_phone"] == "13800000001")
            // the stored trace keeps no number in clear
            let turns = try await AssistantTurnRecord.query(on: app.db).all()
            #expect(!turns.contains { $0.question.contains("430104194105200017") || $0.answer.contains("430104194105200017") })
        }
    }

    @Test("not signed in: asked to sign in first; another person cannot continue someone's application")
    func access() async throws {
        try await withTestApp { app in
            let anonymous = TestBrowser(app)
            try await anonymous.get("/")
            var reply = try await say(anonymous, "我要申请高龄津贴申领", nil)
            #expect(reply.answer.contains("请先登录"))
            #expect(reply.actions.first?.type == "login")
            #expect(try await ApplicationDraftRecord.query(on: app.db).count() == 0)
            let owner = TestBrowser(app)
            try await owner.signIn("13800000001")
            reply = try await say(owner, "我要申请高龄津贴申领", nil)
            let other = TestBrowser(app)
            try await other.signIn("13800000002")
            let stolen = try await say(other, "李四", reply.sessionId)
            #expect(stolen.answer.contains("需要由发起人登录"))
            let values = try app.personalData.openForm(try #require(try await ApplicationDraftRecord.query(on: app.db).first()).formValues)
            #expect(values["applicant_name"] == nil)
            // and the owner can pause
            reply = try await say(owner, "退出申报", reply.sessionId)
            #expect(reply.answer.contains("已暂停申报"))
        }
    }

    @Test("a 一件事 in conversation: the situation first, then the one merged form, into the same application the page shows",
          arguments: Backend.available)
    func bundleConversation(backend: Backend) async throws {
        try await withTestApp(backend) { app in
            app.today = { CivilDate(year: 2026, month: 12, day: 7)! }
            let client = TestBrowser(app)
            try await client.signIn("13800000001")
            var reply = try await say(client, "孩子刚出生要办哪些手续", nil)
            #expect(reply.actions.first?.url == "/bundles/HN-YJS-001")
            let session = reply.sessionId
            reply = try await say(client, "我要申请", session)
            #expect(reply.intent == "apply")
            #expect(reply.answer.contains("新生儿出生一件事") && reply.answer.contains("孩子是在医疗机构内出生的吗"))
            reply = try await say(client, "随便", session)
            #expect(reply.answer.contains("请回复选项前的数字"))
            reply = try await say(client, "1", session)
            #expect(reply.answer.contains("父母是否已登记结婚"))
            reply = try await say(client, "已登记结婚", session)
            reply = try await say(client, "暂不需要", session)
            #expect(reply.answer.contains("需要办理的事项已确定"))
            let form = try #require(reply.actions.first { $0.type == "form" })
            #expect(form.url.hasPrefix("/bundle-applications/"))
            let application = try #require(try await BundleApplicationRecord.query(on: app.db).first())
            #expect(application.situation == ["birth_place": "医疗机构内", "parents_marriage": "已登记结婚", "social_security_card": "暂不需要"])
            // fields one by one, checked across the components; a wrong date is named, a right one kept
            var answered = 0
            while !reply.answer.contains("请告诉我出生日期"), answered < 12 {
                let answer = reply.answer.contains("用这个请回复") ? "是" : reply.answer.contains("可选：") ? "1"
                    : reply.answer.contains("身份证") ? "430102198703150027" : "王小宝"
                reply = try await say(client, answer, session)
                answered += 1
            }
            #expect(reply.answer.contains("请告诉我出生日期"))
            reply = try await say(client, "2027-01-01", session)
            #expect(!reply.answer.contains("已记下出生日期") && reply.answer.contains("晚于"))
            reply = try await say(client, "2026-11-30", session)
            #expect(reply.answer.contains("已记下出生日期：2026-11-30"))
            reply = try await say(client, "退出申报", session)
            #expect(reply.answer.contains("已暂停"))
            // the page shows what the conversation filled
            let page = try await client.get(form.url)
            #expect(page.status == .ok && page.text.contains("2026-11-30"))
        }
    }
}
