import Foundation
import Testing
import VaporTesting
@testable import YiwangServer

@Suite("Catalog API")
struct CatalogAPITests {
    struct ListPage: Decodable {
        struct Item: Decodable {
            let code: String
            let name: String
            let department: String
            let departmentCode: String
            let type: String
            let onlineLevel: String
            let promisedDays: Int?
            let statutoryDays: Int?
        }
        let items: [Item]
        let total: Int
    }

    struct ProblemBody: Decodable {
        struct Entry: Decodable { let field: String; let message: String }
        let title: String
        let status: Int
        let detail: String
        let errors: [Entry]?
    }

    @Test("the whole seeded catalog pages through", arguments: Backend.available)
    func listsEverything(backend: Backend) async throws {
        try await withTestApp(backend) { app in
            // act
            var seen: [String] = []
            for offset in stride(from: 0, to: 60, by: 20) {
                try await app.http().test(.GET, "/api/v1/services?limit=20&offset=\(offset)") { res async throws in
                    #expect(res.status == .ok)
                    let page = try res.json(ListPage.self)
                    #expect(page.total == 47)
                    seen += page.items.map(\.code)
                }
            }
            // check
            #expect(seen.count == 47)
            #expect(Set(seen).count == 47)
        }
    }

    @Test("typing 药品生产 finds the drug manufacturing licence first", arguments: Backend.available)
    func searchRanksNameMatchesFirst(backend: Backend) async throws {
        try await withTestApp(backend) { app in
            try await app.http().test(.GET, "/api/v1/services?q=\("药品生产".urlQuery)") { res async throws in
                #expect(res.status == .ok)
                let page = try res.json(ListPage.self)
                let first = try #require(page.items.first)
                #expect(first.name == "药品生产许可证核发")
                #expect(first.department == "湖南省药品监督管理局")
                #expect(first.promisedDays == 20)
                #expect(first.statutoryDays == 30)
                #expect(first.type == "行政许可")
            }
            // full-width and extra spaces fold to the same query
            try await app.http().test(.GET, "/api/v1/services?q=\("  药品生产 ".urlQuery)") { res async throws in
                #expect(try res.json(ListPage.self).items.first?.name == "药品生产许可证核发")
            }
            // an alias finds the item too
            try await app.http().test(.GET, "/api/v1/services?q=\("驾照".urlQuery)") { res async throws in
                #expect(try res.json(ListPage.self).items.map(\.name).contains("机动车驾驶证换证"))
            }
        }
    }

    @Test("filters by department and type", arguments: Backend.available)
    func filters(backend: Backend) async throws {
        try await withTestApp(backend) { app in
            try await app.http().test(.GET, "/api/v1/services?department=ZRZYT") { res async throws in
                let page = try res.json(ListPage.self)
                #expect(page.total == 4)
                #expect(page.items.allSatisfy { $0.departmentCode == "ZRZYT" })
            }
            try await app.http().test(.GET, "/api/v1/services?type=\("行政许可".urlQuery)&limit=100") { res async throws in
                let page = try res.json(ListPage.self)
                #expect(page.total > 5)
                #expect(page.items.allSatisfy { $0.type == "行政许可" })
            }
        }
    }

    @Test("list keys are snake_case as documented")
    func listKeys() async throws {
        try await withTestApp { app in
            try await app.http().test(.GET, "/api/v1/services?limit=1") { res async throws in
                let object = try res.object()
                #expect(Set(object.keys).isSuperset(of: ["items", "total"]))
                let item = try #require((object["items"] as? [[String: Any]])?.first)
                #expect(Set(item.keys).isSuperset(of: ["code", "name", "department", "type", "online_level", "promised_days", "statutory_days"]))
            }
        }
    }

    @Test("bad query values get 400 problem+json naming the parameter", arguments: [
        ("limit=0", "limit"), ("limit=101", "limit"), ("limit=abc", "limit"), ("offset=-1", "offset"),
        ("offset=1.5", "offset"), ("type=\("许可".urlQuery)", "type"), ("department=\("药监".urlQuery)", "department"),
        ("q=\(String(repeating: "药", count: 101).urlQuery)", "q"),
    ])
    func badQueries(query: String, field: String) async throws {
        try await withTestApp { app in
            try await app.http().test(.GET, "/api/v1/services?\(query)") { res async throws in
                #expect(res.status == .badRequest)
                #expect(res.headers.contentType?.description.hasPrefix("application/problem+json") == true)
                let problem = try res.json(ProblemBody.self)
                #expect(problem.status == 400)
                #expect(problem.errors?.map(\.field) == [field])
                #expect(problem.detail.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF })
            }
        }
    }

    @Test("a well-formed department code that no department has is 404 — for the API and the search page alike")
    func unknownDepartment() async throws {
        try await withTestApp { app in
            let browser = TestBrowser(app)
            let api = try await browser.send(.GET, "/api/v1/services?department=NOPE")
            #expect(try api.status == .notFound && (api.object()["detail"] as? String)?.contains("NOPE") == true)
            let page = try await browser.get("/services?department=NOPE")
            #expect(page.status == .notFound && page.text.contains("没有代码为 NOPE 的部门"))
        }
    }

    @Test("the guide carries every part a clerk signs off", arguments: Backend.available)
    func guide(backend: Backend) async throws {
        try await withTestApp(backend) { app in
            try await app.http().test(.GET, "/api/v1/services/HN-YJJ-001") { res async throws in
                #expect(res.status == .ok)
                let guide = try res.object()
                for key in ["code", "name", "type", "applicant_types", "legal_basis", "conditions", "materials",
                            "statutory_days", "promised_days", "fees", "online_level", "visits", "steps",
                            "location", "faq", "form", "department"] {
                    #expect(guide[key] != nil, "missing \(key)")
                }
                #expect(guide["name"] as? String == "药品生产许可证核发")
                #expect(guide["promised_days"] as? Int == 20)
                #expect(guide["statutory_days"] as? Int == 30)
                let materials = try #require(guide["materials"] as? [[String: Any]])
                #expect(materials.allSatisfy { $0["file_types"] != nil && $0["max_size_mb"] != nil })
                #expect((guide["faq"] as? [Any])?.count ?? 0 >= 3)
                let form = try #require(guide["form"] as? [String: Any])
                #expect((form["fields"] as? [Any])?.isEmpty == false)
                let department = try #require(guide["department"] as? [String: Any])
                #expect(department["name"] as? String == "湖南省药品监督管理局")
            }
        }
    }

    @Test("an unknown code is a 404 problem in Chinese")
    func unknownCode() async throws {
        try await withTestApp { app in
            for code in ["HN-NOPE-999", "%3Cscript%3E", String(repeating: "x", count: 180)] {
                try await app.http().test(.GET, "/api/v1/services/\(code)") { res async throws in
                    #expect(res.status == .notFound)
                    #expect(res.headers.contentType?.description.hasPrefix("application/problem+json") == true)
                    let problem = try res.json(ProblemBody.self)
                    #expect(problem.title == "未找到")
                    #expect(problem.detail.contains("事项"))
                }
            }
            try await app.http().test(.GET, "/api/v1/nothing-here") { res async throws in
                #expect(res.status == .notFound)
                #expect(try res.json(ProblemBody.self).detail == "您访问的页面或资源不存在")
            }
            try await app.http().test(.DELETE, "/api/v1/services/HN-YJJ-001") { res async throws in
                #expect(res.status == .methodNotAllowed && res.headers.first(name: .allow) == "GET, HEAD")
                #expect(res.headers.contentType?.description.hasPrefix("application/problem+json") == true)
            }
        }
    }

    @Test("departments list all seventeen with their item counts", arguments: Backend.available)
    func departments(backend: Backend) async throws {
        struct Departments: Decodable {
            struct Department: Decodable { let code: String; let name: String; let shortName: String; let itemCount: Int }
            let items: [Department]
        }
        try await withTestApp(backend) { app in
            try await app.http().test(.GET, "/api/v1/departments") { res async throws in
                let departments = try res.json(Departments.self).items
                #expect(departments.count == 18)
                #expect(departments.reduce(0) { $0 + $1.itemCount } == 47)
                #expect(departments.allSatisfy { $0.name.hasPrefix("湖南省") && $0.shortName.hasPrefix("省") })
            }
        }
    }
}

extension String {
    /// Percent-encoded for a query value.
    var urlQuery: String {
        addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? self
    }
}

@Suite("Guide cache")
struct GuideCacheTests {
    @Test("a changed guide is served at once, with a new ETag; an unchanged one revalidates to 304", arguments: Backend.available)
    func invalidation(backend: Backend) async throws {
        try await withTestApp(backend) { app in
            // setup: the guide is fetched (and cached)
            var etag = ""
            try await app.http().test(.GET, "/api/v1/services/HN-YJJ-001") { res async throws in
                etag = try #require(res.headers.first(name: .eTag))
            }
            try await app.http().test(.GET, "/api/v1/services/HN-YJJ-001", headers: ["If-None-Match": etag]) { res async throws in
                #expect(res.status == .notModified)
            }
            // act: the department changes the promised limit
            let repository = CatalogRepository(database: app.db)
            let guide = try #require(try await repository.guide(code: "HN-YJJ-001"))
            var item = guide.item
            item.promisedDays = 15
            let department = try #require(try await DepartmentRecord.find("YJJ", on: app.db)).department
            _ = try await CatalogStore(database: app.db).upsert([(department, item)], source: "catalog")
            // check
            try await app.http().test(.GET, "/api/v1/services/HN-YJJ-001", headers: ["If-None-Match": etag]) { res async throws in
                #expect(res.status == .ok)
                #expect(res.headers.first(name: .eTag) != etag)
                #expect(try res.object()["promised_days"] as? Int == 15)
            }
            try await app.http().test(.GET, "/services/HN-YJJ-001") { res async throws in
                #expect(res.text.contains("15 个工作日"))
            }
        }
    }

    @Test("storing identical items leaves the revision where it was")
    func revisionMovesOnlyOnChange() async throws {
        try await withTestApp { app in
            let before = try await CatalogRevision.current(on: app.db)
            _ = try await CatalogSeeder(directory: app.directory.resourcesDirectory + "Catalog").seed(into: app.db)
            #expect(try await CatalogRevision.current(on: app.db) == before)
        }
    }
}
