import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import YiwangServer

@Suite("Operations: health, readiness, metrics, request ids, OpenAPI")
struct OperationsTests {
    @Test("healthz and readyz answer ok", arguments: Backend.available)
    func health(backend: Backend) async throws {
        try await withTestApp(backend, seed: false) { app in
            try await app.http().test(.GET, "/healthz") { res async throws in
                #expect(res.status == .ok)
                #expect(try res.object()["status"] as? String == "ok")
            }
            try await app.http().test(.GET, "/readyz") { res async throws in
                #expect(res.status == .ok)
                #expect(try res.object()["database"] as? String == "ok")
            }
        }
    }

    @Test("readyz says 503 when the database cannot be reached")
    func readinessFails() async throws {
        // setup: a PostgreSQL address where nothing listens
        let config = AppConfig(dataDirectory: NSTemporaryDirectory() + "yiwang-unreachable",
                               storage: .postgres(url: "postgres://nobody:secret@127.0.0.1:1/none"), logLevel: .critical)
        let app = try await Application.make(.testing)
        do {
            try await configure(app, config: config, options: BootOptions(prepare: false))
            // act
            try await app.http().test(.GET, "/readyz") { res async throws in
                // check
                #expect(res.status == .serviceUnavailable)
                #expect(try res.object()["detail"] as? String == "数据库暂时无法访问")
            }
            try await app.http().test(.GET, "/healthz") { res async throws in #expect(res.status == .ok) }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    @Test("metrics count requests by route pattern")
    func metrics() async throws {
        try await withTestApp { app in
            try await app.http().test(.GET, "/api/v1/services/HN-YJJ-001") { _ async throws in }
            try await app.http().test(.GET, "/api/v1/services/HN-YJJ-002") { _ async throws in }
            try await app.http().test(.GET, "/no/such/page") { _ async throws in }
            try await app.http().test(.GET, "/metrics") { res async throws in
                #expect(res.status == .ok)
                let text = res.text
                #expect(text.contains(#"http_requests_total{method="GET",route="/api/v1/services/:code",status="200"} 2"#))
                #expect(text.contains(#"route="unmatched",status="404""#))
                #expect(text.contains("http_request_duration_seconds_bucket"))
            }
        }
    }

    @Test("metrics: with a token only for its holder; without one only for this machine, not through a proxy")
    func metricsAccess() async throws {
        let token = "scrape-token-0123456789"
        try await withTestApp(seed: false, adjust: { $0.metricsToken = token }) { app in
            try await app.http().test(.GET, "/metrics") { res async throws in #expect(res.status == .unauthorized) }
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: "scrape-token-wrong-0000")
            try await app.http().test(.GET, "/metrics", headers: headers) { res async throws in #expect(res.status == .unauthorized) }
            headers.bearerAuthorization = BearerAuthorization(token: token)
            try await app.http().test(.GET, "/metrics", headers: headers) { res async throws in
                #expect(res.status == .ok && res.text.contains("http_requests_total"))
            }
        }
        try await withTestApp(seed: false) { app in
            try await app.http().test(.GET, "/metrics", headers: ["X-Forwarded-For": "203.0.113.9"]) { res async throws in
                #expect(res.status == .forbidden && res.text.contains("YIWANG_METRICS_TOKEN"))
            }
        }
        #expect(throws: ConfigError(variable: "YIWANG_METRICS_TOKEN", message: "监控令牌至少 16 个字符")) {
            try AppConfig.load(from: ["YIWANG_METRICS_TOKEN": "short"])
        }
    }

    @Test("a request id comes back on the response; a malformed one is replaced")
    func requestID() async throws {
        try await withTestApp(seed: false) { app in
            try await app.http().test(.GET, "/healthz", headers: ["X-Request-Id": "abc-12345678"]) { res async throws in
                #expect(res.headers.first(name: "X-Request-Id") == "abc-12345678")
            }
            try await app.http().test(.GET, "/healthz", headers: ["X-Request-Id": "../../etc/passwd"]) { res async throws in
                let id = try #require(res.headers.first(name: "X-Request-Id"))
                #expect(id != "../../etc/passwd")
                #expect(id.count == 36)
            }
        }
    }

    @Test("every registered route is in /openapi.json, and nothing else is")
    func openAPICoversRoutes() async throws {
        try await withTestApp(seed: false) { app in
            let registered = Set(app.routes.all.map { route in
                let path = route.path.map { component -> String in
                    switch component {
                    case .parameter(let name): "{\(name)}"
                    default: component.description
                    }
                }.joined(separator: "/")
                return "\(route.method.rawValue.lowercased()) /\(path)"
            })
            try await app.http().test(.GET, "/openapi.json") { res async throws in
                #expect(res.status == .ok)
                let document = try res.object()
                #expect((document["openapi"] as? String)?.hasPrefix("3.1") == true)
                let paths = try #require(document["paths"] as? [String: [String: Any]])
                let documented = Set(paths.flatMap { path, operations in
                    operations.keys.map { "\($0) \(path)" }
                })
                #expect(registered.subtracting(documented).isEmpty, "routes missing from openapi.json: \(registered.subtracting(documented).sorted())")
                #expect(documented.subtracting(registered).isEmpty, "documented but not registered: \(documented.subtracting(registered).sorted())")
            }
        }
    }

    @Test("the document lists the answers every operation can give: 401 for a bad token, 400 and 415 for a body, problem+json beside a page's HTML errors, 303 for pages behind sign-in")
    func openAPIConventions() throws {
        let url = URL(fileURLWithPath: ResourceLocator.rootDirectory()).appendingPathComponent("Resources/OpenAPI/openapi.json")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var problems: [String] = []
        for (path, operations) in paths {
            for (method, value) in operations {
                guard let operation = value as? [String: Any], let responses = operation["responses"] as? [String: [String: Any]] else { continue }
                let name = "\(method.uppercased()) \(path)"
                let page = (operation["tags"] as? [String])?.contains("pages") == true
                if responses["401"] == nil { problems.append("\(name): no 401 (any request may carry a bad token)") }
                if operation["requestBody"] != nil {
                    for status in ["400", "415"] where responses[status] == nil { problems.append("\(name): has a body but no \(status)") }
                }
                if page, operation["security"] != nil, responses["303"] == nil { problems.append("\(name): a page behind sign-in without 303") }
                for (status, response) in responses where page && status >= "400" {
                    let content = response["content"] as? [String: Any] ?? [:]
                    if content["text/html"] != nil && content["application/problem+json"] == nil {
                        problems.append("\(name) \(status): HTML only, but programs get problem+json")
                    }
                }
            }
        }
        #expect(problems.isEmpty, "\(problems.sorted().joined(separator: "\n"))")
    }

    @Test("security headers are on every answer")
    func securityHeaders() async throws {
        try await withTestApp(seed: false) { app in
            try await app.http().test(.GET, "/") { res async throws in
                #expect(res.headers.first(name: "X-Content-Type-Options") == "nosniff")
                #expect(res.headers.first(name: "Content-Security-Policy")?.contains("frame-ancestors 'none'") == true)
            }
        }
    }

    @Test("security headers on pages, API answers and errors; no inline script or style in any template")
    func securityHeadersEverywhere() async throws {
        try await withTestApp { app in
            for path in ["/", "/services", "/login", "/api/v1/services", "/no-such-page", "/workbench"] {
                let response = try await TestBrowser(app).send(.GET, path)
                let policy = response.headers.first(name: "Content-Security-Policy") ?? ""
                #expect(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline") && policy.contains("frame-ancestors 'none'"), "\(path)")
                #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff", "\(path)")
                #expect(response.headers.first(name: "Referrer-Policy") == "same-origin", "\(path)")
            }
        }
        let views = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Resources/Views")
        for file in try FileManager.default.contentsOfDirectory(atPath: views.path) where file.hasSuffix(".leaf") {
            let text = try String(contentsOf: views.appendingPathComponent(file), encoding: .utf8)
            #expect(!text.contains("<script>") && !text.contains(" style=\"") && !text.contains(" onclick="), "\(file)")
        }
    }

    @Test("an oversized body is refused with 413 and a Chinese message, and writes nothing", arguments: Backend.available)
    func bodyLimit(_ backend: Backend) async throws {
        try await withTestApp(backend) { app in
            let citizen = TestBrowser(app)
            try await citizen.signInAPI("13800000001")
            let huge = #"{"values": {"bank_name": ""# + String(repeating: "很", count: 20_000) + #""}}"#
            let started = try await citizen.json(.POST, "/api/v1/services/HN-MZT-002/applications", [String: String]()).object()
            let id = try #require(started["id"] as? String)
            let response = try await citizen.send(.PUT, "/api/v1/applications/\(id)", body: ByteBuffer(string: huge), contentType: .json)
            #expect(response.status == .payloadTooLarge)
            #expect(try response.object()["detail"] as? String == "提交的内容过大")
            let draft = try #require(try await ApplicationDraftRecord.find(UUID(uuidString: id), on: app.db))
            let values = try app.personalData.openForm(draft.formValues)
            #expect(draft.version == 1 && !(values["bank_name"] ?? "").contains("很"))
        }
    }

    @Test("a body of the wrong shape is a Chinese 400 naming the field; a body with no content type a Chinese 415")
    func decodingErrors() async throws {
        try await withTestApp { app in
            let citizen = TestBrowser(app)
            try await citizen.signInAPI("13800000001")
            let started = try await citizen.json(.POST, "/api/v1/services/HN-MZT-002/applications", [String: String]()).object()
            let id = try #require(started["id"] as? String)
            for (body, field) in [(#"{"values": {"bank_name": 5}}"#, "values.bank_name"), (#"{"values": "x"}"#, "values"), ("{not json", "JSON")] {
                let response = try await citizen.send(.PUT, "/api/v1/applications/\(id)", body: ByteBuffer(string: body), contentType: .json)
                #expect(response.status == .badRequest, "\(body)")
                let detail = try response.object()["detail"] as? String ?? ""
                #expect(detail.hasPrefix("请求内容的格式不对") && detail.contains(field) && !detail.contains("Value") && !detail.contains("path"), "\(detail)")
            }
            let bare = try await citizen.send(.PUT, "/api/v1/applications/\(id)", body: ByteBuffer(string: #"{"values": {}}"#))
            #expect(try bare.status == .unsupportedMediaType && bare.object()["detail"] as? String == "不支持的内容类型")
            let draft = try #require(try await ApplicationDraftRecord.find(UUID(uuidString: id), on: app.db))
            #expect(draft.version == 1)
        }
    }

    @Test("a method a path does not take is 405 with Allow, before CSRF or sign-in; an unknown path stays 404")
    func methodNotAllowed() async throws {
        try await withTestApp(seed: false) { app in
            let browser = TestBrowser(app)
            for (method, path, allow) in [(HTTPMethod.TRACE, "/login", "GET, HEAD, POST"), (.DELETE, "/api/v1/services", "GET, HEAD"),
                                          (.PATCH, "/api/v1/applications/\(UUID())", "GET, HEAD, PUT"), (.POST, "/healthz", "GET, HEAD")] {
                let response = try await browser.send(method, path)
                #expect(response.status == .methodNotAllowed && response.headers.first(name: .allow) == allow, "\(method) \(path)")
                #expect(response.text.contains("该地址不支持这种请求方法"), "\(method) \(path)")
            }
            #expect(try await browser.send(.TRACE, "/no/such/page").status == .notFound)
            #expect(try await browser.send(.HEAD, "/healthz").status == .ok)
        }
    }

    @Test("a multipart body MultipartKit cannot parse is a 400 to anyone, on any route, and the server stays up")
    func hostileMultipart() async throws {
        try await withTestApp { app in
            let browser = TestBrowser(app)
            try await browser.get("/")  // a visitor's CSRF token, as the fuzzer had
            let boundary = "60b31fb5b98d2011878926a5bc88c8a1"
            let hostile = ByteBuffer(string: "--\(boundary)\r\nº--\(boundary)--\r\n")  // the body schemathesis found
            let multipart = HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary])
            // anonymous, on routes that read a body: the decoder is picked by the Content-Type the client sends
            for path in ["/api/v1/auth/token", "/api/v1/auth/codes", "/api/v1/services/HN-MZT-002/validate"] {
                let response = try await browser.send(.POST, path, body: hostile, contentType: multipart, csrfHeader: true)
                #expect(response.status == .badRequest && response.text.contains("multipart"), "\(path): \(response.status) \(response.text)")
            }
            let empty = HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": ""])
            #expect(try await browser.send(.POST, "/api/v1/auth/token", body: hostile, contentType: empty, csrfHeader: true).status == .badRequest)
            // a citizen's upload, the route the fuzzer hit
            let citizen = TestBrowser(app)
            try await citizen.signInAPI("13800000001")
            let started = try await citizen.json(.POST, "/api/v1/services/HN-MZT-002/applications", [String: String]()).object()
            let id = try #require(started["id"] as? String)
            let upload = try await citizen.send(.POST, "/api/v1/applications/\(id)/materials/application_form", body: hostile, contentType: multipart)
            #expect(upload.status == .badRequest)
            // and a well-formed upload with a Chinese file name still goes through
            let fine = try await citizen.upload("/api/v1/applications/\(id)/materials/application_form", bytes: SampleFiles.pdf, fileName: "申请表.pdf")
            #expect(fine.status == .created)
            #expect(try await browser.send(.GET, "/healthz").status == .ok)
        }
    }

    @Test("a form field whose name has a stray bracket is ignored: the form keeps its CSRF token and its values")
    func strayBracketInForm() async throws {
        try await withTestApp { app in
            let browser = TestBrowser(app)
            try await browser.get("/login")
            // the names schemathesis sent to /account/enterprises/{enterprise}/agents, and others like them
            for stray in ["n[𬅞)ìß", "a]", "x[[y]]", "[", "k[a]b"] {
                let response = try await browser.post("/login", form: ["login": "13800000001", "password": "wrong-password", stray: "1"])
                #expect(response.status == .unauthorized, "\(stray): \(response.status)")
            }
            // names with brackets in pairs still read as before
            #expect(TolerantURLEncodedFormDecoder.hasReadableBrackets("missing[]") && TolerantURLEncodedFormDecoder.hasReadableBrackets("a[b][c]"))
            #expect(!TolerantURLEncodedFormDecoder.hasReadableBrackets("n[abc") && !TolerantURLEncodedFormDecoder.hasReadableBrackets("a[b[c]]"))
        }
    }

    @Test("a very long address is 414, a very long segment 404 — never the static files' 500")
    func longPaths() async throws {
        try await withTestApp { app in
            let browser = TestBrowser(app)
            let long = try await browser.send(.GET, "/" + String(repeating: "a", count: 5000))
            #expect(long.status == .uriTooLong && long.text.contains("请求地址过长"))
            let api = try await browser.send(.GET, "/api/v1/" + String(repeating: "b", count: 4100))
            #expect(try api.status == .uriTooLong && (api.object()["detail"] as? String)?.contains("请求地址过长") == true)
            let segment = try await browser.send(.GET, "/css/" + String(repeating: "c", count: 300) + ".css")
            #expect(segment.status == .notFound)
        }
    }

    @Test("a program with a bad bearer token gets a JSON 401, not a sign-in page that sends it round in circles")
    func badBearerOnPages() async throws {
        try await withTestApp(seed: false) { app in
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: "not-a-token")
            for path in ["/workbench/files/abc", "/login", "/me"] {
                try await app.http().test(.GET, path, headers: headers) { res async throws in
                    #expect(res.status == .unauthorized, "\(path)")
                    #expect(res.headers.contentType?.subType == "problem+json", "\(path)")
                }
            }
        }
    }
}
