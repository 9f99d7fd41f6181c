import Foundation
import Synchronization
import Vapor

/// A local HTTP server that speaks the platform's SMS webhook protocol as a provider would: it
/// checks the HMAC signature, delivers each idempotency key once (a repeat answers with the first
/// id), and can be told to fail the next N requests — for testing the real webhook client and the
/// outbox worker against a gateway that fails and recovers.
public final class FakeSMSGateway: Sendable {
    public struct Delivery: Sendable, Equatable {
        public let key: String
        public let to: String
        public let body: String
    }

    private struct State {
        var port = 0
        var failures = 0
        var requests = 0
        var badSignatures = 0
        var deliveries: [Delivery] = []
    }

    public let app: Application
    public let secret: String
    private let state = Mutex(State())

    public var baseURL: String { "http://127.0.0.1:\(state.withLock { $0.port })/sms" }
    /// Requests received, repeats and failures included.
    public var requestCount: Int { state.withLock { $0.requests } }
    /// Messages delivered: one per idempotency key.
    public var deliveries: [Delivery] { state.withLock { $0.deliveries } }
    public var badSignatures: Int { state.withLock { $0.badSignatures } }

    private init(app: Application, secret: String) { self.app = app; self.secret = secret }

    /// Answers 503 to the next `count` requests.
    public func failNext(_ count: Int) { state.withLock { $0.failures = count } }

    public static func start(secret: String) async throws -> FakeSMSGateway {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .critical
        let gateway = FakeSMSGateway(app: app, secret: secret)
        app.post("sms") { req async throws -> Response in gateway.receive(req) }
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        guard let port = app.http.server.shared.localAddress?.port else { throw Abort(.internalServerError) }
        gateway.state.withLock { $0.port = port }
        return gateway
    }

    public func stop() async {
        await app.server.shutdown()
        try? await app.asyncShutdown()
    }

    private func receive(_ req: Request) -> Response {
        let body = req.body.data.map { Data(buffer: $0) } ?? Data()
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        let expected = "sha256=" + Data(mac).map { String(format: "%02x", $0) }.joined()
        return state.withLock { state -> Response in
            state.requests += 1
            guard req.headers.first(name: "X-Yiwang-Signature") == expected else {
                state.badSignatures += 1
                return Response(status: .unauthorized)
            }
            if state.failures > 0 {
                state.failures -= 1
                return Response(status: .serviceUnavailable)
            }
            guard let json = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
                  let key = req.headers.first(name: "Idempotency-Key"), key == json["idempotency_key"] as? String,
                  let to = json["to"] as? String, let text = json["body"] as? String else { return Response(status: .badRequest) }
            if !state.deliveries.contains(where: { $0.key == key }) {
                state.deliveries.append(Delivery(key: key, to: to, body: text))
            }
            let index = state.deliveries.firstIndex { $0.key == key } ?? 0
            return Response(status: .ok, body: .init(string: #"{"id":"fake-\#(index + 1)"}"#))
        }
    }
}
