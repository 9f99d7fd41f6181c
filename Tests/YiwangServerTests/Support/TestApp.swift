import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import YiwangServer

/// The databases the tests run on: SQLite always, PostgreSQL when `YIWANG_TEST_POSTGRES_URL` is set.
enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgres

    static let postgresURL = ProcessInfo.processInfo.environment["YIWANG_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }

    static var available: [Backend] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    var testDescription: String { rawValue }
}

/// A booted application on its own fresh database — a SQLite file in a temporary data directory, or
/// its own PostgreSQL schema — that is always shut down and removed afterwards. It boots as `yiwang
/// serve` does (`configure`, then `Boot.prepare`: migrations, reference data, seeds, seal keys,
/// search warm-up); only the schema is made first.
func withTestApp(
    _ backend: Backend = .sqlite, seed: Bool = true, adjust: (inout AppConfig) -> Void = { _ in },
    _ body: (Application) async throws -> Void
) async throws {
    if backend == .postgres {
        try await PostgresSlots.shared.withSlot { try await bootTestApp(backend, seed: seed, adjust: adjust, body) }
    } else {
        try await bootTestApp(backend, seed: seed, adjust: adjust, body)
    }
}

private func bootTestApp(
    _ backend: Backend, seed: Bool, adjust: (inout AppConfig) -> Void, _ body: (Application) async throws -> Void
) async throws {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("yiwang-test-\(UUID().uuidString)").path
    let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
    // a master key of its own, as an operator provides one (the generated development key is tested apart)
    let masterKey = Data((0..<32).map { _ in UInt8.random(in: .min ... .max) }).base64EncodedString()
    var config = AppConfig(dataDirectory: directory, logLevel: .warning, seedDemoData: seed, masterKey: masterKey)
    var options = BootOptions(prepare: false)
    options.catalogRevisionCheckInterval = .zero  // every request sees the latest catalog
    if backend == .postgres, let url = Backend.postgresURL {
        config.storage = .postgres(url: url)
        options.postgresSearchPath = [schema]
    }
    adjust(&config)
    let app = try await Application.make(.testing)
    do {
        try await configure(app, config: config, options: options)
        // each real-HTTP test request starts and stops the server: its start notices are noise here
        app.http.server.configuration.logger.logLevel = .error
        if backend == .postgres {
            try await (app.db as! any SQLDatabase).raw("CREATE SCHEMA IF NOT EXISTS \(ident: schema)").run()
        }
        try await Boot.prepare(app, seedDemo: seed)
        try await body(app)
    } catch {
        await cleanUp(app, backend: backend, schema: schema)
        try? FileManager.default.removeItem(atPath: directory)
        throw error
    }
    await cleanUp(app, backend: backend, schema: schema)
    try? FileManager.default.removeItem(atPath: directory)
}

private func cleanUp(_ app: Application, backend: Backend, schema: String) async {
    if backend == .postgres, let sql = app.db as? any SQLDatabase {
        try? await sql.raw("DROP SCHEMA IF EXISTS \(ident: schema) CASCADE").run()
    }
    try? await app.asyncShutdown()
}

extension Application {
    /// Real HTTP: the server listens on a free loopback port for each request.
    func http() throws -> TestingApplicationTester {
        try testing(method: .running(hostname: "127.0.0.1", port: 0))
    }
}

/// An HTTP answer with a body to read as the API writes it.
protocol ResponseBody {
    var body: ByteBuffer { get }
}

extension ResponseBody {
    /// The body decoded with the API's conventions (snake_case keys).
    func json<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(T.self, from: Data(buffer: body))
    }

    /// The body as a loose JSON object, to check exact key names.
    func object() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any])
    }

    var text: String { body.string }
}

extension TestingHTTPResponse: ResponseBody {}

/// Where the test fixtures are.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(name))
    }
}
