import Fluent
import Foundation
import YiwangDomain

/// A department (实施机关) row.
final class DepartmentRecord: Model, @unchecked Sendable {
    static let schema = "departments"

    @ID(custom: "code", generatedBy: .user) var id: String?
    @Field(key: "name") var name: String
    @Field(key: "short_name") var shortName: String
    @OptionalField(key: "address") var address: String?
    @OptionalField(key: "phone") var phone: String?
    @OptionalField(key: "hours") var hours: String?
    @OptionalField(key: "website") var website: String?
    /// Where the row came from: `catalog` (the platform's own files) or an import format.
    @Field(key: "source") var source: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(_ department: Department, source: String) {
        self.id = department.code
        self.source = source
        apply(department)
    }

    func apply(_ department: Department) {
        name = department.name
        shortName = department.shortName
        address = department.address
        phone = department.phone
        hours = department.hours
        website = department.website
    }

    var department: Department {
        Department(code: id ?? "", name: name, shortName: shortName, address: address, phone: phone,
                   hours: hours, website: website)
    }
}
