import Fluent
import Foundation
import SQLKit
import Vapor
import YiwangAssistant
import YiwangDomain
import YiwangSearch

/// `yiwang bench search`: our engine against SQLite FTS5 (trigram tokenizer) on the same corpus
/// and the same queries, at catalog size (catalog + knowledge base + the real Guangdong items) and
/// on a synthetic corpus of 100,000 passages. Prints figures; asserts nothing.
public enum SearchBenchmark {
    public struct EngineFigures: Codable, Sendable {
        public var engine: String
        public var documents: Int
        public var buildSeconds: Double
        public var queries: Int
        public var p50Milliseconds: Double
        public var p99Milliseconds: Double
        public var queriesPerSecond: Double
        public var hitAt3: Double?
        /// The slowest queries and their median time, to show where time goes.
        public var slowest: [String] = []
    }

    public struct Report: Codable, Sendable {
        public var catalogSize: [EngineFigures] = []
        public var synthetic: [EngineFigures] = []
        public var notes: [String] = []
    }

    public static func run(gdzwfwFile: String?, evalFiles: [String], syntheticPassages: Int) async throws -> Report {
        try await Benchmarks.withScratchApplication(seed: true) { app in
            var report = Report()
            let files = try KnowledgeFiles.load(resourcesDirectory: app.directory.resourcesDirectory)
            var catalog = try await CatalogRepository(database: app.db).export()
                .flatMap { file in file.items.map { (item: $0, department: file.department) } }
            if let gdzwfwFile, let text = try? String(contentsOfFile: gdzwfwFile, encoding: .utf8) {
                for case .item(_, let department, let item) in GdzwfwRecordMapper().map(lines: text.split(separator: "\n")) {
                    catalog.append((item, department))
                }
            } else {
                report.notes.append("no gdzwfw file: catalog size without the Guangdong items")
            }
            let questions = evalFiles.flatMap { file -> [(String, String)] in
                guard let text = try? String(contentsOfFile: file, encoding: .utf8),
                      let conversations = try? AssistantEvaluation.parse(text) else { return [] }
                return conversations.compactMap { conversation in
                    conversation.turns.first.flatMap { turn in turn.expectService.map { (turn.q, $0) } }
                }
            }
            report.notes.append("\(questions.count) questions with an expected service, from \(evalFiles.count) file(s)")

            // catalog size
            let knowledge = KnowledgeBase(items: catalog.map(\.item), policies: files.policies)
            var start = ContinuousClock.now
            let engine = CatalogSearchEngine(catalog: catalog, knowledge: knowledge, synonyms: files.synonyms)
            let build = (ContinuousClock.now - start).seconds
            report.catalogSize.append(measure(name: "yiwang", documents: engine.index.documents.count, build: build,
                                              questions: questions) { engine.searchServices($0, limit: 10).map(\.name) })
            guard let sql = app.db as? any SQLDatabase else { throw CatalogTaskError("the benchmark needs SQLite") }
            let documents = engine.index.documents
            let names = Dictionary(catalog.map { ($0.item.code, $0.item.name) }, uniquingKeysWith: { first, _ in first })
            start = ContinuousClock.now
            try await FullTextBaseline.create(on: sql, table: "fts_catalog", documents: documents)
            let ftsBuild = (ContinuousClock.now - start).seconds
            var ftsResults: [String: [String]] = [:]
            var ftsLatencies: [Double] = []
            for (question, _) in questions {
                let began = ContinuousClock.now
                ftsResults[question] = try await FullTextBaseline.services(on: sql, table: "fts_catalog", query: question,
                                                                           documents: documents, names: names)
                ftsLatencies.append((ContinuousClock.now - began).milliseconds)
            }
            report.catalogSize.append(figures(name: "sqlite-fts5-trigram", documents: documents.count, build: ftsBuild,
                                              latencies: ftsLatencies, hitAt3: hitAt3(questions) { ftsResults[$0] ?? [] }))

            // synthetic 100k passages
            let synthetic = SyntheticCorpus.passages(count: syntheticPassages, from: catalog.prefix(200).map(\.item),
                                                     knowledge: knowledge)
            start = ContinuousClock.now
            let big = CatalogSearchEngine(catalog: [], knowledge: KnowledgeBase(items: [], policies: [], extra: synthetic),
                                          synonyms: files.synonyms)
            let bigBuild = (ContinuousClock.now - start).seconds
            report.synthetic.append(measure(name: "yiwang", documents: big.index.documents.count, build: bigBuild,
                                            questions: questions, hits: false) { big.searchPassages($0, limit: 10).map(\.passage.id) })
            start = ContinuousClock.now
            try await FullTextBaseline.create(on: sql, table: "fts_synthetic", documents: big.index.documents)
            let bigFtsBuild = (ContinuousClock.now - start).seconds
            var bigLatencies: [Double] = []
            for (question, _) in questions {
                let began = ContinuousClock.now
                _ = try await FullTextBaseline.documentIDs(on: sql, table: "fts_synthetic", query: question, limit: 10)
                bigLatencies.append((ContinuousClock.now - began).milliseconds)
            }
            report.synthetic.append(figures(name: "sqlite-fts5-trigram", documents: big.index.documents.count,
                                            build: bigFtsBuild, latencies: bigLatencies, hitAt3: nil))
            report.notes.append("one core: queries run one after another; FTS5 times include SQLiteNIO's hop to its thread pool")
            return report
        }
    }

    static func measure(name: String, documents: Int, build: Double, questions: [(String, String)], hits: Bool = true,
                        _ search: (String) -> [String]) -> EngineFigures {
        var results: [String: [String]] = [:]
        var latencies: [Double] = []
        var byQuestion: [String: [Double]] = [:]
        for _ in 0..<5 {  // several passes, so that one-off costs do not dominate the percentiles
            for (question, _) in questions {
                let began = ContinuousClock.now
                results[question] = search(question)
                let elapsed = (ContinuousClock.now - began).milliseconds
                latencies.append(elapsed)
                byQuestion[question, default: []].append(elapsed)
            }
        }
        var report = figures(name: name, documents: documents, build: build, latencies: latencies,
                             hitAt3: hits ? hitAt3(questions) { results[$0] ?? [] } : nil)
        report.slowest = byQuestion.map { ($0.key, $0.value.sorted()[$0.value.count / 2]) }
            .sorted { $0.1 > $1.1 }.prefix(3).map { String(format: "%.3f ms %@", $0.1, String($0.0.prefix(30))) }
        return report
    }

    static func figures(name: String, documents: Int, build: Double, latencies: [Double], hitAt3: Double?) -> EngineFigures {
        let sorted = latencies.sorted()
        func percentile(_ p: Double) -> Double {
            sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
        }
        let total = latencies.reduce(0, +)
        return EngineFigures(engine: name, documents: documents, buildSeconds: build, queries: latencies.count,
                             p50Milliseconds: percentile(0.5), p99Milliseconds: percentile(0.99),
                             queriesPerSecond: total > 0 ? Double(latencies.count) / (total / 1000) : 0, hitAt3: hitAt3)
    }

    static func hitAt3(_ questions: [(String, String)], _ results: (String) -> [String]) -> Double {
        guard !questions.isEmpty else { return 0 }
        return Double(questions.filter { results($0.0).prefix(3).contains($0.1) }.count) / Double(questions.count)
    }
}
