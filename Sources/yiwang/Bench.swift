import ArgumentParser
import Foundation
import YiwangServer

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmarks that print their figures (run with -c release).",
        subcommands: [CatalogImportBench.self, CatalogQueryBench.self, SearchBench.self, WorkflowBench.self, PolicyBench.self]
    )
}

struct CatalogImportBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog-import",
        abstract: "Import a gdzwfw file into a fresh SQLite database, then again (the update path)."
    )

    @Argument(help: "gdzwfw JSON Lines file, e.g. ../shared/research/zhongshan_gd_service_items/policy.jsonl")
    var file: String

    func run() async throws {
        let figures = try await Benchmarks.catalogImport(file: file)
        for line in figures { print(line) }
    }
}

struct CatalogQueryBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog-query",
        abstract: "Guide look-ups and list searches against the seeded catalog, in process."
    )

    @Option(help: "Iterations of each query.") var iterations = 2000

    func run() async throws {
        let figures = try await Benchmarks.catalogQueries(iterations: iterations)
        for line in figures { print(line) }
    }
}

struct SearchBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "The search engine against SQLite FTS5 (trigram) at catalog size and on a synthetic corpus."
    )

    @Flag(help: "Print the figures as JSON.") var json = false
    @Option(help: "Real portal records to add to the catalog.")
    var gdzwfw = "../shared/research/zhongshan_gd_service_items/policy.jsonl"
    @Option(parsing: .upToNextOption, help: "Evaluation files whose first turns are the queries.")
    var eval = ["../shared/eval/assistant-dev.jsonl", "Tests/eval/assistant-holdout.jsonl"]
    @Option(help: "Passages in the synthetic corpus.") var passages = 100_000

    func run() async throws {
        _ = try bootConfig()
        let report = try await SearchBenchmark.run(gdzwfwFile: gdzwfw, evalFiles: eval, syntheticPassages: passages)
        if json { print(try encodeJSON(report)); return }
        for (title, rows) in [("catalog size", report.catalogSize), ("synthetic corpus", report.synthetic)] {
            print("== \(title)")
            for row in rows {
                print(String(format: "%-20@ docs %7d  build %7.2f s  queries %4d  p50 %7.3f ms  p99 %7.3f ms  %9.0f q/s",
                             row.engine as NSString, row.documents, row.buildSeconds, row.queries, row.p50Milliseconds,
                             row.p99Milliseconds, row.queriesPerSecond)
                    + (row.hitAt3.map { String(format: "  hit@3 %.3f", $0) } ?? ""))
                for line in row.slowest { print("    slowest: \(line)") }
            }
        }
        for note in report.notes { print("note: \(note)") }
    }
}

struct WorkflowBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workflow",
        abstract: "Working-day deadlines for many cases, and the deadline sweep over open cases in SQLite."
    )

    @Option(help: "Cases whose deadlines are computed in memory.") var cases = 1_000_000
    @Option(help: "Open cases in the database for the sweep.") var open = 100_000
    @Option(help: "Also sweep in this PostgreSQL database (postgres://…), in a schema of its own.") var postgres: String?

    func run() async throws {
        _ = try bootConfig()
        for line in try await WorkflowBenchmark.run(cases: cases, openCases: open, postgresURL: postgres) { print(line) }
    }
}

struct PolicyBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policies",
        abstract: "Every shipped policy for many synthetic people and companies, on one core: decided, and explained where they qualify."
    )

    @Option(help: "Synthetic people.") var people = 1_000_000
    @Option(help: "Synthetic companies.") var companies = 100_000

    func run() async throws {
        for line in try PolicyBenchmark.run(people: people, companies: companies) { print(line) }
    }
}
