import AsyncHTTPClient
import Foundation
import Synchronization
import Testing
import Vapor
import VaporTesting
import YiwangDomain
@testable import YiwangServer

/// A client that behaves like a browser over real HTTP: it keeps cookies, reads the CSRF token
/// from each page it loads, and sends it back with forms — or, as an API client, holds a bearer token.
final class TestBrowser {
    let app: Application
    private(set) var cookies: [String: String] = [:]
    private(set) var csrf = ""
    var bearer: String?
    /// Who signed in through `signIn` or `signInAPI` (nil: nobody, as far as the test said).
    private(set) var signedInAs: String?

    init(_ app: Application) { self.app = app }

    /// Sends a request with the cookies (or bearer token) held; remembers cookies set in the answer.
    @discardableResult
    func send(_ method: HTTPMethod, _ path: String, headers extra: HTTPHeaders = [:], body: ByteBuffer? = nil,
              contentType: HTTPMediaType? = nil, csrfHeader: Bool = false) async throws -> BrowserResponse {
        var headers = extra
        if !cookies.isEmpty { headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")) }
        if let bearer { headers.bearerAuthorization = BearerAuthorization(token: bearer) }
        if let contentType { headers.contentType = contentType }
        if csrfHeader { headers.replaceOrAdd(name: "X-CSRF-Token", value: csrf) }
        let response = try await Self.perform(app, method, path, headers: headers, body: body)
        for header in response.headers[.setCookie] {
            let pair = header.split(separator: ";").first.map(String.init) ?? ""
            guard let equals = pair.firstIndex(of: "=") else { continue }
            let name = String(pair[..<equals]), value = String(pair[pair.index(after: equals)...])
            if value.isEmpty || header.lowercased().contains("max-age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
        if response.headers.contentType?.subType == "html", let token = Self.metaCSRF(response.body.string) { csrf = token }
        checkNoClearNumbers(response, method, path, sent: body)
        return response
    }

    /// Every answer of the whole test run to anyone who is not a citizen — staff, auditors, people
    /// not signed in — is scanned for the demo people's ID and mobile numbers in clear. Allowed only:
    /// a number the request itself carried (a form shown again with its error), and the answer to a
    /// handling clerk who gave a reason to see the applicant (`…/reveal`, audited).
    private func checkNoClearNumbers(_ response: BrowserResponse, _ method: HTTPMethod, _ path: String, sent: ByteBuffer?) {
        if let login = signedInAs, !Self.isStaff(login) { return }  // a citizen sees their own (and their family's, as entered)
        guard !path.hasSuffix("/reveal") else { return }
        let text = response.body.string, request = path + (sent.map { String(buffer: $0) } ?? "")
        for secret in PersonalDataScanTests.secrets where text.contains(secret) && !request.contains(secret) {
            Issue.record("\(secret) in clear in the answer to \(signedInAs ?? "someone not signed in"): \(method) \(path)")
        }
    }

    /// Loads a page (and its CSRF token).
    @discardableResult
    func get(_ path: String) async throws -> BrowserResponse {
        try await send(.GET, path)
    }

    /// Posts an HTML form, adding the page's CSRF token unless told not to.
    @discardableResult
    func post(_ path: String, form: [String: String], withToken: Bool = true) async throws -> BrowserResponse {
        var fields = form
        if withToken { fields[CSRFProtection.fieldName] = csrf }
        var body = ByteBuffer()
        body.writeString(fields.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&"))
        return try await send(.POST, path, body: body, contentType: .urlEncodedForm)
    }

    /// Sends JSON (with the CSRF header when signed in by cookie).
    @discardableResult
    func json(_ method: HTTPMethod, _ path: String, _ value: some Encodable, headers: HTTPHeaders = [:]) async throws -> BrowserResponse {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try await send(method, path, headers: headers, body: ByteBuffer(data: try encoder.encode(value)),
                              contentType: .json, csrfHeader: bearer == nil)
    }

    /// Uploads one file as multipart/form-data in the `file` field (plus any other fields).
    @discardableResult
    func upload(_ path: String, bytes: [UInt8], fileName: String, fields: [String: String] = [:]) async throws -> BrowserResponse {
        try await upload(path, files: [(fileName, bytes)], field: "file", fields: fields)
    }

    /// Several files in one multipart body, each a part named `field` (`files[]` as the page's
    /// multiple-file input sends them); `withToken` false leaves the CSRF field out.
    func upload(_ path: String, files: [(name: String, bytes: [UInt8])], field: String = "files[]", fields: [String: String] = [:],
                withToken: Bool = true) async throws -> BrowserResponse {
        let boundary = "----yiwang-test-\(UUID().uuidString)"
        var body = ByteBuffer()
        // as the page's form sends it: the CSRF token a field beside the files
        let fields = bearer == nil && withToken ? fields.merging(["_csrf": csrf]) { given, _ in given } : fields
        for (name, value) in fields {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        for file in files {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"; filename=\"\(file.name)\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            body.writeBytes(file.bytes)
            body.writeString("\r\n")
        }
        body.writeString("--\(boundary)--\r\n")
        return try await send(.POST, path, body: body, contentType: HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary]))
    }

    /// Staff logins (not a mobile number) have a second factor: the demo secret of that login.
    static func isStaff(_ login: String) -> Bool { !login.allSatisfy(\.isNumber) }

    /// A fresh TOTP code for a staff login: each one moves the app's second-factor clock a step on,
    /// so that two sign-ins in one test never reuse a code (which the platform refuses, as it should).
    func secondFactorCode(_ login: String) -> String {
        TOTP(secret: DemoAccounts.totpSecret(login)).code(at: app.secondFactorTestClock.advance())
    }

    /// Signs in through the login page (and, for staff, the second-factor page).
    func signIn(_ login: String, password: String = DemoAccounts.password) async throws {
        try await get("/login")
        let response = try await post("/login", form: ["login": login, "password": password, "next": "/me"])
        #expect(response.status == .seeOther, "sign-in failed: \(response.body.string.prefix(300))")
        if Self.isStaff(login) {
            let location = response.headers.first(name: .location) ?? ""
            #expect(location.hasPrefix(SiteURL.secondFactor.path), "\(location)")
            try await get(location)
            let second = try await post(SiteURL.secondFactor.path, form: ["code": secondFactorCode(login), "next": "/workbench"])
            #expect(second.status == .seeOther, "second factor failed: \(second.body.string.prefix(300))")
        }
        signedInAs = login
        try await get("/me")
    }

    /// Gets a bearer token for the API (staff add their TOTP code).
    func signInAPI(_ login: String, password: String = DemoAccounts.password) async throws {
        var body = ["login": login, "password": password]
        if Self.isStaff(login) { body["totp"] = secondFactorCode(login) }
        let response = try await json(.POST, "/api/v1/auth/token", body)
        #expect(response.status == .ok, "\(response.body.string.prefix(300))")
        bearer = try response.object()["access_token"] as? String
        signedInAs = login
    }

    /// One request over real HTTP, like VaporTesting's running mode, except that redirects come
    /// back as they are (a browser test needs to see a 303 and the cookie set with it).
    static func perform(_ app: Application, _ method: HTTPMethod, _ path: String, headers: HTTPHeaders,
                        body: ByteBuffer?) async throws -> BrowserResponse {
        try await withServer(app) { port in try await perform(port: port, method, path, headers: headers, body: body) }
    }

    /// Runs the server on a free loopback port while `body` sends requests to it (several at once if it likes).
    static func withServer<T>(_ app: Application, _ body: (Int) async throws -> T) async throws -> T {
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        do {
            guard let port = app.http.server.shared.localAddress?.port else { throw Abort(.internalServerError) }
            let result = try await body(port)
            await app.server.shutdown()
            return result
        } catch {
            await app.server.shutdown()
            throw error
        }
    }

    static func perform(port: Int, _ method: HTTPMethod, _ path: String, headers: HTTPHeaders,
                        body: ByteBuffer?) async throws -> BrowserResponse {
        let client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
                                configuration: .init(redirectConfiguration: .disallow))
        do {
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
            request.method = method
            request.headers = headers
            if let body { request.body = .bytes(body) }
            let response = try await client.execute(request, timeout: .seconds(60))
            let collected = try await response.body.collect(upTo: 16 * 1024 * 1024)
            try await client.shutdown()
            return BrowserResponse(status: response.status, headers: response.headers, body: collected)
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    static func metaCSRF(_ html: String) -> String? {
        guard let range = html.range(of: #"<meta name="csrf-token" content=""#) else { return nil }
        return html[range.upperBound...].split(separator: "\"").first.map(String.init)
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}

/// Bytes that look like the file types the platform accepts, judged by content.
enum SampleFiles {
    static let pdf = Array("%PDF-1.7\n1 0 obj <<>> endobj\nxref\n0 1\n0000000000 65535 f \ntrailer <</Size 1>>\nstartxref\n29\n%%EOF\n".utf8)
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8) + Array(repeating: 0, count: 32)
    static let exe: [UInt8] = Array("MZ\u{90}\0 this program cannot be run in DOS mode".utf8)
}

/// What `TestBrowser` got back.
struct BrowserResponse: ResponseBody {
    let status: HTTPResponseStatus
    let headers: HTTPHeaders
    let body: ByteBuffer

    /// The `errors` member of a problem: field → message.
    func fieldErrors() throws -> [String: String] {
        let errors = (try object()["errors"] as? [[String: String]]) ?? []
        return Dictionary(errors.compactMap { entry in entry["field"].map { ($0, entry["message"] ?? "") } },
                          uniquingKeysWith: { first, _ in first })
    }
}

/// A second-factor clock for tests: starts now and moves 30 s on at every staff sign-in.
final class SecondFactorTestClock: Sendable {
    private let now = Mutex(Date())

    func advance() -> Date {
        now.withLock { now in
            now = now.addingTimeInterval(30)
            return now
        }
    }

    var current: Date { now.withLock { $0 } }
}

extension Application {
    private struct SecondFactorTestClockKey: StorageKey { typealias Value = SecondFactorTestClock }

    /// Installed on first use as the app's second-factor clock.
    var secondFactorTestClock: SecondFactorTestClock {
        if let clock = storage[SecondFactorTestClockKey.self] { return clock }
        let clock = SecondFactorTestClock()
        storage[SecondFactorTestClockKey.self] = clock
        secondFactorClock = { clock.current }
        return clock
    }
}
