import Fluent
import Foundation
import YiwangDomain

/// Loads the platform's own catalog — one JSON file per department in `Resources/Catalog` — checks
/// every guide against the complete standard, and stores it.
struct CatalogSeeder {
    let directory: String

    struct SeedError: Error, CustomStringConvertible {
        let description: String
    }

    /// Reads and checks every catalog file; throws with every problem found, naming file and item.
    func loadFiles() throws -> [CatalogFile] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(".json") && !$0.hasSuffix(".schema.json") }
            .sorted()
        guard !names.isEmpty else { throw SeedError(description: "目录 \(directory) 中没有事项目录文件") }
        var files: [CatalogFile] = []
        var problems: [String] = []
        for name in names {
            let data = try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent(name))
            do {
                files.append(try CatalogCoding.decodeFile(data))
            } catch {
                problems.append("\(name)：\(error.message)")
            }
        }
        let validator = CatalogValidator(standard: .complete)
        problems += validator.validate(files.flatMap(\.items)).map(\.description)
        let departmentCodes = files.map(\.department.code)
        if Set(departmentCodes).count != departmentCodes.count { problems.append("部门代码重复") }
        guard problems.isEmpty else {
            throw SeedError(description: "事项目录有误：\n" + problems.joined(separator: "\n"))
        }
        return files
    }

    /// Stores every file; returns the import report (re-seeding updates in place).
    func seed(into database: any Database) async throws -> CatalogImporter.Report {
        var number = 0
        let lines = try loadFiles().flatMap { file in
            file.items.map { item -> ImportLine in
                number += 1
                return .item(line: number, department: file.department, item: item)
            }
        }
        return try await CatalogImporter(database: database).store(lines, source: "catalog")
    }
}
