import ArgumentParser
import Foundation
import YiwangServer

struct CatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Import and export the service catalog.",
        subcommands: [Import.self, Export.self, Check.self]
    )

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import items: --format gdzwfw (portal records, one JSON a line) or yiwang (our export)."
        )

        @Option(help: "gdzwfw or yiwang") var format: String
        @Argument(help: "The file to import.") var file: String

        func run() async throws {
            let result = try await PlatformTasks.importCatalog(config: bootConfig(), file: file, format: format)
            print(result.text)
            print(String(format: "用时 %.2f 秒", Double(result.duration.components.seconds)
                + Double(result.duration.components.attoseconds) / 1e18))
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check Resources/Catalog and Resources/Bundles without a database (exit 1 naming every problem)."
        )

        @Option(help: "The directory holding Resources/ (default: the working directory).") var root: String?

        func run() throws {
            do {
                print(try PlatformTasks.checkCatalog(root: root ?? FileManager.default.currentDirectoryPath))
            } catch let error as CatalogTaskError {
                FileHandle.standardError.write(Data("\(error.description)\n".utf8))
                throw ExitCode(65)  // EX_DATAERR
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Export the catalog in the yiwang format.")

        @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?

        func run() async throws {
            let data = try await PlatformTasks.exportCatalog(config: bootConfig())
            if let output {
                try data.write(to: URL(fileURLWithPath: output))
            } else {
                FileHandle.standardOutput.write(data)
            }
        }
    }
}
