import Foundation
import YiwangDomain

/// `yiwang eval bundles`: for every bundle and every situation its questions allow, what the
/// applicant spends item by item against bundled — from the catalog files, no database.
public enum BundleEvaluation {
    public struct Row: Codable, Sendable {
        public let code: String
        public let name: String
        /// The answers, in question order ("问题=回答").
        public let situation: [String]
        public let components: [String]
        public let itemByItem: Effort
        public let bundled: Effort
        /// The longest chain of in-bundle promises along the order constraints.
        public let longestChainDays: Int
    }

    public struct Effort: Codable, Sendable {
        public let listedMaterials: Int
        public let uploads: Int
        public let typedFields: Int
        public let visits: Int
        public let promisedDays: Int
    }

    public static func run(root: String = ResourceLocator.rootDirectory()) throws -> [Row] {
        let resources = (root.hasSuffix("/") ? root : root + "/") + "Resources/"
        let catalog = try CatalogSeeder(directory: resources + "Catalog").loadFiles()
        let bundles = try BundleFiles(directory: resources + "Bundles").load(catalog: catalog)
        let items = Dictionary(catalog.flatMap(\.items).map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        return bundles.sorted { $0.code < $1.code }.flatMap { bundle in
            BundlePlanner.allPlans(bundle, items: items).map { plan in
                Row(code: bundle.code, name: bundle.name,
                    situation: bundle.questions.map { "\($0.id)=\(plan.answers[$0.id] ?? "")" },
                    components: plan.components.map(\.item.name),
                    itemByItem: Effort(plan.itemByItem), bundled: Effort(plan.bundled),
                    longestChainDays: plan.components.map(\.latestEndDay).max() ?? 0)
            }
        }
    }
}

extension BundleEvaluation.Effort {
    init(_ effort: BundlePlan.Effort) {
        self.init(listedMaterials: effort.listedMaterials, uploads: effort.uploads, typedFields: effort.typedFields,
                  visits: effort.visits, promisedDays: effort.promisedDays)
    }
}
