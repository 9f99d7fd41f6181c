import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit
import Vapor

/// Connects the application to its database: the embedded SQLite file by default, PostgreSQL when
/// `YIWANG_DATABASE_URL` is set. Both run the same migrations.
enum DatabaseSetup {
    /// How long a SQLite connection waits for a lock held by another connection before giving up
    /// (and the request fails). Generous: on a busy two-core machine a writer's transaction can be
    /// held up behind bcrypt work for seconds, and waiting is better than failing someone's action.
    static let sqliteBusyTimeoutMilliseconds = 15_000

    static func configure(_ app: Application, storage: AppConfig.Storage, postgresSearchPath: [String]? = nil) throws {
        switch storage {
        case .sqlite(let path):
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            app.databases.use(.sqlite(.file(path), sqlLogLevel: .debug), as: .sqlite)
        case .postgres(let url):
            var configuration = try SQLPostgresConfiguration(url: url)
            configuration.searchPath = postgresSearchPath
            app.databases.use(.postgres(configuration: configuration, sqlLogLevel: .debug), as: .psql)
            app.postgresSearchPath = postgresSearchPath
        }
        app.migrations.add(Migrations.all(vault: app.personalData))
    }

    /// SQLite settings that live on each connection: write-ahead logging (kept in the file once set),
    /// a busy timeout, and foreign keys (which the driver turns on for every connection it opens).
    /// The pool keeps one connection per event loop, so this visits each of them once.
    static func prepareConnections(_ app: Application) async throws {
        guard (app.db as? any SQLDatabase)?.dialect.name == "sqlite" else { return }
        for eventLoop in app.eventLoopGroup.makeIterator() {
            guard let sql = app.databases.database(logger: app.logger, on: eventLoop) as? any SQLDatabase
            else { continue }
            try await sql.raw("PRAGMA journal_mode = WAL").run()
            try await sql.raw("PRAGMA busy_timeout = \(unsafeRaw: String(sqliteBusyTimeoutMilliseconds))").run()
            try await sql.raw("PRAGMA synchronous = NORMAL").run()
        }
    }

    /// Runs a trivial query, for `/readyz`.
    static func ping(_ database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("SELECT 1").run()
    }
}

extension Application {
    private struct SearchPathKey: StorageKey { typealias Value = [String] }

    /// The PostgreSQL `search_path` the application runs in (tests: a schema of their own).
    var postgresSearchPath: [String]? {
        get { storage[SearchPathKey.self] }
        set { storage[SearchPathKey.self] = newValue }
    }
}
