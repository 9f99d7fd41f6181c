import Fluent
import Foundation
import SQLKit
import YiwangDomain

/// What the home page offers: for 个人 and for 法人 the services most applied for in the last 90 days
/// (catalog order where nothing has been applied for yet) and their 一件事; the departments; and for
/// the 长辈版 the services an operator chose for older people.
struct PortalHome {
    let platform: Platform
    static let frequentCount = 6
    static let window: TimeInterval = 90 * 24 * 3600

    struct Audience: Sendable {
        let services: [ServiceSummary]
        let bundles: [BundleSummary]
    }

    struct Model: Sendable {
        let personal: Audience
        let corporate: Audience
        let departments: [DepartmentSummary]
        let total: Int
    }

    func build() async throws -> Model {
        let repository = CatalogRepository(database: platform.database)
        let departments = try await repository.departments().filter { $0.itemCount > 0 }
        var forPersons: [String] = [], forCompanies: [String] = []
        for (code, types) in try await platform.catalog.applicantTypes(on: platform.database).sorted(by: { $0.key < $1.key }) {
            if types.contains(.naturalPerson) { forPersons.append(code) }
            if types.contains(.legalPerson) || types.contains(.otherOrganisation) { forCompanies.append(code) }
        }
        let counts = try await applicationCounts()
        func frequent(_ codes: [String]) -> [String] {
            Array(codes.enumerated().sorted { (counts[$0.element] ?? 0, -$0.offset) > (counts[$1.element] ?? 0, -$1.offset) }
                .map(\.element).prefix(Self.frequentCount))
        }
        let bundles = try await BundleCatalog(platform: platform).list()
        return Model(
            personal: Audience(services: try await repository.summaries(codes: frequent(forPersons)),
                               bundles: bundles.filter { $0.lifeCycle == LifeCycle.person.rawValue }),
            corporate: Audience(services: try await repository.summaries(codes: frequent(forCompanies)),
                                bundles: bundles.filter { $0.lifeCycle == LifeCycle.enterprise.rawValue }),
            departments: departments, total: departments.reduce(0) { $0 + $1.itemCount }
        )
    }

    /// The 长辈版's services, in the operator's order; codes not in the catalog are left out.
    func services(codes: [String]) async throws -> [ServiceSummary] {
        try await CatalogRepository(database: platform.database).summaries(codes: codes)
    }

    /// Applications per item over the window: what people come for now.
    private func applicationCounts() async throws -> [String: Int] {
        struct Row: Decodable { let service_code: String; let n: Int }
        let since = platform.now.addingTimeInterval(-Self.window)
        let rows = try await platform.database.sql().raw(
            "SELECT service_code, COUNT(*) AS n FROM cases WHERE submitted_at >= \(bind: since) GROUP BY service_code"
        ).all(decoding: Row.self)
        return Dictionary(rows.map { ($0.service_code, $0.n) }, uniquingKeysWith: +)
    }
}
