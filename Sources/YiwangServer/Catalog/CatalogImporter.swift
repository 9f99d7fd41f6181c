import Fluent
import Foundation
import YiwangDomain

/// Imports catalog files in a supported format and reports, line by line, what happened.
struct CatalogImporter {
    enum Format: String, CaseIterable, Sendable {
        /// Guangdong government-service portal records, one JSON object a line.
        case gdzwfw
        /// The platform's own export (`yiwang catalog export`) or a single catalog file.
        case yiwang
    }

    struct Skip: Sendable, Equatable {
        let line: Int
        let reason: String
    }

    struct Report: Sendable, Equatable {
        var imported = 0
        var updated = 0
        var unchanged = 0
        var skipped: [Skip] = []

        var summary: String {
            "导入 \(imported) 条，更新 \(updated) 条，未变化 \(unchanged) 条，跳过 \(skipped.count) 条"
        }
    }

    let database: any Database
    var batchSize = 250

    func importData(_ data: Data, format: Format) async throws -> Report {
        let lines: [ImportLine]
        switch format {
        case .gdzwfw:
            guard let text = String(data: data, encoding: .utf8) else {
                return Report(skipped: [Skip(line: 0, reason: "文件不是 UTF-8 编码")])
            }
            lines = GdzwfwRecordMapper().map(lines: text.split(separator: "\n", omittingEmptySubsequences: false))
        case .yiwang:
            lines = YiwangCatalogDocument.lines(from: data)
        }
        return try await store(lines, source: format.rawValue)
    }

    /// Stores the good lines in batches; a code seen earlier in the same file is skipped, not merged.
    func store(_ lines: [ImportLine], source: String) async throws -> Report {
        var report = Report()
        var firstLineOfCode: [String: Int] = [:]
        var pending: [(Department, ServiceItem)] = []
        func flush() async throws {
            guard !pending.isEmpty else { return }
            for outcome in try await CatalogStore(database: database).upsert(pending, source: source) {
                switch outcome {
                case .inserted: report.imported += 1
                case .updated: report.updated += 1
                case .unchanged: report.unchanged += 1
                }
            }
            pending.removeAll(keepingCapacity: true)
        }
        for line in lines {
            switch line {
            case .skipped(let number, let reason):
                report.skipped.append(Skip(line: number, reason: reason))
            case .item(let number, let department, let item):
                if let first = firstLineOfCode[item.code] {
                    report.skipped.append(Skip(line: number, reason: "事项编码 \(item.code) 与第 \(first) 行重复"))
                    continue
                }
                firstLineOfCode[item.code] = number
                pending.append((department, item))
                if pending.count >= batchSize { try await flush() }
            }
        }
        try await flush()
        return report
    }
}
