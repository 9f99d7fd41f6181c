import Foundation
import YiwangDomain

/// `yiwang eval prefill`: how much of five services' forms the platform fills in before the
/// applicant types anything ("零填表"), for the demo citizen and the demo company's representative.
public enum PrefillReport {
    public struct Row: Codable, Sendable {
        public let code: String
        public let name: String
        public let applicant: String
        public let fields: Int
        public let prefilled: Int
        public let requiredFields: Int
        public let requiredPrefilled: Int

        public var share: Double { fields == 0 ? 0 : Double(prefilled) / Double(fields) }
        public var requiredShare: Double { requiredFields == 0 ? 0 : Double(requiredPrefilled) / Double(requiredFields) }
    }

    /// Three services citizens apply for and two companies do.
    public static let services = [("HN-MZT-002", false), ("HN-RST-001", false), ("HN-GJJ-001", false),
                                  ("HN-YJJ-001", true), ("HN-SCJGJ-003", true)]

    public static func run(today: CivilDate = .today()) async throws -> [Row] {
        let directory = ResourceLocator.rootDirectory() + "/Resources/Catalog"
        let files = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(".json") && !$0.hasSuffix(".schema.json") }
        var items: [String: ServiceItem] = [:]
        for file in files {
            let catalog = try CatalogCoding.decodeFile(Data(contentsOf: URL(fileURLWithPath: directory + "/" + file)))
            for item in catalog.items { items[item.code] = item }
        }
        let prefiller = FormPrefiller(sources: [AccountProfilePrefill()])
        var rows: [Row] = []
        for (code, forCompany) in services {
            guard let item = items[code] else { continue }
            let person = DemoAccounts.citizens[forCompany ? 1 : 0]
            let profile = ApplicantProfile(
                name: person.name, idNumber: person.idNumber ?? "", phone: person.phone ?? "", address: person.address,
                enterprise: forCompany ? EnterpriseProfile(name: DemoAccounts.enterprise.name, uscc: DemoAccounts.enterprise.uscc,
                                                           legalRepresentative: person.name, address: DemoAccounts.enterprise.address) : nil)
            let prefilled = ApplicationService.usablePrefill(try await prefiller.prefill(item.form, for: profile), form: item.form, today: today)
            let required = item.form.fields.filter(\.required)
            rows.append(Row(code: code, name: item.name, applicant: forCompany ? "\(DemoAccounts.enterprise.name)（\(person.name)）" : person.name,
                            fields: item.form.fields.count, prefilled: prefilled.count, requiredFields: required.count,
                            requiredPrefilled: required.filter { prefilled[$0.name] != nil }.count))
        }
        return rows
    }
}
