import ArgumentParser
import Foundation
import YiwangServer

@main
struct Yiwang: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "yiwang",
        abstract: "一网 Yiwang — 一网通办政务服务平台",
        subcommands: [Serve.self, Migrate.self, Seed.self, CatalogCommand.self, CalendarCommand.self, SealCommand.self, KeysCommand.self, AuditCommand.self, Ask.self, Eval.self, Bench.self]
    )
}

/// Reads the configuration and sets up logging, or stops with the variable that is wrong.
func bootConfig(serving: Bool = false) throws -> AppConfig {
    do {
        let config = try YiwangRuntime.loadConfig()
        YiwangRuntime.bootstrapLogging(config, toStandardError: !serving)
        return config
    } catch {
        FileHandle.standardError.write(Data("\(error.description)\n".utf8))
        throw ExitCode(78)  // EX_CONFIG
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the platform (migrates, and seeds demo data into an empty database)."
    )

    func run() async throws {
        try await YiwangRuntime.serve(config: bootConfig(serving: true))
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run pending database migrations.")

    @Flag(help: "Revert the last batch of migrations instead.") var revert = false

    func run() async throws {
        try await PlatformTasks.migrate(config: bootConfig(), revert: revert)
    }
}

struct CalendarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar", abstract: "The working-day calendar.", subcommands: [CalendarImport.self]
    )
}

struct CalendarImport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Load a year's holiday schedule (holiday-cn JSON, e.g. 2027.json)."
    )

    @Argument(help: "The schedule file.") var file: String

    func run() async throws {
        do {
            print(try await PlatformTasks.importCalendar(config: bootConfig(), file: file))
        } catch let error as CatalogTaskError {
            FileHandle.standardError.write(Data("\(error.description)\n".utf8))
            throw ExitCode(65)  // EX_DATAERR
        }
    }
}

struct SealCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seal", abstract: "The departments' electronic-seal keys.", subcommands: [SealRotate.self]
    )
}

struct SealRotate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate", abstract: "Retire a department's seal key and make a new one (old certificates still verify)."
    )

    @Option(help: "Department code, e.g. YJJ.") var department: String

    func run() async throws {
        do {
            print(try await PlatformTasks.rotateSealKey(config: bootConfig(), department: department))
        } catch let error as CatalogTaskError {
            FileHandle.standardError.write(Data("\(error.description)\n".utf8))
            throw ExitCode(65)  // EX_DATAERR
        }
    }
}

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "The master key and what it protects.", subcommands: [KeysReencrypt.self]
    )
}

struct KeysReencrypt: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reencrypt",
        abstract: "After setting a new YIWANG_MASTER_KEY (the old one in YIWANG_MASTER_KEY_PREVIOUS): seal everything again under the new key."
    )

    func run() async throws {
        print(try await PlatformTasks.reencrypt(config: bootConfig()))
    }
}

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "The tamper-evident audit log.", subcommands: [AuditVerify.self, AuditHeadCommand.self]
    )
}

struct AuditVerify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute the audit hash chain and its MACs; name the first record or link that was changed, removed, added or backdated."
    )

    @Option(help: "A published head (its JSON, or a file holding it) the chain must still contain.") var head: String?

    func run() async throws {
        let text = head.map { FileManager.default.fileExists(atPath: $0) ? ((try? String(contentsOfFile: $0, encoding: .utf8)) ?? $0) : $0 }
        do {
            let (holds, line) = try await PlatformTasks.verifyAudit(config: bootConfig(), head: text)
            print(line)
            if !holds { throw ExitCode(1) }
        } catch let error as CatalogTaskError {
            FileHandle.standardError.write(Data("\(error.description)\n".utf8))
            throw ExitCode(65)  // EX_DATAERR
        }
    }
}

struct AuditHeadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "head", abstract: "Sign and publish the audit chain's head now, and print it (JSON) to keep outside the database."
    )

    func run() async throws {
        print(try await PlatformTasks.auditHead(config: bootConfig()))
    }
}

struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load the demo catalog from Resources/Catalog (updates items that changed)."
    )

    func run() async throws {
        print(try await PlatformTasks.seed(config: bootConfig()))
    }
}
