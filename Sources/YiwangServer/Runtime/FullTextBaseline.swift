import Foundation
import SQLKit
import YiwangSearch

/// The baseline the search engine is measured against: SQLite FTS5 with the trigram tokenizer,
/// the same fields and weights, asked the same questions (as an OR of the question's trigrams,
/// since a citizen's sentence never occurs verbatim in a guide).
enum FullTextBaseline {
    static let columns = ["name", "aliases", "keywords", "details", "text"]

    static func create(on sql: any SQLDatabase, table: String, documents: [SearchDocument]) async throws {
        try await sql.raw("DROP TABLE IF EXISTS \(ident: table)").run()
        try await sql.raw("""
            CREATE VIRTUAL TABLE \(ident: table) USING fts5(doc UNINDEXED, name, aliases, keywords, details, text, \
            tokenize = 'trigram')
            """).run()
        for start in stride(from: 0, to: documents.count, by: 500) {
            let batch = documents[start..<min(start + 500, documents.count)]
            var rows: [SQLQueryString] = []
            for (offset, document) in batch.enumerated() {
                var fields = [String](repeating: "", count: columns.count)
                for (field, text) in document.fields { fields[field.rawValue] += text + " " }
                rows.append("(\(bind: start + offset), \(bind: fields[0]), \(bind: fields[1]), \(bind: fields[2]), \(bind: fields[3]), \(bind: fields[4]))")
            }
            try await sql.raw("INSERT INTO \(ident: table) (doc, name, aliases, keywords, details, text) VALUES "
                + rows.joined(separator: ", ")).run()
        }
    }

    /// The question as an FTS5 query: every three-character stretch of it, OR-ed.
    static func matchExpression(_ question: String) -> String? {
        let characters = Array(TextNormalizer.normalize(question).filter { !$0.isWhitespace && !$0.isPunctuation })
        guard characters.count >= 3 else { return nil }
        let trigrams = Set((0...(characters.count - 3)).map { String(characters[$0..<$0 + 3]) })
        return trigrams.sorted().map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: " OR ")
    }

    static func documentIDs(on sql: any SQLDatabase, table: String, query: String, limit: Int) async throws -> [Int] {
        guard let match = matchExpression(query) else { return [] }
        return try await sql.raw("""
            SELECT doc FROM \(ident: table) WHERE \(ident: table) MATCH \(bind: match) \
            ORDER BY bm25(\(ident: table), 0, 8, 5, 3, 1.5, 1) LIMIT \(bind: limit)
            """).all().map { try $0.decode(column: "doc", as: Int.self) }
    }

    /// Service names ranked as the engine ranks them: a document's service, first seen first.
    static func services(on sql: any SQLDatabase, table: String, query: String, documents: [SearchDocument],
                         names: [String: String]) async throws -> [String] {
        var seen = Set<String>()
        var result: [String] = []
        for id in try await documentIDs(on: sql, table: table, query: query, limit: 40) {
            guard let code = documents[id].serviceCode, let name = names[code], seen.insert(code).inserted else { continue }
            result.append(name)
        }
        return result
    }
}
