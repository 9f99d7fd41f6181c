import Crypto
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
@testable import YiwangServer

/// Starting the platform as operators do: several nodes at the same moment on one empty
/// database, and a start that fails telling why.
@Suite("Startup: two nodes on one empty database; a failed start names its cause")
struct StartupTests {
    /// One master key for every node, as a cluster is configured.
    static let masterKey = Data(SHA256.hash(data: Data("yiwang-startup-test".utf8))).base64EncodedString()

    @Test("two nodes started at the same moment on one empty database both come up, and prepare it once", arguments: Backend.available)
    func twoNodesColdStart(backend: Backend) async throws {
        if backend == .postgres {
            try await PostgresSlots.shared.withSlot { try await coldStartTwoNodes(backend) }
        } else {
            try await coldStartTwoNodes(backend)
        }
    }

    private func coldStartTwoNodes(_ backend: Backend) async throws {
        // setup: an empty database — a schema of its own, or a SQLite file shared by both nodes
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("yiwang-nodes-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        var config = AppConfig(dataDirectory: directory, logLevel: .warning, masterKey: Self.masterKey)
        var options = BootOptions()
        if backend == .postgres, let url = Backend.postgresURL {
            config.storage = .postgres(url: url)
            options.postgresSearchPath = [schema]
            try await Self.withSchema(schema, url: url, create: true)
        }
        // act: both nodes at once; whichever came up is shut down however the checks end
        let (nodeConfig, nodeOptions) = (config, options)
        async let first = Self.settle { try await YiwangRuntime.makeApplication(config: nodeConfig, environment: .testing, options: nodeOptions) }
        async let second = Self.settle { try await YiwangRuntime.makeApplication(config: nodeConfig, environment: .testing, options: nodeOptions) }
        let started = await [first, second]
        let nodes = started.compactMap { try? $0.get() }
        do {
            for result in started { _ = try result.get() }
            try await checkPreparedOnce(nodes)
        } catch {
            for node in nodes { try? await node.asyncShutdown() }
            throw error
        }
        for node in nodes { try await node.asyncShutdown() }
        if backend == .postgres, let url = Backend.postgresURL { try await Self.withSchema(schema, url: url, create: false) }
    }

    /// The outcome of a start, kept so that a node that came up is shut down even when its twin failed.
    private static func settle(_ start: () async throws -> Application) async -> Result<Application, any Error> {
        do { return .success(try await start()) } catch { return .failure(error) }
    }

    /// One set of migrations, one seeded catalog, one set of demo accounts and seal keys; both nodes ready.
    private func checkPreparedOnce(_ nodes: [Application]) async throws {
        let db = nodes[0].db
        #expect(try await db.sql().raw("SELECT COUNT(*) AS n FROM _fluent_migrations").first()?.decode(column: "n", as: Int.self)
                == Migrations.all(vault: nodes[0].personalData).count)
        #expect(try await ServiceItemRecord.query(on: db).count() == 47)
        #expect(try await AccountRecord.query(on: db).count() == DemoAccounts.citizens.count + 1 + DemoAccounts.staff.count)
        #expect(try await SealKeyRecord.query(on: db).count() == 18)
        for node in nodes {
            try await node.http().test(.GET, "/readyz") { res async throws in #expect(res.status == .ok) }
        }
    }

    @Test("a failed start names the real cause, not the driver's generic description")
    func startupFailureNamesCause() async throws {
        // a PostgreSQL server that answers, with a database that does not exist — or, without one, nothing listening
        let url = Backend.postgresURL.map { URL(string: $0)!.deletingLastPathComponent().appendingPathComponent("no_such_database").absoluteString }
            ?? "postgres://nobody:secret@127.0.0.1:1/none"
        let config = AppConfig(dataDirectory: NSTemporaryDirectory() + "yiwang-startup-\(UUID().uuidString)",
                               storage: .postgres(url: url), logLevel: .critical, masterKey: Self.masterKey)
        do {
            let app = try await YiwangRuntime.makeApplication(config: config, environment: .testing)
            try await app.asyncShutdown()
            Issue.record("started without a database")
        } catch let failure as StartupFailure {
            #expect(failure.description.hasPrefix("启动失败："))
            #expect(!failure.description.contains("Generic description to prevent accidental leakage"), "\(failure.description)")
            if Backend.postgresURL != nil {
                #expect(failure.description.contains("no_such_database"), "\(failure.description.prefix(400))")
            } else {
                #expect(failure.description.localizedCaseInsensitiveContains("connect"), "\(failure.description.prefix(400))")
            }
        }
    }

    /// Creates or drops a schema with an application of its own (nothing prepared).
    static func withSchema(_ schema: String, url: String, create: Bool) async throws {
        let app = try await Application.make(.testing)
        do {
            try await configure(app, config: AppConfig(dataDirectory: NSTemporaryDirectory() + "yiwang-schema", storage: .postgres(url: url),
                                                       logLevel: .warning, masterKey: masterKey),
                                options: BootOptions(prepare: false))
            let sql = try app.db.sql()
            try await sql.raw(create ? "CREATE SCHEMA \(ident: schema)" : "DROP SCHEMA IF EXISTS \(ident: schema) CASCADE").run()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
