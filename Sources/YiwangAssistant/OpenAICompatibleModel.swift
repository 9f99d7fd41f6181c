import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A chat-completions endpoint in the OpenAI protocol — DeepSeek's by default
/// (`https://api.deepseek.com`, model `deepseek-chat`) — asked to stream its answer.
public struct OpenAICompatibleModel: AnswerModel {
    public let baseURL: String
    public let model: String
    public let apiKey: String?
    public let timeout: Duration
    private let client: HTTPClient

    public var name: String { model }

    public init(baseURL: String, model: String, apiKey: String?, timeout: Duration, client: HTTPClient = .shared) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.model = model
        self.apiKey = apiKey
        self.timeout = timeout
        self.client = client
    }

    public struct ProviderError: Error, CustomStringConvertible {
        public let description: String
    }

    public func phrase(_ request: PhrasingRequest) -> AsyncThrowingStream<String, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    try await stream(request) { continuation.yield($0) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    func stream(_ request: PhrasingRequest, yield: (String) -> Void) async throws {
        var http = HTTPClientRequest(url: baseURL + "/chat/completions")
        http.method = .POST
        http.headers.add(name: "Content-Type", value: "application/json")
        http.headers.add(name: "Accept", value: "text/event-stream")
        if let apiKey, !apiKey.isEmpty { http.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        let body: [String: Any] = [
            "model": model, "stream": true, "temperature": 0.2, "max_tokens": 600,
            "messages": [
                ["role": "system", "content": PhrasingRequest.systemPrompt],
                ["role": "user", "content": request.userMessage],
            ],
        ]
        http.body = .bytes(ByteBuffer(bytes: Array(try JSONSerialization.data(withJSONObject: body))))
        let deadline = NIODeadline.now() + .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000
            + Int64(timeout.components.attoseconds / 1_000_000_000))
        let response = try await client.execute(http, deadline: deadline)
        guard response.status == .ok else {
            throw ProviderError(description: "model endpoint answered \(response.status.code)")
        }
        var parser = ChatCompletionStreamParser()
        var produced = false
        for try await chunk in response.body {
            if NIODeadline.now() > deadline { throw ProviderError(description: "model endpoint timed out") }
            for piece in try parser.feed(chunk) {
                produced = true
                yield(piece)
            }
            if parser.finished { break }
        }
        for piece in try parser.finish() {
            produced = true
            yield(piece)
        }
        guard produced else { throw ProviderError(description: "model endpoint sent no text") }
    }
}

/// Reads a chat-completions answer: server-sent events (`data: {…choices[0].delta.content…}`,
/// ending with `data: [DONE]`), or one plain JSON completion when the endpoint does not stream.
struct ChatCompletionStreamParser {
    private var pending = ""
    private var plain = ""
    private var sawEvents = false
    private(set) var finished = false

    mutating func feed(_ buffer: ByteBuffer) throws -> [String] {
        pending += String(buffer: buffer)
        var pieces: [String] = []
        while let newline = pending.firstIndex(of: "\n") {
            let line = pending[..<newline].trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\r")))
            pending = String(pending[pending.index(after: newline)...])
            guard line.hasPrefix("data:") else {
                if !sawEvents { plain += line }
                continue
            }
            sawEvents = true
            let data = line.dropFirst(5).trimmingCharacters(in: .whitespaces)
            if data == "[DONE]" { finished = true; break }
            if let piece = try Self.content(of: Data(data.utf8), streaming: true), !piece.isEmpty { pieces.append(piece) }
        }
        return pieces
    }

    mutating func finish() throws -> [String] {
        guard !sawEvents else { return [] }
        let text = plain + pending
        guard let content = try Self.content(of: Data(text.utf8), streaming: false), !content.isEmpty else { return [] }
        return [content]
    }

    static func content(of data: Data, streaming: Bool) throws -> String? {
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        if let error = object["error"] as? [String: Any] {
            throw OpenAICompatibleModel.ProviderError(description: "model endpoint error: \(error["message"] ?? "")")
        }
        guard let choice = (object["choices"] as? [[String: Any]])?.first else { return nil }
        let message = choice[streaming ? "delta" : "message"] as? [String: Any]
        return message?["content"] as? String
    }
}
