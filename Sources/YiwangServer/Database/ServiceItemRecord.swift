import Fluent
import Foundation
import YiwangDomain

/// A service item row: the columns lists filter and sort on, plus the whole guide as a JSON document.
final class ServiceItemRecord: Model, @unchecked Sendable {
    static let schema = "service_items"

    @ID(custom: "code", generatedBy: .user) var id: String?
    @Field(key: "name") var name: String
    @Parent(key: "department_code") var department: DepartmentRecord
    @Field(key: "type") var type: String
    @Field(key: "online_level") var onlineLevel: String
    @OptionalField(key: "statutory_days") var statutoryDays: Int?
    @OptionalField(key: "promised_days") var promisedDays: Int?
    /// The full `ServiceItem` as catalog JSON.
    @Field(key: "guide") var guide: String
    @Field(key: "source") var source: String
    /// Who may apply, `ApplicantType` raw values joined by commas (`自然人,法人`).
    @Field(key: "applicant_types") var applicantTypes: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(_ item: ServiceItem, department: Department, source: String) throws {
        self.id = item.code
        self.source = source
        try apply(item, department: department)
    }

    func apply(_ item: ServiceItem, department: Department) throws {
        name = item.name
        $department.id = department.code
        type = item.type.rawValue
        onlineLevel = item.onlineLevel.rawValue
        statutoryDays = item.statutoryDays
        promisedDays = item.promisedDays
        applicantTypes = Self.column(item.applicantTypes)
        guide = String(decoding: try CatalogCoding.encoder().encode(item), as: UTF8.self)
    }

    static func column(_ types: [ApplicantType]) -> String {
        types.map(\.rawValue).joined(separator: ",")
    }

    var decodedApplicantTypes: [ApplicantType] {
        applicantTypes.split(separator: ",").compactMap { ApplicantType(rawValue: String($0)) }
    }

    func decodedGuide() throws -> ServiceItem {
        try CatalogCoding.decoder().decode(ServiceItem.self, from: Data(guide.utf8))
    }
}
