import AsyncHTTPClient
import Crypto
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import YiwangDomain

/// One SMS to deliver. The idempotency key is the outbox message's: a gateway that sees a key twice
/// (a worker died between sending and marking) delivers once.
struct SMSMessage: Sendable {
    let to: String
    let body: String
    let idempotencyKey: String
}

/// Where SMS go: a provider behind a protocol, so the platform does not depend on one vendor.
protocol SMSGateway: Sendable {
    /// `log` or `webhook`.
    var name: String { get }
    /// Delivers the message; returns the provider's id for it. Throws when the gateway refuses or fails.
    func send(_ message: SMSMessage) async throws -> String
}

/// The default: writes a line to the log (number masked, body not logged, since it may hold a
/// code) and leaves the text to `/dev/sms`.
struct LogSMSGateway: SMSGateway {
    let logger: Logger
    var name: String { "log" }

    func send(_ message: SMSMessage) async throws -> String {
        logger.info("sms (log provider)", metadata: ["to": .string(Masking.phone(message.to)), "key": .string(message.idempotencyKey)])
        return "log-" + message.idempotencyKey
    }
}

/// A generic HTTP gateway (`YIWANG_SMS_WEBHOOK_URL`): POSTs `{"to", "body", "idempotency_key"}` as
/// JSON, with `Idempotency-Key` and `X-Yiwang-Signature: sha256=<hex HMAC-SHA256 of the body>`
/// (keyed with `YIWANG_SMS_WEBHOOK_SECRET`) so the gateway can tell the platform sent it. A 2xx
/// answer (optionally `{"id": "…"}`) is delivery; anything else is retried by the outbox worker.
struct WebhookSMSGateway: SMSGateway {
    let url: String
    let secret: String
    let client: HTTPClient
    var timeout: TimeAmount = .seconds(10)
    var name: String { "webhook" }

    struct Body: Encodable {
        let to: String
        let body: String
        let idempotencyKey: String
        enum CodingKeys: String, CodingKey { case to, body, idempotencyKey = "idempotency_key" }
    }

    struct Refused: Error, CustomStringConvertible {
        let status: UInt
        var description: String { "短信网关返回 HTTP \(status)" }
    }

    static func signature(of body: Data, secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + Data(mac).map { String(format: "%02x", $0) }.joined()
    }

    func send(_ message: SMSMessage) async throws -> String {
        let body = try JSONEncoder().encode(Body(to: message.to, body: message.body, idempotencyKey: message.idempotencyKey))
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        request.headers.add(name: "Idempotency-Key", value: message.idempotencyKey)
        request.headers.add(name: "X-Yiwang-Signature", value: Self.signature(of: body, secret: secret))
        request.body = .bytes(ByteBuffer(data: body))
        let response = try await client.execute(request, timeout: timeout)
        let answer = try await response.body.collect(upTo: 64 * 1024)
        guard (200..<300).contains(response.status.code) else { throw Refused(status: response.status.code) }
        struct Answer: Decodable { let id: String? }
        let id = (try? JSONDecoder().decode(Answer.self, from: Data(buffer: answer)))?.id
        return id ?? message.idempotencyKey
    }
}
