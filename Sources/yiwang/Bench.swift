import ArgumentParser
import Foundation
import YiwangServer

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmarks that print their figures (run with -c release).",
        subcommands: [CatalogImportBench.self, CatalogQueryBench.self]
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
