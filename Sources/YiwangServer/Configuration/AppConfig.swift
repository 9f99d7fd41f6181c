import Foundation
import Logging

/// Everything the platform reads from its environment, parsed once at boot.
/// A bad value stops the start with a message that names the variable (`ConfigError`).
public struct AppConfig: Sendable, Equatable {
    public enum Storage: Sendable, Equatable {
        /// The embedded default: a SQLite file under the data directory.
        case sqlite(path: String)
        /// `YIWANG_DATABASE_URL=postgres://user:pass@host:port/db`.
        case postgres(url: String)
    }

    public enum LogFormat: String, Sendable, CaseIterable { case text, json }

    /// An OpenAI-compatible chat-completions endpoint that phrases the assistant's answers.
    public struct LanguageModel: Sendable, Equatable {
        public var baseURL: String
        public var model: String
        public var apiKey: String?
        public var timeoutSeconds: Int

        public static let defaultBaseURL = "https://api.deepseek.com"
        public static let defaultModel = "deepseek-chat"
    }

    public var host: String
    public var port: Int
    public var dataDirectory: String
    public var storage: Storage
    public var logLevel: Logger.Level
    public var logFormat: LogFormat
    /// Seed the demo catalog into an empty database at start.
    public var seedDemoData: Bool
    /// Public base URL used in links that leave the site (SMS, QR codes); defaults to the listen address.
    public var publicBaseURL: String
    /// Set when `YIWANG_LLM_API_KEY` or `YIWANG_LLM_BASE_URL` is; nil means the offline composer answers.
    public var languageModel: LanguageModel?
    /// `YIWANG_MASTER_KEY`: 32 bytes, base64, that encrypt the seal keys; nil makes a development key
    /// in the data directory (with a warning).
    public var masterKey: String?
    /// `YIWANG_MASTER_KEY_PREVIOUS`: master keys being retired (comma-separated base64); what they
    /// sealed stays readable until `yiwang keys reencrypt` has moved it to the current key.
    public var previousMasterKeys: [String] = []
    /// A generic HTTP SMS gateway; nil keeps SMS in the log provider (shown on `/dev/sms`).
    public var smsWebhook: SMSWebhook?
    /// `YIWANG_METRICS_TOKEN`: the bearer token a scraper sends for `/metrics`; nil serves the metrics
    /// only to connections from this machine.
    public var metricsToken: String?

    public struct SMSWebhook: Sendable, Equatable {
        public var url: String
        /// Signs each body (HMAC-SHA256, header `X-Yiwang-Signature`).
        public var secret: String
    }

    /// Every variable the platform reads, with its default, for `.env.example` and the README.
    public static let variables: [(name: String, defaultValue: String, meaning: String)] = [
        ("YIWANG_HOST", "127.0.0.1", "address to listen on"),
        ("YIWANG_PORT", "8080", "port to listen on (1–65535)"),
        ("YIWANG_DATA_DIR", "./data", "data directory: SQLite database, uploads, keys"),
        ("YIWANG_DATABASE_URL", "", "postgres://user:password@host:5432/db to use PostgreSQL instead of SQLite"),
        ("YIWANG_LOG_LEVEL", "info", "trace, debug, info, notice, warning, error or critical"),
        ("YIWANG_LOG_FORMAT", "text", "text or json (one JSON object a line)"),
        ("YIWANG_SEED_DEMO", "true", "seed the demo catalog into an empty database at start"),
        ("YIWANG_PUBLIC_BASE_URL", "http://HOST:PORT", "public address used in links sent out of the platform"),
        ("YIWANG_LLM_BASE_URL", "https://api.deepseek.com", "OpenAI-compatible chat-completions endpoint for 小自然"),
        ("YIWANG_LLM_MODEL", "deepseek-chat", "model name sent to that endpoint"),
        ("YIWANG_LLM_API_KEY", "", "API key; with it (or a base URL) the model phrases answers, else the offline composer does"),
        ("YIWANG_LLM_TIMEOUT_SECONDS", "20", "give up on the model after this long and answer offline (1–120)"),
        ("YIWANG_MASTER_KEY", "", "32 random bytes, base64: encrypts seal keys, second-factor secrets, ID and mobile numbers; unset makes a development key in the data directory"),
        ("YIWANG_MASTER_KEY_PREVIOUS", "", "retired master keys, comma-separated base64, still read until `yiwang keys reencrypt` has run"),
        ("YIWANG_SMS_WEBHOOK_URL", "", "http(s) SMS gateway that receives each SMS as signed JSON; unset keeps SMS in the log provider (/dev/sms)"),
        ("YIWANG_SMS_WEBHOOK_SECRET", "", "HMAC-SHA256 secret for the gateway's X-Yiwang-Signature header (at least 16 characters)"),
        ("YIWANG_METRICS_TOKEN", "", "bearer token a scraper must send for /metrics (at least 16 characters); unset serves /metrics to this machine only"),
    ]

    public init(
        host: String = "127.0.0.1", port: Int = 8080, dataDirectory: String = "./data",
        storage: Storage? = nil, logLevel: Logger.Level = .info, logFormat: LogFormat = .text,
        seedDemoData: Bool = true, publicBaseURL: String? = nil, languageModel: LanguageModel? = nil,
        masterKey: String? = nil, smsWebhook: SMSWebhook? = nil
    ) {
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.storage = storage ?? .sqlite(path: (dataDirectory as NSString).appendingPathComponent("yiwang.sqlite"))
        self.logLevel = logLevel
        self.logFormat = logFormat
        self.seedDemoData = seedDemoData
        self.publicBaseURL = publicBaseURL ?? "http://\(host):\(port)"
        self.languageModel = languageModel
        self.masterKey = masterKey
        self.smsWebhook = smsWebhook
    }

    /// Reads the configuration from environment variables; unset variables take their defaults.
    public static func load(from environment: [String: String]) throws(ConfigError) -> AppConfig {
        func value(_ name: String) -> String? {
            guard let raw = environment[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            return raw
        }
        let host = value("YIWANG_HOST") ?? "127.0.0.1"
        guard host.allSatisfy({ $0.isLetter || $0.isNumber || ".-:".contains($0) }) else {
            throw ConfigError(variable: "YIWANG_HOST", message: "不是有效的主机名或地址：\(host)")
        }
        let port = try integer(value("YIWANG_PORT"), name: "YIWANG_PORT", in: 1...65535, default: 8080)
        let dataDirectory = value("YIWANG_DATA_DIR") ?? "./data"
        var storage: Storage?
        if let url = value("YIWANG_DATABASE_URL") {
            guard let components = URLComponents(string: url),
                  ["postgres", "postgresql"].contains(components.scheme ?? ""),
                  let hostName = components.host, !hostName.isEmpty
            else {
                throw ConfigError(variable: "YIWANG_DATABASE_URL",
                                  message: "须为 postgres://用户:密码@主机:端口/库名 形式的地址")
            }
            storage = .postgres(url: url)
        }
        var logLevel = Logger.Level.info
        if let raw = value("YIWANG_LOG_LEVEL") {
            guard let parsed = Logger.Level(rawValue: raw.lowercased()) else {
                throw ConfigError(variable: "YIWANG_LOG_LEVEL",
                                  message: "取值须为 trace/debug/info/notice/warning/error/critical，实际为 \(raw)")
            }
            logLevel = parsed
        }
        var logFormat = LogFormat.text
        if let raw = value("YIWANG_LOG_FORMAT") {
            guard let parsed = LogFormat(rawValue: raw.lowercased()) else {
                throw ConfigError(variable: "YIWANG_LOG_FORMAT", message: "取值须为 text 或 json，实际为 \(raw)")
            }
            logFormat = parsed
        }
        let seed = try flag(value("YIWANG_SEED_DEMO"), name: "YIWANG_SEED_DEMO", default: true)
        var publicBaseURL: String?
        if let raw = value("YIWANG_PUBLIC_BASE_URL") {
            guard let url = URL(string: raw), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw ConfigError(variable: "YIWANG_PUBLIC_BASE_URL", message: "须为 http(s):// 开头的完整地址")
            }
            publicBaseURL = raw.hasSuffix("/") ? String(raw.dropLast()) : raw
        }
        var config = AppConfig(
            host: host, port: port, dataDirectory: dataDirectory, storage: storage, logLevel: logLevel,
            logFormat: logFormat, seedDemoData: seed, publicBaseURL: publicBaseURL,
            languageModel: try languageModel(value), masterKey: try masterKey(value("YIWANG_MASTER_KEY")),
            smsWebhook: try smsWebhook(value)
        )
        config.previousMasterKeys = try previousMasterKeys(value("YIWANG_MASTER_KEY_PREVIOUS"))
        if let token = value("YIWANG_METRICS_TOKEN") {
            guard token.count >= 16 else { throw ConfigError(variable: "YIWANG_METRICS_TOKEN", message: "监控令牌至少 16 个字符") }
            config.metricsToken = token
        }
        return config
    }

    private static func previousMasterKeys(_ raw: String?) throws(ConfigError) -> [String] {
        let keys = (raw ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for key in keys where Data(base64Encoded: key)?.count != 32 {
            throw ConfigError(variable: "YIWANG_MASTER_KEY_PREVIOUS", message: "每个旧主密钥都须为 32 字节随机数的 base64 编码，多个用英文逗号分隔")
        }
        return keys
    }

    private static func masterKey(_ raw: String?) throws(ConfigError) -> String? {
        guard let raw else { return nil }
        guard let bytes = Data(base64Encoded: raw), bytes.count == 32 else {
            throw ConfigError(variable: "YIWANG_MASTER_KEY", message: "须为 32 字节随机数的 base64 编码（例如 openssl rand -base64 32 的输出）")
        }
        return raw
    }

    private static func smsWebhook(_ value: (String) -> String?) throws(ConfigError) -> SMSWebhook? {
        guard let raw = value("YIWANG_SMS_WEBHOOK_URL") else { return nil }
        guard let url = URL(string: raw), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
            throw ConfigError(variable: "YIWANG_SMS_WEBHOOK_URL", message: "须为 http(s):// 开头的完整地址")
        }
        guard let secret = value("YIWANG_SMS_WEBHOOK_SECRET"), secret.count >= 16 else {
            throw ConfigError(variable: "YIWANG_SMS_WEBHOOK_SECRET", message: "设置短信网关地址时须同时设置至少 16 个字符的签名密钥")
        }
        return SMSWebhook(url: raw, secret: secret)
    }

    private static func languageModel(_ value: (String) -> String?) throws(ConfigError) -> LanguageModel? {
        let key = value("YIWANG_LLM_API_KEY")
        let base = value("YIWANG_LLM_BASE_URL")
        guard key != nil || base != nil else { return nil }
        let baseURL = base ?? LanguageModel.defaultBaseURL
        guard let url = URL(string: baseURL), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
            throw ConfigError(variable: "YIWANG_LLM_BASE_URL", message: "须为 http(s):// 开头的完整地址")
        }
        let timeout = try integer(value("YIWANG_LLM_TIMEOUT_SECONDS"), name: "YIWANG_LLM_TIMEOUT_SECONDS", in: 1...120,
                                  default: 20)
        return LanguageModel(baseURL: baseURL, model: value("YIWANG_LLM_MODEL") ?? LanguageModel.defaultModel,
                             apiKey: key, timeoutSeconds: timeout)
    }

    private static func integer(_ raw: String?, name: String, in range: ClosedRange<Int>, default defaultValue: Int)
        throws(ConfigError) -> Int {
        guard let raw else { return defaultValue }
        guard let parsed = Int(raw), range.contains(parsed) else {
            throw ConfigError(variable: name, message: "须为 \(range.lowerBound)–\(range.upperBound) 的整数，实际为 \(raw)")
        }
        return parsed
    }

    private static func flag(_ raw: String?, name: String, default defaultValue: Bool) throws(ConfigError) -> Bool {
        guard let raw else { return defaultValue }
        switch raw.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ConfigError(variable: name, message: "取值须为 true 或 false，实际为 \(raw)")
        }
    }
}

/// A configuration value that cannot be used; the message names the variable.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public let variable: String
    public let message: String

    public var description: String { "配置错误 \(variable)：\(message)" }
}
