import Foundation
import Synchronization
import Vapor

/// A local HTTP server that speaks the OpenAI chat-completions protocol (as DeepSeek does), for
/// testing the real client: it streams server-sent events, answers plain JSON, fails, or stalls,
/// and keeps every request body it received.
public final class FakeChatCompletionsServer: Sendable {
    public enum Mode: String, Sendable {
        case stream, plain, failure, stall, streamThenBreak
    }

    private struct State {
        var port = 0
        var stopped = false
        var bodies: [String] = []
        var headers: [HTTPHeaders] = []
    }

    public let app: Application
    private let state = Mutex(State())
    public let pieces = ["您好，", "办理药品生产许可证", "需要准备申请材料。"]

    public var port: Int { state.withLock { $0.port } }
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    private init(app: Application) { self.app = app }

    public static func start(mode: Mode) async throws -> FakeChatCompletionsServer {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .critical
        let server = FakeChatCompletionsServer(app: app)
        app.post("chat", "completions") { req async throws -> Response in
            try await server.answer(req, mode: mode)
        }
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        guard let port = app.http.server.shared.localAddress?.port else { throw Abort(.internalServerError) }
        server.state.withLock { $0.port = port }
        return server
    }

    /// Stops the server; a second call does nothing.
    public func stop() async {
        let first = state.withLock { state -> Bool in
            defer { state.stopped = true }
            return !state.stopped
        }
        guard first else { return }
        await app.server.shutdown()
        try? await app.asyncShutdown()
    }

    /// The JSON bodies received, in order.
    public var requests: [[String: Any]] {
        state.withLock { $0.bodies }.compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    /// Everything received, as text, for checking that nothing personal left the platform.
    public var rawBodies: [String] { state.withLock { $0.bodies } }
    public var requestHeaders: [HTTPHeaders] { state.withLock { $0.headers } }

    func answer(_ req: Request, mode: Mode) async throws -> Response {
        let body = req.body.string ?? ""
        state.withLock {
            $0.bodies.append(body)
            $0.headers.append(req.headers)
        }
        switch mode {
        case .failure:
            return Response(status: .internalServerError, body: .init(string: #"{"error":{"message":"overloaded"}}"#))
        case .stall:
            try await Task.sleep(for: .seconds(5))
            return Response(status: .ok)
        case .plain:
            let body = ["choices": [["index": 0, "message": ["role": "assistant", "content": pieces.joined()]]]]
            let response = Response(status: .ok, body: .init(data: try JSONSerialization.data(withJSONObject: body)))
            response.headers.contentType = .json
            return response
        case .stream, .streamThenBreak:
            let pieces = self.pieces
            let response = Response(status: .ok, body: .init(asyncStream: { writer in
                for (index, piece) in pieces.enumerated() {
                    if mode == .streamThenBreak && index == 2 {
                        try await writer.write(.buffer(ByteBuffer(string: "data: {\"error\":{\"message\":\"broken\"}}\n\n")))
                        try await writer.write(.end)
                        return
                    }
                    let chunk = ["choices": [["index": 0, "delta": ["content": piece]]]]
                    let data = String(decoding: try JSONSerialization.data(withJSONObject: chunk), as: UTF8.self)
                    try await writer.write(.buffer(ByteBuffer(string: "data: \(data)\n\n")))
                }
                try await writer.write(.buffer(ByteBuffer(string: "data: [DONE]\n\n")))
                try await writer.write(.end)
            }))
            response.headers.contentType = HTTPMediaType(type: "text", subType: "event-stream")
            return response
        }
    }
}
