import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import YiwangTestSupport
@testable import YiwangServer

@Suite("Chat with a language model configured", .serialized)
struct LanguageModelChatTests {
    /// - Parameter timeout: generous where the model should answer (tests run in parallel), short where it stalls.
    func withModel(_ mode: FakeChatCompletionsServer.Mode, timeout: Int = 10,
                   _ body: (Application, FakeChatCompletionsServer) async throws -> Void) async throws {
        let server = try await FakeChatCompletionsServer.start(mode: mode)
        do {
            try await withTestApp(adjust: { config in
                config.languageModel = .init(baseURL: server.baseURL, model: "deepseek-chat", apiKey: "sk-test", timeoutSeconds: timeout)
            }) { app in try await body(app, server) }
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test("the model phrases a grounded answer; the turn records which model answered")
    func phrased() async throws {
        try await withModel(.stream) { app, server in
            try await app.http().test(.POST, "/api/v1/assistant/chat", beforeRequest: { req in
                try req.content.encode(["message": "药品生产许可证核发要什么材料？我电话13812345678，身份证43010219850612003x，公司91430100MA4L202689"], as: .json)
            }) { res async throws in
                let body = try res.object()
                #expect(body["answer"] as? String == server.pieces.joined())
                #expect(body["model"] as? String == "deepseek-chat")
                #expect((body["citations"] as? [Any])?.isEmpty == false)
            }
            let sent = server.rawBodies.joined()
            #expect(!server.rawBodies.isEmpty)
            for number in ["13812345678", "43010219850612003", "91430100MA4L202689"] { #expect(!sent.contains(number), "\(number) went to the model") }
            let turn = try #require(try await AssistantTurnRecord.query(on: app.db).first())
            #expect(turn.model == "deepseek-chat")
        }
    }

    @Test("refusals never go to the model")
    func refusalsStayLocal() async throws {
        try await withModel(.stream) { app, server in
            try await app.http().test(.POST, "/api/v1/assistant/chat", beforeRequest: { req in
                try req.content.encode(["message": "明天长沙会下雨吗"], as: .json)
            }) { res async throws in
                #expect(try res.object()["model"] as? String == "offline-composer")
            }
            #expect(server.requests.isEmpty)
        }
    }

    @Test("a failing or stalling model falls back to the offline answer", arguments: [
        FakeChatCompletionsServer.Mode.failure, .stall,
    ])
    func fallback(mode: FakeChatCompletionsServer.Mode) async throws {
        try await withModel(mode, timeout: 1) { app, _ in
            try await app.http().test(.POST, "/api/v1/assistant/chat", beforeRequest: { req in
                try req.content.encode(["message": "驾照到期了"], as: .json)
            }) { res async throws in
                #expect(res.status == .ok)
                let body = try res.object()
                #expect(body["model"] as? String == "offline-composer")
                #expect((body["answer"] as? String)?.contains("机动车驾驶证换证") == true)
            }
        }
    }

    @Test("streaming passes the model's pieces through; a broken stream resets to the offline answer")
    func streaming() async throws {
        try await withModel(.stream) { app, server in
            try await app.http().test(.GET, "/api/v1/assistant/chat/stream?message=\("药品生产许可要多久".urlQuery)") { res async throws in
                #expect(res.text.contains(#"{"text":"您好，"}"#))
                #expect(res.text.contains(#"event: done"#))
                #expect(res.text.contains(#""model":"deepseek-chat""#))
                _ = server
            }
        }
        try await withModel(.streamThenBreak) { app, _ in
            try await app.http().test(.GET, "/api/v1/assistant/chat/stream?message=\("药品生产许可要多久".urlQuery)") { res async throws in
                #expect(res.text.contains("event: reset"))
                #expect(res.text.contains(#""model":"offline-composer""#))
                #expect(res.text.contains("药品生产许可证核发"))
            }
        }
    }
}
