import Fluent
import Foundation
import Logging
import SQLKit
import Synchronization
import Testing
import Vapor
@testable import YiwangServer

/// Every log line at every level, kept for scanning.
final class CapturedLog: Sendable {
    private let lines = Mutex<[String]>([])

    var all: [String] { lines.withLock { $0 } }

    func handler(label: String) -> some LogHandler { Handler(label: label, log: self) }

    func append(_ line: String) { lines.withLock { $0.append(line) } }

    struct Handler: LogHandler {
        let label: String
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { _, new in new }
            log.append("\(event.level) \(event.message) \(all.map { "\($0.key)=\($0.value)" }.joined(separator: " "))")
        }
    }
}

@Suite("Personal data: no clear ID or mobile number in any log line, staff-facing answer or database column")
struct PersonalDataScanTests {
    /// The demo people's numbers.
    static let numbers = ["43010219850612003X", "430104198803080049", "430104194105200017", "430104194603010021",
                          "430102196403050017", "13800000001", "13800000002", "13800000003", "13800000004",
                          "430102198709150028"]  // the last: 张三's wife, in the marriage registry's stand-in

    /// The demo people's numbers in every form they could leak in: as stored, lower-case, full-width,
    /// and spaced or dashed as people type them.
    static let secrets: [String] = numbers.flatMap { number -> [String] in
        let fullWidth = String(number.unicodeScalars.map { scalar -> Character in
            let value = scalar.value
            return Character(Unicode.Scalar((0x30...0x39).contains(value) || (0x41...0x5A).contains(value) ? value + 0xFEE0 : value)!)
        })
        let chunks = number.count == 18 ? [6, 8, 4] : [3, 4, 4]
        var parts: [String] = [], rest = Substring(number)
        for size in chunks { parts.append(String(rest.prefix(size))); rest = rest.dropFirst(size) }
        return [number, number.lowercased(), fullWidth, parts.joined(separator: " "), parts.joined(separator: "-")]
    }

    @Test("a day's work — sign-ins, an application, 补正, 一键核验, a certificate, SMS delivery, questions with numbers in them",
          arguments: Backend.available)
    func scan(_ backend: Backend) async throws {
        try await withTestApp(backend) { app in
            // the platform's own handler chain, writing into memory instead of standard output
            #expect(YiwangRuntime.logHandler(label: "x", config: AppConfig(), toStandardError: true) is PersonalDataLogHandler)
            let log = CapturedLog()
            app.logger = Logger(label: "scan") { PersonalDataLogHandler(wrapping: log.handler(label: $0)) }
            app.logger.logLevel = .trace
            var staffAnswers: [String] = []

            // citizens: wrong passwords with phone logins — as typed, full-width — then the assistant,
            // told numbers it must not keep, in every form
            _ = try await TestBrowser(app).json(.POST, "/api/v1/auth/token", ["login": "13800000001", "password": "wrong-password-1"])
            _ = try await TestBrowser(app).json(.POST, "/api/v1/auth/token", ["login": "１３８００００００２", "password": "wrong-password-1"])
            let citizen = TestBrowser(app)
            try await citizen.signInAPI("13800000001")
            let chat = try await citizen.json(.POST, "/api/v1/assistant/chat",
                                              ["message": "我的身份证号43010219850612003X，电话13800000001，怎么办社保卡"])
            staffAnswers.append(chat.text)  // the assistant's answer is kept and shown to reviewers
            for message in ["我的手机号是１３８００００００２，身份证４３０１０４１９８８０３０８００４９", "身份证 430102 19850612 003X，电话 138-0000-0001"] {
                let turn = try await citizen.json(.POST, "/api/v1/assistant/chat", ["message": message])
                staffAnswers.append(turn.text)
                let answer = try turn.object()
                let turnID = try #require(answer["turn_id"] as? String), session = try #require(answer["session_id"] as? String)
                let rated = try await citizen.json(.POST, "/api/v1/assistant/turns/\(turnID)/feedback",
                                                   ["session_id": session, "rating": "down", "comment": "我的电话是１３８ ００００ ０００１，请回电"])
                #expect(rated.status == .noContent, "\(rated.text)")
            }
            let reviewer = TestBrowser(app)
            try await reviewer.signInAPI("mzt-review")
            staffAnswers.append(try await reviewer.send(.GET, "/api/v1/assistant/review").text)  // questions and comments as reviewers read them
            let ticket = try await citizen.json(.POST, "/api/v1/assistant/tickets",
                                                ["message": "我的身份证号430104198803080049，社保卡办不了", "contact": "13800000002"])
            #expect(ticket.status == .ok || ticket.status == .created, "\(ticket.text)")
            // a case through the workbench, with 一键核验, 补正 and a look at the queue and the case
            let receipt = try await WorkflowTests.submittedCase(app)
            let intake = TestBrowser(app), review = TestBrowser(app)
            try await intake.signInAPI("mzt-intake")
            try await review.signInAPI("mzt-review")
            staffAnswers.append(try await intake.send(.POST, "/api/v1/workbench/cases/\(receipt)/verification").text)
            staffAnswers.append(try await WorkflowTests.act(intake, receipt, ["action": "accept"]).text)
            staffAnswers.append(try await review.send(.GET, "/api/v1/workbench/cases?scope=all").text)
            staffAnswers.append(try await review.send(.GET, "/api/v1/workbench/cases/\(receipt)").text)
            staffAnswers.append(try await WorkflowTests.act(review, receipt, ["action": "start_review"]).text)
            staffAnswers.append(try await WorkflowTests.act(review, receipt, ["action": "request_supplement", "opinion": "请补充收入证明"]).text)
            let page = TestBrowser(app)
            try await page.signIn("mzt-review")
            staffAnswers.append(try await page.get("/workbench/cases/\(receipt)").text)
            // a certificate, seen by its department's staff and by anyone verifying it
            let number = try await CertificateTests.grantedLicence(app)
            staffAnswers.append(try await intake.send(.GET, "/api/v1/certificates/\(number)/verification").text)
            // 政策找人: the day's matching, an objection with numbers in it, the clerk's desk
            _ = try await PolicyMatching(platform: app.platform()).run()
            let elder = TestBrowser(app)
            try await elder.signIn(DemoAccounts.elderLogin)
            let benefit = try #require(try await EntitlementRecord.query(on: app.db).filter(\.$policyID == "HN-ZC-001").first()).requireID()
            try await elder.get("/me/benefits/\(benefit)")
            try await elder.post("/me/benefits/\(benefit)/objection", form: [
                "kind": "not_wanted", "statement": "电话 138 0000 0004，我老伴身份证 430102198709150028"])
            let objection = try #require(try await ObjectionRecord.query(on: app.db).first()).requireID()
            staffAnswers.append(try await page.get("/workbench/objections").text)
            staffAnswers.append(try await page.get("/workbench/objections/\(objection)").text)
            // 张三's newborn form, pre-filled with his wife's ID number from the registry: sealed in the draft
            let father = TestBrowser(app)
            try await father.signIn("13800000001")
            try await father.post("/bundles/HN-YJS-001/apply", form: BundleApplicationTests.answers)
            // every queued SMS goes out through the log provider
            _ = try await OutboxWorker(database: app.db, gateway: LogSMSGateway(logger: app.logger), vault: app.personalData).runOnce()

            let lines = log.all
            #expect(lines.count > 50)  // the scan saw the day's logging
            for secret in Self.secrets {
                let leaks = lines.filter { $0.contains(secret) }
                #expect(leaks.isEmpty, "\(secret) in the log: \(leaks.prefix(3))")
                let answers = staffAnswers.filter { $0.contains(secret) }
                #expect(answers.isEmpty, "\(secret) in a staff-facing answer: \(answers.map { $0.prefix(200) })")
            }
            // and the question the model would have seen, as stored for review, is redacted
            let stored = try await AssistantTurnRecord.query(on: app.db).all().map(\.question).joined()
            #expect(!Self.secrets.contains { stored.contains($0) })

            // at rest: not one column of one row of any table holds a number in clear
            let texts = try await Self.everyStoredText(app, backend: backend)
            #expect(texts.count > 500)  // the scan read the day's data
            for secret in Self.secrets {
                let found = texts.filter { $0.value.contains(secret) }
                #expect(found.isEmpty, "\(secret) stored in clear: \(found.prefix(3).map { "\($0.table): \($0.value.prefix(120))" })")
            }
            // yet everything still works from the sealed data: the holder sees their own numbers
            let me = try await citizen.send(.GET, "/api/v1/me").text
            #expect(me.contains("138****0001") && !me.contains("13800000001"))
            // and a handling clerk who gives a reason reads the application's ID number from the sealed case
            let revealed = try await review.json(.POST, "/api/v1/workbench/cases/\(receipt)/reveal", ["reason": "核对申请人身份"]).text
            #expect(revealed.contains("43010219850612003X"), "\(revealed.prefix(300))")
        }
    }

    /// Every value of every table that reads as text, as the database holds it.
    static func everyStoredText(_ app: Application, backend: Backend) async throws -> [(table: String, value: String)] {
        let sql = try #require(app.db as? any SQLDatabase)
        let tables = try await (backend == .postgres
            ? sql.raw("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()")
            : sql.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")).all()
            .map { try $0.decode(column: "name", as: String.self) }
        #expect(tables.contains("accounts") && tables.contains("cases"))
        var texts: [(String, String)] = []
        for table in tables {
            for row in try await sql.raw("SELECT * FROM \(ident: table)").all() {
                for column in row.allColumns {
                    if let text = try? row.decode(column: column, as: String.self) { texts.append((table, text)) }
                }
            }
        }
        return texts
    }
}
