import Foundation
import Vapor
import YiwangAssistant

/// `yiwang eval assistant` and `yiwang ask`: the assistant from the command line.
public enum AssistantTasks {
    /// Runs the evaluation file against the demo catalog in a scratch database; returns the report.
    public static func evaluate(file: String) async throws -> AssistantEvaluation.Report {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw CatalogTaskError("无法读取文件 \(file)")
        }
        let conversations = try AssistantEvaluation.parse(text)
        return try await Benchmarks.withScratchApplication(seed: true) { app in
            let assistant = try await app.search.snapshot(on: app.db).assistant
            return AssistantEvaluation.run(conversations, assistant: assistant)
        }
    }

    /// Answers one question against the configured database (seeded if empty), in the
    /// conversation `sessionID` when given; returns the session to continue with.
    public static func ask(config: AppConfig, question: String, sessionID: String?) async throws
        -> (sessionID: String, reply: AssistantReply) {
        try await YiwangRuntime.withApplication(config: config) { app in
            var chat = ChatService(platform: app.platform(), user: nil)
            chat.appliesInChat = false
            let turn = try await chat.converse(sessionID: sessionID, message: question)
            return (turn.sessionID, turn.reply)
        }
    }
}
