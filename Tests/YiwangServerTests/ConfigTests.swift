import Foundation
import Testing
@testable import YiwangServer

@Suite("Configuration")
struct ConfigTests {
    @Test("defaults serve on 127.0.0.1:8080 with SQLite under ./data")
    func defaults() throws {
        let config = try AppConfig.load(from: [:])
        #expect(config.host == "127.0.0.1")
        #expect(config.port == 8080)
        #expect(config.dataDirectory == "./data")
        #expect(config.storage == .sqlite(path: "./data/yiwang.sqlite"))
        #expect(config.seedDemoData)
        #expect(config.publicBaseURL == "http://127.0.0.1:8080")
    }

    @Test("every variable is read")
    func overrides() throws {
        let config = try AppConfig.load(from: [
            "YIWANG_HOST": "0.0.0.0", "YIWANG_PORT": "9090", "YIWANG_DATA_DIR": "/var/lib/yiwang",
            "YIWANG_DATABASE_URL": "postgres://u:p@db:5432/yiwang", "YIWANG_LOG_LEVEL": "DEBUG",
            "YIWANG_LOG_FORMAT": "json", "YIWANG_SEED_DEMO": "false", "YIWANG_PUBLIC_BASE_URL": "https://zwfw.example.cn/",
        ])
        #expect(config.host == "0.0.0.0")
        #expect(config.port == 9090)
        #expect(config.dataDirectory == "/var/lib/yiwang")
        #expect(config.storage == .postgres(url: "postgres://u:p@db:5432/yiwang"))
        #expect(config.logLevel == .debug)
        #expect(config.logFormat == .json)
        #expect(!config.seedDemoData)
        #expect(config.publicBaseURL == "https://zwfw.example.cn")
        let key = Data(repeating: 1, count: 32).base64EncodedString()
        let secure = try AppConfig.load(from: ["YIWANG_MASTER_KEY": key, "YIWANG_SMS_WEBHOOK_URL": "https://sms.example/send",
                                               "YIWANG_SMS_WEBHOOK_SECRET": "0123456789abcdef"])
        // a gateway without its signing secret names the secret
        #expect(throws: ConfigError(variable: "YIWANG_SMS_WEBHOOK_SECRET", message: "设置短信网关地址时须同时设置至少 16 个字符的签名密钥")) {
            try AppConfig.load(from: ["YIWANG_SMS_WEBHOOK_URL": "https://sms.example/send"])
        }
        #expect(secure.masterKey == key && secure.smsWebhook == .init(url: "https://sms.example/send", secret: "0123456789abcdef"))
    }

    @Test("a bad value stops the start and names the variable", arguments: [
        ("YIWANG_PORT", "http"), ("YIWANG_PORT", "70000"), ("YIWANG_PORT", "0"),
        ("YIWANG_DATABASE_URL", "mysql://x@y/z"), ("YIWANG_DATABASE_URL", "postgres://"),
        ("YIWANG_LOG_LEVEL", "loud"), ("YIWANG_LOG_FORMAT", "xml"), ("YIWANG_SEED_DEMO", "maybe"),
        ("YIWANG_HOST", "bad host!"), ("YIWANG_PUBLIC_BASE_URL", "ftp://x"),
        ("YIWANG_MASTER_KEY", "short"), ("YIWANG_MASTER_KEY", "c2hvcnQ="), ("YIWANG_SMS_WEBHOOK_URL", "sms.example"),
    ])
    func badValues(variable: String, value: String) {
        #expect(throws: ConfigError.self) { try AppConfig.load(from: [variable: value]) }
        do {
            _ = try AppConfig.load(from: [variable: value])
        } catch {
            #expect(error.variable == variable)
            #expect(error.description.contains(variable))
        }
    }

    @Test("every variable is in .env.example and the README")
    func documented() throws {
        let root = ResourceLocator.packageRoot
        let example = try String(contentsOfFile: root + "/.env.example", encoding: .utf8)
        let readme = try String(contentsOfFile: root + "/README.md", encoding: .utf8)
        for variable in AppConfig.variables {
            #expect(example.contains(variable.name), "\(variable.name) missing from .env.example")
            #expect(readme.contains(variable.name), "\(variable.name) missing from README.md")
        }
    }

    @Test(".env lines are read without overriding")
    func dotEnv() {
        let parsed = DotEnv.parse("# comment\nYIWANG_PORT=9000\n\nYIWANG_HOST = \"0.0.0.0\"\nnot a line\n")
        #expect(parsed.map(\.0) == ["YIWANG_PORT", "YIWANG_HOST"])
        #expect(parsed.map(\.1) == ["9000", "0.0.0.0"])
    }
}

@Suite("Language model configuration")
struct LanguageModelConfigTests {
    @Test("no key and no base URL: the offline composer answers")
    func offline() throws {
        #expect(try AppConfig.load(from: [:]).languageModel == nil)
    }

    @Test("a key alone means DeepSeek's endpoint and model")
    func deepseekByDefault() throws {
        let model = try #require(try AppConfig.load(from: ["YIWANG_LLM_API_KEY": "sk-x"]).languageModel)
        #expect(model.baseURL == "https://api.deepseek.com")
        #expect(model.model == "deepseek-chat")
        #expect(model.timeoutSeconds == 20)
    }

    @Test("bad values name the variable", arguments: [
        ("YIWANG_LLM_BASE_URL", "api.example"), ("YIWANG_LLM_TIMEOUT_SECONDS", "0"), ("YIWANG_LLM_TIMEOUT_SECONDS", "abc"),
    ])
    func bad(variable: String, value: String) {
        do {
            _ = try AppConfig.load(from: ["YIWANG_LLM_API_KEY": "k", variable: value])
            Issue.record("accepted \(variable)=\(value)")
        } catch {
            #expect(error.variable == variable)
        }
    }
}
