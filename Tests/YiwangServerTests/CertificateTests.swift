import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import YiwangDomain
@testable import YiwangServer

@Suite("E-certificates: issuing, sealing, verifying, wallet, sharing, revocation, reminders")
struct CertificateTests {
    static let values = [
        "enterprise_name": "湖南湘江制药有限公司", "uscc": "91430100MA4L202689", "legal_representative": "李四",
        "contact_name": "李四", "contact_phone": "13800000002", "enterprise_address": "湖南省长沙市岳麓区麓谷大道 1 号",
        "applicant_category": "A类：自行生产的药品上市许可持有人", "production_area": "湖南省长沙市岳麓区",
        "production_address": "湖南省长沙市岳麓区麓谷大道 1 号 2 栋", "production_scope": "片剂、硬胶囊剂",
        "quality_authorized_person": "王五",
    ]

    /// 李四's 药品生产许可证核发 for 湘江制药, taken through 受理, 审查 and 准予许可 by 药监 staff; the certificate number.
    static func grantedLicence(_ app: Application) async throws -> String {
        let company = try #require(try await EnterpriseRecord.query(on: app.db).filter(\.$uscc == "91430100MA4L202689").first())
        let receipt = try await WorkflowTests.submittedCase(app, login: "13800000002", service: "HN-YJJ-001", name: "药品生产许可证核发",
                                                            department: "YJJ", values: values, enterpriseID: company.id)
        let intake = TestBrowser(app), review = TestBrowser(app), approval = TestBrowser(app)
        try await intake.signInAPI("yjj-intake")
        try await review.signInAPI("yjj-review")
        try await approval.signInAPI("yjj-approval")
        try await WorkflowTests.act(intake, receipt, ["action": "accept"])
        try await WorkflowTests.act(review, receipt, ["action": "start_review"])
        try await WorkflowTests.act(review, receipt, ["action": "pass_review"])
        let granted = try await WorkflowTests.act(approval, receipt, ["action": "grant", "opinion": "符合《药品管理法》第四十二条"])
        #expect(granted.status == .ok, "\(granted.text.prefix(300))")
        return try #require(try await CertificateRecord.query(on: app.db).first()?.number)
    }

    @Test("a grant issues a sealed certificate: signed with the department's key, told by SMS with a short link",
          arguments: Backend.available)
    func issuing(backend: Backend) async throws {
        try await withTestApp(backend) { app in
            app.today = { CivilDate(year: 2026, month: 11, day: 30)! }
            let number = try await Self.grantedLicence(app)
            #expect(number == "HN-YJJ-2026-000001")
            let record = try #require(try await CertificateRecord.query(on: app.db).first())
            #expect(record.validUntil == "2031-11-29" && record.holderName == "湖南湘江制药有限公司")
            #expect(try record.holderID(app.personalData) == "91430100MA4L202689")
            // the JWS: ES256 with the department's key id; the payload is the VC document
            let parts = try #require(CompactJWS.parse(try record.jws(app.personalData)))
            #expect(parts.header.alg == "ES256" && parts.header.kid == record.kid && record.kid.hasPrefix("YJJ-"))
            let document = try JSONDecoder().decode(CertificateDocument.self, from: parts.payload)
            #expect(document.type == ["VerifiableCredential", "ElectronicLicence"] && document.issuer.name == "湖南省药品监督管理局")
            #expect(document.credentialSubject.claims.contains { $0.label == "生产范围（剂型、品种）" && $0.value == "片剂、硬胶囊剂" })
            #expect(document.credentialStatus.id.hasSuffix("/api/v1/certificates/\(number)/verification"))
            let jwks = try await TestBrowser(app).send(.GET, "/.well-known/jwks.json").object()
            let keys = try #require(jwks["keys"] as? [[String: Any]])
            #expect(keys.contains { $0["kid"] as? String == record.kid && $0["crv"] as? String == "P-256" && $0["alg"] as? String == "ES256" })
            // the timeline and the SMS with its short link
            #expect(try await CaseEventRecord.query(on: app.db).filter(\.$action == "签发电子证照").count() == 1)
            let sms = try #require(try await OutboxMessageRecord.query(on: app.db).filter(\.$body ~~ "电子证照").first())
            #expect(sms.body.hasPrefix("【湖南政务】您申请的药品生产许可证核发已办结，电子证照：http://127.0.0.1:8080/c/"))
            // the certificate reached the applicant with the grant: the case is 办结, as the SMS says, in every channel
            let decided = try #require(try await CaseRecord.query(on: app.db).first())
            #expect(decided.state == .closed)
            let steps = try await CaseEventRecord.query(on: app.db).sort(\.$at).all().map(\.action)
            #expect(Array(steps.suffix(3)) == ["准予许可", "签发电子证照", "办结"])
            let holder = TestBrowser(app)
            try await holder.signIn("13800000002")
            #expect(try await holder.get("/cases/\(decided.receiptNumber)").text.contains("已办结"))
            let code = String(sms.body.suffix(8))
            let follow = try await TestBrowser(app).send(.GET, "/c/\(code)")
            #expect(follow.status == .seeOther && follow.headers.first(name: .location) == "/certificates/\(number)")
            #expect(try await TestBrowser(app).send(.GET, "/c/nothere1").status == .notFound)
            #expect(try await TestBrowser(app).send(.GET, "/c/abc").status == .notFound)
        }
    }

    @Test("verification: 有效, then 已被篡改 when the record is changed, 已注销 with the reason, 已过期 after valid-until")
    func verification() async throws {
        try await withTestApp { app in
            app.today = { CivilDate(year: 2026, month: 11, day: 30)! }
            let number = try await Self.grantedLicence(app)
            let anyone = TestBrowser(app)
            var result = try await anyone.send(.GET, "/api/v1/certificates/\(number)/verification").object()
            #expect(result["status"] as? String == "valid" && result["issuer"] as? String == "湖南省药品监督管理局")
            var page = try await anyone.get("/verify/\(number)")
            #expect(page.status == .ok && page.text.contains("有效"))
            // a company's credit code is public and shown whole, so a verifier can match the licence
            #expect(result["holder_id"] as? String == "91430100MA4L202689" && page.text.contains("91430100MA4L202689"))
            #expect(try await anyone.send(.GET, "/api/v1/certificates/HN-YJJ-2026-999999/verification").status == .notFound)
            #expect(try await anyone.send(.GET, "/api/v1/certificates/%27%20OR%201=1/verification").status == .notFound)
            #expect(try await anyone.get("/verify/not-a-number").status == .notFound)
            // someone changes the scope in the database: the seal no longer matches
            let record = try #require(try await CertificateRecord.query(on: app.db).first())
            let vault = app.personalData
            let claims = record.sealedClaims
            record.sealedClaims = try vault.seal(try vault.open(claims).replacingOccurrences(of: "片剂", with: "注射剂"))
            try await record.update(on: app.db)
            result = try await anyone.send(.GET, "/api/v1/certificates/\(number)/verification").object()
            #expect(result["status"] as? String == "tampered" && result["problem"] as? String == "证照记录与签名内容不一致")
            // a forged signature fails too
            record.sealedClaims = claims
            let original = try record.jws(vault)
            record.sealedJWS = try vault.seal(String(original.dropLast(4)) + (original.hasSuffix("AAAA") ? "BBBB" : "AAAA"))
            try await record.update(on: app.db)
            result = try await anyone.send(.GET, "/api/v1/certificates/\(number)/verification").object()
            #expect(result["status"] as? String == "tampered")
            record.sealedJWS = try vault.seal(original)
            try await record.update(on: app.db)
            // revocation: only an approver of the issuing department, with a reason
            let path = "/api/v1/certificates/\(number)/revocation"
            let review = TestBrowser(app), other = TestBrowser(app), approver = TestBrowser(app), holder = TestBrowser(app)
            try await review.signInAPI("yjj-review")
            try await other.signInAPI("mzt-approval")
            try await approver.signInAPI("yjj-approval")
            try await holder.signInAPI("13800000002")
            #expect(try await review.json(.POST, path, ["reason": "许可条件已不具备"]).status == .forbidden)
            #expect(try await other.json(.POST, path, ["reason": "许可条件已不具备"]).status == .notFound)
            #expect(try await holder.json(.POST, path, ["reason": "许可条件已不具备"]).status == .forbidden)
            #expect(try await TestBrowser(app).json(.POST, path, ["reason": "许可条件已不具备"]).status == .unauthorized)
            #expect(try await approver.json(.POST, path, ["reason": " "]).status == .badRequest)
            var response = try await approver.json(.POST, path, ["reason": "企业申请注销"])
            #expect(response.status == .ok)
            #expect(try response.object()["status"] as? String == "revoked")
            #expect(try await approver.json(.POST, path, ["reason": "企业申请注销"]).status == .conflict)
            page = try await anyone.get("/verify/\(number)")
            #expect(page.text.contains("已注销") && page.text.contains("企业申请注销"))
            #expect(try await CaseEventRecord.query(on: app.db).filter(\.$action == "注销电子证照").count() == 1)
            #expect(try await AuditRecord.query(on: app.db).filter(\.$action == "certificate.revoke").count() == 1)
            #expect(try await InboxMessageRecord.query(on: app.db).filter(\.$title == "证照已注销：药品生产许可证").count() == 1)
            // expiry (on a copy that is still valid)
            try await CertificateRecord.query(on: app.db).set(\.$status, to: .valid).update()
            app.today = { CivilDate(year: 2031, month: 11, day: 30)! }
            response = try await anyone.send(.GET, "/api/v1/certificates/\(number)/verification")
            #expect(try response.object()["status"] as? String == "expired")
        }
    }

    @Test("the wallet: the holder and the company's agents; staff of the department see it masked; others get 404")
    func walletAndAccess() async throws {
        try await withTestApp { app in
            let number = try await Self.grantedLicence(app)
            let holder = TestBrowser(app), stranger = TestBrowser(app), staff = TestBrowser(app), otherStaff = TestBrowser(app)
            try await holder.signInAPI("13800000002")
            try await stranger.signInAPI("13800000001")
            try await staff.signInAPI("yjj-intake")
            try await otherStaff.signInAPI("mzt-intake")
            let mine = try await holder.send(.GET, "/api/v1/certificates").text
            #expect(mine.contains(number) && mine.contains("\"jws\""))
            #expect(try await stranger.send(.GET, "/api/v1/certificates").text == "[]")
            #expect(try await stranger.send(.GET, "/api/v1/certificates/\(number)").status == .notFound)
            #expect(try await otherStaff.send(.GET, "/api/v1/certificates/\(number)").status == .notFound)
            #expect(try await TestBrowser(app).send(.GET, "/api/v1/certificates").status == .unauthorized)
            #expect(try await staff.send(.GET, "/api/v1/certificates").status == .forbidden)
            let seen = try await staff.send(.GET, "/api/v1/certificates/\(number)").object()
            #expect(seen["jws"] == nil && seen["number"] as? String == number)
            // 张三 becomes the company's agent: he sees the company's certificate
            let company = try #require(try await EnterpriseRecord.query(on: app.db).first())
            let zhang = try #require(try await AccountRecord.find(login: "13800000001", vault: app.personalData, on: app.db))
            try await EnterpriseAgentRecord(enterpriseID: try company.requireID(), accountID: try zhang.requireID(), role: "agent").create(on: app.db)
            #expect(try await stranger.send(.GET, "/api/v1/certificates").text.contains(number))
            // the page: the seal, the QR code linking to the verification page
            let browser = TestBrowser(app)
            try await browser.signIn("13800000002")
            let page = try await browser.get("/certificates/\(number)")
            #expect(page.status == .ok && page.text.contains("electronic-seal") && page.text.contains("湖南省药品监督管理局"))
            #expect(page.text.contains("href=\"http://127.0.0.1:8080/verify/\(number)\"") && page.text.contains("<path"))
            #expect(try await browser.get("/me/certificates").text.contains(number))
        }
    }

    @Test("sharing: a link for 24 hours by default, each view counted and audited, gone when expired")
    func sharing() async throws {
        try await withTestApp { app in
            let number = try await Self.grantedLicence(app)
            let holder = TestBrowser(app), stranger = TestBrowser(app)
            try await holder.signInAPI("13800000002")
            try await stranger.signInAPI("13800000001")
            let path = "/api/v1/certificates/\(number)/shares"
            #expect(try await holder.json(.POST, path, ["hours": 0]).status == .badRequest)
            #expect(try await holder.json(.POST, path, ["hours": 1000]).status == .badRequest)
            // not an hour count: refused in Chinese, never quietly 24 hours
            for raw in ["1e30", "1.5", "\"24\"", "true", "-0.5", "[24]"] {
                let refused = try await holder.send(.POST, path, body: ByteBuffer(string: "{\"hours\": \(raw)}"), contentType: .json)
                #expect(refused.status == .badRequest, "hours \(raw)")
                #expect(refused.text.contains("hours") && !refused.text.contains("Value was") && refused.text.range(of: "\\p{Han}", options: .regularExpression) != nil, "\(refused.text)")
            }
            #expect(try await CertificateShareRecord.query(on: app.db).count() == 0)
            #expect(try await stranger.json(.POST, path, ["hours": 24]).status == .notFound)
            let response = try await holder.json(.POST, path, [String: Int]())
            #expect(response.status == .created)
            let url = try #require(try response.object()["url"] as? String)
            let token = String(try #require(url.split(separator: "/").last))
            let share = try #require(try await CertificateShareRecord.query(on: app.db).first())
            #expect(try await AuditRecord.query(on: app.db).filter(\.$action == "certificate.share").count() == 1)
            #expect(abs(share.expiresAt.timeIntervalSinceNow - 24 * 3600) < 60 && share.tokenHash != token)
            let viewer = TestBrowser(app)
            var page = try await viewer.get("/shared/\(token)")
            #expect(page.status == .ok && page.text.contains("药品生产许可证") && page.text.contains("此页面由持证人分享"))
            page = try await viewer.get("/shared/\(token)")
            #expect(try await CertificateShareRecord.query(on: app.db).first()?.views == 2)
            #expect(try await AuditRecord.query(on: app.db).filter(\.$action == "certificate.shared_view").count() == 2)
            #expect(try await viewer.get("/shared/not-a-real-token-000").status == .notFound)
            share.expiresAt = Date().addingTimeInterval(-1)
            try await share.update(on: app.db)
            #expect(try await viewer.get("/shared/\(token)").status == .notFound)
        }
    }

    @Test("a rotated seal key signs new certificates; the old ones still verify")
    func rotation() async throws {
        try await withTestApp { app in
            let number = try await Self.grantedLicence(app)
            let old = try #require(try await CertificateRecord.query(on: app.db).first()?.kid)
            let keys = SealKeys(database: app.db, masterKey: app.masterKey)
            let new = try await keys.rotate(department: "YJJ")
            #expect(new != old)
            #expect(try await keys.activeKey(department: "YJJ").kid == new)
            #expect(try await keys.jwks().keys.map(\.kid).contains(old))
            let result = try await TestBrowser(app).send(.GET, "/api/v1/certificates/\(number)/verification").object()
            #expect(result["status"] as? String == "valid")
            // the private key is stored encrypted under the master key, never in clear
            let record = try #require(try await SealKeyRecord.find(new, on: app.db))
            #expect(record.privateSealed.hasPrefix("v1:\(try app.requireMasterKey().id):"))
            let wrongKey = MasterKey(Data(repeating: 7, count: 32))
            #expect(throws: (any Error).self) { try wrongKey.open(record.privateSealed) }
        }
    }

    @Test("expiry reminders at 90, 30 and 7 days, each once, with a renewal link that opens a pre-filled application")
    func reminders() async throws {
        try await withTestApp(adjust: { $0.publicBaseURL = "https://zwfw.example.cn" }) { app in
            app.today = { CivilDate(year: 2026, month: 11, day: 30)! }
            let number = try await Self.grantedLicence(app)
            func run(_ year: Int, _ month: Int, _ day: Int) async throws -> Int {
                app.today = { CivilDate(year: year, month: month, day: day)! }
                return try await CertificateReminders(platform: app.platform()).run()
            }
            // valid until 2031-11-29
            #expect(try await run(2031, 8, 30) == 0)  // 91 days left
            #expect(try await run(2031, 8, 31) == 1)  // 90
            #expect(try await run(2031, 9, 1) == 0)
            #expect(try await run(2031, 10, 30) == 1) // 30 days left
            #expect(try await run(2031, 11, 25) == 1) // 4 days left: the 7-day reminder
            #expect(try await run(2031, 11, 26) == 0)
            let messages = try await InboxMessageRecord.query(on: app.db).filter(\.$title == "证照即将到期：药品生产许可证").all()
            #expect(messages.count == 3 && messages.allSatisfy { $0.link == "/certificates/\(number)/renew" })
            let sms = try await OutboxMessageRecord.query(on: app.db).filter(\.$body ~~ "在线办理换证").all()
            #expect(sms.count == 3 && sms.allSatisfy { $0.body.contains("https://zwfw.example.cn/c/") })
            // renewal: the holder, acting for the company, gets the application filled from the certificate's
            let browser = TestBrowser(app)
            try await browser.signIn("13800000002")
            #expect(try await browser.get("/certificates/\(number)/renew").text.contains("开始换证申请"))
            let company = try #require(try await EnterpriseRecord.query(on: app.db).first())
            try await browser.post("/account/acting", form: ["enterprise_id": try company.requireID().uuidString])
            let started = try await browser.post("/certificates/\(number)/renew", form: [:])
            #expect(started.status == .seeOther, "\(started.text.prefix(300))")
            let draft = try #require(try await ApplicationDraftRecord.query(on: app.db).filter(\.$status == .draft).first())
            #expect(try app.personalData.openForm(draft.formValues)["production_scope"] == "片剂、硬胶囊剂")
            #expect(try await TestBrowser(app).send(.GET, "/certificates/\(number)/renew").status == .seeOther)  // to sign-in
        }
    }

    @Test("certificates feed pre-fill and 一键核验: the company's licence number comes pre-filled; a cited number is checked")
    func reuse() async throws {
        try await withTestApp { app in
            let number = try await Self.grantedLicence(app)
            // 李四, acting for 湘江制药, starts 药品经营许可证核发: the company's licence number is filled in
            let browser = TestBrowser(app)
            try await browser.signIn("13800000002")
            let company = try #require(try await EnterpriseRecord.query(on: app.db).first())
            try await browser.post("/account/acting", form: ["enterprise_id": try company.requireID().uuidString])
            let draft = try await browser.json(.POST, "/api/v1/services/HN-YJJ-002/applications", [String: String]()).object()
            #expect((draft["values"] as? [String: String])?["drug_production_licence"] == number)
            // 一键核验 on an application that cites the licence (委托生产): valid, then unknown, then revoked
            let record = try #require(try await CaseRecord.query(on: app.db).first())
            var values = Self.values
            values["entrusted_manufacturer"] = "湖南湘江制药有限公司"
            values["entrusted_manufacturer_license"] = number
            record.formValues = try app.personalData.sealForm(values)
            try await record.update(on: app.db)
            let clerk = TestBrowser(app)
            try await clerk.signInAPI("yjj-intake")
            func check() async throws -> [String: Any]? {
                let result = try await clerk.send(.POST, "/api/v1/workbench/cases/\(record.receiptNumber)/verification").object()
                return (result["checks"] as? [[String: Any]])?.first { ($0["subject"] as? String)?.contains("药品生产许可证编号") == true }
            }
            var cited = try #require(try await check())
            #expect(cited["passed"] as? Bool == true && (cited["reason"] as? String)?.contains("药品生产许可证有效") == true)
            values["entrusted_manufacturer_license"] = "HN-YJJ-2026-000099"
            record.formValues = try app.personalData.sealForm(values)
            try await record.update(on: app.db)
            cited = try #require(try await check())
            #expect(cited["passed"] as? Bool == false && cited["reason"] as? String == "证照库中没有此编号的证照")
            values["entrusted_manufacturer_license"] = number
            record.formValues = try app.personalData.sealForm(values)
            try await record.update(on: app.db)
            try await CertificateRecord.query(on: app.db).set(\.$status, to: .revoked).update()
            cited = try #require(try await check())
            #expect(cited["passed"] as? Bool == false && cited["reason"] as? String == "证照已注销")
        }
    }

    @Test("the seal drawing: ring, star and the department's name on the arc, escaped")
    func seal() {
        let svg = ElectronicSealDrawing.svg(departmentName: "湖南省药品监督管理局")
        #expect(svg.hasPrefix("<svg") && svg.contains("<circle") && svg.contains("<polygon") && svg.contains("湖南省药品监督管理局</textPath>"))
        #expect(!svg.contains("style=") && ElectronicSealDrawing.svg(departmentName: "<b>").contains("&lt;b&gt;"))
    }
}
