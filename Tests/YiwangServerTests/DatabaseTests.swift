import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
@testable import YiwangServer

@Suite("Embedded database")
struct DatabaseTests {
    struct Pragma: Decodable { let value: String }

    @Test("the SQLite file is created under the data directory with WAL, busy timeout and foreign keys")
    func sqliteSettings() async throws {
        try await withTestApp(seed: false) { app in
            let config = try #require(app.yiwangConfig)
            guard case .sqlite(let path) = config.storage else { Issue.record("not sqlite"); return }
            #expect(FileManager.default.fileExists(atPath: path))
            #expect(path.hasPrefix(config.dataDirectory))
            for eventLoop in app.eventLoopGroup.makeIterator() {
                let sql = try #require(app.databases.database(logger: app.logger, on: eventLoop) as? any SQLDatabase)
                #expect(try await sql.raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self) == "wal")
                #expect(try await sql.raw("PRAGMA busy_timeout").first()?.decode(column: "timeout", as: Int.self) == DatabaseSetup.sqliteBusyTimeoutMilliseconds)
                #expect(try await sql.raw("PRAGMA foreign_keys").first()?.decode(column: "foreign_keys", as: Int.self) == 1)
            }
        }
    }

    @Test("seeding an already seeded database changes nothing", arguments: Backend.available)
    func reseed(backend: Backend) async throws {
        try await withTestApp(backend) { app in
            try await Boot.seedDemoDataIfEmpty(app)
            let report = try await CatalogSeeder(directory: app.directory.resourcesDirectory + "Catalog").seed(into: app.db)
            #expect(report.imported == 0)
            #expect(report.unchanged == 47)
            #expect(try await ServiceItemRecord.query(on: app.db).count() == 47)
        }
    }

    @Test("an item cannot point at a department that does not exist", arguments: Backend.available)
    func foreignKeys(backend: Backend) async throws {
        try await withTestApp(backend, seed: false) { app in
            let sql = try #require(app.db as? any SQLDatabase)
            await #expect(throws: (any Error).self) {
                try await sql.raw("""
                    INSERT INTO service_items (code, name, department_code, type, online_level, guide, source) \
                    VALUES ('A', 'a', 'MISSING', '行政许可', '全程网办', '{}', 'test')
                    """).run()
            }
        }
    }

    @Test("migrations revert and apply again", arguments: Backend.available)
    func migrationsRevert(backend: Backend) async throws {
        try await withTestApp(backend) { app in
            try await app.autoRevert()
            try await app.autoMigrate()
            #expect(try await ServiceItemRecord.query(on: app.db).count() == 0)
        }
    }
}
