import Foundation
import Testing
import YiwangAssistant
import YiwangDomain
import YiwangTestSupport

@Suite("OpenAI-compatible model client, against a local server speaking the protocol", .serialized)
struct OpenAICompatibleModelTests {
    static let passage = KnowledgePassage(
        id: "HN-YJJ-001#materials", section: .materials, serviceCodes: ["HN-YJJ-001"], title: "药品生产许可证核发 · 申请材料",
        text: "1. 药品生产许可证申请表", url: "/services/HN-YJJ-001#materials", source: nil
    )
    static let request = PhrasingRequest(
        question: "我身份证11010519491231002X，电话13812345678，药厂要准备什么材料", draft: "需要准备申请表。", passages: [passage]
    )

    func model(_ server: FakeChatCompletionsServer, timeout: Duration = .seconds(5)) -> OpenAICompatibleModel {
        OpenAICompatibleModel(baseURL: server.baseURL, model: "deepseek-chat", apiKey: "sk-test", timeout: timeout)
    }

    @Test("a streamed answer arrives piece by piece; the request carries nothing personal")
    func streams() async throws {
        let server = try await FakeChatCompletionsServer.start(mode: .stream)
        var pieces: [String] = []
        for try await piece in model(server).phrase(Self.request) { pieces.append(piece) }
        #expect(pieces == server.pieces)
        let body = try #require(server.requests.first)
        #expect(body["model"] as? String == "deepseek-chat")
        #expect(body["stream"] as? Bool == true)
        let messages = try #require(body["messages"] as? [[String: String]])
        #expect(messages.map { $0["role"] } == ["system", "user"])
        #expect(messages[1]["content"]?.contains("药品生产许可证申请表") == true)
        let raw = server.rawBodies.joined()
        #expect(!raw.contains("11010519491231002X"))
        #expect(!raw.contains("13812345678"))
        #expect(server.requestHeaders.first?.first(name: "Authorization") == "Bearer sk-test")
        await server.stop()
    }

    @Test("a plain JSON completion is read too")
    func plain() async throws {
        let server = try await FakeChatCompletionsServer.start(mode: .plain)
        let text = await ModelPhrasing.collect(model(server), Self.request, timeout: .seconds(5))
        #expect(text == server.pieces.joined())
        await server.stop()
    }

    @Test("an error, a broken stream or a stall gives nil, so the offline answer stands", arguments: [
        FakeChatCompletionsServer.Mode.failure, .streamThenBreak, .stall,
    ])
    func failures(mode: FakeChatCompletionsServer.Mode) async throws {
        let server = try await FakeChatCompletionsServer.start(mode: mode)
        let start = ContinuousClock.now
        let text = await ModelPhrasing.collect(model(server, timeout: .seconds(1)), Self.request, timeout: .seconds(1))
        #expect(text == nil)
        #expect(ContinuousClock.now - start < .seconds(4))
        await server.stop()
    }

    @Test("nothing listening is a failure, not a hang")
    func unreachable() async {
        let model = OpenAICompatibleModel(baseURL: "http://127.0.0.1:1", model: "m", apiKey: nil, timeout: .seconds(1))
        #expect(await ModelPhrasing.collect(model, Self.request, timeout: .seconds(2)) == nil)
    }
}
