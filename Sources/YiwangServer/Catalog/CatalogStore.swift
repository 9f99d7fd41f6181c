import Fluent
import Foundation
import YiwangDomain

/// Writes items into the catalog: inserts new ones, updates changed ones, leaves identical ones,
/// keyed by the item code, so running the same import twice never duplicates.
struct CatalogStore {
    let database: any Database

    enum Outcome: Sendable, Equatable { case inserted, updated, unchanged }

    /// Upserts one batch in one transaction and returns the outcome of each item, in order.
    func upsert(_ batch: [(department: Department, item: ServiceItem)], source: String) async throws -> [Outcome] {
        try await database.transaction { database in
            var departments: [String: DepartmentRecord] = [:]
            var departmentsChanged = false
            let departmentCodes = Array(Set(batch.map(\.department.code)))
            for record in try await DepartmentRecord.query(on: database).filter(\.$id ~~ departmentCodes).all() {
                departments[record.id ?? ""] = record
            }
            for department in uniqueDepartments(batch.map(\.department)) {
                if let existing = departments[department.code] {
                    if existing.department != department {
                        existing.apply(department)
                        try await existing.save(on: database)
                        departmentsChanged = true
                    }
                } else {
                    let record = DepartmentRecord(department, source: source)
                    try await record.create(on: database)
                    departments[department.code] = record
                    departmentsChanged = true
                }
            }
            let codes = batch.map(\.item.code)
            var existing: [String: ServiceItemRecord] = [:]
            for chunk in stride(from: 0, to: codes.count, by: 500) {
                let slice = Array(codes[chunk..<min(chunk + 500, codes.count)])
                for record in try await ServiceItemRecord.query(on: database).filter(\.$id ~~ slice).all() {
                    existing[record.id ?? ""] = record
                }
            }
            var outcomes: [Outcome] = []
            for (department, item) in batch {
                if let record = existing[item.code] {
                    let before = (record.guide, record.$department.id)
                    try record.apply(item, department: department)
                    if before == (record.guide, record.$department.id) {
                        outcomes.append(.unchanged)
                    } else {
                        record.source = source
                        try await record.save(on: database)
                        outcomes.append(.updated)
                    }
                } else {
                    let record = try ServiceItemRecord(item, department: department, source: source)
                    try await record.create(on: database)
                    existing[item.code] = record
                    outcomes.append(.inserted)
                }
            }
            if outcomes.contains(where: { $0 != .unchanged }) || departmentsChanged {
                try await CatalogRevision.bump(on: database)
            }
            return outcomes
        }
    }

    /// The last spelling of each department wins within one batch.
    private func uniqueDepartments(_ departments: [Department]) -> [Department] {
        var byCode: [String: Department] = [:]
        var order: [String] = []
        for department in departments {
            if byCode[department.code] == nil { order.append(department.code) }
            byCode[department.code] = department
        }
        return order.compactMap { byCode[$0] }
    }
}
