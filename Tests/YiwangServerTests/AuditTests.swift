import Crypto
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
@testable import YiwangServer

@Suite("Audit: append-only, hash-chained, every sign-in recorded, the auditor's page and export")
struct AuditTests {
    @Test("the database refuses UPDATE and DELETE of audit records; the chain verifies and names the first changed record",
          arguments: Backend.available)
    func chain(backend: Backend) async throws {
        try await withTestApp(backend) { app in
            // three sign-ins: two good, one bad (recorded, masked)
            try await TestBrowser(app).signInAPI("13800000001")
            try await TestBrowser(app).signInAPI("mzt-intake")
            let bad = try await TestBrowser(app).json(.POST, "/api/v1/auth/token", ["login": "13800000002", "password": "wrong-password"])
            #expect(bad.status == .unauthorized)
            let logins = try await AuditRecord.query(on: app.db).filter(\.$action == "auth.login").sort(\.$at).all()
            #expect(logins.map(\.outcome) == ["success", "success", "denied"])
            #expect(logins[2].object == "login:138****0002" && logins[1].roles == "intake" && logins[0].actorName == "张*")
            let chain = AuditChain(database: app.db, keys: app.auditKeys)
            let written = try await AuditRecord.query(on: app.db).count()  // the sign-ins and the staff member's second factor
            #expect(written == 4)
            #expect(try await chain.seal() == written)
            #expect(try await chain.seal() == 0)
            var report = try await chain.verify()
            #expect(report.length == written && report.problem == nil)
            // the database itself refuses changes
            let sql = try #require(app.db as? any SQLDatabase)
            await #expect(throws: (any Error).self) { try await sql.raw("UPDATE audit_records SET outcome = 'success'").run() }
            await #expect(throws: (any Error).self) { try await sql.raw("DELETE FROM audit_records").run() }
            await #expect(throws: (any Error).self) { try await sql.raw("DELETE FROM audit_chain").run() }
            #expect(try await AuditRecord.query(on: app.db).count() == written)
            // someone with the database owner's rights drops the trigger and edits a record: verify names it
            // the failed sign-in is the one someone would like to erase
            let failed = try #require(logins.last?.id)
            let link = try #require(try await AuditChainRecord.query(on: app.db).filter(\.$recordID == failed).first())
            if backend == .postgres {
                try await sql.raw("ALTER TABLE audit_records DISABLE TRIGGER audit_records_append_only").run()
            } else {
                try await sql.raw("DROP TRIGGER audit_records_no_update").run()
            }
            try await sql.raw("UPDATE audit_records SET outcome = 'success' WHERE id = \(bind: failed)").run()
            report = try await chain.verify()
            #expect(report.problem == "第 \(link.id ?? 0) 条审计记录（\(failed)）的内容已被修改")
        }
    }

    /// Drops the append-only triggers, as someone with the database owner's rights could.
    static func dropTriggers(_ sql: any SQLDatabase, backend: Backend) async throws {
        for table in CreateAuditChain.tables {
            if backend == .postgres {
                try await sql.raw("ALTER TABLE \(ident: table) DISABLE TRIGGER \(ident: table + "_append_only")").run()
            } else {
                for event in ["update", "delete"] { try await sql.raw("DROP TRIGGER IF EXISTS \(ident: table + "_no_" + event)").run() }
            }
        }
    }

    @Test("an insider's three attacks are caught: a backdated record inserted, a record edited and the chain recomputed, the chain's tail cut",
          arguments: Backend.available)
    func insiderAttacks(backend: Backend) async throws {
        try await withTestApp(backend) { app in
            try await TestBrowser(app).signInAPI("13800000001")
            try await TestBrowser(app).signInAPI("mzt-intake")
            let chain = AuditChain(database: app.db, keys: app.auditKeys)
            try await chain.seal()
            let sql = try app.db.sql()
            #expect(try await chain.verify().problem == nil)
            let head = try #require(try await chain.publishHead())
            #expect(try await chain.check(head) == nil)

            // 1. triggers intact: a backdated case.reveal_applicant record inserted with SQL is not the
            //    platform's — not linked into the chain, and named by verify
            let forged = UUID()
            let tenDaysAgo = Date().addingTimeInterval(-10 * 86_400)
            try await sql.raw("""
                INSERT INTO audit_records (id, at, actor_id, actor_name, roles, action, object, outcome, ip, request_id, detail, mac)
                VALUES (\(bind: forged), \(bind: tenDaysAgo), NULL, '民政审查员（审查）', 'review', 'case.reveal_applicant',
                        'case:43000020261130000001', 'success', '10.0.0.9', 'r-1', '理由：核对', 'mac1:00')
                """).run()
            #expect(try await chain.seal() == 0)
            let inserted = try await chain.verify()
            #expect(inserted.problem?.contains("不是平台写入的") == true && inserted.problem?.contains(forged.uuidString) == true,
                    "\(inserted.problem ?? "")")
            try await Self.dropTriggers(sql, backend: backend)
            try await sql.raw("DELETE FROM audit_records WHERE id = \(bind: forged)").run()
            #expect(try await chain.verify().problem == nil)

            // 2. triggers dropped: a record edited and the chain recomputed from there with SHA-256 — the
            //    record's MAC, and the recomputed links' MACs, give it away
            let links = try await AuditChainRecord.query(on: app.db).sort(\.$id).all()
            let target = try #require(links.last)
            try await sql.raw("UPDATE audit_records SET ip = '127.0.0.2' WHERE id = \(bind: target.recordID)").run()
            let edited = try #require(try await AuditRecord.find(target.recordID, on: app.db))
            let content = AuditChain.contentHash(edited)
            let rehashed = AuditChain.link(previous: target.prevHash, content: content)
            try await sql.raw("UPDATE audit_chain SET content_hash = \(bind: content), hash = \(bind: rehashed) WHERE seq = \(bind: target.id)").run()
            let recomputed = try await chain.verify()
            #expect(recomputed.problem?.contains("认证码不符") == true, "\(recomputed.problem ?? "")")

            // 3. the tail cut: the chain left is whole in itself, but shorter than the published head
            try await sql.raw("DELETE FROM audit_chain WHERE seq = \(bind: target.id)").run()
            try await sql.raw("DELETE FROM audit_records WHERE id = \(bind: target.recordID)").run()
            #expect(try await chain.verify().problem == nil)
            let cut = try await chain.check(head)
            #expect(cut?.contains("短于") == true, "\(cut ?? "")")
            // and a head not signed by the platform is refused
            let fake = AuditHead(size: head.size, hash: head.hash, at: head.at, signature: Data(repeating: 1, count: 64).base64EncodedString())
            #expect(try await chain.check(fake)?.contains("签名无效") == true)
        }
    }

    @Test("times never go back along the chain: a record the platform wrote, but backdated beyond the lateness, is named")
    func backdated() async throws {
        try await withTestApp { app in
            let keys = try #require(app.auditKeys)
            let chain = AuditChain(database: app.db, keys: keys)
            let context = AuditContext.system("test")
            try await AuditLog(context: context, database: app.db, keys: keys).record("test.first", object: "x")
            try await chain.seal()
            // even with the key — an insider in the application — a record dated a day earlier is out of order
            let record = AuditRecord()
            record.id = UUID()
            record.at = Date().addingTimeInterval(-86_400)
            record.actorName = "系统"; record.roles = ""; record.action = "test.backdated"; record.object = "x"
            record.outcome = "success"; record.ip = "local"; record.requestID = "test"
            record.mac = keys.mac(AuditChain.canonicalContent(record))
            try await record.create(on: app.db)
            try await chain.seal()
            let report = try await chain.verify()
            #expect(report.problem?.contains("倒签") == true, "\(report.problem ?? "")")
        }
    }

    @Test("the signed head is published at /api/v1/audit/head and checks against the chain")
    func publishedHead() async throws {
        try await withTestApp { app in
            #expect(try await TestBrowser(app).send(.GET, "/api/v1/audit/head").status == .notFound)
            try await TestBrowser(app).signInAPI("13800000001")
            let chain = AuditChain(database: app.db, keys: app.auditKeys)
            try await chain.seal()
            try await chain.publishHead()
            let published = try await TestBrowser(app).send(.GET, "/api/v1/audit/head").object()
            let size = try #require(published["size"] as? Int)
            #expect(size >= 1 && published["algorithm"] as? String == "ES256")
            let publicKey = try #require(published["public_key"] as? String), at = try #require(published["at"] as? String)
            let hash = try #require(published["hash"] as? String), signature = try #require(published["signature"] as? String)
            let key = try P256.Signing.PublicKey(rawRepresentation: try #require(Data(base64Encoded: publicKey)))
            let head = AuditHead(size: size, hash: hash, at: try #require(ISO8601DateFormatter().date(from: at)), signature: signature)
            #expect(head.isSigned(by: key))
        }
    }

    @Test("every write and every audited read leaves one record: done, refused, or rejected as bad input", arguments: Backend.available)
    func everyWrite(backend: Backend) async throws {
        try await withTestApp(backend) { app in
            func records(_ id: String) async throws -> [AuditRecord] {
                try await AuditRecord.query(on: app.db).filter(\.$requestID == id).all()
            }
            let citizen = TestBrowser(app)
            try await citizen.signInAPI("13800000001")
            // done: a draft started
            let started = try await citizen.json(.POST, "/api/v1/services/HN-MZT-002/applications", [String: String](),
                                                 headers: ["X-Request-Id": "write-started-1"])
            #expect(started.status == .created || started.status == .ok)
            let draftID = try #require(try started.object()["id"] as? String)
            var found = try await records("write-started-1")
            #expect(found.count == 1 && found.first?.action == "POST /api/v1/services/:code/applications")
            #expect(found.first?.object == "code=HN-MZT-002" && found.first?.outcome == "success" && found.first?.actorName == "张*")
            // rejected: a value of the wrong shape
            let bad = try await citizen.send(.PUT, "/api/v1/applications/\(draftID)", headers: ["X-Request-Id": "write-bad-1", "Content-Type": "application/json"],
                                             body: ByteBuffer(string: #"{"values": 5}"#))
            #expect(bad.status == .badRequest)
            found = try await records("write-bad-1")
            #expect(found.count == 1 && found.first?.outcome == "failed" && found.first?.detail == "HTTP 400")
            #expect(found.first?.object == "id=\(draftID)")
            // refused: a citizen at the workbench
            let refused = try await citizen.json(.POST, "/api/v1/workbench/cases/HN-X/actions", ["action": "accept"],
                                                 headers: ["X-Request-Id": "write-refused-1"])
            #expect(refused.status == .forbidden)
            found = try await records("write-refused-1")
            #expect(found.count == 1 && found.first?.outcome == "denied" && found.first?.roles == "citizen",
                    "\(found.map { "\($0.action) \($0.outcome) \($0.roles) \($0.detail ?? "")" })")
            // a sign-in writes its own, fuller record, and no second one
            let signIn = try await TestBrowser(app).json(.POST, "/api/v1/auth/token", ["login": "13800000002", "password": DemoAccounts.password],
                                                         headers: ["X-Request-Id": "write-signin-1"])
            #expect(signIn.status == .ok)
            #expect(try await records("write-signin-1").map(\.action) == ["auth.login"])
            // an audited read: a case file opened by its department, and tried by another
            let receipt = try await WorkflowTests.submittedCase(app)
            let clerk = TestBrowser(app), otherClerk = TestBrowser(app)
            try await clerk.signInAPI("mzt-intake")
            try await otherClerk.signInAPI("yjj-intake")
            #expect(try await clerk.send(.GET, "/api/v1/workbench/cases/\(receipt)", headers: ["X-Request-Id": "read-case-1"]).status == .ok)
            #expect(try await otherClerk.send(.GET, "/api/v1/workbench/cases/\(receipt)", headers: ["X-Request-Id": "read-case-2"]).status == .notFound)
            found = try await records("read-case-1")
            #expect(found.count == 1 && found.first?.action == "GET /api/v1/workbench/cases/:receipt" && found.first?.object == "receipt=\(receipt)")
            #expect(found.first?.outcome == "success" && found.first?.roles == "intake")
            #expect(try await records("read-case-2").first?.outcome == "denied")
            // an ordinary read leaves none
            #expect(try await clerk.send(.GET, "/api/v1/workbench/cases", headers: ["X-Request-Id": "read-queue-1"]).status == .ok)
            #expect(try await records("read-queue-1").isEmpty)
            // the auditor sees all three outcomes, in Chinese
            let auditor = TestBrowser(app)
            try await auditor.signIn("auditor")
            let page = try await auditor.get("/audit?outcome=failed")
            #expect(page.status == .ok && page.text.contains("失败") && page.text.contains("PUT /api/v1/applications/:id"))
        }
    }

    @Test("the auditor filters and exports; nobody else may", arguments: Backend.available)
    func auditorPage(backend: Backend) async throws {
        try await withTestApp(backend) { app in
            let receipt = try await WorkflowTests.submittedCase(app)
            let clerk = TestBrowser(app)
            try await clerk.signInAPI("mzt-intake")
            try await clerk.json(.POST, "/api/v1/workbench/cases/\(receipt)/reveal", ["reason": "核对身份"])
            let auditor = TestBrowser(app)
            try await auditor.signIn("auditor")
            var page = try await auditor.get("/audit?action=case.reveal")
            #expect(page.status == .ok && page.text.contains("case:\(receipt)") && page.text.contains("哈希链完整"))
            #expect(!page.text.contains("auth.login</td>"))
            #expect(try await auditor.get("/audit?from=2026-13-01").status == .badRequest)
            let csv = try await auditor.get("/audit/export.csv?action=case.reveal")
            #expect(csv.status == .ok && csv.headers.contentType?.subType == "csv")
            #expect(csv.text.contains("理由：核对身份") && csv.text.hasPrefix("\u{FEFF}时间,操作人"))
            #expect(try await AuditRecord.query(on: app.db).filter(\.$action == "audit.export").count() == 1)
            for login in ["mzt-intake", "admin", "13800000001"] {
                let other = TestBrowser(app)
                try await other.signIn(login)
                #expect(try await other.get("/audit").status == .forbidden)
                #expect(try await other.get("/audit/export.csv").status == .forbidden)
            }
            page = try await TestBrowser(app).get("/audit")
            #expect(page.status == .seeOther)
        }
    }
}
