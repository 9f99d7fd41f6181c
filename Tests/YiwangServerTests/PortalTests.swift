import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import YiwangDomain
@testable import YiwangServer

/// The portal around the services: home, 我的, the acting choice, registration, uploads, the clerk's desk.
@Suite("Portal")
struct PortalTests {
    @Test("home: 个人 and 法人 each with their frequent services and 一件事, case lookup, notices, the 长辈版 entry")
    func home() async throws {
        try await withTestApp { app in
            // three 最低生活保障 applications this month: the most applied-for personal service comes first
            for _ in 0..<3 { _ = try await WorkflowTests.submittedCase(app) }
            let html = try await TestBrowser(app).get("/").text
            let personal = try #require(html.range(of: #"id="personal-services""#))
            let corporate = try #require(html.range(of: #"id="corporate-services""#))
            let firstPersonal = try #require(html[personal.upperBound...].range(of: "/services/"))
            #expect(html[firstPersonal.upperBound...].hasPrefix("HN-MZT-003"))
            // a company-only item is offered to companies, not to persons
            let drugs = try #require(html.range(of: "/services/HN-GXT-001"))
            #expect(drugs.lowerBound > corporate.lowerBound)
            #expect(html.contains("新生儿出生一件事") && html.contains("开办餐饮店一件事"))
            #expect(html.contains(#"id="lookup-form""#) && html.contains("通知公告") && html.contains("长辈版上线"))
            #expect(html.contains("长辈版") && html.contains(#"href="/me/certificates""#))
        }
    }

    @Test("the 长辈版 home: big buttons for the services older people use, one tap to 12345")
    func elderHome() async throws {
        try await withTestApp { app in
            let browser = TestBrowser(app)
            try await browser.get("/")
            try await browser.post("/settings/elder-mode", form: ["enabled": "1", "return_to": "/"])
            let response = try await browser.get("/")
            #expect(response.status == .ok)
            let html = response.text
            #expect(html.contains(#"href="tel:12345""#))
            #expect(html.contains(#"id="elder-services""#) && html.contains("高龄津贴申领") && html.contains("异地就医备案"))
            #expect(!html.contains(#"id="corporate-services""#))
        }
    }

    @Test("办件查询: a receipt leads to its page, a 一件事's to its progress; anything else is answered on the home page")
    func lookup() async throws {
        try await withTestApp { app in
            let client = TestBrowser(app)
            var response = try await client.get("/me/lookup?receipt=%2043000020261207000001%20")
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == "/cases/43000020261207000001")
            response = try await client.get("/me/lookup?receipt=yjs43000020261207000001")
            #expect(response.headers.first(name: .location) == "/bundle-cases/YJS43000020261207000001")
            for bad in ["", "abc", "4300002026120700000", "%3Cscript%3E", String(repeating: "9", count: 300)] {
                response = try await client.get("/me/lookup?receipt=\(bad)")
                #expect(response.status == .badRequest, "\(bad)")
                #expect(response.text.contains("请输入办件编号") && response.text.contains(#"aria-invalid="true""#))
            }
            // someone else's case: its page says not found, as for anyone who may not see it
            let receipt = try await WorkflowTests.submittedCase(app)
            let other = TestBrowser(app)
            try await other.signIn("13800000003")
            response = try await other.get("/me/lookup?receipt=\(receipt)")
            #expect(try await other.get(try #require(response.headers.first(name: .location))).status == .notFound)
        }
    }

    @Test("我的: cases with their progress, drafts, certificates and messages in one place")
    func hub() async throws {
        try await withTestApp { app in
            let receipt = try await WorkflowTests.submittedCase(app)
            let client = TestBrowser(app)
            try await client.signIn("13800000001")
            let html = try await client.get("/me").text
            #expect(html.contains("<strong>1</strong> 件办理中"))
            #expect(html.contains(receipt) && html.contains(#"aria-label="办理进度：已提交""#))
            #expect(html.contains(#"<li class="done">提交</li><li>受理</li>"#))
            #expect(html.contains(#"id="my-certificates""#) && html.contains("切换办事身份"))
        }
    }

    @Test("a company-only item asks a person which company to act for, and the choice leads back to the application")
    func actingChoice() async throws {
        try await withTestApp { app in
            // 张三 has no company: told how to get one, no draft made
            let person = TestBrowser(app)
            try await person.signIn("13800000001")
            var response = try await person.get("/services/HN-YJJ-001/apply")
            #expect(response.status == .ok)
            #expect(response.text.contains("只能由企业或组织申请") && response.text.contains("去登记企业"))
            response = try await person.json(.POST, "/api/v1/services/HN-YJJ-001/applications", [String: String]())
            #expect(response.status == .conflict)
            #expect(try response.object()["detail"] as? String == "“药品生产许可证核发”只能由企业或组织申请，请先切换为代表企业办理（账号尚未关联企业）")
            #expect(try await ApplicationDraftRecord.query(on: app.db).filter(\.$serviceCode == "HN-YJJ-001").count() == 0)
            // 李四 represents a company: one button, and the application opens for the company
            let representative = TestBrowser(app)
            try await representative.signIn("13800000002")
            response = try await representative.get("/services/HN-YJJ-001/apply")
            #expect(response.text.contains("代表 湖南湘江制药有限公司 办理"))
            let company = try #require(try await EnterpriseRecord.query(on: app.db).first())
            response = try await representative.post("/account/acting", form: ["enterprise_id": company.id!.uuidString,
                                                                                "return_to": "/services/HN-YJJ-001/apply"])
            #expect(response.headers.first(name: .location) == "/services/HN-YJJ-001/apply")
            response = try await representative.get("/services/HN-YJJ-001/apply")
            #expect(response.headers.first(name: .location)?.hasPrefix("/applications/") == true)
            let draft = try #require(try await ApplicationDraftRecord.query(on: app.db).filter(\.$serviceCode == "HN-YJJ-001").first())
            #expect(draft.enterpriseID == company.id)
            // the way back never leaves the site
            response = try await representative.post("/account/acting", form: ["enterprise_id": "", "return_to": "//evil.example/x"])
            #expect(response.headers.first(name: .location) == "/")
            // a person's item is still a person's
            response = try await representative.get("/services/HN-MZT-003/apply")
            #expect(response.status == .seeOther)
        }
    }

    @Test("registration: no SMS code for a wrong ID number, errors tied to their fields; done, the person is signed in")
    func registration() async throws {
        try await withTestApp { app in
            let client = TestBrowser(app)
            try await client.get("/register")
            var form = ["name": "王小明", "id_number": "430104194105200018", "phone": "13912345678"]
            var response = try await client.post("/register/code", form: form)
            #expect(response.status == .badRequest)
            #expect(response.text.contains(#"aria-invalid="true" "#) == false)
            #expect(response.text.contains("校验位不正确"))
            #expect(response.text.contains(#"id="reg-id" name="id_number" value="430104194105200018" maxlength="18" autocomplete="off" required data-check="id" aria-describedby="error-id_number" aria-invalid="true""#))
            #expect(try await OutboxMessageRecord.query(on: app.db).count() == 0)
            form["id_number"] = "430104194105200017"
            response = try await client.post("/register/code", form: form)
            #expect(response.status == .ok && response.text.contains("验证码已发送至 139****5678"))
            let code = try await AccountTests.latestCode(app, phone: "13912345678")
            form.merge(["code": code, "password": "correct horse", "password_confirm": "correct horse"]) { _, new in new }
            response = try await client.post("/register", form: form)
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == "/me?registered=1")
            let mine = try await client.get("/me?registered=1")
            #expect(mine.status == .ok && mine.text.contains("注册成功，已为您登录"))
        }
    }

    @Test("uploads: several files at once under one material, the token a form field; never in the address")
    func uploads() async throws {
        try await withTestApp { app in
            let client = TestBrowser(app)
            try await client.signIn("13800000001")
            let location = try #require(try await client.get("/services/HN-MZT-003/apply").headers.first(name: .location))
            try await client.get(location)
            var response = try await client.upload(location + "/materials", files: [("户口簿.pdf", SampleFiles.pdf), ("身份证.png", SampleFiles.png)],
                                                   fields: ["material_id": "family_id_documents"])
            #expect(response.status == .seeOther)
            let page = try await client.get(location).text
            #expect(page.contains("户口簿.pdf") && page.contains("身份证.png"))
            // one refused among several: those before it are kept, the refusal names the file
            response = try await client.upload(location + "/materials", files: [("诊断.pdf", SampleFiles.pdf), ("病历.pdf", SampleFiles.exe)],
                                               fields: ["material_id": "medical_proof"])
            #expect(response.status == .unprocessableEntity || response.status == .badRequest)
            #expect(response.text.contains("“病历.pdf”："))
            #expect(try await client.get(location).text.contains("诊断.pdf"))
            // no file chosen; no token; the token in the address alone is not enough any more
            response = try await client.upload(location + "/materials", files: [], fields: ["material_id": "medical_proof"])
            #expect(response.text.contains("请先选择文件"))
            response = try await client.upload(location + "/materials", files: [("a.pdf", SampleFiles.pdf)], fields: ["material_id": "medical_proof"],
                                               withToken: false)
            #expect(response.status == .forbidden)
            response = try await client.upload(location + "/materials?_csrf=\(client.csrf)", files: [("a.pdf", SampleFiles.pdf)],
                                               fields: ["material_id": "medical_proof"], withToken: false)
            #expect(response.status == .forbidden)
        }
    }

    @Test("the clerk's desk: J/K to the neighbouring cases, previews inline, filters by item and state, every personal field masked")
    func desk() async throws {
        try await withTestApp { app in
            let first = try await WorkflowTests.submittedCase(app)
            let second = try await WorkflowTests.submittedCase(app)
            let owner = try #require(try await CaseRecord.query(on: app.db).filter(\.$receiptNumber == first).first())
            let sha256 = try app.platform(on: app.db).uploads.store(SampleFiles.pdf)
            let upload = UploadedFileRecord(draftID: owner.draftID, accountID: owner.accountID, materialID: "family_id_documents",
                                            sha256: sha256, size: SampleFiles.pdf.count, fileType: "pdf", displayName: "户口簿.pdf")
            try await upload.create(on: app.db)
            let clerk = TestBrowser(app)
            try await clerk.signIn("mzt-intake")
            var html = try await clerk.get("/workbench/cases/\(first)").text
            #expect(html.contains(#"id="case-next""#) && html.contains("/workbench/cases/\(second)") && html.contains(#"aria-keyshortcuts="j""#))
            #expect(!html.contains(#"id="case-previous""#))
            #expect(html.contains(#"class="desk""#) && !html.contains("assistant-launcher") && !html.contains(#"id="search-q""#))
            #expect(html.contains("?inline=1") && html.contains("共同生活家庭成员的居民身份证或户口簿"))
            html = try await clerk.get("/workbench/cases/\(second)").text
            #expect(html.contains(#"id="case-previous""#) && html.contains("/workbench/cases/\(first)"))
            let fileID = try upload.requireID()
            var response = try await clerk.get("/workbench/files/\(fileID)?inline=1")
            #expect(response.headers.first(name: .contentDisposition) == "inline")
            #expect(response.headers.first(name: "X-Frame-Options") == "SAMEORIGIN")
            #expect(response.headers.first(name: .contentSecurityPolicy)?.contains("frame-ancestors 'self'") == true)
            response = try await clerk.get("/workbench/files/\(fileID)")
            #expect(response.headers.first(name: .contentDisposition)?.hasPrefix("attachment") == true)
            #expect(response.headers.first(name: .contentSecurityPolicy)?.contains("sandbox") == true)
            // the queue's filters: by item and state
            html = try await clerk.get("/workbench?scope=all&service=HN-MZT-003&state=已提交").text
            #expect(html.contains(first) && html.contains(#"<option value="HN-MZT-003" selected>"#))
            html = try await clerk.get("/workbench?scope=all&service=HN-MZT-002").text
            #expect(!html.contains(first))
        }
    }

    @Test("an area field is a picker of Hunan's counties (GB/T 2260); a value it does not list is kept and shown")
    func areaPicker() async throws {
        try await withTestApp { app in
            let client = TestBrowser(app)
            try await client.signIn("13800000001")
            let location = try #require(try await client.get("/services/HN-CJRL-001/apply").headers.first(name: .location))
            let id = String(location.dropFirst("/applications/".count))
            var html = try await client.get(location).text
            #expect(html.contains(#"data-area-picker"#) && html.contains(#"<optgroup label="湘西土家族苗族自治州">"#))
            // pre-filled from his 户籍 in the population registry
            #expect(html.contains(#"<option value="湖南省长沙市芙蓉区" selected>芙蓉区</option>"#))
            let saved = try await client.json(.PUT, "/api/v1/applications/\(id)", ["values": ["handling_area": "长沙 岳麓区"]])
            #expect(saved.status == .ok)
            html = try await client.get(location).text
            #expect(html.contains(#"<option value="湖南省长沙市岳麓区" selected>岳麓区</option>"#))
            _ = try await client.json(.PUT, "/api/v1/applications/\(id)", ["values": ["handling_area": "长沙市"]])
            html = try await client.get(location).text
            #expect(html.contains(#"<option value="湖南省长沙市" selected>湖南省长沙市</option>"#))
            let refused = try await client.json(.PUT, "/api/v1/applications/\(id)", ["values": ["handling_area": "长沙市火星区"]])
            #expect(try refused.object().description.contains("长沙市没有“火星区”"))
        }
    }

    @Test("typeahead: the best few, not everything that shares a word")
    func suggestions() async throws {
        try await withTestApp { app in
            let items = try await TestBrowser(app).get("/api/v1/suggest?q=\("药品生产许可".urlQuery)").object()["items"] as? [[String: Any]]
            let codes = (items ?? []).compactMap { $0["code"] as? String }
            #expect(codes.first == "HN-YJJ-001")
            #expect(codes.count <= 5 && !codes.contains("HN-ZRZYT-004"), "\(codes)")
        }
    }
}
