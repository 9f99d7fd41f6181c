import Foundation
import YiwangAssistant
import YiwangDomain
import YiwangSearch

/// The platform's own catalog, knowledge and rules, read from `Resources/` as the server reads them.
enum Shipped {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func text(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    static func catalog() throws -> [(item: ServiceItem, department: Department)] {
        let directory = root.appendingPathComponent("Resources/Catalog")
        return try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json") && !$0.hasSuffix(".schema.json") }.sorted()
            .map { try CatalogCoding.decodeFile(Data(contentsOf: directory.appendingPathComponent($0))) }
            .flatMap { file in file.items.map { (item: $0, department: file.department) } }
    }

    static func policies() throws -> [PolicyDocument] {
        let directory = root.appendingPathComponent("Resources/Knowledge/policies")
        return try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }.sorted()
            .map { try CatalogCoding.decoder().decode(PolicyDocument.self, from: Data(contentsOf: directory.appendingPathComponent($0))) }
    }

    static let engine: CatalogSearchEngine = {
        let entries = try! Shipped.catalog()
        let knowledge = KnowledgeBase(items: entries.map(\.item), policies: try! policies())
        return CatalogSearchEngine(catalog: entries, knowledge: knowledge,
                                   synonyms: SynonymTable.parse(try! text("Resources/Search/synonyms.tsv")).table)
    }()

    static func bundles() throws -> [LifeEventBundle] {
        let directory = root.appendingPathComponent("Resources/Bundles")
        return try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json") && !$0.hasSuffix(".schema.json") }.sorted()
            .map { try CatalogCoding.decoder().decode(LifeEventBundle.self, from: Data(contentsOf: directory.appendingPathComponent($0))) }
    }

    static let assistant: Assistant = {
        Assistant(engine: engine, knowledgeVersion: "kb-test",
                  refusals: try! OutOfScopeRules.parse(try! text("Resources/Assistant/out_of_scope.tsv")), bundles: try! bundles())
    }()
}
