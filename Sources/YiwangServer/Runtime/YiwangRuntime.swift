import Foundation
import Logging
import Vapor
import YiwangDomain

/// What the `yiwang` executable does with the platform: read configuration, set up logging, make
/// and run an application. Kept here so the executable stays a thin layer of commands.
public enum YiwangRuntime {
    /// Reads `.env` from the working directory (variables already set win), then the configuration.
    public static func loadConfig() throws(ConfigError) -> AppConfig {
        DotEnv.apply(path: FileManager.default.currentDirectoryPath + "/.env")
        return try AppConfig.load(from: ProcessInfo.processInfo.environment)
    }

    /// Logging as text or one JSON object a line: to standard output for the server, to standard
    /// error for the one-shot commands, whose standard output is their result. Call once per process.
    public static func bootstrapLogging(_ config: AppConfig, toStandardError: Bool = false) {
        LoggingSystem.bootstrap { label in logHandler(label: label, config: config, toStandardError: toStandardError) }
    }

    /// The handler every logger of the process gets: text or JSON, with personal numbers redacted.
    static func logHandler(label: String, config: AppConfig, toStandardError: Bool) -> any LogHandler {
        switch config.logFormat {
        case .json:
            return PersonalDataLogHandler(wrapping: JSONLogHandler(label: label, level: config.logLevel,
                                                                   stream: toStandardError ? .standardError : .standardOutput))
        case .text:
            var handler = toStandardError ? StreamLogHandler.standardError(label: label) : StreamLogHandler.standardOutput(label: label)
            handler.logLevel = config.logLevel
            return PersonalDataLogHandler(wrapping: handler)
        }
    }

    /// A configured application; the caller shuts it down.
    public static func makeApplication(
        config: AppConfig, environment: Environment = .production, options: BootOptions = BootOptions()
    ) async throws -> Application {
        let app = try await Application.make(environment)
        do {
            try await configure(app, config: config, options: options)
            return app
        } catch {
            let failure = StartupFailure(error)
            app.logger.critical("\(failure.description)")
            try? await app.asyncShutdown()
            throw failure
        }
    }

    /// Runs one task on an application without the HTTP server, then shuts it down either way.
    static func withApplication<T: Sendable>(
        config: AppConfig, options: BootOptions = BootOptions(), _ work: (Application) async throws -> T
    ) async throws -> T {
        let app = try await makeApplication(
            config: config, environment: Environment(name: "production", arguments: ["yiwang"]), options: options
        )
        do {
            let result = try await work(app)
            try await app.asyncShutdown()
            return result
        } catch let error as CatalogTaskError {
            try? await app.asyncShutdown()
            throw error  // already says what is wrong, in words for the operator
        } catch {
            let failure = StartupFailure(error, doing: "执行失败")
            app.logger.error("\(failure.description)")
            try? await app.asyncShutdown()
            throw failure
        }
    }

    /// `yiwang serve`: migrate, seed when empty, listen, print the address, run until stopped.
    public static func serve(config: AppConfig) async throws {
        let app = try await makeApplication(
            config: config, environment: Environment(name: "production", arguments: ["yiwang", "serve"])
        )
        for job in BackgroundJobs.all { app.lifecycle.use(job) }
        do {
            try await app.startup()
            var banner = "一网 Yiwang 已启动：http://\(config.host):\(config.port)  （按 Ctrl+C 停止）\n"
            if let accounts = app.storage[DemoAccountLinesKey.self] { banner += accounts.joined(separator: "\n") + "\n" }
            FileHandle.standardOutput.write(Data(banner.utf8))
            try await app.running?.onStop.get()
        } catch {
            let failure = StartupFailure(error)
            app.logger.critical("\(failure.description)")
            try? await app.asyncShutdown()
            throw failure
        }
        try await app.asyncShutdown()
    }
}

/// Why the platform did not start (or a command did not finish), with the real cause: a database
/// driver's own description hides it ("PSQLError – Generic description …"), its reflection names
/// the server's message, SQL state and query. Numbers of people are redacted, as in every log line.
public struct StartupFailure: Error, CustomStringConvertible {
    public let description: String

    init(_ error: any Error, doing: String = "启动失败") {
        if let failure = error as? StartupFailure {
            description = failure.description
        } else {
            description = doing + "：" + PersonalDataRedactor.redact(String(reflecting: error))
        }
    }
}

/// A minimal `.env` reader: `KEY=value` lines, `#` comments, optional quotes. Never overrides a
/// variable that is already set.
enum DotEnv {
    static func apply(path: String) {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return }
        for (key, value) in parse(text) where ProcessInfo.processInfo.environment[key] == nil {
            setenv(key, value, 0)
        }
    }

    static func parse(_ text: String) -> [(String, String)] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#"), let equals = trimmed.firstIndex(of: "=") else { return nil }
            let key = trimmed[..<equals].trimmingCharacters(in: .whitespaces)
            var value = trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == value.last, first == "\"" || first == "'" {
                value = String(value.dropFirst().dropLast())
            }
            return key.isEmpty ? nil : (key, value)
        }
    }
}
