import Fluent
import Foundation
import Synchronization
import Testing
import Vapor
import YiwangTestSupport
@testable import YiwangServer

@Suite("SMS outbox: delivered once, never lost — through crashes, failing gateways and parallel workers")
struct OutboxTests {
    static let secret = "test-webhook-secret-0123"

    static func queue(_ app: Application, _ count: Int = 1) async throws {
        for index in 0..<count {
            try await NotificationService(database: app.db).queueSMS(toSealed: try app.personalData.seal("1380000000\(index % 10)"), body: "【湖南政务】第 \(index) 条", key: "test-\(index)")
        }
    }

    static func message(_ app: Application) async throws -> OutboxMessageRecord {
        try #require(try await OutboxMessageRecord.query(on: app.db).first())
    }

    @Test("a failing gateway is retried with back-off until it recovers; the body is signed", arguments: Backend.available)
    func failingGateway(backend: Backend) async throws {
        let gateway = try await FakeSMSGateway.start(secret: Self.secret)
        defer { Task { await gateway.stop() } }
        try await withTestApp(backend) { app in
            try await Self.queue(app)
            let worker = OutboxWorker(database: app.db, gateway: WebhookSMSGateway(url: gateway.baseURL, secret: Self.secret, client: app.http.client.shared), vault: app.personalData)
            let start = Date()
            gateway.failNext(2)
            #expect(try await worker.runOnce(now: start) == .init(sent: 0, retried: 1, failed: 0))
            var message = try await Self.message(app)
            #expect(message.status == "pending" && message.attempts == 1 && message.lastError == "短信网关返回 HTTP 503")
            #expect(try await worker.runOnce(now: start.addingTimeInterval(5)) == .init())  // backing off (10 s)
            #expect(try await worker.runOnce(now: start.addingTimeInterval(11)) == .init(sent: 0, retried: 1, failed: 0))
            #expect(try await worker.runOnce(now: start.addingTimeInterval(25)) == .init())  // then 20 s
            #expect(try await worker.runOnce(now: start.addingTimeInterval(32)) == .init(sent: 1, retried: 0, failed: 0))
            message = try await Self.message(app)
            #expect(message.status == "sent" && message.attempts == 3 && message.providerID == "fake-1" && message.lastError == nil)
            #expect(gateway.deliveries.count == 1 && gateway.deliveries[0].body == "【湖南政务】第 0 条" && gateway.badSignatures == 0)
        }
    }

    @Test("a worker that dies after claiming, or after sending but before marking: sent after the lease with the same key, delivered once",
          arguments: [OutboxWorker.Step.claimed, .sent])
    func crash(at step: OutboxWorker.Step) async throws {
        let gateway = try await FakeSMSGateway.start(secret: Self.secret)
        defer { Task { await gateway.stop() } }
        try await withTestApp { app in
            try await Self.queue(app)
            let webhook = WebhookSMSGateway(url: gateway.baseURL, secret: Self.secret, client: app.http.client.shared)
            var dying = OutboxWorker(database: app.db, gateway: webhook, vault: app.personalData)
            dying.faults = { reached, _ in if reached == step { throw InjectedFault() } }
            let start = Date()
            await #expect(throws: InjectedFault.self) { try await dying.runOnce(now: start) }
            let sentBeforeCrash = step == .sent ? 1 : 0
            #expect(try await Self.message(app).status == "pending" && gateway.requestCount == sentBeforeCrash)
            let worker = OutboxWorker(database: app.db, gateway: webhook, vault: app.personalData)
            #expect(try await worker.runOnce(now: start.addingTimeInterval(30)) == .init())  // still leased
            #expect(try await worker.runOnce(now: start.addingTimeInterval(61)) == .init(sent: 1, retried: 0, failed: 0))
            #expect(gateway.requestCount == sentBeforeCrash + 1 && gateway.deliveries.count == 1)
            #expect(try await Self.message(app).status == "sent")
            #expect(try await worker.runOnce(now: start.addingTimeInterval(200)) == .init())  // nothing more
        }
    }

    @Test("a gateway that never answers well: failed after the last attempt, with the reason; a wrong signature is refused")
    func givesUp() async throws {
        let gateway = try await FakeSMSGateway.start(secret: Self.secret)
        defer { Task { await gateway.stop() } }
        try await withTestApp { app in
            try await Self.queue(app)
            var worker = OutboxWorker(database: app.db, gateway: WebhookSMSGateway(url: gateway.baseURL, secret: "not-the-secret-0000", client: app.http.client.shared), vault: app.personalData)
            worker.maxAttempts = 3
            var now = Date()
            for _ in 0..<3 {
                _ = try await worker.runOnce(now: now)
                now = now.addingTimeInterval(3600)
            }
            let message = try await Self.message(app)
            #expect(message.status == "failed" && message.attempts == 3 && message.lastError == "短信网关返回 HTTP 401")
            #expect(gateway.badSignatures == 3 && gateway.deliveries.isEmpty)
        }
    }

    @Test("two workers at once never send one message twice", arguments: Backend.available)
    func parallelWorkers(backend: Backend) async throws {
        let gateway = try await FakeSMSGateway.start(secret: Self.secret)
        defer { Task { await gateway.stop() } }
        try await withTestApp(backend) { app in
            try await Self.queue(app, 20)
            let webhook = WebhookSMSGateway(url: gateway.baseURL, secret: Self.secret, client: app.http.client.shared)
            var worker = OutboxWorker(database: app.db, gateway: webhook, vault: app.personalData)
            worker.batchSize = 7
            let first = worker, second = worker
            let now = Date()
            for _ in 0..<3 {
                async let a = first.runOnce(now: now)
                async let b = second.runOnce(now: now)
                _ = try await (a, b)
            }
            #expect(gateway.requestCount == 20 && gateway.deliveries.count == 20)
            #expect(try await OutboxMessageRecord.query(on: app.db).filter(\.$status == "sent").count() == 20)
        }
    }

    @Test("the log provider marks messages sent and /dev/sms shows them with their links, on this machine only")
    func logProvider() async throws {
        try await withTestApp { app in
            try await NotificationService(database: app.db).queueSMS(toSealed: try app.personalData.seal("13800000001"), body: "【湖南政务】电子证照：http://127.0.0.1:8080/c/AbCdEfGh", key: "k-1")
            #expect(try await OutboxWorker(database: app.db, gateway: LogSMSGateway(logger: app.logger), vault: app.personalData).runOnce().sent == 1)
            #expect(try await Self.message(app).providerID == "log-k-1")
            #expect(DevSMSPage.link(in: "电子证照：http://127.0.0.1:8080/c/AbCdEfGh，请查收") == "http://127.0.0.1:8080/c/AbCdEfGh")
        }
    }
}

@Suite("Rate limits on the assistant and SMS codes")
struct RateLimitTests {
    @Test("a window's budget, then 429 with Retry-After until the window passes")
    func budget() {
        let limit = RateLimitMiddleware(name: "test", limit: 3, per: 60)
        let start = Date()
        #expect((0..<3).map { _ in limit.take("10.0.0.1", now: start) } == [nil, nil, nil])
        #expect(limit.take("10.0.0.1", now: start.addingTimeInterval(10)) == 50)
        #expect(limit.take("10.0.0.2", now: start.addingTimeInterval(10)) == nil)  // another address
        #expect(limit.take("10.0.0.1", now: start.addingTimeInterval(61)) == nil)
    }

    @Test("the 31st question in a minute from one address is refused in Chinese")
    func assistant() async throws {
        try await withTestApp { app in
            let start = Date()
            app.rateLimits.assistant.setClock { start }  // all 31 in the same minute, however slow the machine
            let client = TestBrowser(app)
            for _ in 0..<30 {
                let response = try await client.json(.POST, "/api/v1/assistant/chat", ["message": "怎么提取公积金"])
                #expect(response.status == .ok)
            }
            let refused = try await client.json(.POST, "/api/v1/assistant/chat", ["message": "怎么提取公积金"])
            #expect(refused.status == .tooManyRequests && refused.headers.first(name: .retryAfter) != nil)
            #expect(try refused.object()["detail"] as? String == "请求过于频繁，请 \(refused.headers.first(name: .retryAfter) ?? "") 秒后再试")
        }
    }
}
