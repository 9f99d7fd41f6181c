import Fluent
import Foundation
import Vapor
import YiwangDomain

/// The one-shot tasks of the `yiwang` command: migrate, seed, import and export the catalog.
/// Each makes an application without the HTTP server, does its work, and shuts down.
public enum PlatformTasks {
    /// Tasks never seed: they do what they are asked and nothing more.
    static func withApplication<T: Sendable>(
        _ config: AppConfig, prepare: Bool = true, _ work: (Application) async throws -> T
    ) async throws -> T {
        var config = config
        config.seedDemoData = false
        return try await YiwangRuntime.withApplication(config: config, options: BootOptions(prepare: prepare), work)
    }

    public static func migrate(config: AppConfig, revert: Bool) async throws {
        try await withApplication(config, prepare: false) { app in
            try await PrepareLock.holding(app) {
                if revert { try await app.autoRevert() } else { try await app.autoMigrate() }
            }
        }
    }

    /// Loads `Resources/Catalog` and `Resources/Bundles`; returns the report line.
    public static func seed(config: AppConfig) async throws -> String {
        try await withApplication(config) { app in
            let seeder = CatalogSeeder(directory: app.directory.resourcesDirectory + "Catalog")
            let items = try await seeder.seed(into: app.db).summary
            let bundles = try await BundleStore(database: app.db).seed(from: app.directory.resourcesDirectory + "Bundles")
            return items + "；" + bundles
        }
    }

    /// Checks `Resources/Catalog` and `Resources/Bundles` under `root` without a database: every
    /// guide to the complete standard and every bundle against the items it names. Returns the
    /// report line; throws `CatalogTaskError` listing every problem.
    public static func checkCatalog(root: String) throws -> String {
        let resources = (root.hasSuffix("/") ? root : root + "/") + "Resources/"
        do {
            let catalog = try CatalogSeeder(directory: resources + "Catalog").loadFiles()
            let bundles = try BundleFiles(directory: resources + "Bundles").load(catalog: catalog)
            return "事项目录无误：\(catalog.count) 个部门，\(catalog.reduce(0) { $0 + $1.items.count }) 个事项，\(bundles.count) 个一件事"
        } catch let error as CatalogSeeder.SeedError {
            throw CatalogTaskError(error.description)
        }
    }

    /// Imports a file; returns the report (summary, then one line per skipped record).
    public static func importCatalog(config: AppConfig, file: String, format: String) async throws -> CatalogImportResult {
        guard let format = CatalogImporter.Format(rawValue: format) else {
            throw CatalogTaskError("不支持的格式 \(format)，可选：" + CatalogImporter.Format.allCases.map(\.rawValue).joined(separator: "、"))
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CatalogTaskError("无法读取文件 \(file)")
        }
        return try await withApplication(config) { app in
            let start = ContinuousClock.now
            let report = try await CatalogImporter(database: app.db).importData(data, format: format)
            return CatalogImportResult(report: report, duration: ContinuousClock.now - start)
        }
    }

    /// Loads a year's holiday schedule (holiday-cn JSON); returns a line describing it.
    public static func importCalendar(config: AppConfig, file: String) async throws -> String {
        guard let data = FileManager.default.contents(atPath: file) else { throw CatalogTaskError("无法读取文件 \(file)") }
        return try await withApplication(config) { app in
            do {
                let (schedule, recounted) = try await CalendarStore(database: app.db)
                    .importAndRecount(data, catalog: app.catalogCache, today: app.today())
                let off = schedule.days.filter(\.isOffDay).count
                return "已导入 \(schedule.year) 年放假安排：休 \(off) 天，调休上班 \(schedule.days.count - off) 天；\(recounted) 个办件的期限已重新计算"
            } catch let errors as FieldErrors {
                throw CatalogTaskError(errors.summary)
            }
        }
    }

    /// Retires a department's seal key and makes a new one; certificates signed with the old key
    /// still verify (its public half stays in the JWKS). Returns a line naming both keys.
    public static func rotateSealKey(config: AppConfig, department: String) async throws -> String {
        try await withApplication(config) { app in
            guard try await DepartmentRecord.find(department, on: app.db) != nil else {
                throw CatalogTaskError("没有部门编码 \(department)")
            }
            let keys = SealKeys(database: app.db, masterKey: app.masterKey)
            let old = try await keys.activeKey(department: department).kid
            let new = try await keys.rotate(department: department)
            return "已轮换 \(department) 的电子印章密钥：\(old) 停用（仍用于核验旧证照），\(new) 启用"
        }
    }

    /// Moves what the master key protects to the current key (see `KeyRotation`); returns the summary line.
    public static func reencrypt(config: AppConfig) async throws -> String {
        try await withApplication(config) { app in
            try await KeyRotation.reencrypt(database: app.db, masterKey: try app.requireMasterKey(),
                                            dataDirectory: config.dataDirectory).summary
        }
    }

    /// Seals new audit records, then recomputes the whole hash chain and every record's and link's
    /// MAC; with a published head (its JSON, as `yiwang audit head` prints it and the log records it),
    /// also that the chain still holds what the head covers. The line says whether it holds (and
    /// names the first thing that does not).
    public static func verifyAudit(config: AppConfig, head: String? = nil) async throws -> (holds: Bool, line: String) {
        let published: AuditHead?
        do { published = try head.map { try JSONConventions.decoder().decode(AuditHead.self, from: Data($0.utf8)) } } catch {
            throw CatalogTaskError("链头不是有效的 JSON（须为 yiwang audit head 输出的格式）")
        }
        return try await withApplication(config) { app in
            let chain = AuditChain(database: app.db, keys: app.auditKeys)
            try await chain.seal()
            let report = try await chain.verify()
            if let problem = report.problem { return (false, "审计哈希链不完整：\(problem)（此前 \(report.length) 条完好）") }
            if let published, let problem = try await chain.check(published) { return (false, "审计哈希链与公布的链头不符：\(problem)") }
            return (true, "审计哈希链完整：共 \(report.length) 条，链头 \(report.head)"
                + (published.map { "；与 \(ChinaTime.format($0.at)) 公布的链头（\($0.size) 条）一致" } ?? ""))
        }
    }

    /// Seals new records and publishes the chain's head now; returns it as JSON, to keep elsewhere.
    public static func auditHead(config: AppConfig) async throws -> String {
        try await withApplication(config) { app in
            let chain = AuditChain(database: app.db, keys: app.auditKeys)
            try await chain.seal()
            guard let head = try await chain.publishHead() else { return "{}" }
            return String(decoding: try JSONConventions.encoder().encode(head), as: UTF8.self)
        }
    }

    /// The whole catalog in the platform's own format.
    public static func exportCatalog(config: AppConfig) async throws -> Data {
        try await withApplication(config) { app in
            try YiwangCatalogDocument(catalog: try await CatalogRepository(database: app.db).export()).encoded()
        }
    }
}

/// What an import did and how long it took.
public struct CatalogImportResult: Sendable {
    let report: CatalogImporter.Report
    public let duration: Duration

    public var imported: Int { report.imported }
    public var updated: Int { report.updated }
    public var unchanged: Int { report.unchanged }
    public var skipped: [(line: Int, reason: String)] { report.skipped.map { ($0.line, $0.reason) } }
    public var summary: String { report.summary }

    /// The summary and then a line per skipped record: `第 N 行：reason`.
    public var text: String {
        ([summary] + report.skipped.map { "  第 \($0.line) 行：\($0.reason)" }).joined(separator: "\n")
    }
}

public struct CatalogTaskError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
