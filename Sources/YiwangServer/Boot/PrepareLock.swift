import Fluent
import FluentPostgresDriver
import Foundation
import SQLKit
import Vapor

/// Makes preparing the database a one-node-at-a-time affair. On PostgreSQL, an advisory lock held
/// for the whole preparation on a connection of its own, outside the pool the preparation uses
/// (keyed by the schema, so parallel tests on their own schemas do not wait for each other); two
/// nodes starting at once on an empty database would otherwise both create the same tables. On
/// SQLite, an exclusive lock on a file beside the database. The second node waits, then finds
/// everything done.
enum PrepareLock {
    static func holding(_ app: Application, _ work: @escaping @Sendable () async throws -> Void) async throws {
        switch app.yiwangConfig?.storage {
        case .postgres(let url)?:
            let configuration = try SQLPostgresConfiguration(url: url).coreConfiguration
            let connection = try await PostgresConnection.connect(on: app.eventLoopGroup.any(), configuration: configuration,
                                                                  id: 0, logger: app.logger)
            let key = lockKey(schema: app.postgresSearchPath)
            do {
                try await connection.query("SELECT pg_advisory_lock(\(key))", logger: app.logger)
                try await work()
            } catch {
                try? await connection.close()  // ends the session, and with it the lock
                throw error
            }
            try await connection.query("SELECT pg_advisory_unlock(\(key))", logger: app.logger)
            try await connection.close()
        case .sqlite(let path)?:
            let lock = try FileLock(path: path + ".prepare-lock")
            try await lock.acquire()
            defer { lock.release() }
            try await work()
        case nil:
            try await work()
        }
    }

    /// A stable 63-bit key: the platform's constant, with the schema mixed in.
    static func lockKey(schema: [String]?) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a
        for byte in ("yiwang-prepare:" + (schema ?? []).joined(separator: ",")).utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0100_0000_01b3
        }
        return Int64(bitPattern: hash & 0x7fff_ffff_ffff_ffff)
    }
}

/// An exclusive `flock` on a file, taken without blocking a thread: tried, then tried again.
final class FileLock: Sendable {
    let descriptor: Int32

    init(path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        descriptor = open(path, O_CREAT | O_RDWR, 0o600)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path]) }
    }

    func acquire() async throws {
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
