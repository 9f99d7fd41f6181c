import Fluent
import Foundation
import Testing
import Vapor
@testable import YiwangServer
import YiwangTestSupport

/// 一件事 over real HTTP: the list, a guide, a plan and its refusals, the pages, and the seeding.
@Suite("一件事: API, pages and seeding")
struct BundleAPITests {
    static let newborn = NewbornApplication.answers

    struct Plan: Decodable {
        struct Component: Decodable { let code: String; let after: [String]; let latestEndDay: Int }
        struct Effort: Decodable { let uploads: Int; let typedFields: Int; let visits: Int; let promisedDays: Int }
        let components: [Component]
        let itemByItem: Effort
        let bundled: Effort
    }

    struct Problem: Decodable {
        struct Entry: Decodable { let field: String; let message: String }
        let detail: String
        let errors: [Entry]?
    }

    @Test("the list, person before enterprise, and a department's share of it", arguments: Backend.available)
    func list(backend: Backend) async throws {
        try await withTestApp(backend) { app in
            let browser = TestBrowser(app)
            let all = try await browser.get("/api/v1/bundles")
            #expect(all.status == .ok)
            let items = try #require(try all.object()["items"] as? [[String: Any]])
            #expect(items.map { $0["code"] as? String } == ["HN-YJS-001", "HN-YJS-003", "HN-YJS-004", "HN-YJS-002"])
            #expect(items.first?["departments"] as? [String] == ["湖南省卫生健康委员会", "湖南省公安厅", "湖南省医疗保障局", "湖南省人力资源和社会保障厅"])
            let police = try #require(try await browser.get("/api/v1/bundles?department=gat").object()["items"] as? [[String: Any]])
            #expect(Set(police.compactMap { $0["code"] as? String }) == ["HN-YJS-001", "HN-YJS-004"])
            #expect(try await browser.get("/api/v1/bundles?department=%3Cscript%3E").status == .badRequest)
        }
    }

    @Test("a plan: components in order, each waiting for the result it needs; effort item by item against bundled", arguments: Backend.available)
    func plan(backend: Backend) async throws {
        try await withTestApp(backend) { app in
            let browser = TestBrowser(app)
            let guide = try await browser.get("/api/v1/bundles/HN-YJS-001")
            #expect(guide.status == .ok)
            #expect((try guide.object()["components"] as? [Any])?.count == 4)
            let response = try await browser.json(.POST, "/api/v1/bundles/HN-YJS-001/plan", ["answers": Self.newborn])
            #expect(response.status == .ok, "\(response.text.prefix(300))")
            let plan = try response.json(Plan.self)
            #expect(plan.components.map(\.code) == ["HN-WJW-002", "HN-GAT-004", "HN-YBJ-001", "HN-RST-001"])
            #expect(plan.components[1].after == ["HN-WJW-002"] && plan.components[3].latestEndDay == 13)
            #expect(plan.bundled.uploads == 2 && plan.itemByItem.uploads == 5)
            #expect(plan.bundled.typedFields == 9 && plan.itemByItem.typedFields == 18)
            #expect(plan.bundled.visits == 1 && plan.itemByItem.visits == 3)
        }
    }

    @Test("an unanswered question, an answer not offered, contradicting answers, an unknown bundle, a body that is not JSON", arguments: Backend.available)
    func badInput(backend: Backend) async throws {
        try await withTestApp(backend) { app in
            let browser = TestBrowser(app)
            var missing = Self.newborn
            missing["parents_marriage"] = nil
            let unanswered = try await browser.json(.POST, "/api/v1/bundles/HN-YJS-001/plan", ["answers": missing])
            #expect(unanswered.status == .unprocessableEntity)
            let problem = try unanswered.json(Problem.self)
            #expect(problem.detail == "请回答：父母是否已登记结婚？" && problem.errors?.first?.field == "parents_marriage")
            var odd = Self.newborn
            odd["social_security_card"] = "也许"
            let notOffered = try await browser.json(.POST, "/api/v1/bundles/HN-YJS-001/plan", ["answers": odd])
            #expect(notOffered.status == .unprocessableEntity && notOffered.text.contains("需要、暂不需要"))
            // 开办餐饮店: no fixed premises and an outdoor sign cannot both be true
            let restaurant = try #require(try await browser.get("/api/v1/bundles/HN-YJS-002").object()["bundle"] as? [String: Any])
            let conflict = try #require((restaurant["conflicts"] as? [[String: Any]])?.first)
            var answers: [String: String] = [:]
            for question in restaurant["questions"] as? [[String: Any]] ?? [] {
                answers[question["id"] as? String ?? ""] = (question["options"] as? [String])?.first
            }
            for condition in conflict["when"] as? [[String: Any]] ?? [] {
                answers[condition["question"] as? String ?? ""] = (condition["in"] as? [String])?.first
            }
            let contradicting = try await browser.json(.POST, "/api/v1/bundles/HN-YJS-002/plan", ["answers": answers])
            #expect(contradicting.status == .unprocessableEntity)
            #expect(try contradicting.json(Problem.self).detail == conflict["message"] as? String)
            #expect(try await browser.json(.POST, "/api/v1/bundles/HN-NONE/plan", ["answers": Self.newborn]).status == .notFound)
            #expect(try await browser.get("/api/v1/bundles/HN-NONE").status == .notFound)
            let text = try await browser.send(.POST, "/api/v1/bundles/HN-YJS-001/plan", body: ByteBuffer(string: "<answers/>"), contentType: .xml)
            #expect(text.status == .unsupportedMediaType)
            let broken = try await browser.send(.POST, "/api/v1/bundles/HN-YJS-001/plan", body: ByteBuffer(string: "{\"answers\": 3}"), contentType: .json)
            #expect(broken.status == .badRequest)
        }
    }

    struct Review: Decodable {
        struct Finding: Decodable { let field: String }
        struct Missing: Decodable { let id: String }
        let complete: Bool
        let errors: [Finding]
        let missingFields: [Finding]
        let missingMaterials: [Missing]
    }

    @Test("the merged form is checked as every component checks it, findings on the merged field; uploads once", arguments: Backend.available)
    func validate(backend: Backend) async throws {
        try await withTestApp(backend) { app in
            let browser = TestBrowser(app)
            var values = NewbornApplication.values
            let body: (_ values: [String: String], _ files: [String: Int]) -> [String: AnyEncodable] = { values, files in
                ["answers": AnyEncodable(Self.newborn), "values": AnyEncodable(values), "files": AnyEncodable(files)]
            }
            let files = ["household_register": 1, "child_photo": 1]
            let ok = try await browser.json(.POST, "/api/v1/bundles/HN-YJS-001/validate", body(values, files))
            #expect(ok.status == .ok, "\(ok.text.prefix(400))")
            let complete = try ok.json(Review.self)
            #expect(complete.complete, "\(ok.text.prefix(600))")
            values["father_name"] = nil
            values["mother_id_number"] = "430102198506120031"
            let review = try await browser.json(.POST, "/api/v1/bundles/HN-YJS-001/validate", body(values, ["household_register": 1])).json(Review.self)
            #expect(!review.complete)
            #expect(review.errors.map(\.field) == ["mother_id_number"])
            #expect(review.missingFields.map(\.field) == ["father_name"], "出生登记 needs the father when the child takes his 户口")
            #expect(review.missingMaterials.map(\.id) == ["child_photo"])
            let counts = try await browser.json(.POST, "/api/v1/bundles/HN-YJS-001/validate", body(values, ["child_photo": 101]))
            #expect(counts.status == .badRequest)
            let noAnswers = try await browser.json(.POST, "/api/v1/bundles/HN-YJS-001/validate", ["answers": AnyEncodable([String: String]())])
            #expect(noAnswers.status == .unprocessableEntity)
        }
    }

    @Test("pages: home and department list bundles; a bundle's page asks, then shows the plan, or says which answer is wrong", arguments: Backend.available)
    func pages(backend: Backend) async throws {
        try await withTestApp(backend) { app in
            let browser = TestBrowser(app)
            #expect(try await browser.get("/").text.contains("新生儿出生一件事"))
            #expect(try await browser.get("/bundles").text.contains("开办餐饮店一件事"))
            #expect(try await browser.get("/departments/GAT").text.contains("身后一件事"))
            let asked = try await browser.get("/bundles/HN-YJS-001")
            #expect(asked.status == .ok && asked.text.contains("是否同时为孩子申领社会保障卡？") && !asked.text.contains("id=\"plan\""))
            let query = Self.newborn.map { "\($0.key)=\($0.value.urlQuery)" }.joined(separator: "&")
            let planned = try await browser.get("/bundles/HN-YJS-001?" + query)
            #expect(planned.text.contains("id=\"plan\"") && planned.text.contains("等待前序事项：出生医学证明办理"))
            let wrong = try await browser.get("/bundles/HN-YJS-001?birth_place=\("海上".urlQuery)")
            #expect(wrong.status == .ok && wrong.text.contains("situation-problem"))
            #expect(try await browser.get("/bundles/HN-NONE").status == .notFound)
        }
    }

    @Test("seeding twice changes nothing; a changed bundle is stored and moves the catalog revision", arguments: Backend.available)
    func seeding(backend: Backend) async throws {
        try await withTestApp(backend) { app in
            let store = BundleStore(database: app.db)
            let directory = app.directory.resourcesDirectory + "Bundles"
            #expect(try await store.seed(from: directory).hasSuffix("（新增或更新 0 个）"))
            var bundle = try #require(try await BundleRecord.find("HN-YJS-001", on: app.db)).decoded()
            let revision = try await CatalogRevision.current(on: app.db)
            bundle.summary += "（已更新）"
            #expect(try await store.upsert([bundle], source: "test") == 1)
            #expect(try await CatalogRevision.current(on: app.db) == revision + 1)
            #expect(try await BundleRecord.find("HN-YJS-001", on: app.db)?.decoded().summary.hasSuffix("（已更新）") == true)
        }
    }

    @Test("search lists the 一件事 a query is about beside the items, and none for an unrelated query", arguments: Backend.available)
    func searchListsBundles(backend: Backend) async throws {
        try await withTestApp(backend) { app in
            let browser = TestBrowser(app)
            let found = try await browser.get("/api/v1/services?q=" + "孩子刚出生要办哪些手续".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!)
            #expect(found.status == .ok)
            let bundles = try #require(try found.object()["bundles"] as? [[String: Any]])
            #expect(bundles.first?["code"] as? String == "HN-YJS-001")
            let other = try await browser.get("/api/v1/services?q=" + "药品生产许可".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!)
            #expect((try other.object()["bundles"] as? [Any])?.isEmpty == true)
            let page = try await browser.get("/services?q=" + "宝宝出生了户口医保一起怎么办".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!)
            #expect(page.status == .ok && page.text.contains("search-bundles") && page.text.contains("新生儿出生一件事"))
        }
    }
}
