import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import YiwangDomain
@testable import YiwangServer

@Suite("Accounts, sessions and CSRF")
struct AccountTests {
    /// The code in the latest SMS queued for a number.
    static func latestCode(_ app: Application, phone: String) async throws -> String {
        let messages = try await OutboxMessageRecord.query(on: app.db).sort(\.$createdAt, .descending).all()
        let message = try #require(try messages.first { try app.personalData.open($0.recipient) == phone })
        return String(message.body.filter(\.isNumber).prefix(6))
    }

    @Test("registration checks ID and phone, needs the SMS code, and never stores or returns numbers in clear")
    func register() async throws {
        try await withTestApp { app in
            let client = TestBrowser(app)
            // bad input, each with its own message
            var response = try await client.json(.POST, "/api/v1/auth/codes", ["phone": "12345"])
            #expect(response.status == .badRequest)
            response = try await client.json(.POST, "/api/v1/auth/codes", ["phone": "13912345678"])
            #expect(response.status == .accepted)
            response = try await client.json(.POST, "/api/v1/auth/codes", ["phone": "13912345678"])
            #expect(response.status == .tooManyRequests)  // one code a minute
            let code = try await Self.latestCode(app, phone: "13912345678")
            let good = ["name": "王小明", "id_number": "430104194105200017", "phone": "13912345678", "code": code,
                        "password": "correct horse", "password_confirm": "correct horse"]
            var form = good
            form["id_number"] = "430104198803080048"
            response = try await client.json(.POST, "/api/v1/auth/register", form)
            #expect(response.status == .badRequest)
            let errors = try #require(try response.object()["errors"] as? [[String: String]])
            #expect(errors.contains { $0["field"] == "id_number" && $0["message"]!.contains("校验位") })
            form = good
            form["password"] = "12345678"; form["password_confirm"] = "12345678"
            response = try await client.json(.POST, "/api/v1/auth/register", form)
            #expect(try response.object()["detail"] as? String == "这个密码太常见，容易被猜中，请换一个")
            form = good
            form["code"] = "000000" == code ? "111111" : "000000"
            response = try await client.json(.POST, "/api/v1/auth/register", form)
            #expect(try response.object()["detail"] as? String == "验证码不正确")
            // someone without the code learns nothing of which numbers are registered
            form = good
            form["id_number"] = "430104198803080049"  // 李四's, a demo account
            form["code"] = "000000" == code ? "111111" : "000000"
            response = try await client.json(.POST, "/api/v1/auth/register", form)
            #expect(try response.object()["detail"] as? String == "验证码不正确")
            // with the code: one answer, whether the ID or the mobile number is the registered one
            form["code"] = code
            response = try await client.json(.POST, "/api/v1/auth/register", form)
            #expect(try response.object()["detail"] as? String == AccountService.alreadyRegistered)
            #expect(try await AccountRecord.find(login: "13912345678", vault: app.personalData, on: app.db) == nil)
            form = good
            response = try await client.json(.POST, "/api/v1/auth/register", form)
            #expect(response.status == .created)
            let me = try response.object()
            #expect(me["id_number"] as? String == "43**************17")
            #expect(me["phone"] as? String == "139****5678")
            let account = try #require(try await AccountRecord.find(login: "13912345678", vault: app.personalData, on: app.db))
            #expect(account.passwordHash.hasPrefix("$2"))
            try await client.signInAPI("13912345678", password: "correct horse")
            response = try await client.send(.GET, "/api/v1/me")
            #expect(try response.object()["name"] as? String == "王小明")
        }
    }

    @Test("five wrong passwords lock the account for a while, even against the right one")
    func throttling() async throws {
        try await withTestApp { app in
            let client = TestBrowser(app)
            for _ in 0..<5 {
                let response = try await client.json(.POST, "/api/v1/auth/token", ["login": "13800000001", "password": "wrong-password"])
                #expect(response.status == .unauthorized)
                #expect(try response.object()["detail"] as? String == "账号或密码不正确")
            }
            let locked = try await client.json(.POST, "/api/v1/auth/token", ["login": "13800000001", "password": DemoAccounts.password])
            #expect(locked.status == .tooManyRequests)
            let unknown = try await client.json(.POST, "/api/v1/auth/token", ["login": "13999999999", "password": "whatever-1"])
            #expect(try unknown.object()["detail"] as? String == "账号或密码不正确")  // unknown login: the same answer
            // what is stored as a citizen's login is an index, not something to sign in with
            let index = app.personalData.index("13800000002", as: .login)
            let byIndex = try await TestBrowser(app).json(.POST, "/api/v1/auth/token", ["login": index, "password": DemoAccounts.password])
            #expect(byIndex.status == .unauthorized)
            // the lock is the account's: the same person by ID number is locked too
            let sameByID = try await TestBrowser(app).json(.POST, "/api/v1/auth/token", ["login": "43010219850612003X", "password": DemoAccounts.password])
            #expect(sameByID.status == .tooManyRequests)
            #expect(sameByID.headers.first(name: .retryAfter).flatMap(Int.init).map { (800...900).contains($0) } == true)
            // the ID number works as a login, like the mobile number — full-width and spaced as well
            let byID = try await TestBrowser(app).json(.POST, "/api/v1/auth/token", ["login": "430104198803080049", "password": DemoAccounts.password])
            #expect(byID.status == .ok)
            let fullWidth = try await TestBrowser(app).json(.POST, "/api/v1/auth/token", ["login": "４３０１０４ １９８８０３０８ ００４９", "password": DemoAccounts.password])
            #expect(fullWidth.status == .ok)
        }
    }

    @Test("registration is throttled per address")
    func registrationThrottle() async throws {
        try await withTestApp { app in
            let client = TestBrowser(app)
            var statuses: [HTTPResponseStatus] = []
            for index in 0..<25 {
                let form = ["name": "王小明", "id_number": "430104194105200017", "phone": "139123456\(10 + index)", "code": "123456",
                            "password": "correct horse", "password_confirm": "correct horse"]
                statuses.append(try await client.json(.POST, "/api/v1/auth/register", form).status)
            }
            #expect(statuses.prefix(20).allSatisfy { $0 == .badRequest })
            #expect(statuses.suffix(5).allSatisfy { $0 == .tooManyRequests })
        }
    }

    @Test("names as the ID card has them: 张三, 王一博, 张万里, 阿依古丽·买买提 register; digits and symbols do not")
    func realNames() throws {
        for name in ["张三", "李四", "赵六", "王一博", "张万里", "欧阳万千", "阿依古丽·买买提", "阿依古丽•买买提", "Mary Li", "单于十一"] {
            #expect(throws: Never.self) { try PersonName(name) }
        }
        for name in ["张3", "张@三", "·张三", "张三·", "张··三", "张", "Robert'); DROP", String(repeating: "张", count: 31), "张 三"] {
            #expect(throws: PersonName.Problem.self, "\(name)") { try PersonName(name) }
        }
        #expect(try PersonName("阿依古丽•买买提").value == "阿依古丽·买买提")
    }

    @Test("sign-in gives a new session id; sign-out and idle timeout end it")
    func sessions() async throws {
        try await withTestApp { app in
            let client = TestBrowser(app)
            try await client.get("/login")
            let before = client.cookies[SessionAuthenticator.cookieName]
            try await client.signIn("13800000001")
            let session = try #require(client.cookies[SessionAuthenticator.cookieName])
            #expect(session != before)
            #expect(try await client.get("/me").status == .ok)
            // idle for 31 minutes: the session is over
            try await SessionRecord.query(on: app.db).set(\.$lastSeenAt, to: Date().addingTimeInterval(-31 * 60)).update()
            let expired = try await client.get("/me")
            #expect(expired.status == .seeOther)
            #expect(expired.headers.first(name: .location)?.contains("expired=1") == true)
            #expect(client.cookies[SessionAuthenticator.cookieName] == nil)
            // the API says so in words
            try await client.signIn("13800000001")
            try await SessionRecord.query(on: app.db).set(\.$lastSeenAt, to: Date().addingTimeInterval(-31 * 60)).update()
            let api = try await client.send(.GET, "/api/v1/applications")
            #expect(api.status == .unauthorized)
            #expect(try api.object()["detail"] as? String == "登录已超时，请重新登录")
            try await client.signIn("13800000001")
            try await client.post("/logout", form: [:])
            #expect(try await SessionRecord.query(on: app.db).filter(\.$kind == .web).count() == 0)
            #expect(try await client.get("/me").status == .seeOther)
        }
    }

    @Test("state-changing requests without the CSRF token are refused")
    func csrf() async throws {
        try await withTestApp { app in
            let client = TestBrowser(app)
            try await client.get("/assistant/tickets/new")
            let anonymous = try await client.post("/assistant/tickets", form: ["message": "你好，请问如何办理？"], withToken: false)
            #expect(anonymous.status == .forbidden)
            #expect(anonymous.body.string.contains("页面已过期"))
            try await client.signIn("13800000001")
            #expect(try await client.post("/logout", form: [:], withToken: false).status == .forbidden)
            let noHeader = try await client.send(.POST, "/api/v1/services/HN-MZT-002/applications")
            #expect(noHeader.status == .forbidden)
            #expect(try await client.json(.POST, "/api/v1/services/HN-MZT-002/applications", [String: String]()).status == .created)
        }
    }

    @Test("who may not apply: nobody signed in, staff")
    func whoMayNotApply() async throws {
        try await withTestApp { app in
            let anonymous = TestBrowser(app)
            let response = try await anonymous.json(.POST, "/api/v1/services/HN-MZT-002/applications", [String: String]())
            #expect(response.status == .unauthorized)
            #expect(try await anonymous.get("/services/HN-MZT-002/apply").headers.first(name: .location)?.hasPrefix("/login?next=") == true)
            let staff = TestBrowser(app)
            try await staff.signInAPI("mzt-intake")
            #expect(try await staff.json(.POST, "/api/v1/services/HN-MZT-002/applications", [String: String]()).status == .forbidden)
            #expect(try await staff.send(.GET, "/api/v1/cases").status == .forbidden)
        }
    }
}

@Suite("Acting for a company")
struct EnterpriseAgentTests {
    @Test("registering a company: a wrong code names the field; one already registered is a 409 conflict; nothing is written")
    func registeringCompanies() async throws {
        try await withTestApp { app in
            let citizen = TestBrowser(app)
            try await citizen.signIn("13800000001")
            try await citizen.get("/account")
            let before = try await EnterpriseRecord.query(on: app.db).count()
            var response = try await citizen.post("/account/enterprises", form: ["uscc": "91430100MA4L202688", "name": "湖南测试有限公司"])
            #expect(response.status == .badRequest && response.text.contains("校验位不正确"))
            response = try await citizen.post("/account/enterprises", form: ["uscc": "91430100MA4L202689", "name": "湖南湘江制药有限公司"])
            #expect(response.status == .conflict && response.text.contains("该企业已登记"))
            #expect(try await EnterpriseRecord.query(on: app.db).count() == before)
        }
    }

    @Test("the legal representative authorises an 经办人, who may then act for the company; nobody else may")
    func agents() async throws {
        try await withTestApp { app in
            let company = try #require(try await EnterpriseRecord.query(on: app.db).first())
            let id = company.id!.uuidString
            let representative = TestBrowser(app)
            try await representative.signIn("13800000002")
            try await representative.get("/account")
            var response = try await representative.post("/account/enterprises/\(id)/agents", form: ["phone": "13912340000"])
            #expect(response.status == .notFound)
            #expect(response.text.contains("该手机号尚未注册市民账号"))
            response = try await representative.post("/account/enterprises/\(id)/agents", form: ["phone": "13800000001"])
            #expect(response.status == .seeOther)
            #expect(try await representative.get("/account").text.contains("张*"))
            let agent = TestBrowser(app)
            try await agent.signIn("13800000001")
            try await agent.get("/account")
            #expect(try await agent.post("/account/acting", form: ["enterprise_id": id]).status == .seeOther)
            #expect(try await agent.get("/account").text.contains("代表 湖南湘江制药有限公司"))
            // an 经办人 cannot authorise others, nor withdraw anyone
            #expect(try await agent.post("/account/enterprises/\(id)/agents", form: ["phone": "13800000002"]).status == .notFound)
            let agentID = try #require(try await AccountRecord.find(login: "13800000001", vault: app.personalData, on: app.db)?.id)
            // withdrawn: the agent's sessions stop acting for the company
            response = try await representative.post("/account/enterprises/\(id)/agents/\(agentID)/delete", form: [:])
            #expect(response.status == .seeOther)
            #expect(try await SessionRecord.query(on: app.db).filter(\.$enterpriseID == company.id!).count() == 0)
            #expect(try await agent.post("/account/acting", form: ["enterprise_id": id]).status == .notFound)
        }
    }
}
