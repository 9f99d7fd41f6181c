import Fluent
import Foundation
import Testing
import Vapor
@testable import YiwangServer
import YiwangDomain

/// Object-level access, generated from the registered routes: wherever a route names something that
/// belongs to someone — a draft, a file, a case, a certificate, a company, a department's
/// green-channel class — a person it does not belong to gets exactly the answer they would get for
/// one that does not exist. Nothing in the answer tells "yours is not mine" from "there is none".
@Suite("Object access: someone else's thing looks the same as no thing")
struct ObjectAccessTests {
    /// Routes whose object anyone may read (the public catalog, verification, share links).
    static let publicObjects: Set<String> = [
        "GET /api/v1/services/:code", "GET /services/:code", "GET /services/:code/apply", "GET /services/:code/template",
        "POST /api/v1/services/:code/applications", "POST /api/v1/services/:code/validate", "GET /departments/:code",
        "GET /policies/:id", "GET /benefits/:code", "GET /verify/:number", "GET /api/v1/certificates/:number/verification", "GET /c/:code",
        "GET /shared/:token",
        // the review queue is the reviewers' as a whole, not anyone's own
        "POST /assistant/review/:turn/curate", "POST /assistant/review/:turn/dismiss",
        // feedback is checked against the conversation it was given in (see AnswerReviewTests)
        "POST /api/v1/assistant/turns/:turn/feedback",
    ]

    @Test("every route naming an owned object: another person's answer equals the answer for none", arguments: Backend.available)
    func strangers(_ backend: Backend) async throws {
        try await withTestApp(backend) { app in
            app.today = { CivilDate(year: 2026, month: 11, day: 30)! }
            // 张三's draft with a file and a case at 民政; 李四's company's licence from 药监; a 民政 green-channel class
            let (_, draftID, fileID) = try await ApplicationTests.draftWithFile(app)
            let receipt = try await WorkflowTests.submittedCase(app)
            let number = try await CertificateTests.grantedLicence(app)
            let approver = TestBrowser(app)
            try await approver.signInAPI("mzt-approval")
            let greenClass = try await approver.json(.POST, "/api/v1/workbench/green-channel-classes",
                                                     ["name": "高龄老人", "kind": "age_at_least", "value": "80"]).object()
            let classID = try #require(greenClass["id"] as? String)
            let company = try #require(try await EnterpriseRecord.query(on: app.db).first()).requireID().uuidString
            let agent = try #require(try await AccountRecord.find(login: "13800000002", vault: app.personalData, on: app.db)).requireID().uuidString

            // 张三's 一件事: one submitted (a receipt), one being filled in with an upload
            let parent = TestBrowser(app)
            try await parent.signIn("13800000001")
            let (bundleReceipt, _) = try await BundleApplicationTests.submittedBundle(app, parent: parent)
            let started = try await parent.post("/bundles/\(BundleApplicationTests.code)/apply", form: BundleApplicationTests.answers)
            let bundleDraft = String(try #require(started.headers.first(name: .location)).dropFirst("/bundle-applications/".count))
            try await parent.get("/bundle-applications/\(bundleDraft)")
            try await parent.upload("/bundle-applications/\(bundleDraft)/materials", bytes: SampleFiles.pdf,
                                    fileName: "户口簿.pdf", fields: ["material_id": "household_register"])
            let holder = try #require(try await BundleApplicationRecord.find(UUID(uuidString: bundleDraft), on: app.db)).draftID
            let bundleFile = try #require(try await UploadedFileRecord.query(on: app.db).filter(\.$draftID == holder).first()).requireID().uuidString
            let bundleValues: [String: (real: String, none: String)] = [
                "id": (bundleDraft, UUID().uuidString.lowercased()), "file": (bundleFile, UUID().uuidString.lowercased()),
                "receipt": (bundleReceipt, String(bundleReceipt.dropLast(3)) + "999"),
            ]

            // 政策找人: 李四's 一键确认 offer, and her objection to it, which 残联 decides
            _ = try await PolicyMatching(platform: app.platform()).run()
            let offer = try #require(try await EntitlementRecord.query(on: app.db).filter(\.$policyID == "HN-ZC-003").first()).requireID().uuidString
            let li = TestBrowser(app)
            try await li.signIn("13800000002")
            try await li.get("/me/benefits/\(offer)")
            try await li.post("/me/benefits/\(offer)/objection", form: ["kind": "not_wanted", "statement": "暂不需要"])
            let objection = try #require(try await ObjectionRecord.query(on: app.db).first()).requireID().uuidString
            let policyValues: [String: (real: String, none: String)] = [
                "me/benefits": (offer, UUID().uuidString), "workbench/objections": (objection, UUID().uuidString),
                "workbench/policies": ("HN-ZC-001", "HN-ZC-999"),
            ]

            // each parameter: the real (someone else's) value, and one of the same shape that names nothing
            let values: [String: (real: String, none: String)] = [
                "id": (draftID, UUID().uuidString.lowercased()), "file": (fileID, UUID().uuidString.lowercased()),
                "material": ("application_form", "application_form"), "receipt": (receipt, String(receipt.dropLast(3)) + "999"),
                "number": (number, String(number.dropLast(6)) + "999999"), "enterprise": (company, UUID().uuidString),
                "agent": (agent, UUID().uuidString),
            ]
            // strangers: citizens who own none of it, and staff of the other department with every role
            var strangers: [(String, TestBrowser)] = []
            for login in ["13800000001", "13800000002", "yjj-intake", "yjj-review", "yjj-approval", "mzt-intake", "mzt-review", "mzt-approval"] {
                let client = TestBrowser(app)
                try await client.signInAPI(login)
                strangers.append((login, client))
            }
            // who owns what: a stranger is anyone but these
            func owns(_ login: String, _ key: String) -> Bool {
                let mzt = login.hasPrefix("mzt-"), yjj = login.hasPrefix("yjj-")
                if key.contains("/me/benefits") { return login == "13800000002" }  // 李四's offer
                if key.contains("/workbench/objections") { return false }  // 残联's: nobody here
                if key.contains("/workbench/policies") { return mzt }  // 民政's 高龄津贴
                if key.contains("workbench") { return mzt }  // 民政's cases, files and classes
                if key.contains(":number") { return login == "13800000002" || yjj }  // 药监's licence of 李四's company
                if key.contains(":enterprise") { return login == "13800000002" }
                return login == "13800000001"  // drafts, files, cases
            }

            var mismatches: [String] = []
            var tried = 0
            for route in app.routes.all {
                let key = AccessPolicyMiddleware.key(route)
                let parameters = route.path.compactMap { component -> String? in
                    if case .parameter(let name) = component { return name }
                    return nil
                }
                guard !parameters.isEmpty, !Self.publicObjects.contains(key) else { continue }
                func path(_ pick: ((real: String, none: String)) -> String) -> String {
                    "/" + route.path.map { component -> String in
                        guard case .parameter(let name) = component else { return component.description }
                        let policyValue = policyValues.first { key.contains($0.key) }?.value
                        let value = name == "id" && key.contains("green-channel") ? (classID, UUID().uuidString)
                            : policyValue ?? (key.contains("bundle-") ? bundleValues[name] ?? ("x", "y") : values[name] ?? ("x", "y"))
                        return pick(value)
                    }.joined(separator: "/")
                }
                for (login, client) in strangers where !owns(login, key) {
                    let principal = login.hasPrefix("138") ? AccessPolicy.Principal.citizen
                        : try #require(AccessPolicy.Principal(rawValue: String(login.dropFirst(4))))
                    guard AccessPolicy.allows(key, [principal]) else { continue }  // refused before any object is looked at
                    var headers = HTTPHeaders()
                    headers.contentType = .json
                    headers.replaceOrAdd(name: .accept, value: "application/json")
                    let theirs = try await client.send(route.method, path { $0.real }, headers: headers, body: ByteBuffer(string: "{}"))
                    let none = try await client.send(route.method, path { $0.none }, headers: headers, body: ByteBuffer(string: "{}"))
                    tried += 1
                    let detail = { (response: BrowserResponse) in
                        (try? JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any])?["detail"] as? String ?? ""
                    }
                    if theirs.status != none.status || detail(theirs) != detail(none) || theirs.status.code < 400 {
                        mismatches.append("\(key) as \(login): theirs \(theirs.status.code) \(detail(theirs)) / none \(none.status.code) \(detail(none))")
                    }
                }
            }
            #expect(tried > 60)
            #expect(mismatches.isEmpty, "\(mismatches.count): \(mismatches.prefix(15))")
        }
    }

}
