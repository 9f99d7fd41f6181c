import Fluent
import Foundation
import Testing
import Vapor
@testable import YiwangServer

@Suite("小自然's answers: feedback, the review queue, curated answers, the figures")
struct AnswerReviewTests {
    @Test("👎 with a comment sends an answer to review; the reviewer's answer is given from then on and the KB version moves")
    func reviewLoop() async throws {
        try await withTestApp { app in
            let asker = TestBrowser(app)
            let question = "退休了医保卡怎么办？"
            var reply = try await asker.json(.POST, "/api/v1/assistant/chat", ["message": question]).object()
            let session = try #require(reply["session_id"] as? String)
            let turn = try #require(reply["turn_id"] as? String)
            let version = try #require(reply["kb_version"] as? String)
            let path = "/api/v1/assistant/turns/\(turn)/feedback"
            // bad input, someone else's conversation, an unknown answer
            #expect(try await asker.json(.POST, path, ["session_id": session, "rating": "meh"]).status == .badRequest)
            #expect(try await asker.json(.POST, path, ["session_id": "someone-else", "rating": "down"]).status == .notFound)
            #expect(try await asker.json(.POST, "/api/v1/assistant/turns/\(UUID())/feedback", ["session_id": session, "rating": "down"]).status == .notFound)
            #expect(try await asker.json(.POST, path, ["session_id": session, "rating": "down", "comment": String(repeating: "长", count: 501)]).status == .badRequest)
            let rated = try await asker.json(.POST, path, ["session_id": session, "rating": "down", "comment": "没说清楚，我电话13800000001"])
            #expect(rated.status == .noContent)
            let stored = try #require(try await AssistantTurnRecord.find(UUID(uuidString: turn), on: app.db))
            #expect(stored.rating == "down" && stored.feedbackComment?.contains("13800000001") == false)
            #expect(stored.provider == "offline" && stored.retrieval?.contains("\"kind\":\"service\"") == true && stored.retrieval?.contains("\"score\"") == true)

            // who may review: not citizens, not the auditor, not anonymous
            let citizen = TestBrowser(app), auditor = TestBrowser(app)
            try await citizen.signInAPI("13800000001")
            try await auditor.signInAPI("auditor")
            #expect(try await citizen.send(.GET, "/api/v1/assistant/review").status == .forbidden)
            #expect(try await auditor.send(.GET, "/api/v1/assistant/review").status == .forbidden)
            #expect(try await TestBrowser(app).send(.GET, "/api/v1/assistant/review").status == .unauthorized)
            let reviewer = TestBrowser(app)
            try await reviewer.signIn("admin")
            let queue = try await reviewer.send(.GET, "/api/v1/assistant/review").object()
            let items = try #require(queue["items"] as? [[String: Any]])
            #expect(items.contains { $0["id"] as? String == turn.uppercased() || $0["id"] as? String == turn })
            #expect((queue["figures"] as? [String: Any])?["backlog"] as? Int ?? 0 >= 1)
            // a bad answer (personal data in it) is refused; a good one is kept and used
            #expect(try await reviewer.get("/assistant/review").status == .ok)
            var page = try await reviewer.post("/assistant/review/\(turn)/curate", form: ["answer": "请致电 13800000001"])
            #expect(page.status == .badRequest, "\(page.status) \(page.text.prefix(300))")
            #expect(page.status == .badRequest && page.text.contains("不能包含身份证号"))
            let curated = "退休后医保关系转入退休人员医保，医保卡继续使用，无需重新办理；可在湘医保小程序查询缴费和待遇。"
            page = try await reviewer.post("/assistant/review/\(turn)/curate", form: ["answer": curated])
            #expect(page.status == .ok && page.text.contains("已保存人工审核答案"))
            #expect(try await reviewer.post("/assistant/review/\(turn)/curate", form: ["answer": curated]).status == .conflict)
            #expect(try await AuditRecord.query(on: app.db).filter(\.$action == "assistant.curate").count() == 1)
            // the same question, asked a little differently, now gets the reviewer's answer
            reply = try await TestBrowser(app).json(.POST, "/api/v1/assistant/chat", ["message": "退休了 医保卡怎么办"]).object()
            #expect(reply["answer"] as? String == curated && reply["model"] as? String == "curated")
            #expect(reply["kb_version"] as? String == version + "+c1")
            let figures = try await reviewer.send(.GET, "/api/v1/assistant/review").object()["figures"] as? [String: Any]
            #expect(figures?["curated"] as? Int == 1 && figures?["rated"] as? Int == 1 && figures?["helpful_rate"] as? Double == 0)
        }
    }
}
