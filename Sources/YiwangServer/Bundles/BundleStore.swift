import Fluent
import Foundation
import YiwangDomain

/// Writes bundles: checked against the catalog in the database, upserted by code in one
/// transaction, the catalog revision bumped when anything changed.
struct BundleStore {
    let database: any Database

    /// Loads `directory` and stores it; returns the summary line. Throws naming every problem when a
    /// bundle does not fit the stored catalog (an item it names is missing, say).
    func seed(from directory: String) async throws -> String {
        let catalog = try await CatalogRepository(database: database).export()
        let bundles = try BundleFiles(directory: directory).load(catalog: catalog)
        let changed = try await upsert(bundles, source: "catalog")
        return "一件事 \(bundles.count) 个（新增或更新 \(changed) 个）"
    }

    /// Returns how many were inserted or changed.
    func upsert(_ bundles: [LifeEventBundle], source: String) async throws -> Int {
        try await database.transaction { database in
            let existing = Dictionary(try await BundleRecord.query(on: database).all().map { ($0.id ?? "", $0) },
                                      uniquingKeysWith: { first, _ in first })
            var changed = 0
            for bundle in bundles {
                if let record = existing[bundle.code] {
                    let before = record.definition
                    try record.apply(bundle)
                    guard record.definition != before else { continue }
                    record.source = source
                    try await record.save(on: database)
                } else {
                    try await BundleRecord(bundle, source: source).create(on: database)
                }
                changed += 1
            }
            if changed > 0 { try await CatalogRevision.bump(on: database) }
            return changed
        }
    }
}
