import Foundation
import YiwangDomain

/// Reads the bundles (一件事) — one JSON file each in `Resources/Bundles` — and checks them
/// against the catalog they are built from; throws with every problem found, naming file and path.
struct BundleFiles {
    let directory: String

    func load(catalog: [CatalogFile]) throws -> [LifeEventBundle] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".json") && !$0.hasSuffix(".schema.json") }
            .sorted()
        var bundles: [LifeEventBundle] = []
        var problems: [String] = []
        for name in names {
            let data = try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent(name))
            do {
                bundles.append(try CatalogCoding.decode(LifeEventBundle.self, from: data))
            } catch {
                problems.append("\(name)：\(error.message)")
            }
        }
        problems += Self.validator(for: catalog).validate(bundles).map(\.description)
        guard problems.isEmpty else {
            throw CatalogSeeder.SeedError(description: "一件事目录有误：\n" + problems.joined(separator: "\n"))
        }
        return bundles
    }

    static func validator(for catalog: [CatalogFile]) -> BundleValidator {
        var items: [String: ServiceItem] = [:]
        var departmentOfItem: [String: String] = [:]
        for file in catalog {
            for item in file.items {
                items[item.code] = item
                departmentOfItem[item.code] = file.department.code
            }
        }
        return BundleValidator(items: items, departmentOfItem: departmentOfItem, departments: Set(catalog.map(\.department.code)))
    }
}
