import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import YiwangServer

@Suite("Assistant API")
struct AssistantAPITests {
    struct Reply: Decodable {
        struct Service: Decodable { let code: String; let name: String; let department: String; let score: Double }
        struct Citation: Decodable { let id: String; let title: String; let snippet: String; let url: String }
        let sessionId: String
        let answer: String
        let intent: String
        let services: [Service]
        let citations: [Citation]
        let handoff: Bool
        let kbVersion: String
        let model: String
    }

    func ask(_ app: Application, _ message: String, session: String? = nil) async throws -> Reply {
        var reply: Reply?
        try await app.http().test(.POST, "/api/v1/assistant/chat", beforeRequest: { req in
            var body: [String: String] = ["message": message]
            if let session { body["session_id"] = session }
            try req.content.encode(body, as: .json)
        }) { res async throws in
            #expect(res.status == .ok)
            reply = try res.json(Reply.self)
        }
        return try #require(reply)
    }

    @Test("a conversation keeps its service across turns and every turn is traceable", arguments: Backend.available)
    func conversation(backend: Backend) async throws {
        try await withTestApp(backend) { app in
            let first = try await ask(app, "拉一台大型设备走高速，车货总重超了，要办什么")
            #expect(first.services.first?.name == "公路超限运输许可")
            #expect(first.kbVersion.hasPrefix("kb-"))
            #expect(first.model == "offline-composer")
            let second = try await ask(app, "在哪申请", session: first.sessionId)
            #expect(second.sessionId == first.sessionId)
            #expect(second.intent == "location")
            #expect(second.services.first?.name == "公路超限运输许可")
            #expect(!second.citations.isEmpty)
            let turns = try await AssistantTurnRecord.query(on: app.db).filter(\.$sessionID == first.sessionId).all()
            #expect(turns.count == 2)
            #expect(turns.allSatisfy { $0.knowledgeVersion == first.kbVersion && !$0.passageIDs.isEmpty })
        }
    }

    @Test("personal data in a question is never stored in clear")
    func redactsStoredQuestion() async throws {
        try await withTestApp { app in
            let reply = try await ask(app, "我身份证号11010519491231002X，手机13812345678，身份证到期了怎么换")
            #expect(reply.services.first?.name == "居民身份证换领")
            let turn = try #require(try await AssistantTurnRecord.query(on: app.db).first())
            #expect(!turn.question.contains("11010519491231002X"))
            #expect(!turn.question.contains("13812345678"))
            #expect(turn.question.contains("［身份证号］"))
        }
    }

    @Test("bad requests get a Chinese problem and change nothing", arguments: [
        (#"{"message": ""}"#, 400, "请输入"), (#"{"message": "   "}"#, 400, "请输入"),
        (#"{}"#, 400, "请输入"), ("not json", 400, "JSON"),
        (#"{"message": "你好", "session_id": "../../etc"}"#, 400, "会话编号"),
        (#"{"message": "你好", "session_id": "no-such-session"}"#, 404, "会话不存在"),
    ])
    func badRequests(body: String, status: Int, detail: String) async throws {
        try await withTestApp(seed: false) { app in
            try await app.http().test(.POST, "/api/v1/assistant/chat", headers: ["Content-Type": "application/json"],
                                      body: ByteBuffer(string: body)) { res async throws in
                #expect(res.status.code == UInt(status))
                #expect(res.headers.contentType?.description.hasPrefix("application/problem+json") == true)
                #expect((try res.object()["detail"] as? String)?.contains(detail) == true)
            }
            #expect(try await AssistantTurnRecord.query(on: app.db).count() == 0)
        }
    }

    @Test("a message over 500 characters is refused")
    func tooLong() async throws {
        try await withTestApp(seed: false) { app in
            try await app.http().test(.POST, "/api/v1/assistant/chat", beforeRequest: { req in
                try req.content.encode(["message": String(repeating: "办", count: 501)], as: .json)
            }) { res async throws in
                #expect(res.status == .badRequest)
            }
        }
    }

    @Test("the stream sends meta, the text in pieces, then done")
    func stream() async throws {
        try await withTestApp { app in
            try await app.http().test(.GET, "/api/v1/assistant/chat/stream?message=\("驾照到期了".urlQuery)") { res async throws in
                #expect(res.status == .ok)
                #expect(res.headers.contentType?.description.hasPrefix("text/event-stream") == true)
                let events = res.text.components(separatedBy: "\n\n").filter { !$0.isEmpty }
                #expect(events.first?.hasPrefix("event: meta\ndata: ") == true)
                #expect(events.last?.hasPrefix("event: done") == true)
                let deltas = events.filter { $0.hasPrefix("event: delta") }
                #expect(deltas.count >= 2)
                let text = try deltas.map { event -> String in
                    let json = String(event.split(separator: "\n")[1].dropFirst("data: ".count))
                    return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String])["text"] ?? ""
                }.joined()
                #expect(text.contains("机动车驾驶证换证"))
                #expect(events[0].contains("\"session_id\""))
                #expect(events[0].contains("\"citations\""))
            }
            try await app.http().test(.GET, "/api/v1/assistant/chat/stream") { res async throws in
                #expect(res.status == .badRequest)
            }
        }
    }

    @Test("a message for staff is stored; bad ones are refused", arguments: Backend.available)
    func tickets(backend: Backend) async throws {
        try await withTestApp(backend, seed: false) { app in
            try await app.http().test(.POST, "/api/v1/assistant/tickets", beforeRequest: { req in
                try req.content.encode(["message": "请问我们县的高龄津贴什么时候发？", "contact": "13812345678"], as: .json)
            }) { res async throws in
                #expect(res.status == .created)
                #expect(try res.object()["status"] as? String == "待处理")
            }
            for body in [["message": "短"], ["message": "请问这个问题怎么办理呢", "contact": "12345"], [:]] {
                try await app.http().test(.POST, "/api/v1/assistant/tickets", beforeRequest: { req in
                    try req.content.encode(body, as: .json)
                }) { res async throws in
                    #expect(res.status == .badRequest)
                }
            }
            #expect(try await AssistantTicketRecord.query(on: app.db).count() == 1)
        }
    }

    @Test("the 留言 form keeps what was typed when it is refused, and thanks when it is not")
    func ticketForm() async throws {
        try await withTestApp(seed: false) { app in
            try await app.http().test(.GET, "/assistant/tickets/new") { res async throws in
                #expect(res.status == .ok)
                #expect(res.text.contains("留言给工作人员"))
            }
            let browser = TestBrowser(app)
            try await browser.get("/assistant/tickets/new")
            var res = try await browser.post("/assistant/tickets", form: ["message": "我想问一下残疾人证", "contact": "abc"])
            #expect(res.status == .badRequest)
            #expect(res.text.contains("我想问一下残疾人证"))
            #expect(res.text.contains("联系方式须为"))
            res = try await browser.post("/assistant/tickets", form: ["message": "我想问一下残疾人证", "contact": "someone@example.cn"])
            #expect(res.status == .ok)
            #expect(res.text.contains("留言已收到"))
        }
    }

    @Test("policy pages show what the assistant cites")
    func policyPage() async throws {
        try await withTestApp { app in
            try await app.http().test(.GET, "/policies/P001") { res async throws in
                #expect(res.status == .ok)
                #expect(res.text.contains("依据"))
            }
            try await app.http().test(.GET, "/policies/NOPE") { res async throws in
                #expect(res.status == .notFound)
            }
        }
    }

    @Test("suggestions as one types; bad input refused")
    func suggest() async throws {
        try await withTestApp { app in
            try await app.http().test(.GET, "/api/v1/suggest?q=\("药品".urlQuery)") { res async throws in
                let items = try #require(try res.object()["items"] as? [[String: Any]])
                #expect((items.first?["name"] as? String)?.hasPrefix("药品") == true)
                #expect(items.count <= 8)
            }
            try await app.http().test(.GET, "/api/v1/suggest?q=") { res async throws in
                #expect((try res.object()["items"] as? [Any])?.isEmpty == true)
            }
            try await app.http().test(.GET, "/api/v1/suggest?q=\(String(repeating: "药", count: 51).urlQuery)") { res async throws in
                #expect(res.status == .badRequest)
            }
        }
    }
}

@Suite("小自然 without JavaScript")
struct AssistantPageTests {
    @Test("the page answers a posted question and keeps the conversation")
    func page() async throws {
        try await withTestApp { app in
            try await app.http().test(.GET, "/assistant") { res async throws in
                #expect(res.status == .ok)
                #expect(res.text.contains(#"action="/assistant""#))
            }
            let browser = TestBrowser(app)
            try await browser.get("/assistant")
            var res = try await browser.post("/assistant", form: ["message": "我要开个早餐店卖包子，要办什么许可"])
            #expect(res.status == .ok)
            #expect(res.text.contains("食品经营许可"))
            let marker = #"name="session_id" value=""#
            let start = try #require(res.text.range(of: marker)).upperBound
            let session = String(res.text[start...].prefix(36))
            res = try await browser.post("/assistant", form: ["message": "多久能办好", "session_id": session])
            #expect(res.text.contains("食品经营许可"))
            #expect(res.text.contains("工作日"))
        }
    }

    @Test("bad or expired input comes back with the reason", arguments: [
        (["message": ""], 400, "请输入"), (["message": "你好", "session_id": "gone-session"], 404, "会话不存在"),
    ])
    func badInput(form: [String: String], status: Int, reason: String) async throws {
        try await withTestApp(seed: false) { app in
            let browser = TestBrowser(app)
            try await browser.get("/assistant")
            let res = try await browser.post("/assistant", form: form)
            #expect(res.status.code == UInt(status))
            #expect(res.text.contains(reason))
            #expect(res.text.contains(#"action="/assistant""#))
        }
    }
}
