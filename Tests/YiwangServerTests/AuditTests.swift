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
            let chain = AuditChain(database: app.db)
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
