import Foundation
import Testing
import Vapor
import VaporTesting
@testable import YiwangServer

@Suite("Pages")
struct PageTests {
    @Test("home shows the search box and every department")
    func home() async throws {
        try await withTestApp { app in
            // TestBrowser's client waits up to 60 s: the home page is the heaviest, and the whole suite runs at once
            let res = try await TestBrowser(app).get("/")
            #expect(res.status == .ok)
            #expect(res.headers.contentType?.description.contains("text/html") == true)
            let html = res.text
            #expect(html.contains(#"name="q""#))
            #expect(html.contains("省药品监督管理局"))
            #expect(html.contains("省文化和旅游厅"))
            #expect(html.contains(#"id="elder-toggle" aria-pressed="false">长辈版<"#))
        }
    }

    @Test("search results link to the guide; nothing found says what to try")
    func search() async throws {
        try await withTestApp { app in
            try await app.http().test(.GET, "/services?q=\("药品生产".urlQuery)") { res async throws in
                #expect(res.status == .ok)
                #expect(res.text.contains(#"href="/services/HN-YJJ-001""#))
            }
            try await app.http().test(.GET, "/services?q=\("量子隧穿".urlQuery)") { res async throws in
                #expect(res.status == .ok)
                #expect(res.text.contains("没有找到相关事项"))
            }
            try await app.http().test(.GET, "/services?limit=0") { res async throws in
                #expect(res.status == .badRequest)
                #expect(res.text.contains("每页条数"))
            }
        }
    }

    @Test("a guide states the limits with their source; a 即办件 says 即办")
    func limitSources() async throws {
        try await withTestApp { app in
            let marriage = try await TestBrowser(app).get("/services/HN-MZT-001").text
            #expect(marriage.contains("即办") && marriage.contains("时限来源：《婚姻登记条例》"))
            let allowance = try await TestBrowser(app).get("/services/HN-MZT-002").text
            #expect(allowance.contains("22 个工作日") && allowance.contains("湘潭市岳塘区民政局"))
        }
    }

    @Test("the guide page shows materials, limits, basis, FAQ and is printable")
    func guide() async throws {
        try await withTestApp { app in
            try await app.http().test(.GET, "/services/HN-YJJ-001") { res async throws in
                #expect(res.status == .ok)
                let html = res.text
                #expect(html.contains("药品生产许可证核发"))
                #expect(html.contains("申请材料"))
                #expect(html.contains("20 个工作日"))
                #expect(html.contains("30 个工作日"))
                #expect(html.contains("设定依据"))
                #expect(html.contains("常见问题"))
                #expect(html.contains("data-print"))
            }
        }
    }

    @Test("department page lists its items")
    func department() async throws {
        try await withTestApp { app in
            try await app.http().test(.GET, "/departments/gat") { res async throws in
                #expect(res.status == .ok)
                #expect(res.text.contains("湖南省公安厅"))
                #expect(res.text.contains("居民身份证换领"))
            }
        }
    }

    @Test("unknown pages get the 404 page in Chinese")
    func notFound() async throws {
        try await withTestApp { app in
            for path in ["/services/HN-NOPE-001", "/departments/NOPE", "/no/such/page"] {
                try await app.http().test(.GET, path) { res async throws in
                    #expect(res.status == .notFound)
                    #expect(res.headers.contentType?.description.contains("text/html") == true)
                    #expect(res.text.contains("回到首页"))
                }
            }
        }
    }

    @Test("what the user typed is escaped, never run")
    func escaping() async throws {
        try await withTestApp { app in
            try await app.http().test(.GET, "/services?q=\("<script>alert(1)</script>".urlQuery)") { res async throws in
                #expect(!res.text.contains("<script>alert(1)</script>"))
                #expect(res.text.contains("&lt;script&gt;"))
            }
        }
    }

    @Test("长辈模式 is kept in a cookie and marks every page")
    func elderMode() async throws {
        try await withTestApp { app in
            let browser = TestBrowser(app)
            try await browser.get("/services/HN-YJJ-001")
            let res = try await browser.post("/settings/elder-mode", form: ["enabled": "1", "return_to": "/services/HN-YJJ-001"])
            #expect(res.status == .seeOther)
            #expect(res.headers.first(name: .location) == "/services/HN-YJJ-001")
            #expect(browser.cookies[ElderMode.cookieName] == "1")
            let page = try await browser.get("/services/HN-YJJ-001")
            #expect(page.text.contains(#"<html lang="zh-CN" class="elder">"#))
            #expect(page.text.contains("退出长辈版"))
            try await app.http().test(.GET, "/", headers: ["Cookie": "\(ElderMode.cookieName)=0"]) { res async throws in
                #expect(!res.text.contains(#"class="elder""#))
            }
        }
    }

    @Test("the 长辈模式 switch never sends people off the site", arguments: [
        "https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)", "",
    ])
    func elderModeRedirectStaysHome(target: String) async throws {
        try await withTestApp(seed: false) { app in
            let browser = TestBrowser(app)
            try await browser.get("/")
            let res = try await browser.post("/settings/elder-mode", form: ["enabled": "1", "return_to": target])
            #expect(res.headers.first(name: .location) == "/")
        }
    }

    @Test("a malformed switch form gets a Chinese 400, never a silent default; the switch's own values work")
    func elderModeBadForm() async throws {
        try await withTestApp(seed: false) { app in
            let browser = TestBrowser(app)
            try await browser.get("/")
            let bad = try await browser.post("/settings/elder-mode", form: ["enabled": "AAA", "return_to": "/"])
            #expect(bad.status == .badRequest && bad.text.contains("长辈模式的开关值须为 0 或 1"))
            let broken = try await browser.send(.POST, "/settings/elder-mode", body: ByteBuffer(string: "{not json"), contentType: .json,
                                                csrfHeader: true)
            #expect(broken.status == .badRequest && broken.text.contains("请求内容的格式不对"))
            #expect(try await browser.post("/settings/elder-mode", form: ["enabled": "0", "return_to": "/"]).status == .seeOther)
        }
    }
}

@Suite("Form templates")
struct FormTemplateTests {
    @Test("the printable template lists every form field and material")
    func template() async throws {
        try await withTestApp { app in
            let guide = try #require(try await CatalogRepository(database: app.db).guide(code: "HN-MZT-002"))
            try await app.http().test(.GET, "/services/HN-MZT-002/template") { res async throws in
                #expect(res.status == .ok)
                let html = res.text
                #expect(html.contains("高龄津贴申领 申请表"))
                for field in guide.item.form.fields { #expect(html.contains(field.label), "missing \(field.label)") }
                for material in guide.item.materials { #expect(html.contains(material.name), "missing \(material.name)") }
                #expect(html.contains("申请人（签字/盖章）"))
            }
            try await app.http().test(.GET, "/services/HN-NOPE-001/template") { res async throws in
                #expect(res.status == .notFound)
            }
        }
    }
}
