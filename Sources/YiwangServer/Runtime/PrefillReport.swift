import Fluent
import Foundation
import YiwangDomain

/// `yiwang eval prefill`: how much of five services' forms and of every 一件事's one form the platform
/// fills in before the applicant types anything ("零填表") — for the demo citizens and the demo
/// company's representative, in a fresh demo database, with every source a real start uses (the
/// account, the registries, the e-certificates).
public enum PrefillReport {
    public struct Row: Codable, Sendable {
        public let code: String
        public let name: String
        public let applicant: String
        public let fields: Int
        public let prefilled: Int
        public let requiredFields: Int
        public let requiredPrefilled: Int
        /// Fields that apply to this applicant: all but the optional ones whose condition a pre-filled
        /// answer rules out (the 代办人 fields of someone applying in person).
        public let applicable: Int
        public let applicablePrefilled: Int
        /// The fields left for the applicant, by label: what the figure does not cover.
        public let left: [String]

        public var share: Double { fields == 0 ? 0 : Double(prefilled) / Double(fields) }
        public var applicableShare: Double { applicable == 0 ? 0 : Double(applicablePrefilled) / Double(applicable) }
        public var requiredShare: Double { requiredFields == 0 ? 0 : Double(requiredPrefilled) / Double(requiredFields) }
    }

    /// Three services citizens apply for and two companies do: (code, which demo citizen, for the company).
    public static let services = [("HN-MZT-002", 3, false), ("HN-RST-001", 0, false), ("HN-GJJ-001", 0, false),
                                  ("HN-YJJ-001", 1, true), ("HN-SCJGJ-003", 1, true)]
    /// Each bundle with the demo citizen whose life event it fits.
    static let bundles = [("HN-YJS-001", 0), ("HN-YJS-002", 1), ("HN-YJS-003", 2), ("HN-YJS-004", 0)]

    public static func run() async throws -> [Row] {
        try await Benchmarks.withScratchApplication(seed: true) { app in
            let platform = app.platform()
            let today = platform.today
            var people = DemoAccounts.citizens
            people.append(DemoAccounts.elder(seededOn: today))
            func profile(_ person: DemoAccounts.Person, company: Bool) async throws -> ApplicantProfile {
                let idNumber = person.login == DemoAccounts.elderLogin
                    ? try await DemoAccounts.elderIDNumber(app.db, vault: app.personalData) ?? "" : person.idNumber ?? ""
                return ApplicantProfile(
                    name: person.name, idNumber: idNumber, phone: person.phone ?? "", address: person.address,
                    enterprise: company ? EnterpriseProfile(name: DemoAccounts.enterprise.name, uscc: DemoAccounts.enterprise.uscc,
                                                            legalRepresentative: person.name, address: DemoAccounts.enterprise.address) : nil)
            }
            func row(code: String, name: String, form: FormSchema, applicant: ApplicantProfile) async throws -> Row {
                let prefilled = ApplicationService.usablePrefill(try await platform.prefiller.prefill(form, for: applicant), form: form, today: today)
                let required = form.fields.filter(\.required)
                let applicable = form.fields.filter { field in
                    guard !field.required, let condition = field.requiredIf, let answer = prefilled[condition.field]?.value else { return true }
                    return answer == condition.equals
                }
                return Row(code: code, name: name, applicant: applicant.enterprise.map { "\($0.name)（\(applicant.name)）" } ?? applicant.name,
                           fields: form.fields.count, prefilled: prefilled.count, requiredFields: required.count,
                           requiredPrefilled: required.filter { prefilled[$0.name] != nil }.count,
                           applicable: applicable.count, applicablePrefilled: applicable.filter { prefilled[$0.name] != nil }.count,
                           left: applicable.filter { prefilled[$0.name] == nil }.map { $0.label + ($0.required ? "" : "（选填）") })
            }
            var rows: [Row] = []
            for (code, person, company) in services {
                let item = try await platform.catalog.requireGuide(code: code, on: app.db).item
                rows.append(try await row(code: code, name: item.name, form: item.form, applicant: try await profile(people[person], company: company)))
            }
            let catalog = BundleCatalog(platform: platform)
            for (code, person) in bundles {
                let bundle = try await catalog.requireBundle(code)
                let answers = Dictionary(uniqueKeysWithValues: bundle.questions.compactMap { question in question.options.first.map { (question.id, $0) } })
                let forms = BundleForms(plan: try await catalog.plan(code: code, answers: answers))
                rows.append(try await row(code: code, name: bundle.name, form: forms.schema, applicant: try await profile(people[person], company: false)))
            }
            return rows
        }
    }
}
