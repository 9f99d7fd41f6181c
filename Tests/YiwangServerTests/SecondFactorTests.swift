import Fluent
import Foundation
import Testing
import Vapor
@testable import YiwangServer

@Suite("Staff second factor: TOTP at sign-in, enrollment with recovery codes, the API")
struct SecondFactorTests {
    @Test("a password alone opens nothing; a wrong code is refused; the right one opens the workbench, once", arguments: Backend.available)
    func pageFlow(backend: Backend) async throws {
        try await withTestApp(backend) { app in
            let browser = TestBrowser(app)
            try await browser.get("/login")
            var response = try await browser.post("/login", form: ["login": "mzt-intake", "password": DemoAccounts.password, "next": "/workbench"])
            #expect(response.status == .seeOther && response.headers.first(name: .location) == "/login/second-factor?next=/workbench")
            let pendingCookie = browser.cookies[SessionAuthenticator.cookieName]
            response = try await browser.get("/workbench")
            #expect(response.status == .seeOther && response.headers.first(name: .location)?.hasPrefix("/login/second-factor") == true)
            #expect(try await browser.get("/api/v1/workbench/cases").status == .unauthorized)
            response = try await browser.get("/login/second-factor?next=/workbench")
            #expect(response.status == .ok && response.text.contains("动态口令或恢复码") && !response.text.contains("totp-secret"))
            response = try await browser.post("/login/second-factor", form: ["code": "000000", "next": "/workbench"])
            #expect(response.status == .unauthorized && response.text.contains("动态口令或恢复码不正确"))
            let code = browser.secondFactorCode("mzt-intake")
            response = try await browser.post("/login/second-factor", form: ["code": code, "next": "/workbench"])
            #expect(response.status == .seeOther && response.headers.first(name: .location) == "/workbench")
            #expect(browser.cookies[SessionAuthenticator.cookieName] != pendingCookie)  // a new session id
            #expect(try await browser.get("/workbench").status == .ok)
            // the same code again, at the same moment: refused (a code is good once)
            let other = TestBrowser(app)
            try await other.get("/login")
            try await other.post("/login", form: ["login": "mzt-intake", "password": DemoAccounts.password, "next": "/workbench"])
            response = try await other.post("/login/second-factor", form: ["code": code, "next": "/workbench"])
            #expect(response.status == .unauthorized)
            let audit = try await AuditRecord.query(on: app.db).filter(\.$action == "auth.second_factor").all()
            #expect(audit.map(\.outcome).sorted() == ["denied", "denied", "success"])
            // no pending session: the page sends to sign-in
            #expect(try await TestBrowser(app).get("/login/second-factor").status == .seeOther)
        }
    }

    @Test("first sign-in enrolls: QR and secret, a code to confirm, ten recovery codes shown once, each good once")
    func enrollment() async throws {
        try await withTestApp { app in
            let template = try #require(try await AccountRecord.query(on: app.db).filter(\.$login == "yjj-review").first())
            try await AccountRecord(kind: .staff, login: "yjj-new", name: "新同事", idNumber: nil, phone: nil,
                                    passwordHash: template.passwordHash, departmentCode: "YJJ", roles: "review", vault: app.personalData).create(on: app.db)
            let browser = TestBrowser(app)
            try await browser.get("/login")
            try await browser.post("/login", form: ["login": "yjj-new", "password": DemoAccounts.password, "next": "/workbench"])
            var page = try await browser.get("/login/second-factor?next=/workbench")
            #expect(page.text.contains("id=\"totp-secret\"") && page.text.contains("<svg") && page.headers.first(name: .cacheControl) == "no-store")
            let secretText = try #require(page.text.firstMatch(of: /id="totp-secret">([A-Z2-7]+)</)?.1)
            let totp = TOTP(secret: try #require(Base32.decode(String(secretText))))
            page = try await browser.post("/login/second-factor", form: ["code": "123456", "next": "/workbench"])
            #expect(page.status == .unauthorized && page.text.contains(String(secretText)))  // still enrolling, same secret
            page = try await browser.post("/login/second-factor", form: ["code": totp.code(at: app.secondFactorTestClock.advance()), "next": "/workbench"])
            #expect(page.status == .ok && page.text.contains("只显示这一次"))
            let codes = page.text.matches(of: /<code>([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})<\/code>/).map { String($0.1) }
            #expect(codes.count == 10 && Set(codes).count == 10)
            #expect(try await browser.get("/workbench").status == .ok)
            // the secret is stored encrypted, never in clear
            let record = try #require(try await StaffSecondFactorRecord.query(on: app.db).all().first { $0.confirmedAt != nil && $0.recoveryHashes.count > 10 })
            #expect(!record.secretSealed.contains(String(secretText)) && !record.recoveryHashes.contains(codes[0]))
            // a recovery code signs in once
            for (attempt, expected) in [(1, HTTPResponseStatus.seeOther), (2, .unauthorized)] {
                let again = TestBrowser(app)
                try await again.get("/login")
                try await again.post("/login", form: ["login": "yjj-new", "password": DemoAccounts.password, "next": "/workbench"])
                let answer = try await again.post("/login/second-factor", form: ["code": codes[0].lowercased(), "next": "/workbench"])
                #expect(answer.status == expected, "attempt \(attempt)")
            }
            // the API refuses tokens to staff who have not enrolled
            try await AccountRecord(kind: .staff, login: "yjj-later", name: "后来者", idNumber: nil, phone: nil,
                                    passwordHash: template.passwordHash, departmentCode: "YJJ", roles: "review", vault: app.personalData).create(on: app.db)
            let api = try await TestBrowser(app).json(.POST, "/api/v1/auth/token", ["login": "yjj-later", "password": DemoAccounts.password, "totp": "123456"])
            #expect(api.status == .forbidden && api.text.contains("须先在网页登录并绑定动态口令"))
        }
    }

    @Test("API tokens: staff need the code; citizens do not; five wrong codes lock the account")
    func apiTokens() async throws {
        try await withTestApp { app in
            let client = TestBrowser(app)
            var response = try await client.json(.POST, "/api/v1/auth/token", ["login": "mzt-approval", "password": DemoAccounts.password])
            #expect(response.status == .unauthorized)
            #expect(try response.object()["detail"] as? String == "工作人员须同时提供动态口令（totp）")
            try await client.signInAPI("mzt-approval")
            #expect(client.bearer != nil)
            try await TestBrowser(app).signInAPI("13800000001")
            for _ in 0..<5 {
                response = try await client.json(.POST, "/api/v1/auth/token", ["login": "mzt-review", "password": DemoAccounts.password, "totp": "000000"])
                #expect(response.status == .unauthorized)
            }
            response = try await client.json(.POST, "/api/v1/auth/token",
                                             ["login": "mzt-review", "password": DemoAccounts.password, "totp": client.secondFactorCode("mzt-review")])
            #expect(response.status == .tooManyRequests)
        }
    }
}

@Suite("Lockout back-off")
struct LockoutBackoffTests {
    @Test("each lock in a row lasts twice the one before, at most a day; a day after, it starts again")
    func backoff() async throws {
        try await withTestApp(seed: false) { app in
            let throttle = LoginThrottle(database: app.db)
            let key = LoginThrottle.loginKey("mzt-intake")
            var now = Date()
            var durations: [TimeInterval] = []
            for _ in 0..<8 {
                for _ in 0..<LoginThrottle.accountLimit { try await throttle.recordFailure([(key, LoginThrottle.accountLimit)], now: now) }
                let until = try #require(try await LoginThrottleRecord.query(on: app.db).filter(\.$key == key).first()?.lockedUntil)
                durations.append(until.timeIntervalSince(now))
                await #expect(throws: ServiceError.self) { try await throttle.check([key], now: now.addingTimeInterval(1)) }
                now = until.addingTimeInterval(1)
            }
            #expect(durations.map { Int(($0 / 60).rounded()) } == [15, 30, 60, 120, 240, 480, 960, 1440])
            try await throttle.check([key], now: now)  // the last lock is over
            now = now.addingTimeInterval(LoginThrottle.backoffMemory + 60)
            for _ in 0..<LoginThrottle.accountLimit { try await throttle.recordFailure([(key, LoginThrottle.accountLimit)], now: now) }
            let until = try #require(try await LoginThrottleRecord.query(on: app.db).filter(\.$key == key).first()?.lockedUntil)
            #expect(Int((until.timeIntervalSince(now) / 60).rounded()) == 15)
        }
    }
}
