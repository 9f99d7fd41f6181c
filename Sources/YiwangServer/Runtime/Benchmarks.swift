import Fluent
import Foundation
import Vapor
import YiwangDomain

/// Benchmarks of the catalog, each in a fresh SQLite database under a temporary directory.
/// They print figures; they assert nothing.
public enum Benchmarks {
    static func withScratchApplication<T: Sendable>(seed: Bool, _ work: (Application) async throws -> T) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("yiwang-bench-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let config = AppConfig(dataDirectory: directory, logLevel: .warning, seedDemoData: seed)
        return try await YiwangRuntime.withApplication(config: config, work)
    }

    public static func catalogImport(file: String) async throws -> [String] {
        guard let data = FileManager.default.contents(atPath: file) else { throw CatalogTaskError("无法读取文件 \(file)") }
        return try await withScratchApplication(seed: false) { app in
            let importer = CatalogImporter(database: app.db)
            var lines: [String] = []
            for pass in ["first import (insert)", "second import (unchanged)"] {
                let start = ContinuousClock.now
                let report = try await importer.importData(data, format: .gdzwfw)
                let seconds = (ContinuousClock.now - start).seconds
                let stored = report.imported + report.updated + report.unchanged
                lines.append(String(format: "catalog-import %@: %.3f s, %d records stored (%.0f/s); %@",
                                    pass, seconds, stored, Double(stored) / seconds, report.summary))
            }
            return lines
        }
    }

    public static func catalogQueries(iterations: Int) async throws -> [String] {
        try await withScratchApplication(seed: true) { app in
            let repository = CatalogRepository(database: app.db)
            let codes = try await repository.list(ServiceListQuery(limit: 100)).items.map(\.code)
            var lines: [String] = []
            var start = ContinuousClock.now
            for index in 0..<iterations {
                _ = try await repository.guide(code: codes[index % codes.count])
            }
            var seconds = (ContinuousClock.now - start).seconds
            lines.append(String(format: "catalog-query guide from the database: %d look-ups in %.3f s (%.0f/s)",
                                iterations, seconds, Double(iterations) / seconds))
            start = ContinuousClock.now
            for index in 0..<iterations {
                _ = try await app.catalogCache.guide(code: codes[index % codes.count], on: app.db)
            }
            seconds = (ContinuousClock.now - start).seconds
            lines.append(String(format: "catalog-query guide through the node cache: %d look-ups in %.3f s (%.0f/s)",
                                iterations, seconds, Double(iterations) / seconds))
            let queries = ["药品生产", "许可", "驾驶证", "公积金 提取", "残疾"]
            start = ContinuousClock.now
            for index in 0..<iterations {
                var query = ServiceListQuery()
                query.terms = [queries[index % queries.count]]
                _ = try await repository.list(query)
            }
            seconds = (ContinuousClock.now - start).seconds
            lines.append(String(format: "catalog-query list: %d searches in %.3f s (%.0f/s)", iterations, seconds, Double(iterations) / seconds))
            return lines
        }
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
